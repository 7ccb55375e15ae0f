#include "nnm/recovery/detector.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace nnm {

Eigen::VectorXd vecsym(const Eigen::MatrixXd& s) {
  const Eigen::Index k = s.rows();
  Eigen::VectorXd v(vecsym_size(k));
  Eigen::Index at = 0;
  for (Eigen::Index j = 0; j < k; ++j)
    for (Eigen::Index i = j; i < k; ++i) v[at++] = i == j ? s(i, j) : std::numbers::sqrt2 * s(i, j);
  return v;
}

Eigen::MatrixXd unvecsym(const Eigen::Ref<const Eigen::VectorXd>& v, Eigen::Index k) {
  Eigen::MatrixXd s(k, k);
  Eigen::Index at = 0;
  for (Eigen::Index j = 0; j < k; ++j)
    for (Eigen::Index i = j; i < k; ++i) {
      const double x = i == j ? v[at] : v[at] / std::numbers::sqrt2;
      s(i, j) = s(j, i) = x;
      ++at;
    }
  return s;
}

namespace {

// Column (i, j), i ≥ j, in vecsym order, of the plain products a_i a_j − ρ b_i b_j of each row.
Eigen::MatrixXd rowwise_products(const Eigen::Ref<const Eigen::MatrixXd>& a,
                                 const Eigen::MatrixXd* b, double rho,
                                 Eigen::Index extra_cols = 0) {
  const Eigen::Index k = a.cols();
  Eigen::MatrixXd out(a.rows(), vecsym_size(k) + extra_cols);
  Eigen::Index col = 0;
  for (Eigen::Index j = 0; j < k; ++j)
    for (Eigen::Index i = j; i < k; ++i, ++col) {
      if (b)
        out.col(col) = a.col(i).cwiseProduct(a.col(j)) - rho * b->col(i).cwiseProduct(b->col(j));
      else
        out.col(col) = a.col(i).cwiseProduct(a.col(j));
    }
  return out;
}

// The symmetric matrix whose lower-triangle entries (vecsym order, no weights) are v.
Eigen::MatrixXd plain_unvecsym(const Eigen::Ref<const Eigen::VectorXd>& v, Eigen::Index k) {
  Eigen::MatrixXd s(k, k);
  Eigen::Index at = 0;
  for (Eigen::Index j = 0; j < k; ++j)
    for (Eigen::Index i = j; i < k; ++i, ++at) s(i, j) = s(j, i) = v[at];
  return s;
}

}  // namespace

DetectorAccumulator::DetectorAccumulator(Eigen::MatrixXd whiten, Eigen::MatrixXd reduce,
                                         Eigen::MatrixXd odd, double rho, bool fourth_powers)
    : whiten_(std::move(whiten)),
      reduce_(std::move(reduce)),
      rho_(rho),
      fourth_powers_(fourth_powers) {
  // s = odd·x̃ = (odd·whiten)·x: with raw accumulation the odd part is read off raw x directly.
  odd_in_ = fourth_powers_ ? odd : Eigen::MatrixXd(odd * whiten_);
  const Eigen::Index d_in = fourth_powers_ ? whiten_.rows() : whiten_.cols();
  const Eigen::Index rows = vecsym_size(d_in) + (fourth_powers_ ? d_in : 0);
  sums_ = Eigen::MatrixXd::Zero(padded_columns(vecsym_size(reduce_.rows())), rows);
}

Eigen::Index DetectorAccumulator::padded_columns(Eigen::Index g_size) {
  // One more column for the constant 1 (its row of the product is Σ q), then zeros up to a
  // multiple of 4: the product kernel takes the rows of gᵀ in groups of SIMD packets (4 doubles
  // with AVX2), and a ragged remainder ran at half speed (15 rows against 16, measured).
  constexpr Eigen::Index kGroup = 4;
  return (g_size + 1 + kGroup - 1) / kGroup * kGroup;
}

void DetectorAccumulator::add(const Eigen::Ref<const Eigen::MatrixXd>& X,
                              const Eigen::Ref<const Eigen::MatrixXd>& Y) {
  // Slices small enough that q (rows × d(d+1)/2) stays in cache between its making and its use.
  constexpr Eigen::Index kSlice = 256;
  for (Eigen::Index first = 0; first < X.rows(); first += kSlice) {
    const Eigen::Index rows = std::min(kSlice, X.rows() - first);
    add_slice(X.middleRows(first, rows), Y.middleRows(first, rows));
  }
}

void DetectorAccumulator::add_slice(const Eigen::Ref<const Eigen::MatrixXd>& X,
                                    const Eigen::Ref<const Eigen::MatrixXd>& Y) {
  n_ += static_cast<std::uint64_t>(X.rows());
  Eigen::MatrixXd whitened;
  if (fourth_powers_) whitened.noalias() = X * whiten_.transpose();
  const Eigen::Ref<const Eigen::MatrixXd> x =
      fourth_powers_ ? Eigen::Ref<const Eigen::MatrixXd>(whitened) : X;
  const Eigen::MatrixXd s = x * odd_in_.transpose();      // odd part, n × k
  const Eigen::MatrixXd h = Y * reduce_.transpose() - s;  // even part plus noise, n × k
  Eigen::MatrixXd q = rowwise_products(x, nullptr, 0.0, fourth_powers_ ? x.cols() : 0);
  if (fourth_powers_) q.rightCols(x.cols()) = x.array().square().square().matrix();
  const Eigen::Index g_size = vecsym_size(h.cols());
  Eigen::MatrixXd g = rowwise_products(h, &s, rho_, sums_.rows() - g_size);
  g.col(g_size).setOnes();  // its row of the product sums q
  g.rightCols(sums_.rows() - g_size - 1).setZero();
  // gᵀq rather than qᵀg: the product kernel runs about 1.5× faster with the short side (g's
  // columns) on the left, measured on this shape.
  sums_.noalias() += g.transpose() * q;
}

void DetectorAccumulator::merge(const DetectorAccumulator& other) {
  n_ += other.n_;
  sums_ += other.sums_;
}

Eigen::MatrixXd DetectorAccumulator::finish(const Eigen::MatrixXd& sums) const {
  const Eigen::Index dw = whiten_.rows(), d_in = fourth_powers_ ? dw : whiten_.cols();
  Eigen::MatrixXd out(vecsym_size(dw) + (fourth_powers_ ? dw : 0), sums.cols());
  for (Eigen::Index c = 0; c < sums.cols(); ++c) {
    Eigen::MatrixXd m = plain_unvecsym(sums.col(c).head(vecsym_size(d_in)), d_in);
    if (!fourth_powers_) m = whiten_ * m * whiten_.transpose();
    out.col(c).head(vecsym_size(dw)) = vecsym(m);
    if (fourth_powers_) out.col(c).tail(dw) = sums.col(c).tail(dw);
  }
  return out;
}

Eigen::MatrixXd DetectorAccumulator::detector() const {
  const Eigen::Index k = reduce_.rows();
  Eigen::MatrixXd t = finish(sums_.topRows(vecsym_size(k)).transpose() / static_cast<double>(n_));
  // The √2 weights of vecsym on the g side: off-diagonal output pairs.
  Eigen::Index col = 0;
  for (Eigen::Index j = 0; j < k; ++j)
    for (Eigen::Index i = j; i < k; ++i, ++col)
      if (i != j) t.col(col) *= std::numbers::sqrt2;
  return t;
}

Eigen::VectorXd DetectorAccumulator::mean_test_functions() const {
  return finish(sums_.row(vecsym_size(reduce_.rows())).transpose() / static_cast<double>(n_));
}

}  // namespace nnm
