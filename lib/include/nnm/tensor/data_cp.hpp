#pragma once
// The whole path from samples to factors: moment (optionally whitened) → decomposition →
// factors back in the data's coordinates. `nnm cp --data` and both learners run through here.
#include <cstdint>

#include "nnm/tensor/decompose.hpp"
#include "nnm/tensor/sample_moment.hpp"

namespace nnm {

struct DataCpOptions {
  SampleMomentOptions moment;
  CpOptions cp;
  /// Decompose a dense copy of the moment when it has at most this many entries (k^p after
  /// whitening): one O(n·k^p) pass then replaces a pass over the samples per iteration, and the fit
  /// residual becomes exact. 0 keeps the moment implicit.
  Eigen::Index materialize_up_to = Eigen::Index{1} << 16;
  void validate() const;  ///< throws InputError naming the bad field
};

struct DataCpResult {
  /// Unit factors in the data's coordinates with weights such that the data's moment tensor is
  /// ≈ Σ_j λ_j a_j^{⊗p}. The summary's residual refers to the tensor that was decomposed.
  CpResult cp;
  /// Factors as found, in the operator's (possibly whitened) coordinates: k × R, unit columns.
  Eigen::MatrixXd operator_factors;
  Eigen::VectorXd operator_weights;
  /// unmap · operator factor, unnormalised: for whitened ICA data x = A z with unit-variance
  /// sources these are the columns of A themselves (up to sign).
  Eigen::MatrixXd unwhitened;
  Whitening whitening;   ///< meaningful when whitened
  Eigen::VectorXd mean;  ///< the data mean subtracted before the moment (zeros when not centred)
  bool whitened = false;
  bool materialized = false;
  std::uint64_t samples = 0;
  double moment_seconds = 0.0;  ///< reading, whitening and projecting the samples
  double total_seconds = 0.0;
};

DataCpResult decompose_samples(const SampleSource& source, const DataCpOptions& options,
                               const OutputWeights& weights = {});

}  // namespace nnm
