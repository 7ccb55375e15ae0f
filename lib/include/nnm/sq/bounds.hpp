#pragma once
// Statistical-query lower bounds from Gram matrices, and an SQ/CSQ oracle that answers within a
// tolerance τ and counts the queries a learner makes.
//
// If f_1 … f_M are normalised in L2(D) and λ is the largest eigenvalue of their Gram matrix, an
// oracle that answers 0 whenever it may rules out at most λ/τ² members per query; a CSQ learner
// that must output h with ⟨h, f⟩ > τ therefore needs at least M τ²/λ − 1 queries. Gradient descent
// on square loss only sees the target through such correlations.
#include <Eigen/Core>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "nnm/core/enum_names.hpp"
#include "nnm/core/network.hpp"
#include "nnm/core/summary.hpp"
#include "nnm/data/distributions.hpp"
#include "nnm/sq/correlation.hpp"

namespace nnm {

enum class GramStatus {
  success,
  zero_member,  ///< a member has (numerically) zero norm and cannot be normalised
};
constexpr auto enum_table(GramStatus) {
  using S = GramStatus;
  return make_enum_table<S>("Gram status",
                            {{S::success, "success"}, {S::zero_member, "zero_member"}});
}
using GramSummary = BasicSummary<GramStatus>;

struct GramAnalysis {
  GramSummary summary;
  Eigen::Index members = 0;
  Eigen::MatrixXd normalised;               ///< G_ij / √(G_ii G_jj)
  double lambda_max = 0.0;                  ///< largest eigenvalue of `normalised`
  double max_off_diagonal = 0.0;            ///< γ = max_{i≠j} |normalised_ij|
  double min_norm2 = 0.0, max_norm2 = 0.0;  ///< range of the diagonal before normalisation
};

/// Normalises a Gram matrix and reads off λ_max and the largest off-diagonal correlation.
GramAnalysis analyse_gram(const Eigen::MatrixXd& gram);

/// max(0, M τ²/λ − 1): queries any CSQ(τ) learner needs for a family of M members whose
/// normalised Gram matrix has largest eigenvalue λ.
double csq_query_lower_bound(double family_size, double lambda, double tau);

struct QueryBound {
  double tau = 0.0;
  double sampled = 0.0;  ///< bound for the sampled members, from their λ_max
  /// Bound for the whole family from its certified λ_max; NaN when none is known (a λ sampled
  /// from some members bounds nothing) or the family is infinite.
  double family = 0.0;
};
/// The bounds over a grid of tolerances; `family_lambda` is a certified upper bound on the whole
/// family's λ_max, if one is known.
std::vector<QueryBound> query_bounds(const GramAnalysis& analysis, double family_size,
                                     std::optional<double> family_lambda,
                                     const std::vector<double>& taus);

enum class OracleMode {
  adversarial,  ///< the allowed answer closest to what the null target (f ≡ 0) would get
  random,       ///< the true value plus uniform noise on [−τ, τ]
};
constexpr auto enum_table(OracleMode) {
  return make_enum_table<OracleMode>(
      "oracle mode", {{OracleMode::adversarial, "adversarial"}, {OracleMode::random, "random"}});
}

struct OracleOptions {
  double tau = 0.01;
  OracleMode mode = OracleMode::adversarial;
  std::uint64_t seed = 1;            ///< random answers: the noise of query i is keyed by (seed, i)
  CorrelationOptions correlation{};  ///< how correlational queries are evaluated
  std::uint64_t samples = 200'000;   ///< Monte Carlo samples for statistical queries
  void validate() const;             ///< throws InputError naming the bad field
};

/// An SQ oracle for a target network under an input law. Queries are counted.
class SqOracle {
 public:
  /// The oracle keeps references: target and law must outlive it.
  SqOracle(const Network& target, const InputLaw& law, const OracleOptions& options);

  /// CSQ(τ): E[g(x) f(x)] within τ.
  double correlational(const Network& g);
  /// STAT(τ): E[φ(x, f(x))] within τ, for φ with values in [−1, 1]; φ maps a block of inputs
  /// (rows) and their labels to one value per row.
  using Statistic =
      std::function<Eigen::VectorXd(const Eigen::MatrixXd& X, const Eigen::VectorXd& y)>;
  double statistical(const Statistic& phi);

  std::uint64_t queries() const { return queries_; }

 private:
  double respond(double truth, double null_answer);
  const Network& target_;
  const InputLaw& law_;
  OracleOptions options_;
  std::uint64_t queries_ = 0;
};

/// The simplest learner: asks ⟨f_i, f⟩ for i = 0, 1, … (members normalised) and stops at the first
/// answer above `threshold`. Returns the index it stops at (members.size() if none).
std::size_t scanning_learner(const std::vector<Network>& members, SqOracle& oracle,
                             double threshold);

}  // namespace nnm
