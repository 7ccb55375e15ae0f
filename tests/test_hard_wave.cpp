// The wave family: amplitude against sharpness, the triangle variant, and the members' geometry.
#include <doctest/doctest.h>

#include <Eigen/Eigenvalues>
#include <cmath>
#include <functional>
#include <map>

#include "nnm/core/error.hpp"
#include "nnm/data/distributions.hpp"
#include "nnm/hard.hpp"
#include "nnm/sq/bounds.hpp"
#include "nnm/sq/correlation.hpp"

using namespace nnm;

TEST_CASE("wave amplitude: the Fourier series matches a brute-force scan of a wide wave") {
  for (double s : {0.5, 1.0, 2.0, 4.0, 8.0}) {
    CAPTURE(s);
    WaveOptions o;
    o.sharpness = s;
    o.units = 2 * 300 + 1;  // far wider than the transitions: the centre is the infinite wave
    const WaveProfile p = wave_profile(o);
    double lo = INFINITY, hi = -INFINITY;
    for (int i = 0; i <= 8000; ++i) {
      const double v = p(o.activation, 2.0 * o.period * i / 8000.0);
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
    CHECK(wave_amplitude(o) == doctest::Approx(hi - lo).epsilon(1e-6).scale(1e-12));
  }
  WaveOptions o;
  o.sharpness = 0.5;  // the old scan of a narrow wave read 0.0052 here: its cut-off, not the wave
  CHECK(wave_amplitude(o) == doctest::Approx(1.35e-7).epsilon(0.01));
  o.activation = Activation(Activation::Kind::tanh);  // tanh(u) = 2σ(2u) − 1
  WaveOptions twice = o;
  twice.activation = Activation(Activation::Kind::sigmoid);
  twice.sharpness = 2 * o.sharpness;
  CHECK(wave_amplitude(o) == doctest::Approx(2 * wave_amplitude(twice)).epsilon(1e-12));
}

TEST_CASE("wave amplitude against sharpness matches the reference values") {
  WaveOptions o;
  const std::pair<double, double> expected[] = {{1, 0.0013}, {2, 0.090}, {4, 0.53}, {8, 0.93}};
  for (const auto& entry : expected) {
    const double s = entry.first, amp = entry.second;  // no structured binding: clang 14 can't
    CAPTURE(s);                                         // capture one in CAPTURE's lambda
    o.sharpness = s;
    const double a = wave_amplitude(o);
    // Two significant digits.
    CHECK(std::abs(a - amp) < 0.05 * amp);
  }
  // Sharper waves have larger amplitude, monotonically.
  double previous = 0;
  for (double s = 0.5; s <= 16; s *= 2) {
    o.sharpness = s;
    CHECK(wave_amplitude(o) > previous);
    previous = wave_amplitude(o);
  }
}

TEST_CASE("wave members compute ψ(⟨a,x⟩/‖a‖) (normalised spacing) and are centred") {
  WaveOptions o;
  o.d = 8;
  o.spacing = WaveOptions::Spacing::normalised;
  o.range = 5;
  const auto family = make_wave_family(o);
  CHECK(family->size() == 70.0);  // C(8, 4)
  const FamilyMember m = family->member(5);
  const Eigen::VectorXd a =
      Eigen::Map<const Eigen::VectorXd>(m.info["direction"].get<std::vector<double>>().data(), 8);
  CHECK(a.sum() == 4.0);
  const WaveProfile p = wave_profile(o);
  CHECK(p.units.size() == 11);  // J = 5 for range 5, h = 1
  const auto law = make_input_law("gaussian", 8, 1);
  const Eigen::MatrixXd X = law->sample(0, 20);
  const Eigen::VectorXd y = m.network.forward(X).col(0);
  for (Eigen::Index i = 0; i < 20; ++i)
    CHECK(y[i] == doctest::Approx(p(o.activation, X.row(i).dot(a) / a.norm())).epsilon(1e-12));
  // Interior levels sit symmetrically around 0 (sharp steps: ±½).
  o.sharpness = 40;
  const WaveProfile sharp = wave_profile(o);
  CHECK(sharp(o.activation, 0.5) == doctest::Approx(0.5).epsilon(1e-6));
  CHECK(sharp(o.activation, 1.5) == doctest::Approx(-0.5).epsilon(1e-6));
}

TEST_CASE("triangle wave from ReLUs: period 2h, height 1, zero slope outside") {
  WaveOptions o;
  o.activation = Activation(Activation::Kind::relu);
  o.period = 0.5;
  o.range = 3;
  const WaveProfile p = wave_profile(o);
  CHECK(p(o.activation, -3.0) == doctest::Approx(-0.5));
  CHECK(p(o.activation, -2.5) == doctest::Approx(0.5));
  CHECK(p(o.activation, -2.75) == doctest::Approx(0.0));
  CHECK(p(o.activation, 0.0) == doctest::Approx(-0.5));
  CHECK(p(o.activation, 3.0) == doctest::Approx(-0.5));
  CHECK(p(o.activation, 10.0) == doctest::Approx(-0.5));
  CHECK(p(o.activation, -10.0) == doctest::Approx(-0.5));
  CHECK(wave_amplitude(o) == doctest::Approx(1.0));
}

TEST_CASE("wave Gram: series agrees with quadrature; sharper waves decorrelate faster") {
  const auto law = make_input_law("gaussian", 16, 1);
  auto gram_for = [&](double s, CorrelationMethod method) {
    WaveOptions w;
    w.d = 16;
    w.spacing = WaveOptions::Spacing::normalised;
    w.range = 5;
    w.sharpness = s;
    const auto fam = make_family(w);
    std::vector<Network> members;
    for (std::uint64_t i : {0, 1, 2, 40, 300}) members.push_back(fam->member(i).network);
    CorrelationOptions o;
    o.method = method;
    return gram_matrix(members, *law, o);
  };
  const GramResult series = gram_for(8, CorrelationMethod::series);
  const GramResult quad = gram_for(8, CorrelationMethod::quadrature);
  CHECK((series.gram - quad.gram).cwiseAbs().maxCoeff() < 1e-9);
  // Normalised off-diagonals shrink as the wave gets sharper (more high-degree energy).
  auto gamma = [](const Eigen::MatrixXd& g) {
    const Eigen::VectorXd inv = g.diagonal().cwiseSqrt().cwiseInverse();
    Eigen::MatrixXd n = (inv.asDiagonal() * g * inv.asDiagonal()).cwiseAbs();
    n.diagonal().setZero();
    return n.maxCoeff();
  };
  CHECK(gamma(gram_for(8, CorrelationMethod::automatic).gram) <
        gamma(gram_for(1, CorrelationMethod::automatic).gram));
}

TEST_CASE("wave options are validated and the perturbation moves the direction") {
  WaveOptions o;
  o.activation = Activation(Activation::Kind::abs);
  CHECK_THROWS_WITH_AS(o.validate(), doctest::Contains("activation"), InputError);
  o = WaveOptions{};
  o.units = 4;
  CHECK_THROWS_WITH_AS(o.validate(), doctest::Contains("odd"), InputError);
  o = WaveOptions{};
  o.sharpness = -1;
  CHECK_THROWS_WITH_AS(o.validate(), doctest::Contains("sharpness"), InputError);
  o = WaveOptions{};
  o.index_set = WaveOptions::IndexSet::sign;
  o.d = 6;
  CHECK(make_wave_family(o)->size() == 32.0);  // one of each pair ±a
  o.delta = 0.1;
  const auto fam = make_wave_family(o);
  const auto a = fam->member(3).info["direction"].get<std::vector<double>>();
  double moved = 0, norm = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const double base = i > 0 && (3 >> (i - 1)) & 1 ? -1.0 : 1.0;
    moved += (a[i] - base) * (a[i] - base);
    norm += base * base;
  }
  CHECK(std::sqrt(moved / norm) == doctest::Approx(0.1).epsilon(1e-12));
}

