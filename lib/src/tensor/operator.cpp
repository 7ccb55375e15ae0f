#include "nnm/tensor/operator.hpp"

#include <string>

#include "nnm/core/error.hpp"
#include "nnm/tensor/symmetric_tensor.hpp"

namespace nnm {

void TensorOperator::check_rows(const Eigen::MatrixXd& U, const char* what) const {
  if (U.rows() != dim())
    throw InputError(std::string(what) + ": vectors have " + std::to_string(U.rows()) +
                     " entries but the tensor has dimension " + std::to_string(dim()));
}

Eigen::VectorXd TensorOperator::apply(const Eigen::VectorXd& u) const { return contract(u).col(0); }

double TensorOperator::value(const Eigen::VectorXd& u) const { return u.dot(apply(u)); }

Eigen::VectorXd TensorOperator::values(const Eigen::MatrixXd& U) const {
  return contract(U).cwiseProduct(U).colwise().sum().transpose();
}

LowRankTensor::LowRankTensor(int order, Eigen::VectorXd weights, Eigen::MatrixXd factors)
    : order_(order), weights_(std::move(weights)), factors_(std::move(factors)) {
  if (order_ != 3 && order_ != 4) throw InputError("LowRankTensor: order must be 3 or 4");
  if (weights_.size() != factors_.cols())
    throw InputError("LowRankTensor: " + std::to_string(weights_.size()) + " weights for " +
                     std::to_string(factors_.cols()) + " factors");
}

Eigen::MatrixXd LowRankTensor::contract(const Eigen::MatrixXd& U) const {
  check_rows(U, "LowRankTensor::contract");
  Eigen::ArrayXXd g = (factors_.transpose() * U).array();
  const Eigen::ArrayXXd power = order_ == 3 ? (g * g).eval() : (g * g * g).eval();
  return factors_ * (power.colwise() * weights_.array()).matrix();
}

std::vector<Eigen::MatrixXd> LowRankTensor::slices(const Eigen::MatrixXd& U) const {
  check_rows(U, "LowRankTensor::slices");
  std::vector<Eigen::MatrixXd> out;
  const Eigen::ArrayXXd g = (factors_.transpose() * U).array();
  for (Eigen::Index l = 0; l < U.cols(); ++l) {
    Eigen::ArrayXd d = weights_.array() * g.col(l);
    if (order_ == 4) d *= g.col(l);
    out.push_back(factors_ * d.matrix().asDiagonal() * factors_.transpose());
  }
  return out;
}

std::optional<double> LowRankTensor::squared_norm() const {
  Eigen::ArrayXXd gram = (factors_.transpose() * factors_).array();
  Eigen::ArrayXXd power = gram * gram * gram;
  if (order_ == 4) power *= gram;
  return weights_.dot(power.matrix() * weights_);
}

double LowRankTensor::inner(const TensorOperator& t) const {
  if (t.order() != order_ || t.dim() != dim())
    throw InputError("LowRankTensor::inner: tensors of different order or dimension");
  if (factors_.cols() == 0) return 0.0;
  return weights_.dot(t.values(factors_));
}

DeflatedOperator::DeflatedOperator(const TensorOperator& base, LowRankTensor removed)
    : base_(base), removed_(std::move(removed)) {
  if (removed_.order() != base_.order() || removed_.dim() != base_.dim())
    throw InputError("DeflatedOperator: the removed components do not match the tensor");
}

Eigen::MatrixXd DeflatedOperator::contract(const Eigen::MatrixXd& U) const {
  return base_.contract(U) - removed_.contract(U);
}

std::vector<Eigen::MatrixXd> DeflatedOperator::slices(const Eigen::MatrixXd& U) const {
  auto out = base_.slices(U);
  const auto minus = removed_.slices(U);
  for (std::size_t l = 0; l < out.size(); ++l) out[l] -= minus[l];
  return out;
}

std::optional<double> DeflatedOperator::squared_norm() const {
  const auto base = base_.squared_norm();
  if (!base) return std::nullopt;
  return *base - 2.0 * removed_.inner(base_) + *removed_.squared_norm();
}

Eigen::MatrixXd contract_multilinear(const TensorOperator& t,
                                     const std::vector<Eigen::MatrixXd>& V) {
  const int p = t.order();
  if (static_cast<int>(V.size()) != p - 1)
    throw InputError("contract_multilinear: an order-" + std::to_string(p) + " tensor needs " +
                     std::to_string(p - 1) + " vector sets");
  for (const auto& v : V)
    if (v.rows() != V[0].rows() || v.cols() != V[0].cols())
      throw InputError("contract_multilinear: vector sets differ in shape");
  const Eigen::Index L = V[0].cols();
  if (p == 3) {
    // T(I,b,c) = ¼ [T(I,b+c,b+c) − T(I,b−c,b−c)]
    Eigen::MatrixXd probes(V[0].rows(), 2 * L);
    probes << V[0] + V[1], V[0] - V[1];
    const Eigen::MatrixXd r = t.contract(probes);
    return 0.25 * (r.leftCols(L) - r.rightCols(L));
  }
  // T(I,b,c,e) = (1/24) Σ_{s,t=±1} s·t·T(I,v,v,v) with v = b + s·c + t·e.
  Eigen::MatrixXd probes(V[0].rows(), 4 * L);
  const double signs[4][2] = {{1, 1}, {1, -1}, {-1, 1}, {-1, -1}};
  for (int q = 0; q < 4; ++q)
    probes.middleCols(q * L, L) = V[0] + signs[q][0] * V[1] + signs[q][1] * V[2];
  const Eigen::MatrixXd r = t.contract(probes);
  Eigen::MatrixXd out = Eigen::MatrixXd::Zero(V[0].rows(), L);
  for (int q = 0; q < 4; ++q) out += (signs[q][0] * signs[q][1] / 24.0) * r.middleCols(q * L, L);
  return out;
}

SymmetricTensor materialize(const TensorOperator& t) {
  const Eigen::Index d = t.dim();
  SymmetricTensor dense(t.order(), d);
  Eigen::VectorXd& e = dense.entries();
  if (t.order() == 3) {
    const auto s = t.slices(Eigen::MatrixXd::Identity(d, d));
    for (Eigen::Index i = 0; i < d; ++i)
      for (Eigen::Index j = 0; j < d; ++j)
        for (Eigen::Index k = 0; k < d; ++k)
          e[(i * d + j) * d + k] = s[static_cast<std::size_t>(k)](i, j);
    return dense;
  }
  // Order 4: T(I,I,e_k,e_l) by polarisation from T(I,I,u,u) at u = e_k and u = e_k + e_l.
  const Eigen::Index pairs = d * (d - 1) / 2;
  Eigen::MatrixXd U = Eigen::MatrixXd::Zero(d, d + pairs);
  U.leftCols(d).setIdentity();
  Eigen::Index c = d;
  for (Eigen::Index k = 0; k < d; ++k)
    for (Eigen::Index l = k + 1; l < d; ++l, ++c) U(k, c) = U(l, c) = 1.0;
  const auto s = t.slices(U);
  const auto put = [&](Eigen::Index k, Eigen::Index l, const Eigen::MatrixXd& m) {
    for (Eigen::Index i = 0; i < d; ++i)
      for (Eigen::Index j = 0; j < d; ++j) e[((i * d + j) * d + k) * d + l] = m(i, j);
  };
  for (Eigen::Index k = 0; k < d; ++k) put(k, k, s[static_cast<std::size_t>(k)]);
  c = d;
  for (Eigen::Index k = 0; k < d; ++k)
    for (Eigen::Index l = k + 1; l < d; ++l, ++c) {
      const Eigen::MatrixXd m =
          0.5 * (s[static_cast<std::size_t>(c)] - s[static_cast<std::size_t>(k)] -
                 s[static_cast<std::size_t>(l)]);
      put(k, l, m);
      put(l, k, m);
    }
  return dense;
}

}  // namespace nnm
