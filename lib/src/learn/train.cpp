#include "nnm/learn/train.hpp"

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <sstream>

#include "nnm/core/error.hpp"
#include "nnm/core/random.hpp"

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
  if (hidden.empty())
    throw InputError("train: at least one hidden layer is needed (hidden is empty)");
  for (const Eigen::Index w : hidden)
    if (w < 1)
      throw InputError("train: hidden widths must be at least 1, got " + std::to_string(w));
  if (batch < 1) throw InputError("train: batch must be at least 1, got " + std::to_string(batch));
  if (epochs < 1)
    throw InputError("train: epochs must be at least 1, got " + std::to_string(epochs));
  if (!(validation_fraction >= 0.0 && validation_fraction < 1.0))
    throw InputError("train: validation_fraction must be in [0, 1), got " +
                     std::to_string(validation_fraction));
  if (patience < 0) throw InputError("train: patience must be non-negative");
  if (!(min_improvement >= 0.0 && min_improvement < 1.0))
    throw InputError("train: min_improvement must be in [0, 1)");
  optimizer.validate();
  schedule.validate();
}

std::string to_string(TrainStatus status) {
  switch (status) {
    case TrainStatus::completed:
      return "completed";
    case TrainStatus::stopped_early:
      return "stopped_early";
    case TrainStatus::stopped_by_callback:
      return "stopped_by_callback";
    case TrainStatus::diverged:
      return "diverged";
  }
  return "?";
}

std::string TrainSummary::brief_report() const {
  std::ostringstream s;
  s << "training " << to_string(status) << " after " << epochs_run << " epochs (model of epoch "
    << best_epoch << "), " << train_samples << " samples, " << parameters << " parameters, "
    << seconds << " s; normalised error: train " << train_error;
  if (!std::isnan(validation_error)) s << ", validation " << validation_error;
  if (!std::isnan(test_error)) s << ", test " << test_error;
  if (!message.empty()) s << "; " << message;
  return s.str();
}

double normalised_error(const Student& student, const Dataset& data) {
  check_shapes(data, "the data", student.input_dim(), student.output_dim());
  const Eigen::MatrixXd Xt = data.X.transpose(), Yt = data.Y.transpose();
  return normalised(sum_squared_error(student, Xt, Yt), total_variation(Yt));
}

