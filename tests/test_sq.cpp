// SQ machinery: Gram analysis, query bounds, and the τ-oracle.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "nnm/core/error.hpp"
#include "nnm/data/distributions.hpp"
#include "nnm/hard.hpp"
#include "nnm/sq/analysis.hpp"
#include "nnm/sq/bounds.hpp"

using namespace nnm;

TEST_CASE("Gram analysis normalises and finds λ_max and γ") {
  Eigen::Matrix3d g;
  g << 4, 2, 0, 2, 1, 0, 0, 0, 9;  // members 0 and 1 are parallel
  const GramAnalysis a = analyse_gram(g);
  CHECK(a.summary.status == GramStatus::success);
  CHECK(a.summary.usable());
  CHECK(a.lambda_max == doctest::Approx(2.0));
  CHECK(a.max_off_diagonal == doctest::Approx(1.0));
  CHECK(a.min_norm2 == 1.0);
  CHECK(a.max_norm2 == 9.0);
  g(1, 1) = 0;
  CHECK(analyse_gram(g).summary.status == GramStatus::zero_member);
  CHECK(analyse_gram(g).summary.status_name() == "zero_member");
}

TEST_CASE("query bounds: the whole-family bound needs a certified λ") {
  CHECK(csq_query_lower_bound(4845, 1.0, 0.1) == doctest::Approx(47.45));
  CHECK(csq_query_lower_bound(10, 1.0, 0.1) == 0.0);
  GramAnalysis a;
  a.members = 50;
  a.lambda_max = 1.0;
  a.max_off_diagonal = 0.0;
  const auto b = query_bounds(a, 4845, 1.0, {0.01, 0.1});
  CHECK(b[1].family == doctest::Approx(47.45));
  CHECK(b[1].sampled == 0.0);
  // Without a certified λ (only sampled members known) there is no whole-family bound, and an
  // infinite family has none either.
  CHECK(std::isnan(query_bounds(a, 4845, std::nullopt, {0.1})[0].family));
  CHECK(std::isnan(query_bounds(a, INFINITY, 1.0, {0.1})[0].family));
}

TEST_CASE("parity d = 20, k = 4: M = 4845 and λ_max = 1 after normalisation") {
  const auto family = make_family(ParityOptions{});  // d = 20, k = 4, relu
  CHECK(family->size() == 4845.0);
  std::vector<Network> members;
  for (auto i : sample_member_indices(family->size(), 60, 3))
    members.push_back(family->member(i).network);
  const auto law = make_input_law("gaussian", 20, 1);
  const GramAnalysis a = analyse_gram(gram_matrix(members, *law).gram);
  CHECK(a.lambda_max == doctest::Approx(1.0).epsilon(1e-12));
  CHECK(a.max_off_diagonal < 1e-14);
  CHECK(a.min_norm2 == doctest::Approx(0.303017).epsilon(1e-6));
}

TEST_CASE("member sampling is distinct, sorted and seeded") {
  const auto s = sample_member_indices(100, 30, 7);
  CHECK(s.size() == 30);
  CHECK(std::adjacent_find(s.begin(), s.end(), std::greater_equal<>()) == s.end());
  CHECK(s.back() < 100);
  CHECK(s == sample_member_indices(100, 30, 7));
  CHECK(s != sample_member_indices(100, 30, 8));
  CHECK(sample_member_indices(5, 30, 1).size() == 5);
  CHECK(sample_member_indices(INFINITY, 3, 1) == std::vector<std::uint64_t>{0, 1, 2});
}

TEST_CASE("oracle: answers within τ, counts queries; the adversary hides orthogonal members") {
  ParityOptions p;
  p.d = 8;
  p.k = 2;
  p.scale = ParityOptions::Scale::unit;
  const auto family = make_parity_family(p);
  std::vector<Network> members;
  for (std::uint64_t i = 0; i < 28; ++i) members.push_back(family->member(i).network);
  const auto law = make_input_law("gaussian", 8, 1);
  OracleOptions o;
  o.tau = 0.2;
  SqOracle adversary(members[17], *law, o);
  // Orthonormal family: the adversary answers 0 for every wrong member, so scanning needs 18.
  CHECK(scanning_learner(members, adversary, 0.5) == 17);
  CHECK(adversary.queries() == 18);
  CHECK(adversary.correlational(members[17]) == doctest::Approx(0.8));

  o.mode = OracleMode::random;
  SqOracle noisy(members[3], *law, o);
  for (int i = 0; i < 20; ++i) {
    const double answer = noisy.correlational(members[i % 5]);
    CHECK(std::abs(answer - (i % 5 == 3 ? 1.0 : 0.0)) <= 0.2 + 1e-12);
  }
  CHECK(noisy.queries() == 20);
  // A statistical query: P(f(x) > 0) through STAT(τ).
  o.mode = OracleMode::adversarial;
  o.samples = 20'000;
  SqOracle stat(members[3], *law, o);
  const double answer = stat.statistical([](const Eigen::MatrixXd&, const Eigen::VectorXd& y) {
    return (y.array() > 0.0).cast<double>().matrix().eval();
  });
  CHECK(answer >= 0.0);
  CHECK(answer <= 0.5);
  OracleOptions bad;
  bad.tau = 0;
  CHECK_THROWS_WITH_AS(bad.validate(), doctest::Contains("tau"), InputError);
}

