#include "nnm/learn/train.hpp"

#include <fmt/format.h>
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>

#include "nnm/core/error.hpp"
#include "nnm/core/random.hpp"
#include "nnm/learn/callbacks.hpp"

namespace nnm {
namespace {

using Clock = std::chrono::steady_clock;

/// Samples per block when only evaluating (fixed, so sums do not depend on the thread count).
constexpr Eigen::Index kEvalBlock = 1024;
/// Floating-point work per mini-batch above which its chunks are spread over threads.
constexpr double kParallelFlops = 4e6;

/// A data set stored one sample per column (so a sample and a block of samples are contiguous),
/// with the targets standardised.
struct ColumnData {
  Eigen::MatrixXd X, Y;
  Eigen::Index size() const { return X.cols(); }
};

/// The samples `rows` of a data set (all of them when `rows` is empty) as columns, targets
/// standardised.
ColumnData gather(const Dataset& data, const std::vector<Eigen::Index>& rows,
                  const Eigen::VectorXd& mean, double scale) {
  ColumnData all{data.X.transpose(), (data.Y.transpose().colwise() - mean) / scale};
  if (rows.empty()) return all;
  ColumnData out{Eigen::MatrixXd(all.X.rows(), static_cast<Eigen::Index>(rows.size())),
                 Eigen::MatrixXd(all.Y.rows(), static_cast<Eigen::Index>(rows.size()))};
  for (std::size_t j = 0; j < rows.size(); ++j) {
    out.X.col(static_cast<Eigen::Index>(j)) = all.X.col(rows[j]);
    out.Y.col(static_cast<Eigen::Index>(j)) = all.Y.col(rows[j]);
  }
  return out;
}

/// Σ‖ŷ − y‖² over all columns, in fixed blocks summed in order.
double sum_squared_error(const Student& student, const Eigen::MatrixXd& Xt,
                         const Eigen::MatrixXd& Yt) {
  const Eigen::Index n = Xt.cols(), blocks = (n + kEvalBlock - 1) / kEvalBlock;
  std::vector<double> sse(static_cast<std::size_t>(blocks), 0.0);
#pragma omp parallel
  {
    StudentWorkspace ws;
    Eigen::MatrixXd out;
#pragma omp for schedule(static)
    for (Eigen::Index b = 0; b < blocks; ++b) {
      const Eigen::Index start = b * kEvalBlock, len = std::min(kEvalBlock, n - start);
      student.predict_columns(Xt.middleCols(start, len), out, ws);
      sse[static_cast<std::size_t>(b)] = (out - Yt.middleCols(start, len)).squaredNorm();
    }
  }
  return std::accumulate(sse.begin(), sse.end(), 0.0);
}

/// Σ‖y − ȳ‖² of the columns.
double total_variation(const Eigen::MatrixXd& Yt) {
  const Eigen::VectorXd mean = Yt.rowwise().mean();
  return (Yt.colwise() - mean).squaredNorm();
}

double normalised(double sse, double variation) {
  if (variation > 0) return sse / variation;
  return sse == 0 ? 0.0 : std::numeric_limits<double>::infinity();
}

void check_shapes(const Dataset& data, const char* what, Eigen::Index d, Eigen::Index m) {
  if (data.X.rows() != data.Y.rows())
    throw InputError(std::string(what) + " has " + std::to_string(data.X.rows()) + " inputs but " +
                     std::to_string(data.Y.rows()) + " outputs");
  if (data.X.rows() == 0) throw InputError(std::string(what) + " has no samples");
  if (data.X.cols() != d || data.Y.cols() != m)
    throw InputError(std::string(what) + " has " + std::to_string(data.X.cols()) + " inputs and " +
                     std::to_string(data.Y.cols()) + " outputs, the network " + std::to_string(d) +
                     " and " + std::to_string(m));
}

/// Fisher–Yates shuffle of 0..n−1 from (seed, training stream, index).
std::vector<Eigen::Index> permutation(Eigen::Index n, std::uint64_t seed, std::uint64_t index) {
  std::vector<Eigen::Index> p(static_cast<std::size_t>(n));
  std::iota(p.begin(), p.end(), Eigen::Index{0});
  Random rng(seed, streams::training, index);
  for (std::size_t i = p.size(); i > 1; --i) std::swap(p[i - 1], p[rng.below(i)]);
  return p;
}

/// Per-chunk scratch: the gathered samples, the chunk's gradient and its loss.
struct Chunk {
  StudentWorkspace ws;
  Eigen::MatrixXd X, Y;
  Eigen::VectorXd gradient;
  double sse = 0;
};

}  // namespace

void TrainOptions::validate() const {
  auto fail = [](const std::string& problem) { throw InputError("TrainOptions: " + problem); };
  if (hidden.empty()) fail("hidden is empty (at least one hidden layer is needed)");
  for (const Eigen::Index w : hidden)
    if (w < 1) fail(fmt::format("hidden widths must be at least 1, got {}", w));
  if (batch < 1) fail(fmt::format("batch must be at least 1, got {}", batch));
  if (epochs < 1) fail(fmt::format("epochs must be at least 1, got {}", epochs));
  if (!(validation_fraction >= 0.0 && validation_fraction < 1.0))
    fail(fmt::format("validation_fraction must be in [0, 1), got {:g}", validation_fraction));
  if (patience < 0) fail(fmt::format("patience must be non-negative, got {}", patience));
  if (!(min_improvement >= 0.0 && min_improvement < 1.0))
    fail(fmt::format("min_improvement must be in [0, 1), got {:g}", min_improvement));
  optimizer.validate();
  schedule.validate();
}

std::string TrainSummary::brief_report() const {
  std::string s = fmt::format(
      "training {} after {} epochs (model of epoch {}), {} samples, {} parameters, {:g} s; "
      "normalised error: train {:g}",
      status_name(), epochs_run, best_epoch, train_samples, parameters, seconds, train_error);
  if (!std::isnan(validation_error)) s += fmt::format(", validation {:g}", validation_error);
  if (!std::isnan(test_error)) s += fmt::format(", test {:g}", test_error);
  if (!message.empty()) s += "; " + message;
  return s;
}

double normalised_error(const Student& student, const Dataset& data) {
  check_shapes(data, "the data", student.input_dim(), student.output_dim());
  const Eigen::MatrixXd Xt = data.X.transpose(), Yt = data.Y.transpose();
  return normalised(sum_squared_error(student, Xt, Yt), total_variation(Yt));
}

namespace {

/// The samples training sees: the training part, the validation part and the test set, each with
/// its targets standardised by the training part's mean and scale.
struct Prepared {
  ColumnData train, valid, test;
  double train_variation = 0, valid_variation = 0, test_variation = 0;
  Eigen::VectorXd mean;
  double scale = 1.0;
  bool has_valid() const { return valid.size() > 0; }
  bool has_test() const { return test.size() > 0; }
};

/// Splits off the validation samples (the tail of a seeded shuffle), then standardises the
/// targets with the training part's statistics.
Prepared prepare(const Dataset& data, const Dataset* test, const TrainOptions& options) {
  const Eigen::Index n_all = data.X.rows(), m = data.Y.cols();
  const auto n_valid = static_cast<Eigen::Index>(std::floor(options.validation_fraction * n_all));
  const Eigen::Index n = n_all - n_valid;
  if (n < 1) throw InputError("train: no training samples left after the validation split");
  std::vector<Eigen::Index> train_rows, valid_rows;  // empty: all samples train
  if (n_valid > 0) {
    const std::vector<Eigen::Index> order = permutation(n_all, options.seed, 0x5eed);
    train_rows.assign(order.begin(), order.begin() + n);
    valid_rows.assign(order.begin() + n, order.end());
  }
  Prepared p;
  p.mean = Eigen::VectorXd::Zero(m);
  if (options.standardise_targets) {
    const Eigen::MatrixXd Y = train_rows.empty() ? data.Y : data.Y(train_rows, Eigen::all);
    // Centring would shift the output bias by −ȳ/s and break c ≥ 0 in the units of y.
    // Without an output bias (no_bias) there is nothing to shift by −ȳ/s either.
    if (!options.nonneg_output && !options.no_bias) p.mean = Y.colwise().mean().transpose();
    const double variance =
        (Y.rowwise() - p.mean.transpose()).squaredNorm() / static_cast<double>(n * m);
    if (variance > 0 && std::isfinite(variance)) p.scale = std::sqrt(variance);
  }
  p.train = gather(data, train_rows, p.mean, p.scale);
  p.train_variation = total_variation(p.train.Y);
  // Errors are reported as MSE / Var(y); with outputs that never vary that ratio has no meaning
  // (it was reported as inf with a "success" status).
  if (!(p.train_variation > 0))
    throw InputError("training data: the outputs do not vary over the " +
                     std::to_string(p.train.Y.cols()) +
                     " training samples, so the normalised error MSE / Var(y) is undefined");
  if (n_valid > 0) {
    p.valid = gather(data, valid_rows, p.mean, p.scale);
    p.valid_variation = total_variation(p.valid.Y);
  }
  if (test) {
    p.test = gather(*test, {}, p.mean, p.scale);
    p.test_variation = total_variation(p.test.Y);
  }
  return p;
}

/// Moves the output layer between units: ŷ_s = (ŷ − ȳ)/s (`to_standard`) or ŷ = s ŷ_s + ȳ.
void rescale_output(Student& student, const Prepared& p, bool to_standard) {
  auto A = student.weights(student.hidden().size());
  auto c = student.biases(student.hidden().size());
  if (to_standard) {
    A /= p.scale;
    c = (c - p.mean) / p.scale;
  } else {
    A *= p.scale;
    c = p.scale * c + p.mean;
  }
}

/// Sets every bias to 0 (the no_bias restriction).
void zero_biases(Student& student) {
  for (std::size_t layer = 0; layer <= student.hidden().size(); ++layer)
    student.biases(layer).setZero();
}

/// Clips the output layer's weights and biases to ≥ 0 (the nonneg_output restriction).
void project_output(Student& student) {
  const std::size_t out = student.hidden().size();
  student.weights(out) = student.weights(out).cwiseMax(0.0);
  student.biases(out) = student.biases(out).cwiseMax(0.0);
}

/// Projects onto the restrictions the options ask for (none, no_bias, nonneg_output or both).
void project(Student& student, const TrainOptions& options) {
  if (options.nonneg_output) project_output(student);
  if (options.no_bias) zero_biases(student);
}

/// One pass over the training samples in mini-batches; each batch is cut into chunks whose
/// gradients are summed in chunk order. Returns the summed loss, or NaN once it is not finite.
class EpochRunner {
 public:
  EpochRunner(const Student& student, const TrainOptions& options, Eigen::Index n)
      : options_(options),
        optimizer_(options.optimizer, student.parameter_count()),
        batch_(std::min(options.batch, n)),
        chunks_(static_cast<std::size_t>((batch_ + kTrainChunk - 1) / kTrainChunk)),
        gradient_(student.parameter_count()),
        // A parallel region costs a few microseconds, and much more when the cores are shared
        // and a worker is descheduled: small batches run on one thread (same result either way).
        parallel_(6.0 * static_cast<double>(student.parameter_count() * batch_) > kParallelFlops) {}

