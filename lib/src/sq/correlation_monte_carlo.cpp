// Monte Carlo Gram matrices with common random numbers.
#include <algorithm>
#include <chrono>
#include <cmath>

#include "nnm/core/error.hpp"
#include "nnm/sq/correlation.hpp"

namespace nnm {

GramResult monte_carlo_gram(const std::vector<Network>& members, const InputLaw& law,
                            std::uint64_t samples, const std::function<double(double)>& link) {
  if (samples < 2) throw InputError("Monte Carlo needs at least 2 samples");
  const auto start = std::chrono::steady_clock::now();
  const auto count = static_cast<Eigen::Index>(members.size());
  // Fixed block size and in-order reduction: the same sums for any thread count.
  constexpr std::uint64_t kBlock = 2048;
  const std::uint64_t blocks = (samples + kBlock - 1) / kBlock;
  // Blocks reduced per round: bounded so the partial sums stay under ~256 MB whatever M is.
  const auto per_block_bytes = static_cast<double>(2 * count * count) * sizeof(double) + 1.0;
  const auto batch = static_cast<std::uint64_t>(std::clamp(2.56e8 / per_block_bytes, 1.0, 64.0));

  Eigen::MatrixXd sum = Eigen::MatrixXd::Zero(count, count);     // Σ f_i f_j
  Eigen::MatrixXd sum_sq = Eigen::MatrixXd::Zero(count, count);  // Σ (f_i f_j)²
  std::vector<Eigen::MatrixXd> part(batch), part_sq(batch);
  for (std::uint64_t b0 = 0; b0 < blocks; b0 += batch) {
    const auto round = static_cast<std::int64_t>(std::min(batch, blocks - b0));
#pragma omp parallel for schedule(dynamic)
    for (std::int64_t r = 0; r < round; ++r) {
      const std::uint64_t first = (b0 + static_cast<std::uint64_t>(r)) * kBlock;
      const auto rows = static_cast<Eigen::Index>(std::min(kBlock, samples - first));
      const Eigen::MatrixXd X = law.sample(first, rows);
      Eigen::MatrixXd F(rows, count);
      for (Eigen::Index j = 0; j < count; ++j) F.col(j) = members[j].forward(X).col(0);
      if (link) F = F.unaryExpr(link);
      const Eigen::MatrixXd F2 = F.cwiseAbs2();
      part[r].noalias() = F.transpose() * F;
      part_sq[r].noalias() = F2.transpose() * F2;
    }
    for (std::int64_t r = 0; r < round; ++r) {
      sum += part[r];
      sum_sq += part_sq[r];
    }
  }
  const auto n = static_cast<double>(samples);
  GramResult result;
  result.gram = sum / n;
  const Eigen::MatrixXd variance =
      (sum_sq / n - result.gram.cwiseAbs2()).cwiseMax(0.0) * (n / (n - 1));
  result.error = (variance / n).cwiseSqrt();
  result.summary.method = CorrelationMethod::monte_carlo;
  result.summary.samples = samples;
  result.summary.max_error = count > 0 ? result.error.maxCoeff() : 0.0;
  result.summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace nnm
