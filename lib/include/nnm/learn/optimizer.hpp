#pragma once
// First-order optimisers over a flat parameter vector, and learning-rate schedules.
// Updates are entry-wise, so they are deterministic whatever the thread count.
#include <Eigen/Core>
#include <string>
#include <string_view>

namespace nnm {

enum class OptimizerKind { sgd, adam };
OptimizerKind parse_optimizer(std::string_view name);  ///< "sgd" or "adam"; InputError otherwise
std::string to_string(OptimizerKind kind);

/// The parameters both optimisers read. Defaults follow PyTorch's.
struct OptimizerSettings {
  OptimizerKind kind = OptimizerKind::adam;
  double momentum = 0.9;      ///< SGD: heavy-ball momentum μ (0: plain SGD)
  double beta1 = 0.9;         ///< Adam: decay of the first-moment estimate
  double beta2 = 0.999;       ///< Adam: decay of the second-moment estimate
  double epsilon = 1e-8;      ///< Adam: added to √v̂
  double weight_decay = 0.0;  ///< L2 penalty λ: the gradient gets + λθ
  /// Throws InputError naming the bad field.
  void validate() const;
};

/// SGD with momentum (v ← μv + g, θ ← θ − ηv) or Adam (Kingma & Ba, with bias correction).
class Optimizer {
 public:
  Optimizer(const OptimizerSettings& settings, Eigen::Index parameter_count);
  /// One update of `parameters` along `gradient` with learning rate `rate`.
  void step(Eigen::Ref<Eigen::VectorXd> parameters,
            const Eigen::Ref<const Eigen::VectorXd>& gradient, double rate);
  long steps() const { return steps_; }

 private:
  OptimizerSettings settings_;
  Eigen::VectorXd first_, second_;  // momentum / Adam moments
  long steps_ = 0;
};

enum class ScheduleKind { constant, step, cosine };
ScheduleKind parse_schedule(std::string_view name);  ///< "constant", "step" or "cosine"
std::string to_string(ScheduleKind kind);

/// Learning rate per epoch: constant; step (× gamma every `step_epochs`); cosine (from the base
/// rate to `final_fraction` of it over `epochs`). An optional linear warm-up comes first.
struct LearningRateSchedule {
  ScheduleKind kind = ScheduleKind::constant;
  double base = 1e-3;
  int step_epochs = 10;
  double gamma = 0.5;
  double final_fraction = 0.0;
  int warmup_epochs = 0;
  void validate() const;
  /// The rate for epoch e (0-based) of `epochs`.
  double rate(int epoch, int epochs) const;
};

}  // namespace nnm