  double run(Student& student, const ColumnData& train, int epoch, double rate) {
    const Eigen::Index n = train.size();
    const std::vector<Eigen::Index> perm =
        permutation(n, options_.seed, 1 + static_cast<std::uint64_t>(epoch));
    double epoch_sse = 0;
    for (Eigen::Index begin = 0; begin < n; begin += batch_) {
      const double sse = batch_gradient(student, train, perm, begin, std::min(batch_, n - begin));
      epoch_sse += sse;
      if (!std::isfinite(sse) || !gradient_.allFinite())
        return std::numeric_limits<double>::quiet_NaN();
      optimizer_.step(student.parameters(), gradient_, rate);
      project(student, options_);
    }
    return epoch_sse;
  }

 private:
  /// The loss of samples perm[begin, begin + size) and its gradient (into gradient_).
  double batch_gradient(const Student& student, const ColumnData& train,
                        const std::vector<Eigen::Index>& perm, Eigen::Index begin,
                        Eigen::Index size) {
    const Eigen::Index d = train.X.rows(), m = train.Y.rows();
    const auto used = static_cast<std::size_t>((size + kTrainChunk - 1) / kTrainChunk);
    const double loss_scale = 1.0 / static_cast<double>(size * m);  // mean over entries
#pragma omp parallel for schedule(static) if (parallel_)
    for (std::size_t c = 0; c < used; ++c) {
      Chunk& chunk = chunks_[c];
      const Eigen::Index first = begin + static_cast<Eigen::Index>(c) * kTrainChunk;
      const Eigen::Index len = std::min(kTrainChunk, begin + size - first);
      chunk.X.resize(d, len);
      chunk.Y.resize(m, len);
      for (Eigen::Index j = 0; j < len; ++j) {
        const Eigen::Index src = perm[static_cast<std::size_t>(first + j)];
        chunk.X.col(j) = train.X.col(src);
        chunk.Y.col(j) = train.Y.col(src);
      }
      chunk.sse = student.gradient(chunk.X, chunk.Y, loss_scale, chunk.gradient, chunk.ws);
    }
    gradient_ = chunks_[0].gradient;
    double sse = chunks_[0].sse;
    for (std::size_t c = 1; c < used; ++c) {
      gradient_ += chunks_[c].gradient;
      sse += chunks_[c].sse;
    }
    return sse;
  }

