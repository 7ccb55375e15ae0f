#pragma once
// Student networks for the gradient learner: fully connected, one or more hidden layers of the
// same activation, a linear output layer,
//   h_0 = x,  h_l = σ(W_l h_{l−1} + b_l) for l = 1..L,  ŷ = A h_L + c.
//
// All parameters live in one flat vector (layer by layer: W_l column-major, then b_l; A, then c),
// so an optimiser updates them with vector arithmetic and a gradient is a vector of the same
// layout. Inputs are passed as columns (d × batch): a mini-batch is then one contiguous block.
#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "nnm/core/activation.hpp"
#include "nnm/core/network.hpp"

namespace nnm {

/// Scratch matrices for Student::gradient, reused across calls (one per thread).
struct StudentWorkspace {
  std::vector<Eigen::MatrixXd> pre;     ///< W_l h_{l−1} + b_l, per hidden layer
  std::vector<Eigen::MatrixXd> post;    ///< h_l, per hidden layer
  std::vector<Eigen::MatrixXd> deltas;  ///< d(loss)/d(pre-activation), per layer and the output
  Eigen::MatrixXd output;
};

class Student {
 public:
  Student() = default;
  /// A network with the given hidden widths (at least one layer), all parameters zero.
  Student(Eigen::Index input_dim, std::vector<Eigen::Index> hidden, Eigen::Index output_dim,
          Activation activation);
  /// The two-layer network as a student with one hidden layer (missing biases become zeros).
  static Student from_network(const Network& network);

  Eigen::Index input_dim() const { return input_dim_; }
  Eigen::Index output_dim() const { return output_dim_; }
  const std::vector<Eigen::Index>& hidden() const { return hidden_; }
  const Activation& activation() const { return activation_; }
  Eigen::Index parameter_count() const { return parameters_.size(); }

  /// PyTorch's default for linear layers: weights and biases uniform on ±1/√fan_in, drawn from
  /// (seed, streams::training, 0), so a seed gives the same start on every machine.
  void initialise(std::uint64_t seed);

  Eigen::VectorXd& parameters() { return parameters_; }
  const Eigen::VectorXd& parameters() const { return parameters_; }

  /// Layer l's weights and biases, l = 0..L−1 hidden, l = L the output layer (A and c).
  Eigen::Map<Eigen::MatrixXd> weights(std::size_t layer);
  Eigen::Map<const Eigen::MatrixXd> weights(std::size_t layer) const;
  Eigen::Map<Eigen::VectorXd> biases(std::size_t layer);
  Eigen::Map<const Eigen::VectorXd> biases(std::size_t layer) const;

  /// Outputs for inputs given one sample per row (n × d); the result is n × m.
  Eigen::MatrixXd predict(const Eigen::Ref<const Eigen::MatrixXd>& X) const;
  /// Outputs for inputs given one sample per column (d × n); Yt becomes m × n.
  void predict_columns(const Eigen::Ref<const Eigen::MatrixXd>& Xt, Eigen::MatrixXd& Yt,
                       StudentWorkspace& ws) const;

  /// Sum of squared errors Σ‖ŷ − y‖² over the columns of (Xt, Yt), and `scale` times its gradient
  /// with respect to parameters() written into `gradient` (resized if needed).
  double gradient(const Eigen::Ref<const Eigen::MatrixXd>& Xt,
                  const Eigen::Ref<const Eigen::MatrixXd>& Yt, double scale,
                  Eigen::VectorXd& gradient, StudentWorkspace& ws) const;

  /// The two-layer network it computes. Throws std::logic_error unless it has one hidden layer.
  Network to_network() const;

 private:
  std::size_t layer_count() const { return hidden_.size() + 1; }
  Eigen::Index fan_in(std::size_t layer) const;
  Eigen::Index fan_out(std::size_t layer) const;

  Eigen::Index input_dim_ = 0, output_dim_ = 0;
  std::vector<Eigen::Index> hidden_;
  Activation activation_;
  Eigen::VectorXd parameters_;
  std::vector<Eigen::Index> offsets_;  // start of each layer's W; its b follows W
};

}  // namespace nnm
