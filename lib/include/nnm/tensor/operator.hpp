#pragma once
// Symmetric tensors of order 3 or 4 seen only through their contractions, the way Spectra sees a
// matrix only through perform_op(). Every decomposition in nnm/tensor takes a TensorOperator, so
// it runs unchanged on a dense tensor, on a moment of samples that is never formed, and on either
// of them with components deflated away.
#include <Eigen/Core>
#include <optional>
#include <vector>

namespace nnm {

class SymmetricTensor;

class TensorOperator {
 public:
  virtual ~TensorOperator() = default;

  virtual int order() const = 0;  ///< 3 or 4
  virtual Eigen::Index dim() const = 0;

  /// Column l is T(I, u_l, …, u_l) for column u_l of U (dim × L). One pass serves all L vectors.
  virtual Eigen::MatrixXd contract(const Eigen::MatrixXd& U) const = 0;
  /// Matrix l is T(I, I, u_l) (order 3) or T(I, I, u_l, u_l) (order 4), dim × dim.
  virtual std::vector<Eigen::MatrixXd> slices(const Eigen::MatrixXd& U) const = 0;
  /// ‖T‖²_F when it is known exactly and cheaply (dense and low-rank tensors), else nullopt.
  virtual std::optional<double> squared_norm() const { return std::nullopt; }

  Eigen::VectorXd apply(const Eigen::VectorXd& u) const;   ///< T(I, u, …, u)
  double value(const Eigen::VectorXd& u) const;            ///< T(u, …, u)
  Eigen::VectorXd values(const Eigen::MatrixXd& U) const;  ///< T(u_l, …, u_l) for each column
  /// Throws InputError unless U has dim() rows.
  void check_rows(const Eigen::MatrixXd& U, const char* what) const;
};

/// Σ_j λ_j a_j^{⊗p}: the model every decomposition returns.
class LowRankTensor final : public TensorOperator {
 public:
  LowRankTensor(int order, Eigen::VectorXd weights, Eigen::MatrixXd factors);

  int order() const override { return order_; }
  Eigen::Index dim() const override { return factors_.rows(); }
  Eigen::MatrixXd contract(const Eigen::MatrixXd& U) const override;
  std::vector<Eigen::MatrixXd> slices(const Eigen::MatrixXd& U) const override;
  std::optional<double> squared_norm() const override;

  const Eigen::VectorXd& weights() const { return weights_; }
  const Eigen::MatrixXd& factors() const { return factors_; }
  /// ⟨T, this⟩ = Σ_j λ_j T(a_j, …, a_j) for any operator T of the same order and dimension.
  double inner(const TensorOperator& t) const;

 private:
  int order_;
  Eigen::VectorXd weights_;
  Eigen::MatrixXd factors_;  // dim × rank
};

/// T − Σ_j λ_j a_j^{⊗p}, applied implicitly: deflation without forming anything.
/// Keeps a reference to `base`, which must outlive it.
class DeflatedOperator final : public TensorOperator {
 public:
  DeflatedOperator(const TensorOperator& base, LowRankTensor removed);

  int order() const override { return base_.order(); }
  Eigen::Index dim() const override { return base_.dim(); }
  Eigen::MatrixXd contract(const Eigen::MatrixXd& U) const override;
  std::vector<Eigen::MatrixXd> slices(const Eigen::MatrixXd& U) const override;
  std::optional<double> squared_norm() const override;

 private:
  const TensorOperator& base_;
  LowRankTensor removed_;
};

/// T(I, v_1, …, v_{p−1}) column by column for distinct vectors (the columns of V[0], V[1], …,
/// p − 1 matrices of equal shape), from symmetric contractions only by polarisation.
Eigen::MatrixXd contract_multilinear(const TensorOperator& t,
                                     const std::vector<Eigen::MatrixXd>& V);

/// The dense tensor behind any operator, from dim or dim(dim+1)/2 slices: only for small dim.
SymmetricTensor materialize(const TensorOperator& t);

}  // namespace nnm
