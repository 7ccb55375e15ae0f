#pragma once
// Private pieces the experiment grids share (not used outside tools/experiments): the size's
// values, seed repetitions, the typed experiment base, train/test samples and the gradient learner.
#include <Eigen/Core>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "experiments/experiment.hpp"
#include "nnm/core/network.hpp"
#include "nnm/data/dataset.hpp"
#include "nnm/data/distributions.hpp"
#include "nnm/learn/train.hpp"
#include "nnm/recovery/recover.hpp"

namespace nnm::detail {

/// The size's value: smoke, demo or full.
template <class T>
T pick(ExperimentSize size, T smoke, T demo, T full) {
  return size == ExperimentSize::smoke ? smoke : size == ExperimentSize::demo ? demo : full;
}

/// Every point repeated over the seeds (repetition r has seed scale.seed + r).
template <class Row>
std::vector<Row> with_seeds(const std::vector<Row>& points, const ExperimentScale& scale,
                            int default_seeds) {
  const int seeds = scale.seeds > 0 ? scale.seeds : default_seeds;
  std::vector<Row> out;
  for (const auto& p : points)
    for (int r = 0; r < seeds; ++r) {
      out.push_back(p);
      out.back().seed = static_cast<long long>(scale.seed + static_cast<std::uint64_t>(r));
    }
  return out;
}

/// An experiment whose rows are the struct Row: its columns are Row's field table, a point is a
/// Row with its parameters set, and run() fills in the rest.
template <class Row>
class TypedExperiment : public Experiment {
 public:
  std::vector<std::string> parameter_columns() const final {
    const auto c = columns_of<Row>();
    return {c.begin(), c.begin() + static_cast<long>(Row::parameters)};
  }
  std::vector<std::string> result_columns() const final {
    const auto c = columns_of<Row>();
    return {c.begin() + static_cast<long>(Row::parameters), c.end()};
  }
  std::vector<ExperimentRow> points(const ExperimentScale& scale) const final {
    std::vector<ExperimentRow> out;
    for (const Row& p : typed_points(scale)) out.push_back(to_row(p, 0, Row::parameters));
    return out;
  }
  ExperimentRow run(const ExperimentRow& point, const ExperimentScale& scale) const final {
    Row row = from_row<Row>(point);
    measure(row, scale);
    return to_row(row, Row::parameters);
  }

 protected:
  /// The grid (parameters only), in the order rows are written.
  virtual std::vector<Row> typed_points(const ExperimentScale& scale) const = 0;
  /// Fills in the result fields of a point.
  virtual void measure(Row& row, const ExperimentScale& scale) const = 0;
};

/// Training and held-out samples of a network under a law (test rows follow the training rows);
/// `noise` is relative to the outputs' RMS (TeacherSampler) and is added to the training outputs
/// only: the held-out outputs are the network's clean ones.
struct Split {
  Dataset train, test;
};
Split sample_split(const Network& net, const InputLaw& law, std::uint64_t n, std::uint64_t n_test,
                   std::uint64_t seed, double noise = 0.0);

/// The gradient learner the experiments share: Adam (learning rate 1e-3, batch 256) on a
/// two-layer ReLU student of the given width, with the held-out error on data.test.
TrainResult gradient_learner(const Split& data, Eigen::Index width, int epochs, std::uint64_t seed);

/// A fresh evaluation sample, far from the training indices.
Eigen::MatrixXd evaluation_inputs(const InputLaw& law);

/// Spectral recovery of k units from data.train, and its errors against `truth` on `eval`
/// (NaN when no model was computed).
struct SpectralOutcome {
  RecoveryResult result;
  double W_err = NAN, out_err = NAN;
};
SpectralOutcome spectral_recovery(const Split& data, const Network& truth,
                                  const Eigen::MatrixXd& eval, Eigen::Index k, std::uint64_t seed);

}  // namespace nnm::detail
