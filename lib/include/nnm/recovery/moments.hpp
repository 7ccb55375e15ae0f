#pragma once
// First and second moments of (x, y) in one streaming, mergeable pass, plus the odd-moment sums
// behind the symmetry diagnostic.
#include <Eigen/Core>
#include <cstdint>

#include "nnm/core/flat_state.hpp"

namespace nnm {

/// Sums over samples of x xᵀ, y xᵀ, y, and of a few odd functions of x. Add blocks with add(),
/// combine partial results of later samples with merge(); all sums are plain (not averaged) so
/// merging is exact addition.
class JointMomentAccumulator {
 public:
  JointMomentAccumulator(Eigen::Index d, Eigen::Index m);

  void add(const Eigen::Ref<const Eigen::MatrixXd>& X, const Eigen::Ref<const Eigen::MatrixXd>& Y);
  void merge(const JointMomentAccumulator& other);
  /// The sums as a flat state (for combining ranks: nnm/core/reduction_channel.hpp).
  void save(StateWriter& out) const {
    out << n_ << xx_ << yx_ << yyxx_ << x_ << y_ << yy_ << odd_sum_ << odd_sq_;
  }
  void load(StateReader& in) {
    in >> n_ >> xx_ >> yx_ >> yyxx_ >> x_ >> y_ >> yy_ >> odd_sum_ >> odd_sq_;
  }

  std::uint64_t count() const { return n_; }
  Eigen::MatrixXd second_moment() const;  ///< E[x xᵀ] (d × d)
  Eigen::MatrixXd cross_moment() const;   ///< E[y xᵀ] (m × d)
  Eigen::VectorXd mean_x() const;         ///< E[x]
  Eigen::VectorXd mean_y() const;         ///< E[y]
  double mean_squared_y() const;          ///< E[‖y‖²]
  /// E‖y − (Bx + c)‖² for the best affine predictor: what a linear model leaves unexplained.
  double affine_residual() const;
  /// E[‖y‖² x xᵀ] (d × d): sets the sampling-noise floor of E[y xᵀ] in any input coordinates.
  Eigen::MatrixXd output_weighted_second_moment() const;

  /// Odd statistics g(x) with g(−x) = −g(x): x_i, x_i³ and x_i·‖x‖²/d for each coordinate. Under a
  /// symmetric law each has mean exactly 0.
  static constexpr int kOddFamilies = 3;
  /// Per statistic: sample mean divided by its standard error (a z-score; ≈ N(0,1) if symmetric).
  Eigen::VectorXd odd_z_scores() const;
  /// Per statistic: |sample mean| / sample standard deviation (an effect size, independent of n).
  Eigen::VectorXd odd_effect_sizes() const;

 private:
  Eigen::Index d_, m_;
  std::uint64_t n_ = 0;
  Eigen::MatrixXd xx_, yx_, yyxx_;
  Eigen::VectorXd x_, y_;
  double yy_ = 0.0;
  Eigen::VectorXd odd_sum_, odd_sq_;  // kOddFamilies·d entries
};

}  // namespace nnm
