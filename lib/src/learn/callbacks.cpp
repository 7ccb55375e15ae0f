#include "nnm/learn/callbacks.hpp"

#include <cmath>
#include <iomanip>
#include <ostream>

namespace nnm {
namespace {

void print_error(std::ostream& out, const char* name, double value) {
  if (!std::isnan(value)) out << "  " << name << " " << std::setprecision(4) << value;
}

}  // namespace

void ProgressBar::on_begin(const TrainOptions& options, const TrainSummary&) {
  epochs_ = options.epochs;
}

bool ProgressBar::on_epoch_end(const EpochReport& r) {
  const int filled = epochs_ > 0 ? width_ * r.epoch / epochs_ : width_;
  out_ << "\repoch " << r.epoch << "/" << epochs_ << " [" << std::string(filled, '#')
       << std::string(width_ - filled, '.') << "]";
  print_error(out_, "train", r.train_error);
  print_error(out_, "validation", r.validation_error);
  print_error(out_, "test", r.test_error);
  out_ << "   " << std::flush;
  return false;
}

void ProgressBar::on_end(const TrainSummary&) { out_ << "\n" << std::flush; }

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

}  // namespace nnm