TEST_CASE("parity members are orthogonal only under laws that flip each coordinate's sign") {
  ParityOptions p;
  p.d = 6;
  p.k = 2;
  const auto family = make_parity_family(p);
  std::vector<Network> members;
  for (std::uint64_t i = 0; i < 6; ++i) members.push_back(family->member(i).network);
  for (const char* name : {"rademacher", "laplace", "uniform", "gaussian_cov:10", "mix2:2"}) {
    CAPTURE(name);
    const auto law = make_family_input_law(name, 6, 3);
    const GramResult g = monte_carlo_gram(members, *law, 200'000);
    const GramAnalysis a = analyse_gram(g.gram);
    Eigen::MatrixXd z = (a.normalised.cwiseAbs().array() /
                         (g.error.array() / g.gram.diagonal().maxCoeff()).max(1e-12))
                            .matrix();
    z.diagonal().setZero();
    const bool claimed = family->family_lambda(*law, {}).has_value();
    CHECK(claimed == flips_each_coordinate(*law));
    if (claimed)
      CHECK(z.maxCoeff() < 5.0);  // every off-diagonal within 5 standard errors of 0
    else
      CHECK(a.max_off_diagonal > 0.05);  // a real correlation: no orthogonality claimed
  }
}

TEST_CASE("parity is CSQ-hard only: E[y²(x_i² − 1)] = (2/k)E[y²] on S and 0 off S") {
  // The non-correlational statistic that finds S from d queries, checked by Monte Carlo (it is
  // exact for ReLU by 2-homogeneity), so no bound may claim every SQ learner fails.
  ParityOptions p;
  p.d = 8;
  p.k = 4;
  const auto family = make_parity_family(p);
  const FamilyMember m = family->member(17);
  const auto subset = m.info["subset"].get<std::vector<int>>();
  const auto law = make_input_law("gaussian", 8, 5);
  const Eigen::MatrixXd X = law->sample(0, 400'000);
  const Eigen::ArrayXd y2 = m.network.forward(X).col(0).array().square();
  for (int i = 0; i < 8; ++i) {
    CAPTURE(i);
    const double stat = (y2 * (X.col(i).array().square() - 1.0)).mean() / y2.mean();
    const bool in_s = std::find(subset.begin(), subset.end(), i + 1) != subset.end();
    CHECK(stat == doctest::Approx(in_s ? 0.5 : 0.0).scale(1.0).epsilon(0.05));
  }
  CHECK(family->claim().learners == LearnerClass::csq);
}

TEST_CASE("no regression family claims SQ-hardness") {
  for (const FamilyOptions& o :
       {FamilyOptions(ParityOptions{}), FamilyOptions(WaveOptions{}), FamilyOptions(DkkzOptions{}),
        FamilyOptions(NaturalOptions{}), FamilyOptions(ColoringOptions{}),
        FamilyOptions(ReluMaxcutOptions{})}) {
    const HardnessClaim c = make_family(o)->claim();
    CAPTURE(c.statement);
    CHECK(c.learners != LearnerClass::sq);
    CHECK_FALSE(c.statement.empty());
  }
}

TEST_CASE("is_fixed_point_set() says, without building it, whether fixed_points() has data") {
  int fixed = 0;
  for (const auto& entry : enum_table(FamilyKind{}).entries) {
    const auto family = make_family(default_family_options(entry.first));
    CAPTURE(entry.second);
    const std::optional<Dataset> points = family->fixed_points();
    CHECK(family->is_fixed_point_set() == points.has_value());
    if (points) CHECK(points->X.rows() > 0);
    fixed += family->is_fixed_point_set() ? 1 : 0;
  }
  CHECK(fixed == 2);  // coloring and relu-maxcut
}

TEST_CASE("a fixed point set (a reduction's instance) gets no SQ or CSQ bound") {
  for (const FamilyOptions& o :
       {FamilyOptions(ColoringOptions{}), FamilyOptions(ReluMaxcutOptions{})}) {
    const auto family = make_family(o);
    const auto law = make_input_law("gaussian", family->dim(), 1);
    CHECK_THROWS_WITH_AS(analyse_family(*family, *law, SqAnalysisOptions{}),
                         doctest::Contains("no SQ or CSQ bound applies"), InputError);
  }
  // A family of functions under a law is still analysed.
  SqAnalysisOptions few;
  few.members = 8;
  const auto parity = make_family(FamilyOptions(ParityOptions{}));
  CHECK(
      analyse_family(*parity, *make_input_law("gaussian", parity->dim(), 1), few).summary.usable());
}