TEST_CASE("raw spacing: members compute ψ(⟨a,x⟩); sign sets hold no antipodal pair") {
  WaveOptions o;
  o.d = 6;
  o.index_set = WaveOptions::IndexSet::sign;
  const auto family = make_wave_family(o);
  std::vector<Eigen::VectorXd> dirs;
  for (std::uint64_t i = 0; i < 32; ++i) {
    const auto v = family->member(i).info["direction"].get<std::vector<double>>();
    dirs.push_back(Eigen::Map<const Eigen::VectorXd>(v.data(), 6));
  }
  for (std::size_t i = 0; i < dirs.size(); ++i)
    for (std::size_t j = 0; j < dirs.size(); ++j)
      CHECK((dirs[i] + dirs[j]).cwiseAbs().maxCoeff() > 0);  // never b = −a
  const FamilyMember m = family->member(9);
  const WaveProfile p = wave_profile(o);
  const auto law = make_input_law("gaussian", 6, 1);
  const Eigen::MatrixXd X = law->sample(0, 20);
  const Eigen::VectorXd y = m.network.forward(X).col(0);
  for (Eigen::Index i = 0; i < 20; ++i)
    CHECK(y[i] == doctest::Approx(p(o.activation, X.row(i).dot(dirs[9]))).epsilon(1e-12));
}

