#pragma once
// The pure-neuron detector matrix of spectral recovery, accumulated in one streaming pass.
//
// For whitened inputs x̃ and reduced outputs y' (k of them) with odd part s = C x̃ (C the k × d
// cross moment), residual h = y' − s, it sums q gᵀ over samples, where
//   q = vecsym(x̃ x̃ᵀ)                        (the even test functions, d(d+1)/2 of them)
//   g = vecsym(h hᵀ) − ρ · vecsym(s sᵀ)       (k(k+1)/2 quadratic forms in the outputs)
// with ρ = (c₂/c₁)² for σ(t) = c₁t + c₂|t|. Each block is two dense matrix products, so the pass runs
// near the machine's matrix-multiply speed.
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
  DetectorAccumulator(Eigen::MatrixXd whiten, Eigen::MatrixXd reduce, Eigen::MatrixXd odd, double rho);

  void add(const Eigen::Ref<const Eigen::MatrixXd>& X, const Eigen::Ref<const Eigen::MatrixXd>& Y);
  void merge(const DetectorAccumulator& other);

  std::uint64_t count() const { return n_; }
  /// T̂ = mean of q gᵀ: vecsym_size(d_w) × vecsym_size(k).
  Eigen::MatrixXd detector() const { return sum_ / static_cast<double>(n_); }

 private:
  Eigen::MatrixXd whiten_, reduce_, odd_;
  double rho_;
  std::uint64_t n_ = 0;
  Eigen::MatrixXd sum_;
};

}  // namespace nnm