namespace {

/// The training loop. A fresh initialisation is already in standardised units; a given start
/// network predicts y itself and is converted (`start_predicts_y`).
TrainResult fit(Student student, bool start_predicts_y, const Dataset& data,
                const TrainOptions& options, const Dataset* test,
                const std::vector<TrainCallback*>& callbacks) {
  options.validate();
  const auto start_time = Clock::now();
  const Eigen::Index d = student.input_dim(), m = student.output_dim();
  check_shapes(data, "the training data", d, m);
  if (test) check_shapes(*test, "the test data", d, m);

  // Split off the validation samples (the tail of a seeded shuffle), then standardise the
  // targets with the training part's statistics.
  const Eigen::Index n_all = data.X.rows();
  const auto n_valid = static_cast<Eigen::Index>(std::floor(options.validation_fraction * n_all));
  const Eigen::Index n = n_all - n_valid;
  if (n < 1) throw InputError("train: no training samples left after the validation split");
  std::vector<Eigen::Index> train_rows, valid_rows;  // empty: all samples train
  if (n_valid > 0) {
    const std::vector<Eigen::Index> order = permutation(n_all, options.seed, 0x5eed);
    train_rows.assign(order.begin(), order.begin() + n);
    valid_rows.assign(order.begin() + n, order.end());
  }
  Eigen::VectorXd mean = Eigen::VectorXd::Zero(m);
  double scale = 1.0;
  if (options.standardise_targets) {
    const Eigen::MatrixXd Y = train_rows.empty() ? data.Y : data.Y(train_rows, Eigen::all);
    mean = Y.colwise().mean().transpose();
    const double variance =
        (Y.rowwise() - mean.transpose()).squaredNorm() / static_cast<double>(n * m);
    if (variance > 0 && std::isfinite(variance)) scale = std::sqrt(variance);
  }
  if (start_predicts_y) {  // make it predict the standardised targets: ŷ_s = (ŷ − ȳ)/s
    auto A = student.weights(student.hidden().size());
    auto c = student.biases(student.hidden().size());
    A /= scale;
    c = (c - mean) / scale;
  }
  const ColumnData train_set = gather(data, train_rows, mean, scale);
  const ColumnData valid_set = n_valid > 0 ? gather(data, valid_rows, mean, scale) : ColumnData{};
  const ColumnData test_set = test ? gather(*test, {}, mean, scale) : ColumnData{};
  const double train_variation = total_variation(train_set.Y);
  const double valid_variation = n_valid > 0 ? total_variation(valid_set.Y) : 0.0;
  const double test_variation = test ? total_variation(test_set.Y) : 0.0;

  TrainResult result;
  TrainSummary& summary = result.summary;
  summary.train_samples = n;
  summary.parameters = student.parameter_count();
  for (auto* cb : callbacks) cb->on_begin(options, summary);

  Optimizer optimizer(options.optimizer, student.parameter_count());
  const Eigen::Index batch = std::min(options.batch, n);
  std::vector<Chunk> chunks(static_cast<std::size_t>((batch + kTrainChunk - 1) / kTrainChunk));
  Eigen::VectorXd gradient(student.parameter_count());
  const bool tracked = n_valid > 0 || options.patience > 0;  // keep the best parameters?
  Eigen::VectorXd best = student.parameters(), last_good = student.parameters();
  double best_monitored = std::numeric_limits<double>::infinity();
  bool stop = false;

  // A parallel region costs a few microseconds, and much more when the cores are shared and a
  // worker is descheduled: small batches run on one thread (the result is the same either way).
  const bool parallel =
      6.0 * static_cast<double>(student.parameter_count() * batch) > kParallelFlops;

  for (int epoch = 0; epoch < options.epochs && !stop; ++epoch) {
    const double rate = options.schedule.rate(epoch, options.epochs);
    const std::vector<Eigen::Index> perm =
        permutation(n, options.seed, 1 + static_cast<std::uint64_t>(epoch));
    double epoch_sse = 0;
    bool finite = true;
    for (Eigen::Index begin = 0; begin < n && finite; begin += batch) {
      const Eigen::Index size = std::min(batch, n - begin);
      const auto used = static_cast<std::size_t>((size + kTrainChunk - 1) / kTrainChunk);
      const double loss_scale = 1.0 / static_cast<double>(size * m);  // mean over entries
#pragma omp parallel for schedule(static) if (parallel)
      for (std::size_t c = 0; c < used; ++c) {
        Chunk& chunk = chunks[c];
        const Eigen::Index first = begin + static_cast<Eigen::Index>(c) * kTrainChunk;
        const Eigen::Index len = std::min(kTrainChunk, begin + size - first);
        chunk.X.resize(d, len);
        chunk.Y.resize(m, len);
        for (Eigen::Index j = 0; j < len; ++j) {
          const Eigen::Index src = perm[static_cast<std::size_t>(first + j)];
          chunk.X.col(j) = train_set.X.col(src);
          chunk.Y.col(j) = train_set.Y.col(src);
        }
        chunk.sse = student.gradient(chunk.X, chunk.Y, loss_scale, chunk.gradient, chunk.ws);
      }
      gradient = chunks[0].gradient;
      double sse = chunks[0].sse;
      for (std::size_t c = 1; c < used; ++c) {
        gradient += chunks[c].gradient;
        sse += chunks[c].sse;
      }
      finite = std::isfinite(sse) && gradient.allFinite();
      if (finite) optimizer.step(student.parameters(), gradient, rate);
      epoch_sse += sse;
    }
    EpochReport report;
    report.epoch = epoch + 1;
    report.learning_rate = rate;
    report.train_error = normalised(epoch_sse, train_variation);
    if (!finite || !student.parameters().allFinite()) {
      summary.status = TrainStatus::diverged;
      summary.message = "the loss became non-finite in epoch " + std::to_string(epoch + 1) +
                        " (learning rate " + std::to_string(rate) + " too large?)";
      report.train_error = std::numeric_limits<double>::infinity();
      summary.history.push_back(report);
      summary.epochs_run = epoch + 1;
      break;
    }
    if (n_valid > 0)
      report.validation_error =
          normalised(sum_squared_error(student, valid_set.X, valid_set.Y), valid_variation);
    if (test)
      report.test_error =
          normalised(sum_squared_error(student, test_set.X, test_set.Y), test_variation);
    report.seconds = std::chrono::duration<double>(Clock::now() - start_time).count();
    summary.history.push_back(report);
    summary.epochs_run = epoch + 1;
    last_good = student.parameters();

    // Keep the best parameters by the monitored error (validation if any, else the training loss).
    const double monitored = n_valid > 0 ? report.validation_error : report.train_error;
    if (monitored < best_monitored * (1.0 - options.min_improvement) || summary.best_epoch == 0) {
      best_monitored = std::min(monitored, best_monitored);
      summary.best_epoch = epoch + 1;
      if (tracked) best = student.parameters();
    } else if (options.patience > 0 && epoch + 1 - summary.best_epoch >= options.patience) {
      summary.status = TrainStatus::stopped_early;
      summary.message = "no improvement for " + std::to_string(options.patience) + " epochs";
      stop = true;
    }
    for (auto* cb : callbacks)
      if (cb->on_epoch_end(report) && !stop) {
        summary.status = TrainStatus::stopped_by_callback;
        stop = true;
      }
  }

  // Return the best parameters when they were tracked, else the last finite ones.
  if (tracked)
    student.parameters() = best;
  else if (summary.status == TrainStatus::diverged)
    student.parameters() = last_good;
  if (!tracked)
    summary.best_epoch =
        summary.status == TrainStatus::diverged ? summary.epochs_run - 1 : summary.epochs_run;
  summary.train_error =
      normalised(sum_squared_error(student, train_set.X, train_set.Y), train_variation);
  if (n_valid > 0)
    summary.validation_error =
        normalised(sum_squared_error(student, valid_set.X, valid_set.Y), valid_variation);
  if (test)
    summary.test_error =
        normalised(sum_squared_error(student, test_set.X, test_set.Y), test_variation);

  // Undo the standardisation inside the output layer: ŷ = s ŷ_s + ȳ.
  auto A = student.weights(student.hidden().size());
  auto c = student.biases(student.hidden().size());
  A *= scale;
  c = scale * c + mean;
  summary.seconds = std::chrono::duration<double>(Clock::now() - start_time).count();
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
