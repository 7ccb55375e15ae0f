#pragma once
// The gradient learner: a student network (nnm/learn/student.hpp) fitted to samples by mini-batch
// SGD with momentum or Adam on the square loss, with learning-rate schedules, early stopping and
// callbacks (nnm/learn/callbacks.hpp has ready-made ones).
//
// Deterministic: a mini-batch is cut into fixed chunks of kTrainChunk samples whose gradients are
// computed in parallel and summed in chunk order, so the same seed gives the same model for any
// thread count. Errors are reported normalised, Σ‖ŷ − y‖² / Σ‖y − ȳ‖² (MSE / Var(y)): 1 is the
// error of predicting the mean, 0 a perfect fit.
#include <Eigen/Core>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "nnm/core/activation.hpp"
#include "nnm/core/summary.hpp"
#include "nnm/data/dataset.hpp"
#include "nnm/learn/optimizer.hpp"
#include "nnm/learn/student.hpp"

namespace nnm {

/// Samples per gradient chunk; fixed so that results do not depend on the thread count.
inline constexpr Eigen::Index kTrainChunk = 128;

struct TrainOptions {
  std::vector<Eigen::Index> hidden{100};  ///< hidden widths, one entry per layer
  Activation activation{Activation::Kind::relu};
  OptimizerSettings optimizer;    ///< Adam by default
  LearningRateSchedule schedule;  ///< schedule.base is the learning rate (1e-3)
  Eigen::Index batch = 256;
  int epochs = 30;
  /// Fraction of the samples held out (after a seeded shuffle) to measure a validation error.
  /// With a validation set the returned model is the one with the lowest validation error.
  double validation_fraction = 0.0;
  /// Stop when the monitored error (validation if there is a validation set, else the training
  /// loss) has not improved by a relative `min_improvement` for `patience` epochs; 0: never.
  int patience = 0;
  double min_improvement = 1e-4;
  /// Train on (y − ȳ)/s with one scale s for all outputs, folded back into the output layer at the
  /// end, so the learning rate means the same whatever the scale of y.
  bool standardise_targets = true;
  /// Restrict the output layer to non-negative weights and biases (projected: clipped to ≥ 0
  /// after initialisation and after every step). Targets are then scaled but not centred, so the
  /// restriction holds in the units of y. It is what makes training a sum of ReLUs on the colouring
  /// gadget (nnm/hard/coloring.hpp) as hard as colouring: with signed weights two units fit every
  /// instance.
  bool nonneg_output = false;
  /// Fix every bias (hidden and output) at 0: with one hidden unit the student is a·relu(⟨w, x⟩),
  /// the class of the single-ReLU reduction (nnm/hard/single_relu_maxcut.hpp). Projected like
  /// nonneg_output, and targets are scaled but not centred (centring needs an output bias).
  bool no_bias = false;
  std::uint64_t seed = 1;  ///< initialisation and mini-batch order
  /// Throws InputError naming the bad field.
  void validate() const;
};

enum class TrainStatus {
  success,              ///< ran every epoch
  stopped_early,        ///< patience ran out (usable: the best epoch's model is returned)
  stopped_by_callback,  ///< a callback asked to stop (usable)
  diverged,             ///< the loss became non-finite (learning rate too large?)
};
constexpr auto enum_table(TrainStatus) {
  return make_enum_table<TrainStatus>("training status",
                                      {{TrainStatus::success, "success"},
                                       {TrainStatus::stopped_early, "stopped_early"},
                                       {TrainStatus::stopped_by_callback, "stopped_by_callback"},
                                       {TrainStatus::diverged, "diverged"}});
}
/// Every status but `diverged` leaves a usable model.
constexpr bool status_usable(TrainStatus status) { return status != TrainStatus::diverged; }
inline std::string to_string(TrainStatus status) { return std::string(enum_name(status)); }

/// What one epoch did. Errors are normalised; NaN when that set does not exist.
struct EpochReport {
  int epoch = 0;  ///< 1-based
  double learning_rate = 0;
  double train_error = 0;  ///< mean of the mini-batch losses seen during the epoch
  double validation_error = std::numeric_limits<double>::quiet_NaN();
  double test_error = std::numeric_limits<double>::quiet_NaN();
  double seconds = 0;  ///< since training began
  /// The error early stopping and best-model tracking watch: validation if measured, else train.
  double monitored() const { return std::isnan(validation_error) ? train_error : validation_error; }
};

/// status, message and seconds come from BasicSummary; usable() is false only after divergence.
struct TrainSummary : BasicSummary<TrainStatus> {
  int epochs_run = 0;
  int best_epoch = 0;  ///< the epoch whose parameters were returned
  std::vector<EpochReport> history;
  /// Of the returned model, computed exactly at the end.
  double train_error = std::numeric_limits<double>::quiet_NaN();
  double validation_error = std::numeric_limits<double>::quiet_NaN();
  double test_error = std::numeric_limits<double>::quiet_NaN();
  Eigen::Index train_samples = 0, parameters = 0;
  std::string brief_report() const;
};

struct TrainResult {
  Student student;
  TrainSummary summary;
};

/// Hooks into the training loop, composed by passing several (ensmallen style). The loop's own
/// best-model tracking and early stopping (nnm/learn/callbacks.hpp: KeepBest, EarlyStopping) are
/// callbacks of the same kind, run before the caller's.
class TrainCallback {
 public:
  virtual ~TrainCallback() = default;
  virtual void on_begin(const TrainOptions& /*options*/, const TrainSummary& /*summary*/) {}
  /// Return true to stop training after this epoch.
  virtual bool on_epoch_end(const EpochReport& /*report*/) { return false; }
  /// The same hook with the parameters after the epoch (the student's flat layout, in the
  /// standardised units training uses); the default calls on_epoch_end(report).
  virtual bool on_epoch_parameters(const EpochReport& report,
                                   const Eigen::VectorXd& /*parameters*/) {
    return on_epoch_end(report);
  }
  virtual void on_end(const TrainSummary& /*summary*/) {}
};

/// Trains a fresh student (options.hidden, options.activation, initialised from options.seed) on
/// `data`; `test`, when given, is evaluated after every epoch but never trained on.
TrainResult train(const Dataset& data, const TrainOptions& options, const Dataset* test = nullptr,
                  const std::vector<TrainCallback*>& callbacks = {});
/// Trains from a given starting network (its shape and activation override options.hidden and
/// options.activation): e.g. the spectral estimate, polished by gradient steps.
TrainResult train(Student start, const Dataset& data, const TrainOptions& options,
                  const Dataset* test = nullptr, const std::vector<TrainCallback*>& callbacks = {});

/// Σ‖ŷ − y‖² / Σ‖y − ȳ‖² of the student on a data set (ȳ: that set's own mean).
double normalised_error(const Student& student, const Dataset& data);

}  // namespace nnm
