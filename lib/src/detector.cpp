#include "nnm/detector.hpp"

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
// Row r of the result is vecsym(a_r a_rᵀ − ρ b_r b_rᵀ) for the rows a_r, b_r of a and b.
Eigen::MatrixXd rowwise_vecsym(const Eigen::MatrixXd& a, const Eigen::MatrixXd* b, double rho) {
  const Eigen::Index n = a.rows(), k = a.cols();
  Eigen::MatrixXd out(n, vecsym_size(k));
  Eigen::Index col = 0;
  for (Eigen::Index j = 0; j < k; ++j)
    for (Eigen::Index i = j; i < k; ++i, ++col) {
      const double w = i == j ? 1.0 : std::numbers::sqrt2;
      if (b)
        out.col(col) = w * (a.col(i).cwiseProduct(a.col(j)) - rho * b->col(i).cwiseProduct(b->col(j)));
      else
        out.col(col) = w * a.col(i).cwiseProduct(a.col(j));
    }
  return out;
}
}  // namespace

DetectorAccumulator::DetectorAccumulator(Eigen::MatrixXd whiten, Eigen::MatrixXd reduce,
                                         Eigen::MatrixXd odd, double rho, bool fourth_powers)
    : whiten_(std::move(whiten)), reduce_(std::move(reduce)), odd_(std::move(odd)), rho_(rho),
      fourth_powers_(fourth_powers) {
  const Eigen::Index rows = vecsym_size(whiten_.rows()) + (fourth_powers_ ? whiten_.rows() : 0);
  sum_ = Eigen::MatrixXd::Zero(rows, vecsym_size(reduce_.rows()));
  q_sum_ = Eigen::VectorXd::Zero(rows);
}

void DetectorAccumulator::add(const Eigen::Ref<const Eigen::MatrixXd>& X,
                              const Eigen::Ref<const Eigen::MatrixXd>& Y) {
  n_ += static_cast<std::uint64_t>(X.rows());
  const Eigen::MatrixXd xw = X * whiten_.transpose();      // n × d_w
  const Eigen::MatrixXd s = xw * odd_.transpose();         // odd part, n × k
  const Eigen::MatrixXd h = Y * reduce_.transpose() - s;   // even part plus noise, n × k
  Eigen::MatrixXd q = rowwise_vecsym(xw, nullptr, 0.0);
  if (fourth_powers_) {
    const Eigen::Index base = q.cols();
    q.conservativeResize(Eigen::NoChange, base + xw.cols());
    q.rightCols(xw.cols()) = xw.array().square().square().matrix();
  }
  const Eigen::MatrixXd g = rowwise_vecsym(h, &s, rho_);
  sum_.noalias() += q.transpose() * g;
  q_sum_ += q.colwise().sum().transpose();
}

void DetectorAccumulator::merge(const DetectorAccumulator& other) {
  n_ += other.n_;
  sum_ += other.sum_;
  q_sum_ += other.q_sum_;
}

}  // namespace nnm
