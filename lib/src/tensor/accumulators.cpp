#include "nnm/tensor/accumulators.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "nnm/core/error.hpp"
#include "nnm/core/parallel_blocks.hpp"

namespace nnm {
namespace {

// Partials are kept for a wave of blocks at a time; bound their memory (the result does not
// depend on the wave, only on the block size).
Eigen::Index wave_for(Eigen::Index numbers_per_block) {
  return std::clamp<Eigen::Index>(
      (Eigen::Index{1} << 23) / std::max<Eigen::Index>(numbers_per_block, 1), 2, 16);
}

void check_weights(const Eigen::Ref<const Eigen::MatrixXd>& X,
                   const Eigen::Ref<const Eigen::VectorXd>& w, const char* who) {
  if (w.size() != 0 && w.size() != X.rows())
    throw InputError(std::string(who) + ": " + std::to_string(w.size()) + " weights for " +
                     std::to_string(X.rows()) + " samples");
}

// The checks the two query accumulators (one order-p contraction or slice per column of U) share.
void check_order(int order, const char* who) {
  if (order != 3 && order != 4) throw InputError(std::string(who) + ": order must be 3 or 4");
}

void check_samples(const Eigen::Ref<const Eigen::MatrixXd>& X,
                   const Eigen::Ref<const Eigen::VectorXd>& w, const Eigen::MatrixXd& U,
                   const char* who) {
  if (X.cols() != U.rows())
    throw InputError(std::string(who) + ": samples of dimension " + std::to_string(X.cols()) +
                     ", expected " + std::to_string(U.rows()));
  check_weights(X, w, who);
}

void check_same_query(int order, const Eigen::MatrixXd& U, int other_order,
                      const Eigen::MatrixXd& other_U, const char* who) {
  // Shapes first: comparing matrices of different shapes is undefined in Eigen (asserts in Debug).
  if (other_order != order || other_U.rows() != U.rows() || other_U.cols() != U.cols() ||
      other_U != U)
    throw InputError(std::string(who) + "::merge: accumulators for different queries");
}

}  // namespace

MomentAccumulator::MomentAccumulator(Eigen::Index dim)
    : sum_x_(Eigen::VectorXd::Zero(dim)), sum_xx_(Eigen::MatrixXd::Zero(dim, dim)) {}

void MomentAccumulator::add(const Eigen::Ref<const Eigen::MatrixXd>& X,
                            const Eigen::Ref<const Eigen::VectorXd>& w) {
  if (X.cols() != sum_x_.size())
    throw InputError("MomentAccumulator: samples of dimension " + std::to_string(X.cols()) +
                     ", expected " + std::to_string(sum_x_.size()));
  check_weights(X, w, "MomentAccumulator");
  const Eigen::Index d = X.cols();
  const Eigen::Index wave = wave_for(d * d);
  struct Part {
    double w = 0;
    Eigen::VectorXd x;
    Eigen::MatrixXd xx;
  };
  std::vector<Part> parts(static_cast<std::size_t>(wave));
  reduce_in_blocks(
      X.rows(), kTensorBlockRows, wave,
      [&](Eigen::Index slot, Eigen::Index first, Eigen::Index rows) {
        Part& p = parts[static_cast<std::size_t>(slot)];
        const auto block = X.middleRows(first, rows);
        p.xx.setZero(d, d);
        if (w.size() == 0) {
          p.w = static_cast<double>(rows);
          p.x = block.colwise().sum().transpose();
          p.xx.selfadjointView<Eigen::Lower>().rankUpdate(block.transpose());
        } else {
          const auto wb = w.segment(first, rows);
          p.w = wb.sum();
          p.x = block.transpose() * wb;
          p.xx.triangularView<Eigen::Lower>() =
              block.transpose() * (block.array().colwise() * wb.array()).matrix();
        }
      },
      [&](Eigen::Index slot) {
        const Part& p = parts[static_cast<std::size_t>(slot)];
        sum_w_ += p.w;
        sum_x_ += p.x;
        sum_xx_.triangularView<Eigen::Lower>() += p.xx;
      });
  count_ += static_cast<std::uint64_t>(X.rows());
}

void MomentAccumulator::merge(const MomentAccumulator& other) {
  if (other.sum_x_.size() != sum_x_.size())
    throw InputError("MomentAccumulator::merge: dimensions differ");
  count_ += other.count_;
  sum_w_ += other.sum_w_;
  sum_x_ += other.sum_x_;
  sum_xx_.triangularView<Eigen::Lower>() += other.sum_xx_;
}

double MomentAccumulator::mean_weight() const {
  return count_ ? sum_w_ / static_cast<double>(count_) : 0.0;
}

Eigen::VectorXd MomentAccumulator::mean() const {
  return count_ ? Eigen::VectorXd(sum_x_ / static_cast<double>(count_)) : Eigen::VectorXd(sum_x_);
}

Eigen::MatrixXd MomentAccumulator::second() const {
  Eigen::MatrixXd m = sum_xx_.selfadjointView<Eigen::Lower>();
  return count_ ? Eigen::MatrixXd(m / static_cast<double>(count_)) : m;
}

Eigen::MatrixXd MomentAccumulator::covariance() const {
  const Eigen::VectorXd mu = mean();
  return second() - mu * mu.transpose();
}

ContractionAccumulator::ContractionAccumulator(int order, Eigen::MatrixXd U)
    : order_(order), U_(std::move(U)), sum_(Eigen::MatrixXd::Zero(U_.rows(), U_.cols())) {
  check_order(order_, "ContractionAccumulator");
}

void ContractionAccumulator::add(const Eigen::Ref<const Eigen::MatrixXd>& X,
                                 const Eigen::Ref<const Eigen::VectorXd>& w) {
  check_samples(X, w, U_, "ContractionAccumulator");
  const Eigen::Index wave = 16;
  std::vector<Eigen::MatrixXd> parts(static_cast<std::size_t>(wave));
  reduce_in_blocks(
      X.rows(), kTensorBlockRows, wave,
      [&](Eigen::Index slot, Eigen::Index first, Eigen::Index rows) {
        const auto block = X.middleRows(first, rows);
        Eigen::ArrayXXd p = (block * U_).array();  // rows × L projections xᵀu
        Eigen::ArrayXXd q = order_ == 3 ? (p * p).eval() : (p * p * p).eval();
        if (w.size() != 0) q.colwise() *= w.segment(first, rows).array();
        parts[static_cast<std::size_t>(slot)].noalias() = block.transpose() * q.matrix();
      },
      [&](Eigen::Index slot) { sum_ += parts[static_cast<std::size_t>(slot)]; });
  count_ += static_cast<std::uint64_t>(X.rows());
}

void ContractionAccumulator::merge(const ContractionAccumulator& other) {
  check_same_query(order_, U_, other.order_, other.U_, "ContractionAccumulator");
  count_ += other.count_;
  sum_ += other.sum_;
}

Eigen::MatrixXd ContractionAccumulator::mean() const {
  return count_ ? Eigen::MatrixXd(sum_ / static_cast<double>(count_)) : sum_;
}

SliceAccumulator::SliceAccumulator(int order, Eigen::MatrixXd U)
    : order_(order),
      U_(std::move(U)),
      sum_(static_cast<std::size_t>(U_.cols()), Eigen::MatrixXd::Zero(U_.rows(), U_.rows())) {
  check_order(order_, "SliceAccumulator");
}

void SliceAccumulator::add(const Eigen::Ref<const Eigen::MatrixXd>& X,
                           const Eigen::Ref<const Eigen::VectorXd>& w) {
  check_samples(X, w, U_, "SliceAccumulator");
  const Eigen::Index d = U_.rows(), L = U_.cols();
  const Eigen::Index wave = std::clamp<Eigen::Index>(
      (Eigen::Index{1} << 23) / std::max<Eigen::Index>(L * d * d, 1), 1, 16);
  std::vector<std::vector<Eigen::MatrixXd>> parts(static_cast<std::size_t>(wave));
  reduce_in_blocks(
      X.rows(), kTensorBlockRows, wave,
      [&](Eigen::Index slot, Eigen::Index first, Eigen::Index rows) {
        auto& part = parts[static_cast<std::size_t>(slot)];
        part.resize(static_cast<std::size_t>(L));
        const auto block = X.middleRows(first, rows);
        Eigen::ArrayXXd p = (block * U_).array();
        if (order_ == 4) p *= p;
        if (w.size() != 0) p.colwise() *= w.segment(first, rows).array();
        for (Eigen::Index l = 0; l < L; ++l)
          part[static_cast<std::size_t>(l)].noalias() =
              block.transpose() * (block.array().colwise() * p.col(l)).matrix();
      },
      [&](Eigen::Index slot) {
        const auto& part = parts[static_cast<std::size_t>(slot)];
        for (Eigen::Index l = 0; l < L; ++l)
          sum_[static_cast<std::size_t>(l)] += part[static_cast<std::size_t>(l)];
      });
  count_ += static_cast<std::uint64_t>(X.rows());
}

void SliceAccumulator::merge(const SliceAccumulator& other) {
  check_same_query(order_, U_, other.order_, other.U_, "SliceAccumulator");
  count_ += other.count_;
  for (std::size_t l = 0; l < sum_.size(); ++l) sum_[l] += other.sum_[l];
}

std::vector<Eigen::MatrixXd> SliceAccumulator::mean() const {
  std::vector<Eigen::MatrixXd> out = sum_;
  if (count_)
    for (auto& S : out) S /= static_cast<double>(count_);
  return out;
}

}  // namespace nnm
