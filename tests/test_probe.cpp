// The SQ probe: label-transformed Hermite statistics find what correlational queries cannot (the
// support of the regression parity family), see nothing of the classification variant, and are
// flat, exactly, for the SVWX-scaled wave.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "nnm/data/distributions.hpp"
#include "nnm/data/sample_source.hpp"
#include "nnm/hard.hpp"
#include "nnm/sq/probe.hpp"

using namespace nnm;

namespace {

/// n samples of a member under N(0, I), generated on demand.
struct MemberSamples {
  FamilyMember member;
  std::unique_ptr<InputLaw> law;
  MemberSampler sampler;
  GeneratedSource source;
  MemberSamples(FamilyMember m, std::uint64_t n, std::uint64_t seed)
      : member(std::move(m)),
        law(make_input_law("gaussian", member.network.input_dim(), seed)),
        sampler(member, *law, n, 0.0, seed),
        source(member.network.input_dim(), 1, n,
               [this](std::uint64_t first, Eigen::Ref<Eigen::MatrixXd> X,
                      Eigen::Ref<Eigen::MatrixXd> Y) { sampler.fill(first, X, Y); }) {}
};

std::set<Eigen::Index> subset_of(const FamilyMember& m) {
  std::set<Eigen::Index> s;
  for (const auto& v : m.info["subset"]) s.insert(v.get<Eigen::Index>() - 1);
  return s;
}

ParityOptions parity(Eigen::Index d, Eigen::Index k, LabelKind labels) {
  ParityOptions o;
  o.d = d;
  o.k = k;
  o.labels = labels;
  return o;
}

}  // namespace

TEST_CASE("Hermite polynomials and label transforms") {
  CHECK(probabilists_hermite(0, 0.7) == 1.0);
  CHECK(probabilists_hermite(2, 0.7) == doctest::Approx(0.49 - 1.0).epsilon(1e-15));
  CHECK(probabilists_hermite(4, 0.7) ==
        doctest::Approx(std::pow(0.7, 4) - 6 * 0.49 + 3).epsilon(1e-14));
  CHECK(apply_transform(LabelTransform::square, -3.0) == 9.0);
  CHECK(apply_transform(LabelTransform::abs, -3.0) == 3.0);
  CHECK(apply_transform(LabelTransform::sign, -3.0) == -1.0);
  CHECK(apply_transform(LabelTransform::sign, 0.0) == 0.0);
}

TEST_CASE("the probe finds the regression parity's support at d = 24, k = 4 from 1e5 samples") {
  const auto family = make_parity_family(parity(24, 4, LabelKind::real));
  const MemberSamples s(family->member(1234), 100000, 7);
  const ProbeResult r = probe(s.source);
  REQUIRE(r.summary.usable());
  const std::set<Eigen::Index> hidden = subset_of(s.member);
  const std::set<Eigen::Index> top(r.ranking.begin(), r.ranking.begin() + 4);
  CHECK(top == hidden);
  const std::set<Eigen::Index> significant(r.significant.begin(), r.significant.end());
  CHECK(significant == hidden);
  // E[y² He₂(x_i)] = (2/k)·E[y²] on S (exact for ReLU by 2-homogeneity) and 0 off it.
  const ProbeStatistic& square2 = r.statistics[1 * 3 + 1];
  REQUIRE(square2.transform == LabelTransform::square);
  REQUIRE(square2.degree == 2);
  for (Eigen::Index i = 0; i < 24; ++i) {
    const double expected = hidden.count(i) ? 0.5 * r.label_mean_square : 0.0;
    CHECK(std::abs(square2.moment[i] - expected) < 0.05 * r.label_mean_square);
  }
  // The matrix of the same statistic: its top eigenvectors live on S.
  const ProbeMatrix& m = r.matrices[1];
  for (Eigen::Index c = 0; c < m.eigenvectors.cols(); ++c) {
    double on_s = 0.0;
    for (auto i : hidden) on_s += m.eigenvectors(i, c) * m.eigenvectors(i, c);
    CHECK(on_s > 0.95);
  }
}

TEST_CASE("the classification variant (±1 labels) shows the probe nothing; regression does") {
  for (LabelKind labels : {LabelKind::real, LabelKind::boolean}) {
    CAPTURE(enum_name(labels));
    const auto family = make_parity_family(parity(12, 4, labels));
    const MemberSamples s(family->member(77), 100000, 3);
    const ProbeResult r = probe(s.source);
    REQUIRE(r.summary.usable());
    if (labels == LabelKind::real) {
      CHECK(std::set<Eigen::Index>(r.significant.begin(), r.significant.end()) ==
            subset_of(s.member));
      continue;
    }
    // Labels are ±1: y² and |y| are constant, y and sign(y) are odd in the other coordinates of
    // S, so every statistic is 0 and what is measured is sampling noise below the threshold.
    CHECK(r.significant.empty());
    CHECK(r.strength.maxCoeff() < r.threshold);
    for (const auto& st : r.statistics)
      if (st.transform == LabelTransform::square || st.transform == LabelTransform::abs)
        CHECK(st.correlation.isZero());
  }
}

