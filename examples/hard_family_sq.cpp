// Generate a hard family and print its statistical-query lower bound.
//
// The parity family: for every k-subset S of the d coordinates, the network
//   f_S(x) = Σ_{w ∈ {±1}^k} (Π_i w_i) relu(⟨w, x_S⟩ / √k)
// (2^k hidden units) is odd in each coordinate of S and ignores the others. Under x ~ N(0, I)
// distinct members are therefore uncorrelated, so a learner that only sees correlations
// E[f(x) g(x)] up to a tolerance τ (gradient descent on square loss is one; a learner that may
// ask any statistic E[φ(x, y)] is not bounded: E[y²(x_i² − 1)] finds S) needs at least
// M τ²/λ − 1 queries, where M = C(d, k) and λ is the largest eigenvalue of the normalised Gram
// matrix of the members.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <optional>
#include <vector>

#include <nnm/hard/family.hpp>
#include <nnm/hard/natural.hpp>
#include <nnm/sq.hpp>
#include <nnm/sq/correlation.hpp>

int main() {
  // Each family has its own typed options; FamilyOptions (a variant) holds any of them.
  nnm::ParityOptions parity;
  parity.d = 20;
  parity.k = 4;
  const std::uint64_t seed = 1;
  const auto family = nnm::make_family(parity);

  const nnm::FamilyMember one = nnm::pick_member(*family, std::nullopt, seed);
  std::cout << family->kind() << " family " << family->parameters().dump() << "\n"
            << "size M = " << family->size() << "; a member: " << one.info.dump() << " with "
            << one.network.hidden() << " hidden units\n";

  // The Gram matrix of 40 members drawn without replacement. Under the Gaussian law ReLU units
  // have a closed-form correlation (the arc-cosine kernel), so this is exact and fast.
  std::vector<nnm::Network> members;
  for (std::uint64_t i : nnm::sample_member_indices(family->size(), 40, seed))
    members.push_back(family->member(i).network);
  const auto law = nnm::make_family_input_law("gaussian", family->dim(), seed);
  const nnm::GramResult gram = nnm::gram_matrix(members, *law);
  std::cout << "Gram matrix: " << gram.summary.brief_report() << "\n";

  const nnm::GramAnalysis analysis = nnm::analyse_gram(gram.gram);
  if (!analysis.summary.usable()) {
    std::cerr << analysis.summary.message << "\n";
    return 3;
  }
  std::printf("lambda_max %.6f, largest |off-diagonal| %.2e\n", analysis.lambda_max,
              analysis.max_off_diagonal);

  // The whole family's λ_max without sampling: exactly 1 here, since N(0, I) flips each
  // coordinate's sign independently. (A λ measured on sampled members would bound nothing.)
  const std::optional<nnm::FamilyLambda> whole = family->family_lambda(*law, {});
  if (!whole) return 3;
  std::cout << "covers " << nnm::enum_name(family->claim().learners) << " learners; whole family "
            << "lambda_max " << whole->lambda << " (" << whole->method << ")\n";
  std::printf("%8s %18s %18s\n", "tau", "sampled members", "whole family");
  for (const nnm::QueryBound& b : nnm::query_bounds(
           analysis, family->size(), whole->lambda + whole->error, {0.01, 0.03, 0.1, 0.3}))
    std::printf("%8.3g %18.6g %18.6g\n", b.tau, b.sampled, b.family);

  // The members are orthogonal, so the whole-family bound at τ = 0.1 is C(20, 4)·0.01 − 1.
  const double expected = 4845 * 0.01 - 1;
  const double at_01 = nnm::csq_query_lower_bound(family->size(), whole->lambda, 0.1);
  return std::abs(at_01 - expected) < 1e-6 ? 0 : 1;
}
