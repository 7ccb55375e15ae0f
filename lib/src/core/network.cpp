#include "nnm/core/network.hpp"

#include "nnm/core/error.hpp"

namespace nnm {

void Network::validate() const {
  const auto k = W.rows();
  if (k == 0 || W.cols() == 0) throw InputError("network: W is empty");
  if (A.cols() != k || A.rows() == 0)
    throw InputError("network: A has " + std::to_string(A.cols()) + " columns but W has " +
                     std::to_string(k) + " rows (one per hidden unit)");
  if (b.size() != 0 && b.size() != k)
    throw InputError("network: b has " + std::to_string(b.size()) + " entries, expected " +
                     std::to_string(k));
  if (c.size() != 0 && c.size() != A.rows())
    throw InputError("network: c has " + std::to_string(c.size()) + " entries, expected " +
                     std::to_string(A.rows()));
  if (!A.allFinite() || !W.allFinite() || !b.allFinite() || !c.allFinite())
    throw InputError("network: weights contain NaN or Inf");
}

Eigen::MatrixXd Network::hidden_activations(const Eigen::Ref<const Eigen::MatrixXd>& X) const {
  Eigen::MatrixXd z = X * W.transpose();
  if (b.size() != 0) z.rowwise() += b.transpose();
  activation.apply(z);
  return z;
}

Eigen::MatrixXd Network::forward(const Eigen::Ref<const Eigen::MatrixXd>& X) const {
  Eigen::MatrixXd y = hidden_activations(X) * A.transpose();
  if (c.size() != 0) y.rowwise() += c.transpose();
  return y;
}

}  // namespace nnm
