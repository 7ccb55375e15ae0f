#pragma once
// Mergeable sums over samples, the building blocks of the implicit moment operators. Each add()
// reduces its rows in fixed blocks (nnm/core/parallel_blocks.hpp); merge() adds another
// accumulator's sums, and save()/load() carry the sums as flat doubles (nnm/core/flat_state.hpp),
// so chunks of a file, threads and processes (data/block_reduce.hpp) combine the same way.
#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "nnm/core/flat_state.hpp"

namespace nnm {

/// Weighted low-order sums: Σ w, Σ w·x, Σ w·x xᵀ (w = 1 when no weights are given).
class MomentAccumulator {
 public:
  explicit MomentAccumulator(Eigen::Index dim);
  /// Rows of X are samples; w (if non-empty) holds one weight per row.
  void add(const Eigen::Ref<const Eigen::MatrixXd>& X,
           const Eigen::Ref<const Eigen::VectorXd>& w = Eigen::VectorXd());
  void merge(const MomentAccumulator& other);
  void save(StateWriter& out) const { out << count_ << sum_w_ << sum_x_ << sum_xx_; }
  void load(StateReader& in) { in >> count_ >> sum_w_ >> sum_x_ >> sum_xx_; }

  std::uint64_t count() const { return count_; }
  double mean_weight() const;          ///< E[w]
  Eigen::VectorXd mean() const;        ///< E[w x]
  Eigen::MatrixXd second() const;      ///< E[w x xᵀ]
  Eigen::MatrixXd covariance() const;  ///< E[x xᵀ] − E[x] E[x]ᵀ (unweighted use)

 private:
  std::uint64_t count_ = 0;
  double sum_w_ = 0.0;
  Eigen::VectorXd sum_x_;
  Eigen::MatrixXd sum_xx_;  // lower triangle is authoritative
};

/// Σ_t w_t (x_tᵀu_l)^{p−1} x_t for a fixed set of query vectors u_l (the columns of U): one pass
/// over the data applies the raw order-p moment to all of them, T(I, u_l, …, u_l).
class ContractionAccumulator {
 public:
  ContractionAccumulator(int order, Eigen::MatrixXd U);
  void add(const Eigen::Ref<const Eigen::MatrixXd>& X,
           const Eigen::Ref<const Eigen::VectorXd>& w = Eigen::VectorXd());
  void merge(const ContractionAccumulator& other);
  void save(StateWriter& out) const { out << count_ << sum_; }
  void load(StateReader& in) { in >> count_ >> sum_; }

  std::uint64_t count() const { return count_; }
  /// (1/n) Σ_t w_t (x_tᵀu_l)^{p−1} x_t, dim × L.
  Eigen::MatrixXd mean() const;

 private:
  int order_;
  Eigen::MatrixXd U_;
  std::uint64_t count_ = 0;
  Eigen::MatrixXd sum_;
};

/// Σ_t w_t (x_tᵀu_l)^{p−2} x_t x_tᵀ for each column u_l of U: the slices T(I, I, u_l, …) of the raw
/// order-p moment, one dim × dim matrix per query, in one pass.
class SliceAccumulator {
 public:
  SliceAccumulator(int order, Eigen::MatrixXd U);
  void add(const Eigen::Ref<const Eigen::MatrixXd>& X,
           const Eigen::Ref<const Eigen::VectorXd>& w = Eigen::VectorXd());
  void merge(const SliceAccumulator& other);
  void save(StateWriter& out) const { out << count_ << sum_; }
  void load(StateReader& in) { in >> count_ >> sum_; }

  std::uint64_t count() const { return count_; }
  /// (1/n) Σ_t w_t (x_tᵀu_l)^{p−2} x_t x_tᵀ, one dim × dim matrix per column of U.
  std::vector<Eigen::MatrixXd> mean() const;

 private:
  int order_;
  Eigen::MatrixXd U_;
  std::uint64_t count_ = 0;
  std::vector<Eigen::MatrixXd> sum_;
};

}  // namespace nnm
