#include "nnm/recovery/moments.hpp"

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>

namespace nnm {

JointMomentAccumulator::JointMomentAccumulator(Eigen::Index d, Eigen::Index m)
    : d_(d),
      m_(m),
      xx_(Eigen::MatrixXd::Zero(d, d)),
      yx_(Eigen::MatrixXd::Zero(m, d)),
      yyxx_(Eigen::MatrixXd::Zero(d, d)),
      x_(Eigen::VectorXd::Zero(d)),
      y_(Eigen::VectorXd::Zero(m)),
      odd_sum_(Eigen::VectorXd::Zero(kOddFamilies * d)),
      odd_sq_(Eigen::VectorXd::Zero(kOddFamilies * d)) {}

void JointMomentAccumulator::add(const Eigen::Ref<const Eigen::MatrixXd>& X,
                                 const Eigen::Ref<const Eigen::MatrixXd>& Y) {
  n_ += static_cast<std::uint64_t>(X.rows());
  xx_.selfadjointView<Eigen::Lower>().rankUpdate(X.transpose());
  yx_.noalias() += Y.transpose() * X;
  // The product with a diagonal of row norms recomputes a row's norm for every column it meets;
  // the norms computed once are the same numbers wherever every row falls in a SIMD packet (rows a
  // multiple of the packet size), as each is then summed in the same packet order.
  Eigen::MatrixXd weighted;
  if (Y.rows() % Eigen::internal::packet_traits<double>::size == 0) {
    const Eigen::VectorXd norms = Y.rowwise().norm();
    weighted.noalias() = norms.asDiagonal() * X;
  } else {
    weighted.noalias() = Y.rowwise().norm().asDiagonal() * X;
  }
  yyxx_.selfadjointView<Eigen::Lower>().rankUpdate(weighted.transpose());
  x_ += X.colwise().sum().transpose();
  y_ += Y.colwise().sum().transpose();
  yy_ += Y.squaredNorm();
  const Eigen::ArrayXd radius = X.rowwise().squaredNorm().array() / static_cast<double>(d_);
  for (Eigen::Index j = 0; j < d_; ++j) {
    const Eigen::ArrayXd xj = X.col(j).array();
    const Eigen::ArrayXd g[kOddFamilies] = {xj, xj.cube(), xj * radius};
    for (int f = 0; f < kOddFamilies; ++f) {
      odd_sum_[f * d_ + j] += g[f].sum();
      odd_sq_[f * d_ + j] += g[f].square().sum();
    }
  }
}

void JointMomentAccumulator::merge(const JointMomentAccumulator& o) {
  n_ += o.n_;
  xx_ += o.xx_;
  yx_ += o.yx_;
  yyxx_ += o.yyxx_;
  x_ += o.x_;
  y_ += o.y_;
  yy_ += o.yy_;
  odd_sum_ += o.odd_sum_;
  odd_sq_ += o.odd_sq_;
}

Eigen::MatrixXd JointMomentAccumulator::second_moment() const {
  Eigen::MatrixXd s = xx_.selfadjointView<Eigen::Lower>();
  return s / static_cast<double>(n_);
}
Eigen::MatrixXd JointMomentAccumulator::output_weighted_second_moment() const {
  Eigen::MatrixXd s = yyxx_.selfadjointView<Eigen::Lower>();
  return s / static_cast<double>(n_);
}
Eigen::MatrixXd JointMomentAccumulator::cross_moment() const {
  return yx_ / static_cast<double>(n_);
}
Eigen::VectorXd JointMomentAccumulator::mean_x() const { return x_ / static_cast<double>(n_); }
Eigen::VectorXd JointMomentAccumulator::mean_y() const { return y_ / static_cast<double>(n_); }

double JointMomentAccumulator::mean_squared_y() const { return yy_ / static_cast<double>(n_); }

double JointMomentAccumulator::affine_residual() const {
  // Normal equations in z = (x, 1): residual = E‖y‖² − tr(E[yzᵀ] E[zzᵀ]⁻¹ E[zyᵀ]).
  Eigen::MatrixXd zz(d_ + 1, d_ + 1);
  zz.topLeftCorner(d_, d_) = second_moment();
  zz.topRightCorner(d_, 1) = mean_x();
  zz.bottomLeftCorner(1, d_) = mean_x().transpose();
  zz(d_, d_) = 1.0;
  Eigen::MatrixXd yz(m_, d_ + 1);
  yz.leftCols(d_) = cross_moment();
  yz.col(d_) = mean_y();
  const Eigen::MatrixXd explained = yz * zz.ldlt().solve(yz.transpose());
  return std::max(0.0, mean_squared_y() - explained.trace());
}

Eigen::VectorXd JointMomentAccumulator::odd_effect_sizes() const {
  const double n = static_cast<double>(n_);
  const Eigen::ArrayXd mean = odd_sum_.array() / n;
  const Eigen::ArrayXd var = (odd_sq_.array() / n - mean.square()).max(0.0);
  return (mean.abs() / var.sqrt().max(1e-300)).matrix();
}

Eigen::VectorXd JointMomentAccumulator::odd_z_scores() const {
  return odd_effect_sizes() * std::sqrt(static_cast<double>(n_));
}

}  // namespace nnm
