#include "nnm/learn/callbacks.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <ostream>
#include <sstream>

namespace nnm {
namespace {

void print_error(std::ostream& out, const char* name, double value) {
  if (!std::isnan(value)) out << "  " << name << " " << std::setprecision(4) << value;
}

}  // namespace

void ProgressBar::on_begin(const TrainOptions& options, const TrainSummary&) {
  line_.start(static_cast<std::size_t>(options.epochs), "training");
}

bool ProgressBar::on_epoch_end(const EpochReport& r) {
  std::ostringstream errors;
  print_error(errors, "train", r.train_error);
  print_error(errors, "validation", r.validation_error);
  print_error(errors, "test", r.test_error);
  line_.update(static_cast<std::size_t>(r.epoch), errors.str().substr(2));
  return false;
}

void ProgressBar::on_end(const TrainSummary&) { line_.finish(); }

bool EpochLog::on_epoch_end(const EpochReport& r) {
  out_ << "epoch " << r.epoch << "  lr " << std::setprecision(3) << r.learning_rate;
  print_error(out_, "train", r.train_error);
  print_error(out_, "validation", r.validation_error);
  print_error(out_, "test", r.test_error);
  out_ << "  " << std::fixed << std::setprecision(2) << r.seconds << " s" << std::defaultfloat
       << "\n";
  return false;
}

bool StopAtError::on_epoch_end(const EpochReport& r) {
  const double watched = std::isnan(r.validation_error) ? r.train_error : r.validation_error;
  return watched < target_;
}

namespace {

/// Whether `value` improves on `best` by the relative margin (the first epoch always does).
bool improves(double value, double best, double min_improvement, int best_epoch) {
  return value < best * (1.0 - min_improvement) || best_epoch == 0;
}

}  // namespace

bool KeepBest::on_epoch_parameters(const EpochReport& r, const Eigen::VectorXd& parameters) {
  const double value = r.monitored();
  if (improves(value, best_, min_improvement_, best_epoch_)) {
    best_ = std::min(value, best_);
    best_epoch_ = r.epoch;
    parameters_ = parameters;
  }
  return false;
}

bool EarlyStopping::on_epoch_end(const EpochReport& r) {
  const double value = r.monitored();
  if (improves(value, best_, min_improvement_, best_epoch_)) {
    best_ = std::min(value, best_);
    best_epoch_ = r.epoch;
  } else if (patience_ > 0 && r.epoch - best_epoch_ >= patience_) {
    triggered_ = true;
  }
  return triggered_;
}

}  // namespace nnm
