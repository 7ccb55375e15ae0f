#pragma once
// Robust Jennrich: simultaneous diagonalisation of a family of k × k matrices
//   M_l = P D_l Pᵀ   (l = 1 … L, D_l diagonal, P invertible).
// For two generic combinations K_a = Σ g_l M_l and K_b = Σ h_l M_l the generalised eigenvectors of
// K_a v = λ K_b v are the columns of P⁻ᵀ, because Pᵀv then solves a diagonal problem. A single pair
// fails now and then (two nearly equal eigenvalue ratios), so the robust version tries several
// random pairs and keeps the V whose congruences Vᵀ M_l V are jointly the most diagonal.
//
// Used by spectral recovery (M_l = A⁻ᵀ D_l A⁻¹, so V gives the columns of A) and by the tensor
// Jennrich method (slices of Σ λ_j a_j^{⊗3}: M_u = A diag(λ ∘ Aᵀu) Aᵀ, factors = columns of P).
#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "nnm/core/summary.hpp"

namespace nnm {

struct JennrichOptions {
  int pairs = 10;          ///< random pairs of combinations to try (1 = plain Jennrich)
  std::uint64_t seed = 1;  ///< seeds the random combinations
  void validate() const;   ///< throws InputError naming the bad field
};

enum class JennrichStatus {
  success,
  singular,  ///< every tried combination K_b was singular: the family does not span a generic D
};
constexpr auto enum_table(JennrichStatus) {
  return make_enum_table<JennrichStatus>(
      "Jennrich status",
      {{JennrichStatus::success, "success"}, {JennrichStatus::singular, "singular"}});
}

struct JennrichSummary : BasicSummary<JennrichStatus> {
  /// Σ_l ‖offdiag(Vᵀ M_l V)‖²_F / Σ_l ‖Vᵀ M_l V‖²_F of the kept V: 0 for an exact family.
  double off_diagonality = 1.0;
  int best_pair = -1;                  ///< which random pair won
  double eigenvalue_separation = 0.0;  ///< smallest gap between the kept pair's eigenvalues
  double imaginary_fraction = 0.0;  ///< ‖Im V‖ / ‖V‖ before taking real parts (0 if exact)
};

struct JennrichResult {
  /// k × k with unit-norm columns: V ∝ P⁻ᵀ up to column order, scale and sign.
  Eigen::MatrixXd V;
  JennrichSummary summary;
  /// The columns of P (unit norm, up to order and sign): (V⁻ᵀ) with normalised columns.
  Eigen::MatrixXd factors() const;
};

/// Joint off-diagonality of Vᵀ M_l V (the number JennrichSummary reports).
double off_diagonality(const Eigen::MatrixXd& V, const std::vector<Eigen::MatrixXd>& family);

JennrichResult jennrich(const std::vector<Eigen::MatrixXd>& family,
                        const JennrichOptions& options = {});

}  // namespace nnm
