#pragma once
// First-order optimisers over a flat parameter vector, and learning-rate schedules.
// Updates are entry-wise, so they are deterministic whatever the thread count.
#include <Eigen/Core>
#include <string>
#include <string_view>

#include "nnm/core/enum_names.hpp"

namespace nnm {

enum class OptimizerKind { sgd, adam };
constexpr auto enum_table(OptimizerKind) {
  return make_enum_table<OptimizerKind>(
      "optimizer", {{OptimizerKind::sgd, "sgd"}, {OptimizerKind::adam, "adam"}});
}
/// "sgd" or "adam"; InputError otherwise (the same as parse_enum<OptimizerKind>).
inline OptimizerKind parse_optimizer(std::string_view name) {
  return parse_enum<OptimizerKind>(name);
}
inline std::string to_string(OptimizerKind kind) { return std::string(enum_name(kind)); }

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
constexpr auto enum_table(ScheduleKind) {
  return make_enum_table<ScheduleKind>("learning-rate schedule",
                                       {{ScheduleKind::constant, "constant"},
                                        {ScheduleKind::step, "step"},
                                        {ScheduleKind::cosine, "cosine"}});
}
/// "constant", "step" or "cosine"; InputError otherwise.
inline ScheduleKind parse_schedule(std::string_view name) { return parse_enum<ScheduleKind>(name); }
inline std::string to_string(ScheduleKind kind) { return std::string(enum_name(kind)); }

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
