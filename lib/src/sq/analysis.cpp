#include "nnm/sq/analysis.hpp"

#include <chrono>
#include <cmath>
#include <string>

#include "nnm/core/error.hpp"

namespace nnm {

void SqAnalysisOptions::validate() const {
  if (members < 1) throw InputError("SQ analysis: members must be at least 1");
  for (double tau : taus)
    if (!(tau > 0.0 && tau <= 1.0)) throw InputError("SQ analysis: every tau must be in (0, 1]");
  if (!(simulate_tau >= 0.0 && simulate_tau <= 1.0))
    throw InputError("SQ analysis: simulate_tau must be in (0, 1], or 0 for no simulation");
  correlation.validate();
}

namespace {

/// A scanning learner hunts a random sampled member through a τ-oracle.
SqSimulation simulate(std::vector<Network> members, const GramResult& gram, const InputLaw& law,
                      const SqAnalysisOptions& o, double lambda) {
  OracleOptions oopt;
  oopt.tau = o.simulate_tau;
  oopt.mode = o.oracle;
  oopt.seed = o.seed;
  oopt.correlation = o.correlation;
  for (std::size_t i = 0; i < members.size(); ++i)
    members[i].A /=
        std::sqrt(gram.gram(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(i)));
  SqSimulation s;
  s.tau = oopt.tau;
  s.oracle = oopt.mode;
  s.target = sample_member_indices(static_cast<double>(members.size()), 1, o.seed + 1).front();
  SqOracle oracle(members[s.target], law, oopt);
  s.found = scanning_learner(members, oracle, 0.5);
  s.queries = oracle.queries();
  s.lower_bound = csq_query_lower_bound(static_cast<double>(members.size()), lambda, oopt.tau);
  return s;
}

void set_status(SqAnalysis& r) {
  if (!r.spectrum.summary.usable()) {
    r.summary.status = SqStatus::zero_member;
    r.summary.message = r.spectrum.summary.message;
  } else if (!r.gram.summary.usable()) {
    r.summary.status = SqStatus::inaccurate_correlation;
    r.summary.message = r.gram.summary.message;
  }
}

}  // namespace

SqAnalysis analyse_family(const HardFamily& family, const InputLaw& law,
                          const SqAnalysisOptions& options) {
  options.validate();
  // A reduction's instance is one training set: correlations under an input law, and so any SQ
  // or CSQ bound, say nothing about it; its hardness is the conditional claim it carries.
  if (family.is_fixed_point_set()) {
    const HardnessClaim claim = family.claim();
    throw InputError(
        "the " + family.kind() +
        " family is a fixed point set, not a family of functions under an input law, so "
        "no SQ or CSQ bound applies; its hardness is " +
        std::string(enum_name(claim.learners)) + ": " + claim.statement);
  }
  const auto start = std::chrono::steady_clock::now();
  SqAnalysis r;
  r.member_indices = sample_member_indices(family.size(), options.members, options.seed);
  std::vector<Network> members;
  bool boolean = false;
  for (auto i : r.member_indices) {
    FamilyMember member = family.member(i);
    boolean = boolean || member.labels == LabelKind::boolean;
    members.push_back(std::move(member.network));
  }
  if (boolean) {
    // What a learner can correlate with is E[y|x] = clamp(f): no closed form or series covers it.
    const CorrelationMethod method = options.correlation.method;
    if (method != CorrelationMethod::automatic && method != CorrelationMethod::monte_carlo)
      throw InputError(std::string("SQ analysis: method ") + std::string(enum_name(method)) +
                       " cannot integrate the clamped conditional means of boolean labels; use "
                       "mc or auto");
    if (options.simulate_tau > 0)
      throw InputError("SQ analysis: the oracle simulation does not support boolean labels");
    r.gram = monte_carlo_gram(members, law, options.correlation.samples, [](double f) {
      return conditional_label_mean(LabelKind::boolean, f);
    });
  } else {
    r.gram = gram_matrix(members, law, options.correlation);
  }
  r.spectrum = analyse_gram(r.gram.gram);
  r.claim = family.claim();
  r.family_lambda = family.family_lambda(law, options.correlation);
  if (!r.family_lambda) r.no_family_lambda = family.why_no_family_lambda(law);
  if (r.spectrum.summary.usable()) {
    std::optional<double> certified;
    if (r.family_lambda) certified = r.family_lambda->lambda + r.family_lambda->error;
    r.bounds = query_bounds(r.spectrum, family.size(), certified, options.taus);
    if (options.simulate_tau > 0)
      r.simulation = simulate(members, r.gram, law, options, r.spectrum.lambda_max);
  }
  set_status(r);
  r.summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace nnm
