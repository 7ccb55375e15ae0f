#pragma once
// Whitening from a second-moment matrix M (d × d, symmetric positive semi-definite): a k × d map
// P with P M Pᵀ = I_k onto the top-k eigenspace, and its pseudo-inverse for mapping back.
// Uses a dense symmetric eigensolver for moderate d and Spectra's Lanczos solver for the top-k
// eigenpairs when d is large and k small.
#include <Eigen/Core>

#include "nnm/core/summary.hpp"

namespace nnm {

struct WhiteningOptions {
  /// Dimension k of the whitened space; 0 keeps all d directions.
  Eigen::Index rank = 0;
  /// Eigenvalues below relative_floor · λ_max count as zero; keeping one is "rank deficient".
  double relative_floor = 1e-10;
  /// Use the iterative top-k solver when d ≥ this and rank ≤ d / 4 (0 = never).
  Eigen::Index iterative_from = 200;

  void validate() const;  ///< throws InputError naming the bad field
};

enum class WhiteningStatus {
  success,
  rank_deficient,  ///< a kept eigenvalue is (numerically) zero: M has rank < k
  not_converged,   ///< the iterative eigensolver did not converge
};
constexpr auto enum_table(WhiteningStatus) {
  return make_enum_table<WhiteningStatus>("whitening status",
                                          {{WhiteningStatus::success, "success"},
                                           {WhiteningStatus::rank_deficient, "rank_deficient"},
                                           {WhiteningStatus::not_converged, "not_converged"}});
}

struct WhiteningSummary : BasicSummary<WhiteningStatus> {};

struct Whitening {
  Eigen::MatrixXd map;    ///< k × d: whitened x̃ = map · x
  Eigen::MatrixXd unmap;  ///< d × k: x = unmap · x̃ on the kept subspace (map · unmap = I)
  Eigen::VectorXd eigenvalues;  ///< the kept eigenvalues of M, largest first
  WhiteningSummary summary;     ///< status, message (empty on success) and time

  bool usable() const { return summary.usable(); }
  /// λ_max / λ_min of the kept eigenvalues.
  double condition_number() const;
};

Whitening whiten(const Eigen::MatrixXd& second_moment, const WhiteningOptions& options = {});

}  // namespace nnm
