#pragma once
// What every symmetric CP decomposition returns: T ≈ Σ_j λ_j a_j^{⊗p} with unit-norm factors a_j,
// and a Summary saying whether to trust it. "The math did not work" is a status, never an
// exception.
#include <Eigen/Core>
#include <cstdint>
#include <string>

#include "nnm/core/summary.hpp"
#include "nnm/tensor/operator.hpp"

namespace nnm {

enum class CpStatus {
  success,
  not_converged,   ///< an iteration hit its limit before its tolerance
  singular,        ///< Jennrich: no random contraction gave an invertible pencil
  rank_deficient,  ///< whitening: the second moment has fewer than rank directions
  poor_fit,        ///< ran, but the fit residual exceeds CpCommonOptions::max_residual
};
constexpr auto enum_table(CpStatus) {
  return make_enum_table<CpStatus>("CP status", {{CpStatus::success, "success"},
                                                 {CpStatus::not_converged, "not_converged"},
                                                 {CpStatus::singular, "singular"},
                                                 {CpStatus::rank_deficient, "rank_deficient"},
                                                 {CpStatus::poor_fit, "poor_fit"}});
}

/// status, message (empty on success) and `seconds`, the decomposition time (moment preparation is
/// timed separately), come from BasicSummary.
struct CpSummary : BasicSummary<CpStatus> {
  std::string method;
  int iterations = 0;  ///< total tensor passes (contractions or sweeps) used
  /// ‖T − T̂‖ / ‖T‖: exact Frobenius when the operator knows its norm, else estimated from random
  /// probes as ‖(T − T̂)(I,u,…,u)‖ / ‖T(I,u,…,u)‖ summed over probes u.
  double fit_residual = -1.0;
  bool residual_exact = false;

  std::string brief_report() const;  ///< one line
};

struct CpResult {
  Eigen::VectorXd weights;  ///< λ_j; positive at odd order (signs moved into the factors)
  Eigen::MatrixXd factors;  ///< dim × rank, unit-norm columns
  CpSummary summary;

  Eigen::Index rank() const { return factors.cols(); }
  LowRankTensor model(int order) const { return LowRankTensor(order, weights, factors); }
};

/// Options every decomposition shares.
struct CpCommonOptions {
  Eigen::Index rank = 1;     ///< number of components R (1 ≤ R ≤ dim)
  std::uint64_t seed = 1;    ///< every random start and contraction is drawn from it
  int residual_probes = 16;  ///< random vectors for the residual estimate of implicit tensors
  /// A fit residual above this makes the status poor_fit (a noisy moment may need more).
  double max_residual = 0.5;
  /// Throws InputError naming the bad field, prefixed with the options' name `who`.
  void validate_common(const char* who, Eigen::Index dim) const;
  void validate(Eigen::Index dim) const { validate_common("CpCommonOptions", dim); }
};

/// Relative residual of a model (see CpSummary::fit_residual); `exact` tells which kind it was.
double relative_residual(const TensorOperator& t, const LowRankTensor& model, int probes,
                         std::uint64_t seed, bool* exact = nullptr);

/// Best one-to-one matching of estimated columns to true columns, up to sign and scale.
struct FactorMatch {
  Eigen::VectorXi truth_of;  ///< truth_of[j]: true column matched to estimated column j (−1: none)
  Eigen::VectorXd cosines;   ///< |cos| for each true column against its match (0 if unmatched)
  double min_cosine = 0.0;
  double mean_cosine = 0.0;
};
FactorMatch match_factors(const Eigen::MatrixXd& estimated, const Eigen::MatrixXd& truth);

}  // namespace nnm