TEST_CASE("the automatic cover keeps the cut-off error below the tolerance") {
  for (auto set : {WaveOptions::IndexSet::half, WaveOptions::IndexSet::sign})
    for (Eigen::Index d : {10, 20, 40})
      for (double s : {1.0, 4.0}) {
        CAPTURE(d);
        CAPTURE(s);
        WaveOptions o;
        o.d = d;
        o.sharpness = s;
        o.index_set = set;
        CHECK(wave_cutoff_error(o) <= o.tolerance);
        // A cover of one standard deviation, as a normalised range of 1 would give, is far off:
        // the student would see the constant steps at the cut instead of the wave.
        o.range = o.projection_sd();
        CHECK(wave_cutoff_error(o) > 10 * o.tolerance);
      }
}

namespace {

/// The normalised Gram matrix of every member, entry by entry from the correlation of the two
/// directions' overlap (computed pair by pair), and its largest eigenvalue by a dense solver.
double brute_force_lambda(
    const HardFamily& family, const InputLaw& law,
    const std::function<Eigen::Index(const Eigen::VectorXd&, const Eigen::VectorXd&)>& distance) {
  const auto M = static_cast<Eigen::Index>(family.size());
  std::vector<Eigen::VectorXd> dirs;
  std::vector<Network> nets;
  for (Eigen::Index i = 0; i < M; ++i) {
    const FamilyMember m = family.member(static_cast<std::uint64_t>(i));
    const auto v = m.info["direction"].get<std::vector<double>>();
    dirs.push_back(Eigen::Map<const Eigen::VectorXd>(v.data(), family.dim()));
    nets.push_back(m.network);
  }
  std::map<Eigen::Index, double> by_distance;  // each distance's correlation, from a real pair
  Eigen::MatrixXd G(M, M);
  const double norm = correlation(nets[0], nets[0], law).value;
  for (Eigen::Index i = 0; i < M; ++i)
    for (Eigen::Index j = 0; j < M; ++j) {
      const Eigen::Index t = distance(dirs[i], dirs[j]);
      if (!by_distance.count(t)) by_distance[t] = correlation(nets[i], nets[j], law).value / norm;
      G(i, j) = by_distance[t];
    }
  return Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(G, Eigen::EigenvaluesOnly)
      .eigenvalues()
      .maxCoeff();
}

}  // namespace

