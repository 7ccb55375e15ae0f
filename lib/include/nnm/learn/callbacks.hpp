#pragma once
// Ready-made callbacks for train(): pass any number of them, e.g.
//   ProgressBar bar(std::cerr);  EpochLog log(file);  TimeLimit limit(60);
//   train(data, options, &test, {&bar, &log, &limit});
#include <chrono>
#include <iosfwd>

#include "nnm/learn/train.hpp"

namespace nnm {

/// A one-line bar redrawn in place ("epoch 12/30 [#####.....] train 0.41 test 0.52").
class ProgressBar : public TrainCallback {
 public:
  explicit ProgressBar(std::ostream& out, int width = 30) : out_(out), width_(width) {}
  void on_begin(const TrainOptions& options, const TrainSummary& summary) override;
  bool on_epoch_end(const EpochReport& report) override;
  void on_end(const TrainSummary& summary) override;

 private:
  std::ostream& out_;
  int width_, epochs_ = 0;
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

}  // namespace nnm
