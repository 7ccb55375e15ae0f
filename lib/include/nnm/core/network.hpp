#pragma once
// Two-layer networks y = A σ(W x + b) + c.
#include <Eigen/Core>

#include "nnm/core/activation.hpp"

namespace nnm {

struct Network {
  Eigen::MatrixXd A;  ///< m × k output weights (column i belongs to hidden unit i)
  Eigen::MatrixXd W;  ///< k × d hidden weights (row i is unit i's direction)
  Eigen::VectorXd b;  ///< k hidden biases; empty means none
  Eigen::VectorXd c;  ///< m output biases; empty means none
  Activation activation;

  Eigen::Index input_dim() const { return W.cols(); }
  Eigen::Index hidden() const { return W.rows(); }
  Eigen::Index output_dim() const { return A.rows(); }

  /// Throws InputError if the shapes of A, W, b, c disagree or an entry is not finite.
  void validate() const;

  /// Outputs for a block of inputs: X is n × d (one sample per row), the result n × m.
  Eigen::MatrixXd forward(const Eigen::Ref<const Eigen::MatrixXd>& X) const;
  /// Hidden activations σ(XWᵀ + bᵀ), n × k.
  Eigen::MatrixXd hidden_activations(const Eigen::Ref<const Eigen::MatrixXd>& X) const;
};

}  // namespace nnm
