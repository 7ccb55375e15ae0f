#pragma once
// The pure-neuron detector matrix of spectral recovery, accumulated in one streaming pass.
//
// For whitened inputs x̃ and reduced outputs y' (k of them) with odd part s = C x̃ (C the k × d
// cross moment), residual h = y' − s, it sums q gᵀ over samples, where
//   q = vecsym(x̃ x̃ᵀ)                        (the even test functions, d(d+1)/2 of them)
//   g = vecsym(h hᵀ) − ρ · vecsym(s sᵀ)       (k(k+1)/2 quadratic forms in the outputs)
// with ρ = (c₂/c₁)² for σ(t) = c₁t + c₂|t|. Each block is two dense matrix products, so the pass runs
// near the machine's matrix-multiply speed.
//
// Unknown output noise adds (uᵀΣ_ξu)·E[q] to every column, so recovery projects out the direction
// E[q]. When k = d that projection leaves only d(d+1)/2 − 1 equations for k(k+1)/2 unknowns, one too
// few; the accumulator can then append the fourth powers x̃_i⁴ as further even test functions.
#include <Eigen/Core>
#include <cstdint>

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
  DetectorAccumulator(Eigen::MatrixXd whiten, Eigen::MatrixXd reduce, Eigen::MatrixXd odd, double rho,
                      bool fourth_powers = false);

  void add(const Eigen::Ref<const Eigen::MatrixXd>& X, const Eigen::Ref<const Eigen::MatrixXd>& Y);
  void merge(const DetectorAccumulator& other);

  std::uint64_t count() const { return n_; }
  /// T̂ = mean of q gᵀ: rows(q) × vecsym_size(k), rows(q) = vecsym_size(d_w) (+ d_w).
  Eigen::MatrixXd detector() const { return sum_ / static_cast<double>(n_); }
  /// E[q], the direction along which output noise moves every column of T̂.
  Eigen::VectorXd mean_test_functions() const { return q_sum_ / static_cast<double>(n_); }

 private:
  Eigen::MatrixXd whiten_, reduce_, odd_;
  double rho_;
  bool fourth_powers_;
  std::uint64_t n_ = 0;
  Eigen::MatrixXd sum_;
  Eigen::VectorXd q_sum_;
};

}  // namespace nnm
