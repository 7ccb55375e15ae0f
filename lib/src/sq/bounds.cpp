#include "nnm/sq/bounds.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "nnm/core/error.hpp"
#include "nnm/core/random.hpp"

namespace nnm {

GramAnalysis analyse_gram(const Eigen::MatrixXd& gram) {
  const auto start = std::chrono::steady_clock::now();
  GramAnalysis a;
  a.members = gram.rows();
  if (gram.rows() != gram.cols()) throw InputError("gram matrix is not square");
  if (a.members == 0) return a;
  const Eigen::VectorXd diag = gram.diagonal();
  a.min_norm2 = diag.minCoeff();
  a.max_norm2 = diag.maxCoeff();
  if (!(a.min_norm2 > 1e-14 * std::max(a.max_norm2, 1e-300))) {
    a.summary.status = GramStatus::zero_member;
    a.summary.message = "a member has zero norm (E[f²] = " + std::to_string(a.min_norm2) + ")";
    return a;
  }
  const Eigen::VectorXd inv = diag.cwiseSqrt().cwiseInverse();
  a.normalised = inv.asDiagonal() * gram * inv.asDiagonal();
  a.normalised.diagonal().setOnes();
  Eigen::MatrixXd off = a.normalised.cwiseAbs();
  off.diagonal().setZero();
  a.max_off_diagonal = off.maxCoeff();
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(a.normalised, Eigen::EigenvaluesOnly);
  a.lambda_max = eig.eigenvalues().maxCoeff();
  a.summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return a;
}

double csq_query_lower_bound(double family_size, double lambda, double tau) {
  return std::max(0.0, family_size * tau * tau / lambda - 1.0);
}

std::vector<QueryBound> query_bounds(const GramAnalysis& analysis, double family_size,
                                     std::optional<double> family_lambda,
                                     const std::vector<double>& taus) {
  std::vector<QueryBound> out;
  const auto m = static_cast<double>(analysis.members);
  for (double tau : taus) {
    // An infinite (continuous) family has no finite M to count, and no certified λ: no bound.
    double family = std::numeric_limits<double>::quiet_NaN();
    if (family_lambda && std::isfinite(family_size))
      family = csq_query_lower_bound(family_size, *family_lambda, tau);
    out.push_back({tau, csq_query_lower_bound(m, analysis.lambda_max, tau), family});
  }
  return out;
}

void OracleOptions::validate() const {
  if (!(tau > 0.0 && tau <= 1.0)) throw InputError("oracle: tau must be in (0, 1]");
  if (samples < 2) throw InputError("oracle: samples must be at least 2");
  correlation.validate();
}

SqOracle::SqOracle(const Network& target, const InputLaw& law, const OracleOptions& options)
    : target_(target), law_(law), options_(options) {
  options_.validate();
}

double SqOracle::respond(double truth, double null_answer) {
  const double tau = options_.tau;
  const std::uint64_t index = queries_++;
  if (options_.mode == OracleMode::adversarial)
    return std::clamp(null_answer, truth - tau, truth + tau);
  Random rng(options_.seed, streams::algorithm, index);
  return truth + rng.uniform(-tau, tau);
}

double SqOracle::correlational(const Network& g) {
  return respond(correlation(g, target_, law_, options_.correlation).value, 0.0);
}

double SqOracle::statistical(const Statistic& phi) {
  // E φ(x, f(x)) and E φ(x, 0) on one shared sample, in fixed blocks.
  constexpr Eigen::Index kBlock = 4096;
  double truth = 0.0, null_answer = 0.0;
  for (std::uint64_t first = 0; first < options_.samples; first += kBlock) {
    const auto rows =
        static_cast<Eigen::Index>(std::min<std::uint64_t>(kBlock, options_.samples - first));
    const Eigen::MatrixXd X = law_.sample(first, rows);
    const Eigen::VectorXd y = target_.forward(X).col(0);
    truth += phi(X, y).sum();
    null_answer += phi(X, Eigen::VectorXd::Zero(rows)).sum();
  }
  const auto n = static_cast<double>(options_.samples);
  return respond(truth / n, null_answer / n);
}

std::size_t scanning_learner(const std::vector<Network>& members, SqOracle& oracle,
                             double threshold) {
  for (std::size_t i = 0; i < members.size(); ++i)
    if (oracle.correlational(members[i]) > threshold) return i;
  return members.size();
}

}  // namespace nnm
