#pragma once
// Independent component analysis by the third (or fourth) cumulant. For x = A z + μ with
// independent, zero-mean, unit-variance sources z, the covariance is A Aᵀ; whitening with it maps
// x to x̃ = Q z with Q = P A orthogonal, and the whitened cumulant is Σ_j κ_p(z_j) q_j^{⊗p}: an
// orthogonally decomposable tensor whose factors the power method finds. Un-whitening q_j gives
// the column a_j of A. Needs sources with non-zero skewness (order 3) or excess kurtosis (order 4);
// Gaussian sources are invisible to both, which is why ICA is identifiable only without them.
#include "nnm/tensor/data_cp.hpp"

namespace nnm {

struct IcaOptions {
  Eigen::Index sources = 1;  ///< k, the number of independent sources (≤ dim)
  int order = 3;             ///< 3: skewness; 4: excess kurtosis
  CpMethod method = CpMethod::power;
  std::uint64_t seed = 1;
  Eigen::Index materialize_up_to = Eigen::Index{1} << 16;  ///< see DataCpOptions
  void validate() const;
};

struct IcaResult {
  Eigen::MatrixXd mixing;  ///< d × k: estimated columns of A (sign: positive cumulant at order 3)
  Eigen::VectorXd cumulants;  ///< κ_p of each standardised source (skewness / excess kurtosis)
  CpSummary summary;
  Whitening whitening;
  Eigen::VectorXd mean;  ///< μ, the sample mean of x (sources are recovered from x − μ)
  double moment_seconds = 0.0, total_seconds = 0.0;
  bool usable() const { return summary.usable(); }
};

IcaResult learn_ica(const SampleSource& source, const IcaOptions& options);

}  // namespace nnm
