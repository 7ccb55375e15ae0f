// The wave family: amplitude against sharpness, the triangle variant, and the members' geometry.
#include <doctest/doctest.h>

#include <cmath>

#include "nnm/core/error.hpp"
#include "nnm/data/distributions.hpp"
#include "nnm/hard.hpp"
#include "nnm/sq/correlation.hpp"

using namespace nnm;

TEST_CASE("wave amplitude against sharpness matches the reference values") {
  WaveOptions o;
  o.range = 20;
  const std::pair<double, double> expected[] = {{1, 0.0013}, {2, 0.090}, {4, 0.53}, {8, 0.93}};
  for (const auto& [s, amp] : expected) {
    CAPTURE(s);
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

TEST_CASE("wave members compute ψ(⟨a,x⟩/‖a‖) and are centred") {
  WaveOptions o;
  o.d = 8;
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
  CHECK(make_wave_family(o)->size() == 64.0);
  o.delta = 0.1;
  const auto fam = make_wave_family(o);
  const auto a = fam->member(3).info["direction"].get<std::vector<double>>();
  double moved = 0, norm = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const double base = (3 >> i) & 1 ? -1.0 : 1.0;
    moved += (a[i] - base) * (a[i] - base);
    norm += base * base;
  }
  CHECK(std::sqrt(moved / norm) == doctest::Approx(0.1).epsilon(1e-12));
}
