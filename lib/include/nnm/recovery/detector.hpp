#pragma once
// The pure-neuron detector matrix of spectral recovery, accumulated in one streaming pass.
//
// For whitened inputs x̃ and reduced outputs y' (k of them) with odd part s = C x̃ (C the k × d
// cross moment), residual h = y' − s, it sums q gᵀ over samples, where
//   q = vecsym(x̃ x̃ᵀ)                        (the even test functions, d(d+1)/2 of them)
//   g = vecsym(h hᵀ) − ρ · vecsym(s sᵀ)       (k(k+1)/2 quadratic forms in the outputs)
// with ρ = (c₂/c₁)² for σ(t) = c₁t + c₂|t|. The per-sample work is one dense product gᵀq over a
// block, so the pass runs near the machine's matrix-multiply speed: the whitening and the √2
// weights are linear in T̂ and are applied once at the end instead of to every sample.
//
// Unknown output noise adds (uᵀΣ_ξu)·E[q] to every column, so recovery projects out the direction
// E[q]. When k = d that projection leaves only d(d+1)/2 − 1 equations for k(k+1)/2 unknowns, one
// too few; the accumulator can then append the fourth powers x̃_i⁴ as further even test functions.
#include <Eigen/Core>
#include <cstdint>

#include "nnm/core/flat_state.hpp"

namespace nnm {

/// Number of entries of vecsym for a k × k symmetric matrix.
inline Eigen::Index vecsym_size(Eigen::Index k) { return k * (k + 1) / 2; }
/// vecsym with weight 1 on the diagonal and √2 off it: an isometry from symmetric matrices
/// (Frobenius norm) to R^{k(k+1)/2}. Entries in column-major lower-triangle order.
Eigen::VectorXd vecsym(const Eigen::MatrixXd& s);
/// The inverse of vecsym.
Eigen::MatrixXd unvecsym(const Eigen::Ref<const Eigen::VectorXd>& v, Eigen::Index k);

class DetectorAccumulator {
 public:
  /// whiten: k_in × d map from raw x to whitened x̃ (d_w = whiten.rows()); reduce: k × m map from
  /// raw y to reduced y'; odd: k × d_w matrix with s = odd · x̃; rho = (c₂/c₁)².
  /// fourth_powers: append x̃_i⁴ (i = 1 … d_w) to q.
  DetectorAccumulator(Eigen::MatrixXd whiten, Eigen::MatrixXd reduce, Eigen::MatrixXd odd,
                      double rho, bool fourth_powers = false);

  void add(const Eigen::Ref<const Eigen::MatrixXd>& X, const Eigen::Ref<const Eigen::MatrixXd>& Y);
  void merge(const DetectorAccumulator& other);
  /// The sums as a flat state (for combining ranks: nnm/core/reduction_channel.hpp).
  void save(StateWriter& out) const { out << n_ << sums_; }
  void load(StateReader& in) { in >> n_ >> sums_; }

  std::uint64_t count() const { return n_; }
  /// T̂ = mean of q gᵀ: rows(q) × vecsym_size(k), rows(q) = vecsym_size(d_w) (+ d_w).
  Eigen::MatrixXd detector() const;
  /// E[q], the direction along which output noise moves every column of T̂.
  Eigen::VectorXd mean_test_functions() const;

 private:
  void add_slice(const Eigen::Ref<const Eigen::MatrixXd>& X,
                 const Eigen::Ref<const Eigen::MatrixXd>& Y);
  /// Sums of plain products x_i x_j · (h_a h_b − ρ s_a s_b) in the coordinates the samples are
  /// accumulated in (raw x unless fourth powers force whitening per sample) → T̂ columns.
  Eigen::MatrixXd finish(const Eigen::MatrixXd& sums) const;
  /// Columns of g as accumulated: the g_size quadratic forms, a constant 1, zeros to a multiple
  /// of 4.
  static Eigen::Index padded_columns(Eigen::Index g_size);

  Eigen::MatrixXd whiten_, reduce_, odd_in_;
  double rho_;
  bool fourth_powers_;  // also: samples are whitened before accumulation
  std::uint64_t n_ = 0;
  Eigen::MatrixXd sums_;  // Σ g qᵀ with g padded (see padded_columns): row g_size holds Σ q
};

}  // namespace nnm
