#pragma once
// The score-function learner (Janzamin, Sedghi, Anandkumar 2015) for y = A σ(W x) + ξ with
// x ~ N(0, I). The order-p score function of the Gaussian is the Hermite tensor He_p(x), and by
// Stein's identity E[σ(wᵀx) He_p(x)] = E[σ^{(p)}(wᵀx)] w^{⊗p}, so for a mix y_g = gᵀy of the
// outputs
//   E[y_g He_p(x)] = Σ_j (gᵀA)_j E[σ^{(p)}(w_jᵀx)] w_j^{⊗p},
// a symmetric tensor whose factors are the hidden directions. It uses the input density twice:
// He_p is the Gaussian's score, and Stein's identity holds only for the Gaussian; on any other law
// the tensor is no longer low rank in W. At p = 3 it is blind to units whose σ is "linear plus
// even" (ReLU, leaky ReLU, softplus, abs): their odd Hermite coefficients above 1 vanish, so
// E[σ'''(wᵀx)] = 0. Order 4 sees those but not odd σ such as tanh. See docs/tensor.md.
#include "nnm/tensor/data_cp.hpp"

namespace nnm {

struct ScoreOptions {
  Eigen::Index units = 1;           ///< k, hidden units to find (≤ d)
  int order = 3;                    ///< 3 (tanh, sigmoid) or 4 (relu, softplus, abs, ...)
  CpMethod method = CpMethod::als;  ///< ALS started from Jennrich: the factors are not orthogonal
  std::uint64_t seed = 1;           ///< also draws the output mix g when there are several outputs
  Eigen::Index materialize_up_to = Eigen::Index{1} << 16;  ///< see DataCpOptions
  void validate() const;
};

struct ScoreResult {
  Eigen::MatrixXd
      directions;           ///< k × d: unit rows, estimates of the rows of W up to sign and scale
  Eigen::VectorXd weights;  ///< the tensor's weights (gᵀA)_j E[σ^{(p)}(w_jᵀx)] ‖w_j‖^p
  Eigen::VectorXd output_mix;  ///< g (unit norm)
  CpSummary summary;
  double moment_seconds = 0.0, total_seconds = 0.0;
  bool usable() const { return summary.usable(); }
};

/// The source must have outputs (y columns).
ScoreResult learn_score(const SampleSource& source, const ScoreOptions& options);

/// The unit output mix g used for `outputs` outputs and `seed` (g = 1 for one output).
Eigen::VectorXd score_output_mix(Eigen::Index outputs, std::uint64_t seed);

}  // namespace nnm
