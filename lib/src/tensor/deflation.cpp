#include "tensor/deflation.hpp"

#include <chrono>
#include <string>

namespace nnm::detail {

CpResult greedy_deflation(const TensorOperator& t, const CpCommonOptions& options,
                          const char* method, const ComponentFinder& find) {
  const auto start = std::chrono::steady_clock::now();
  const Eigen::Index r = options.rank;
  CpResult result;
  result.summary.method = method;
  Eigen::MatrixXd factors(t.dim(), 0);
  Eigen::VectorXd values(0);
  std::string unconverged;
  for (Eigen::Index c = 0; c < r; ++c) {
    const DeflatedOperator residual(t, LowRankTensor(t.order(), values, factors));
    const EigenCandidate found = find(residual, c);
    factors.conservativeResize(Eigen::NoChange, c + 1);
    values.conservativeResize(c + 1);
    factors.col(c) = found.vector;
    values[c] = found.value;
    result.summary.iterations += found.iterations;
    if (!found.converged) unconverged += (unconverged.empty() ? "" : ", ") + std::to_string(c + 1);
  }
  fit_weights(t, factors, values);
  result.factors = std::move(factors);
  result.weights = std::move(values);
  if (!unconverged.empty()) {
    result.summary.status = CpStatus::not_converged;
    result.summary.message = "component(s) " + unconverged + " did not converge";
  }
  finish_summary(t, t.order(), options,
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
                 result);
  return result;
}

}  // namespace nnm::detail
