#include "nnm/tensor/cp.hpp"

#include <Eigen/Cholesky>
#include <Eigen/QR>
#include <cmath>
#include <sstream>
#include <vector>

#include "nnm/core/error.hpp"
#include "nnm/core/random.hpp"
#include "nnm/linalg/matching.hpp"
#include "tensor/cp_detail.hpp"

namespace nnm {

std::string CpSummary::brief_report() const {
  std::ostringstream s;
  s << method << ": " << enum_name(status) << ", " << iterations << " iterations, fit residual "
    << fit_residual << (residual_exact ? "" : " (probe estimate)") << ", " << seconds << " s";
  if (!message.empty()) s << " — " << message;
  return s.str();
}

void CpCommonOptions::validate_common(const char* who, Eigen::Index dim) const {
  const std::string w(who);
  if (rank < 1) throw InputError(w + ".rank must be at least 1");
  if (rank > dim)
    throw InputError(w + ".rank " + std::to_string(rank) + " exceeds the tensor dimension " +
                     std::to_string(dim));
  if (residual_probes < 1) throw InputError(w + ".residual_probes must be at least 1");
  if (!(max_residual > 0)) throw InputError(w + ".max_residual must be positive");
}

namespace detail {

void finish_summary(const TensorOperator& t, int order, const CpCommonOptions& options,
                    double seconds, CpResult& result) {
  auto& s = result.summary;
  s.seconds = seconds;
  if (result.factors.cols() == 0) return;
  s.fit_residual = relative_residual(t, result.model(order), options.residual_probes, options.seed,
                                     &s.residual_exact);
  if (s.status == CpStatus::success && !(s.fit_residual <= options.max_residual)) {
    s.status = CpStatus::poor_fit;
    std::ostringstream m;
    m << "fit residual " << s.fit_residual << " exceeds the limit " << options.max_residual;
    s.message = m.str();
  }
}

void fit_weights(const TensorOperator& t, Eigen::MatrixXd& factors, Eigen::VectorXd& weights) {
  const Eigen::Index r = factors.cols();
  for (Eigen::Index j = 0; j < r; ++j) {
    const double norm = factors.col(j).norm();
    if (norm > 0) factors.col(j) /= norm;
  }
  if (t.order() % 2 == 0)
    for (Eigen::Index j = 0; j < r; ++j) {
      Eigen::Index at;
      factors.col(j).cwiseAbs().maxCoeff(&at);
      if (factors(at, j) < 0) factors.col(j) = -factors.col(j);
    }
  const Eigen::ArrayXXd gram = (factors.transpose() * factors).array();
  Eigen::ArrayXXd power = gram * gram * gram;
  if (t.order() == 4) power *= gram;
  const Eigen::VectorXd b = r ? t.values(factors) : Eigen::VectorXd();
  weights = power.matrix().completeOrthogonalDecomposition().solve(b);
  if (t.order() % 2 == 1)
    for (Eigen::Index j = 0; j < r; ++j)
      if (weights[j] < 0) {
        weights[j] = -weights[j];
        factors.col(j) = -factors.col(j);
      }
}

}  // namespace detail

double relative_residual(const TensorOperator& t, const LowRankTensor& model, int probes,
                         std::uint64_t seed, bool* exact) {
  const DeflatedOperator rest(t, model);
  const auto base = t.squared_norm();
  if (base) {
    if (exact) *exact = true;
    const double r = std::max(*rest.squared_norm(), 0.0);
    return *base > 0 ? std::sqrt(r / *base) : std::sqrt(r);
  }
  if (exact) *exact = false;
  const Eigen::MatrixXd U =
      detail::random_unit_columns(t.dim(), std::max(probes, 1), seed, detail::cp_index::probes);
  const Eigen::MatrixXd full = t.contract(U);
  const double num = (full - model.contract(U)).squaredNorm(), den = full.squaredNorm();
  return den > 0 ? std::sqrt(num / den) : std::sqrt(num);
}

FactorMatch match_factors(const Eigen::MatrixXd& estimated, const Eigen::MatrixXd& truth) {
  if (estimated.rows() != truth.rows())
    throw InputError("match_factors: estimated and true factors have different dimensions");
  FactorMatch out;
  const Eigen::Index r = estimated.cols(), k = truth.cols();
  out.truth_of = Eigen::VectorXi::Constant(r, -1);
  out.cosines = Eigen::VectorXd::Zero(k);
  if (r == 0 || k == 0) return out;
  Eigen::MatrixXd e = estimated, t = truth;
  for (Eigen::Index j = 0; j < r; ++j)
    if (e.col(j).norm() > 0) e.col(j).normalize();
  for (Eigen::Index j = 0; j < k; ++j)
    if (t.col(j).norm() > 0) t.col(j).normalize();
  const Eigen::MatrixXd cos = (t.transpose() * e).cwiseAbs();  // k × r
  if (k <= r) {
    const auto a = max_weight_matching(cos);
    for (Eigen::Index i = 0; i < k; ++i) {
      const Eigen::Index j = a[static_cast<std::size_t>(i)];
      out.truth_of[j] = static_cast<int>(i);
      out.cosines[i] = cos(i, j);
    }
  } else {
    const auto a = max_weight_matching(cos.transpose());
    for (Eigen::Index j = 0; j < r; ++j) {
      const Eigen::Index i = a[static_cast<std::size_t>(j)];
      out.truth_of[j] = static_cast<int>(i);
      out.cosines[i] = cos(i, j);
    }
  }
  out.min_cosine = out.cosines.minCoeff();
  out.mean_cosine = out.cosines.mean();
  return out;
}

namespace detail {

Eigen::MatrixXd random_unit_columns(Eigen::Index dim, Eigen::Index count, std::uint64_t seed,
                                    std::uint64_t index) {
  Eigen::MatrixXd U = random_normal_matrix(dim, count, seed, streams::algorithm, index);
  U.colwise().normalize();
  return U;
}

}  // namespace detail

}  // namespace nnm
