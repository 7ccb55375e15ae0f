#pragma once
// Ready-made callbacks for train(): pass any number of them, e.g.
//   ProgressBar bar(std::cerr);  EpochLog log(file);  TimeLimit limit(60);
//   train(data, options, &test, {&bar, &log, &limit});
#include <Eigen/Core>
#include <iosfwd>

#include "nnm/learn/progress.hpp"
#include "nnm/learn/train.hpp"

namespace nnm {

/// The progress display (nnm/learn/progress.hpp) per epoch: "training  12/30 [#####.....]
/// train 0.41 test 0.52  ETA 20s". Silent when disabled or for the first `delay_seconds`.
class ProgressBar : public TrainCallback {
 public:
  explicit ProgressBar(std::ostream& out, bool enabled = true, double delay_seconds = 0.0)
      : line_(out, enabled, delay_seconds) {}
  void on_begin(const TrainOptions& options, const TrainSummary& summary) override;
  bool on_epoch_end(const EpochReport& report) override;
  void on_end(const TrainSummary& summary) override;

 private:
  ProgressLine line_;
};

/// One line per epoch: epoch, learning rate, train / validation / test error, elapsed seconds.
class EpochLog : public TrainCallback {
 public:
  explicit EpochLog(std::ostream& out) : out_(out) {}
  bool on_epoch_end(const EpochReport& report) override;

 private:
  std::ostream& out_;
};

/// Stops after the epoch during which `seconds` of training have passed.
class TimeLimit : public TrainCallback {
 public:
  explicit TimeLimit(double seconds) : seconds_(seconds) {}
  bool on_epoch_end(const EpochReport& report) override { return report.seconds >= seconds_; }

 private:
  double seconds_;
};

/// Stops once the training error (or, when there is one, the validation error) is below `target`.
class StopAtError : public TrainCallback {
 public:
  explicit StopAtError(double target) : target_(target) {}
  bool on_epoch_end(const EpochReport& report) override;

 private:
  double target_;
};

/// Keeps the parameters of the epoch with the lowest monitored error (EpochReport::monitored);
/// an epoch counts as better only when it improves on the best by a relative `min_improvement`.
/// train() uses it when there is a validation set or a patience.
class KeepBest : public TrainCallback {
 public:
  explicit KeepBest(double min_improvement = 1e-4) : min_improvement_(min_improvement) {}
  bool on_epoch_parameters(const EpochReport& report, const Eigen::VectorXd& parameters) override;
  int best_epoch() const { return best_epoch_; }
  const Eigen::VectorXd& parameters() const { return parameters_; }

 private:
  double min_improvement_, best_ = std::numeric_limits<double>::infinity();
  int best_epoch_ = 0;
  Eigen::VectorXd parameters_;
};

/// Stops when the monitored error has not improved (by a relative `min_improvement`) for
/// `patience` epochs; train() reports that as TrainStatus::stopped_early.
class EarlyStopping : public TrainCallback {
 public:
  EarlyStopping(int patience, double min_improvement = 1e-4)
      : patience_(patience), min_improvement_(min_improvement) {}
  bool on_epoch_end(const EpochReport& report) override;
  bool triggered() const { return triggered_; }
  int patience() const { return patience_; }

 private:
  int patience_;
  double min_improvement_, best_ = std::numeric_limits<double>::infinity();
  int best_epoch_ = 0;
  bool triggered_ = false;
};

}  // namespace nnm