TEST_CASE("exact λ_max of half-set waves (Johnson scheme) matches a brute-force Gram at d = 12") {
  const auto law = make_input_law("gaussian", 12, 1);
  WaveOptions o;
  o.d = 12;
  o.sharpness = 2;  // a soft wave, so that members correlate visibly and λ_max is well above 1
  const auto family = make_wave_family(o);
  const auto exact = family->family_lambda(*law, {});
  REQUIRE(exact.has_value());
  CHECK(exact->exact);
  const double brute =
      brute_force_lambda(*family, *law, [](const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
        return static_cast<Eigen::Index>(6 - a.dot(b));
      });
  CHECK(exact->lambda == doctest::Approx(brute).epsilon(1e-8));
  CHECK(exact->error < 1e-6);
  CHECK(exact->lambda > 1.0);
}

TEST_CASE("exact λ_max of sign-vector waves (half-cube) matches a brute-force Gram at d = 9") {
  const auto law = make_input_law("gaussian", 9, 1);
  WaveOptions o;
  o.d = 9;
  o.sharpness = 2;
  o.index_set = WaveOptions::IndexSet::sign;
  const auto family = make_wave_family(o);
  const auto exact = family->family_lambda(*law, {});
  REQUIRE(exact.has_value());
  CHECK(exact->exact);  // the sigmoid wave is odd: f_{−a} = −f_a
  const double brute =
      brute_force_lambda(*family, *law, [](const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
        return static_cast<Eigen::Index>(std::lround((9 - a.dot(b)) / 2));
      });
  CHECK(exact->lambda == doctest::Approx(brute).epsilon(1e-8));
}

TEST_CASE("the default wave family's whole-family query bound at τ = 0.1 grows with d") {
  double previous = -1;
  for (Eigen::Index d : {12, 16, 20}) {
    CAPTURE(d);
    WaveOptions o;
    o.d = d;
    const auto family = make_wave_family(o);
    const auto law = make_input_law("gaussian", d, 1);
    const auto f = family->family_lambda(*law, {});
    REQUIRE(f.has_value());
    const double bound = csq_query_lower_bound(family->size(), f->lambda + f->error, 0.1);
    CHECK(bound > previous);
    CHECK(bound > 0);
    previous = bound;
  }
  // Perturbed members or a law that is not rotation invariant: no certified λ, so no bound.
  WaveOptions o;
  o.delta = 0.1;
  CHECK_FALSE(make_wave_family(o)->family_lambda(*make_input_law("gaussian", 20, 1), {}));
  CHECK_FALSE(
      make_wave_family(WaveOptions{})->family_lambda(*make_input_law("laplace", 20, 1), {}));
}

TEST_CASE("at d = 28 the cover's edge steps, not the wave, set the default family's λ_max") {
  // The members share their constant ±½ steps beyond the cover; that part correlates across all
  // C(28, 14) = 4.0e7 members and lifts the all-ones eigenvalue (j = 0). A cover wide enough for
  // --tolerance 1e-5 removes it and leaves the wave's own λ_max ≈ 1.010.
  const auto law = make_input_law("gaussian", 28, 1);
  WaveOptions o;
  o.d = 28;
  const auto narrow = make_wave_family(o)->family_lambda(*law, {});
  o.tolerance = 1e-5;
  const auto wide = make_wave_family(o)->family_lambda(*law, {});
  REQUIRE(narrow.has_value());
  REQUIRE(wide.has_value());
  CHECK(narrow->lambda == doctest::Approx(1.0420).epsilon(1e-3));
  CHECK(narrow->method.find("largest at j = 0 (the all-ones mode)") != std::string::npos);
  CHECK(wide->lambda == doctest::Approx(1.0102).epsilon(1e-3));
  CHECK(csq_query_lower_bound(make_wave_family(o)->size(), wide->lambda + wide->error, 0.1) ==
        doctest::Approx(3.97e5).epsilon(2e-3));
}