TEST_CASE("±1 labels: the coins' mean is the clamped output, and the claim is SQ") {
  const auto boolean = make_parity_family(parity(8, 2, LabelKind::boolean));
  const auto real = make_parity_family(parity(8, 2, LabelKind::real));
  CHECK(boolean->claim().learners == LearnerClass::sq);
  CHECK(real->claim().learners == LearnerClass::csq);
  CHECK(boolean->parameters()["labels"] == "boolean");
  CHECK_FALSE(real->parameters().contains("labels"));
  // For k = 2 the product x_a x_b is even in both coordinates: E[y x_a x_b] = E[clamp(f) x_a x_b]
  // is visible, and the coins reproduce it (the correlational statistic a learner can query).
  const FamilyMember member = boolean->member(5);
  const auto law = make_input_law("gaussian", 8, 11);
  const MemberSampler sampler(member, *law, 200000, 0.0, 11);
  Dataset data;
  data.X.resize(200000, 8);
  data.Y.resize(200000, 1);
  sampler.fill(0, data.X, data.Y);
  const std::set<Eigen::Index> support = subset_of(member);
  const std::vector<Eigen::Index> s(support.begin(), support.end());
  double coin = 0.0, mean = 0.0;
  const Eigen::MatrixXd f = member.network.forward(data.X);
  for (Eigen::Index i = 0; i < data.X.rows(); ++i) {
    CHECK((data.Y(i, 0) == 1.0 || data.Y(i, 0) == -1.0));
    const double xx = data.X(i, s[0]) * data.X(i, s[1]);
    coin += data.Y(i, 0) * xx;
    mean += std::clamp(f(i, 0), -1.0, 1.0) * xx;
  }
  coin /= 2e5;
  mean /= 2e5;
  CHECK(mean > 0.1);
  CHECK(std::abs(coin - mean) < 5.0 * 1.0 / std::sqrt(2e5) * 1.5);
  CHECK_THROWS_AS(MemberSampler(member, *law, 10, 0.1, 1), InputError);
}

TEST_CASE("the SVWX-scaled wave is flat: |E[y^2 He_2(x_i)]| / E[y^2] <= 1e-10 at d = 10..40") {
  // ψ(t + h) = −ψ(t), so y² = ψ² has period h in ⟨a, x⟩ ~ N(0, d/2): its He₂ coefficient is
  // ~e^{−2π²d/(2h²)}, zero in double precision. What remains comes from the cover's edge, where
  // ψ_J is a constant ±½ step: with the default tolerance 0.01 the ratio is 1e-6 to 4e-5 (below
  // the tolerance); with --tolerance 1e-5 the cover is wide enough for 1e-10.
  for (Eigen::Index d = 10; d <= 40; d += 2) {
    CAPTURE(d);
    WaveOptions o;
    o.d = d;
    const double default_ratio = [&] {
      const RidgeProbe p =
          ridge_probe_gaussian(make_wave_family(o)->member(0).network, LabelTransform::square, 2);
      return p.moment.cwiseAbs().maxCoeff() / p.mean_square;
    }();
    CHECK(default_ratio <= o.tolerance * o.tolerance);
    o.tolerance = 1e-5;
    const FamilyMember m = make_wave_family(o)->member(0);
    for (auto transform : {LabelTransform::square, LabelTransform::abs}) {
      const RidgeProbe p = ridge_probe_gaussian(m.network, transform, 2);
      CHECK(p.moment.cwiseAbs().maxCoeff() / p.mean_square <= 1e-10);
    }
  }
}

TEST_CASE("the exact ridge probe agrees with sampling where the statistic is not 0") {
  // The normalised-spacing wave has a few periods across the law: E[y² He₂] is visible.
  WaveOptions o;
  o.d = 6;
  o.spacing = WaveOptions::Spacing::normalised;
  o.sharpness = 2.0;
  o.period = 3.0;  // a slow wave: its y² has a visible degree-2 part
  const FamilyMember m = make_wave_family(o)->member(3);
  const MemberSamples s(m, 200000, 5);
  const ProbeResult r = probe(s.source);
  for (std::size_t c = 0; c < r.statistics.size(); ++c) {
    const ProbeStatistic& st = r.statistics[c];
    const RidgeProbe p = ridge_probe_gaussian(m.network, st.transform, st.degree);
    CAPTURE(enum_name(st.transform));
    CAPTURE(st.degree);
    const double scale = std::sqrt(p.mean_square * 105.0 / 2e5);  // sd of T·He_4 ≲ √(E T² · 105)
    CHECK((st.moment - p.moment).cwiseAbs().maxCoeff() < 5.0 * scale);
  }
  const RidgeProbe square = ridge_probe_gaussian(m.network, LabelTransform::square, 2);
  CHECK(square.moment.cwiseAbs().maxCoeff() / square.mean_square > 1e-3);
}

TEST_CASE("the probe refuses a network that is not a ridge function and bad options") {
  const auto family = make_parity_family(parity(6, 2, LabelKind::real));
  CHECK_THROWS_AS(ridge_probe_gaussian(family->member(0).network, LabelTransform::square, 2),
                  InputError);
  ProbeOptions o;
  o.degrees = {9};
  CHECK_THROWS_AS(o.validate(), InputError);
}
