#pragma once
// A dense symmetric tensor of order 3 or 4, stored as all dim^p entries in row-major order
// (entry (i, j, k) at (i·dim + j)·dim + k). For tiny problems, tests, and `nnm cp --tensor`.
// Large moment tensors should stay implicit (see sample_moment.hpp): dim = 1000 at order 3 is 8 GB.
#include <Eigen/Core>
#include <string>

#include "nnm/tensor/operator.hpp"

namespace nnm {

class SymmetricTensor final : public TensorOperator {
 public:
  /// The zero tensor. Throws InputError unless order is 3 or 4 and dim ≥ 1 (and dim^p fits).
  SymmetricTensor(int order, Eigen::Index dim);
  /// Takes dim^p row-major entries; symmetry is not checked here (see asymmetry()).
  SymmetricTensor(int order, Eigen::Index dim, Eigen::VectorXd entries);
  /// Σ_j λ_j a_j^{⊗p} for the columns a_j of `factors`.
  static SymmetricTensor from_factors(int order, const Eigen::VectorXd& weights,
                                      const Eigen::MatrixXd& factors);

  int order() const override { return order_; }
  Eigen::Index dim() const override { return dim_; }
  Eigen::MatrixXd contract(const Eigen::MatrixXd& U) const override;
  std::vector<Eigen::MatrixXd> slices(const Eigen::MatrixXd& U) const override;
  std::optional<double> squared_norm() const override { return entries_.squaredNorm(); }

  const Eigen::VectorXd& entries() const { return entries_; }
  Eigen::VectorXd& entries() { return entries_; }
  Eigen::Index size() const { return entries_.size(); }  ///< dim^p
  double operator()(Eigen::Index i, Eigen::Index j, Eigen::Index k) const;
  double operator()(Eigen::Index i, Eigen::Index j, Eigen::Index k, Eigen::Index l) const;

  /// max |T_σ(idx) − T_idx| / max |T| over all index permutations σ (0 for a symmetric tensor).
  double asymmetry() const;
  /// Replaces T by the average of its index permutations.
  void symmetrize();

 private:
  int order_;
  Eigen::Index dim_;
  Eigen::VectorXd entries_;
};

/// Reads {"order": p, "dim": d, "data": [d^p row-major values]}. Throws InputError naming the file
/// (and line, for JSON syntax errors) when it is malformed or not symmetric (relative tol 1e-8).
SymmetricTensor read_tensor(const std::string& path);
/// The same format as JSON text (one line per dim^(p−1) entries).
std::string tensor_text(const SymmetricTensor& t);
/// Writes atomically.
void write_tensor(const std::string& path, const SymmetricTensor& t);

}  // namespace nnm
