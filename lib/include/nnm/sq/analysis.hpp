#pragma once
// The whole SQ analysis of a family under an input law, as `nnm sq` runs it: the Gram matrix of
// sampled members, its normalised spectrum, the query lower bounds over a grid of tolerances, and
// optionally a scanning learner run against a τ-oracle.
#include <cstdint>
#include <optional>
#include <vector>

#include "nnm/core/enum_names.hpp"
#include "nnm/core/summary.hpp"
#include "nnm/data/distributions.hpp"
#include "nnm/sq/bounds.hpp"
#include "nnm/sq/correlation.hpp"
#include "nnm/sq/family.hpp"

namespace nnm {

struct SqAnalysisOptions {
  std::uint64_t members = 50;  ///< members in the Gram matrix (drawn without replacement)
  std::vector<double> taus = {0.001, 0.003, 0.01, 0.03, 0.1, 0.3};  ///< tolerances, each in (0, 1]
  CorrelationOptions correlation{};
  double simulate_tau = 0.0;  ///< > 0: run a scanning learner against a τ-oracle with this τ
  OracleMode oracle = OracleMode::adversarial;
  std::uint64_t seed = 1;  ///< which members, and the simulation's target and noise
  void validate() const;   ///< throws InputError naming the bad field
};

enum class SqStatus {
  success,
  zero_member,             ///< a member has zero norm: the Gram matrix cannot be normalised
  inaccurate_correlation,  ///< a correlation's error bound exceeds the tolerance
};
constexpr auto enum_table(SqStatus) {
  using S = SqStatus;
  return make_enum_table<S>("SQ analysis status", {{S::success, "success"},
                                                   {S::zero_member, "zero_member"},
                                                   {S::inaccurate_correlation, "inaccurate"}});
}
using SqSummary = BasicSummary<SqStatus>;

/// A scanning learner's run against the oracle: it hunts `target` among the sampled members.
struct SqSimulation {
  double tau = 0.0;
  OracleMode oracle = OracleMode::adversarial;
  std::size_t target = 0, found = 0;  ///< indices into the sampled members
  std::uint64_t queries = 0;
  double lower_bound = 0.0;  ///< the CSQ bound for the sampled members at this τ
};

struct SqAnalysis {
  std::vector<std::uint64_t> member_indices;  ///< which members were sampled
  GramResult gram;
  GramAnalysis spectrum;
  HardnessClaim claim;                        ///< which learners the bounds cover
  std::optional<FamilyLambda> family_lambda;  ///< the whole family's λ_max, when certified
  std::string no_family_lambda;               ///< why there is none (empty when there is)
  std::vector<QueryBound> bounds;             ///< empty unless the spectrum is usable
  std::optional<SqSimulation> simulation;
  SqSummary summary;
};

/// Runs the analysis. Throws InputError for bad options, a law of the wrong dimension, or a family
/// that is a fixed point set (a reduction's training set: no SQ or CSQ bound applies to it).
SqAnalysis analyse_family(const HardFamily& family, const InputLaw& law,
                          const SqAnalysisOptions& options);

}  // namespace nnm