  const TrainOptions& options_;
  Optimizer optimizer_;
  Eigen::Index batch_;
  std::vector<Chunk> chunks_;
  Eigen::VectorXd gradient_;
  bool parallel_;
};

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// The report of a finished epoch: its errors on every set.
/// The normalised error on one prepared set (samples in columns).
double set_error(const Student& student, const ColumnData& set, double variation) {
  return normalised(sum_squared_error(student, set.X, set.Y), variation);
}

EpochReport epoch_report(const Student& student, const Prepared& p, int epoch, double rate,
                         double epoch_sse) {
  EpochReport report;
  report.epoch = epoch + 1;
  report.learning_rate = rate;
  report.train_error = normalised(epoch_sse, p.train_variation);
  if (p.has_valid()) report.validation_error = set_error(student, p.valid, p.valid_variation);
  if (p.has_test()) report.test_error = set_error(student, p.test, p.test_variation);
  return report;
}

void mark_diverged(TrainSummary& summary, int epoch, double rate) {
  summary.status = TrainStatus::diverged;
  summary.message = fmt::format(
      "the loss became non-finite in epoch {} (learning rate {:g} too large?)", epoch + 1, rate);
  EpochReport report;
  report.epoch = epoch + 1;
  report.learning_rate = rate;
  report.train_error = std::numeric_limits<double>::infinity();
  summary.history.push_back(report);
  summary.epochs_run = epoch + 1;
}

/// Runs the loop's own callbacks (best model, early stopping), then the caller's; sets the status
/// when one asks to stop. Returns whether to stop.
bool after_epoch(const EpochReport& report, const Eigen::VectorXd& parameters,
                 const std::vector<TrainCallback*>& own, const EarlyStopping& early,
                 const std::vector<TrainCallback*>& callbacks, TrainSummary& summary) {
  for (auto* cb : own) cb->on_epoch_parameters(report, parameters);
  bool stop = early.triggered();
  if (stop) {
    summary.status = TrainStatus::stopped_early;
    summary.message = fmt::format("no improvement for {} epochs", early.patience());
  }
  for (auto* cb : callbacks)
    if (cb->on_epoch_parameters(report, parameters) && !stop) {
      summary.status = TrainStatus::stopped_by_callback;
      stop = true;
    }
  return stop;
}

/// The final errors of the returned model.
void final_errors(const Student& student, const Prepared& p, TrainSummary& summary) {
  summary.train_error = set_error(student, p.train, p.train_variation);
  if (p.has_valid()) summary.validation_error = set_error(student, p.valid, p.valid_variation);
  if (p.has_test()) summary.test_error = set_error(student, p.test, p.test_variation);
}

/// The training loop. A fresh initialisation is already in standardised units; a given start
/// network predicts y itself and is converted (`start_predicts_y`).
TrainResult fit(Student student, bool start_predicts_y, const Dataset& data,
                const TrainOptions& options, const Dataset* test,
                const std::vector<TrainCallback*>& callbacks) {
  options.validate();
  const auto start_time = Clock::now();
  check_shapes(data, "the training data", student.input_dim(), student.output_dim());
  if (test) check_shapes(*test, "the test data", student.input_dim(), student.output_dim());
  const Prepared p = prepare(data, test, options);
  if (start_predicts_y) rescale_output(student, p, true);
  project(student, options);

  TrainResult result;
  TrainSummary& summary = result.summary;
  summary.train_samples = p.train.size();
  summary.parameters = student.parameter_count();
  for (auto* cb : callbacks) cb->on_begin(options, summary);

  // Keep the best parameters (by the monitored error) when there is a validation set or a
  // patience; otherwise return the last finite ones.
  const bool tracked = p.has_valid() || options.patience > 0;
  KeepBest best(options.min_improvement);
  EarlyStopping early(options.patience, options.min_improvement);
  std::vector<TrainCallback*> own{&early};
  if (tracked) own.insert(own.begin(), &best);
  EpochRunner runner(student, options, p.train.size());
  Eigen::VectorXd last_good = student.parameters();
  for (int epoch = 0; epoch < options.epochs; ++epoch) {
    const double rate = options.schedule.rate(epoch, options.epochs);
    const double sse = runner.run(student, p.train, epoch, rate);
    if (std::isnan(sse) || !student.parameters().allFinite()) {
      mark_diverged(summary, epoch, rate);
      break;
    }
    EpochReport report = epoch_report(student, p, epoch, rate, sse);
    report.seconds = seconds_since(start_time);
    summary.history.push_back(report);
    summary.epochs_run = epoch + 1;
    last_good = student.parameters();
    if (after_epoch(report, student.parameters(), own, early, callbacks, summary)) break;
  }

  const bool diverged = summary.status == TrainStatus::diverged;
  if (tracked) {  // no finished epoch (diverged in the first): the start
    student.parameters() = best.best_epoch() > 0 ? best.parameters() : last_good;
    summary.best_epoch = best.best_epoch();
  } else {
    if (diverged) student.parameters() = last_good;
    summary.best_epoch = diverged ? summary.epochs_run - 1 : summary.epochs_run;
  }
  final_errors(student, p, summary);
  rescale_output(student, p, false);
  summary.seconds = seconds_since(start_time);
  for (auto* cb : callbacks) cb->on_end(summary);
  result.student = std::move(student);
  return result;
}

}  // namespace

TrainResult train(const Dataset& data, const TrainOptions& options, const Dataset* test,
                  const std::vector<TrainCallback*>& callbacks) {
  options.validate();
  Student student(data.X.cols(), options.hidden, data.Y.cols(), options.activation);
  student.initialise(options.seed);
  return fit(std::move(student), false, data, options, test, callbacks);
}

TrainResult train(Student start, const Dataset& data, const TrainOptions& options,
                  const Dataset* test, const std::vector<TrainCallback*>& callbacks) {
  return fit(std::move(start), true, data, options, test, callbacks);
}

}  // namespace nnm
