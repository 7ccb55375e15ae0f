// Correlations of networks: Hermite and Gegenbauer bases, closed forms, Mehler and Funk–Hecke
// series, nested quadrature and Monte Carlo must all agree.
#include <doctest/doctest.h>

#include <omp.h>
#include <Eigen/Eigenvalues>
#include <boost/math/special_functions/gegenbauer.hpp>
#include <boost/math/special_functions/hermite.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numbers>

#include "nnm/core/error.hpp"
#include "nnm/core/random.hpp"
#include "nnm/data/distributions.hpp"
#include "nnm/hard.hpp"
#include "nnm/sq/correlation.hpp"
#include "nnm/sq/hermite.hpp"

using namespace nnm;

namespace {

/// A random network with biases (so no closed form applies) of the given activation.
Network random_network(Eigen::Index d, Eigen::Index k, const char* activation, std::uint64_t seed) {
  Network n;
  n.activation = Activation::parse(activation);
  n.W = random_normal_matrix(k, d, seed, streams::teacher, 0) / std::sqrt(double(d));
  n.A = random_normal_matrix(1, k, seed, streams::teacher, 1);
  n.b = 0.5 * random_normal_matrix(k, 1, seed, streams::teacher, 2);
  n.c = Eigen::VectorXd::Constant(1, 0.3);
  return n;
}

CorrelationOptions with(CorrelationMethod m, std::uint64_t samples = 1'000'000) {
  CorrelationOptions o;
  o.method = m;
  o.samples = samples;
  return o;
}

}  // namespace

TEST_CASE("orthonormal Hermite and Gegenbauer values match Boost's polynomials") {
  Eigen::VectorXd h(30), q(30);
  for (double z : {-2.5, -0.3, 0.0, 1.7}) {
    normalized_hermite(z, h);
    for (int m = 0; m < 30; ++m) {
      // Probabilists' He_m(z) = 2^{−m/2} H_m(z/√2).
      const double he = std::pow(2.0, -m / 2.0) * boost::math::hermite(m, z / std::sqrt(2.0));
      CHECK(h[m] == doctest::Approx(he / std::sqrt(std::tgamma(m + 1.0))).epsilon(1e-10));
    }
  }
  for (int d : {3, 5, 10}) {
    const double lambda = 0.5 * (d - 2);
    // Same polynomial as Boost's C_n^λ up to a constant factor (fixed by the normalisation).
    for (int n = 1; n < 30; ++n) {
      normalized_gegenbauer(d, 0.37, q);
      const double factor = q[n] / boost::math::gegenbauer(n, lambda, 0.37);
      for (double t : {-0.9, 0.2, 1.0}) {
        normalized_gegenbauer(d, t, q);
        CHECK(q[n] ==
              doctest::Approx(factor * boost::math::gegenbauer(n, lambda, t)).epsilon(1e-9));
      }
    }
    // Orthonormality under the sphere marginal by the library's own rule.
    const QuadratureRule rule = sphere_rule(d, {}, 0.05);
    Eigen::MatrixXd gram = Eigen::MatrixXd::Zero(12, 12);
    Eigen::VectorXd v(12);
    for (Eigen::Index i = 0; i < rule.nodes.size(); ++i) {
      normalized_gegenbauer(d, rule.nodes[i], v);
      gram += rule.weights[i] * v * v.transpose();
    }
    CHECK((gram - Eigen::MatrixXd::Identity(12, 12)).cwiseAbs().maxCoeff() < 1e-12);
  }
}

TEST_CASE("ReLU Hermite coefficients and kernel match the closed forms to 1e-8") {
  const Activation relu;
  const QuadratureRule rule = gaussian_rule({0.0});
  const SeriesCoefficients c = hermite_coefficients([&](double z) { return relu(z); }, rule, 200);
  for (int m = 0; m < 200; ++m) CHECK(std::abs(c.c[m] - relu_hermite_coefficient(m)) < 1e-8);
  CHECK(c.norm2 == doctest::Approx(0.5).epsilon(1e-13));
  CHECK(relu_hermite_coefficient(4) ==
        doctest::Approx(-1.0 / std::sqrt(2 * std::numbers::pi * 24)));
  for (double rho : {-1.0, -0.7, -0.2, 0.0, 0.4, 0.9, 1.0}) {
    CAPTURE(rho);
    const double closed = linear_abs_kernel(relu, rho);
    CHECK(closed ==
          doctest::Approx((std::sqrt(1 - rho * rho) + (std::numbers::pi - std::acos(rho)) * rho) /
                          (2 * std::numbers::pi))
              .epsilon(1e-14));
    // Quadrature kernel (activation_kernel goes through the 2-D engine for non-closed σ; here we
    // force it by asking the engine directly).
    Network f, g;
    f.A = g.A = Eigen::MatrixXd::Ones(1, 1);
    f.W = Eigen::RowVector2d(1.0, 0.0);
    g.W = Eigen::RowVector2d(rho, std::sqrt(1 - rho * rho));
    const auto law = make_input_law("gaussian", 2, 1);
    CHECK(std::abs(correlation(f, g, *law, with(CorrelationMethod::quadrature)).value - closed) <
          1e-8);
    // Mehler's sum converges slowly at |ρ| → 1 (the kink); within 0.9 it is 1e-8 accurate.
    if (std::abs(rho) <= 0.9 && std::abs(rho) > 0.0) {
      double mehler = 0.0;
      for (int m = 0; m < 400; ++m)
        mehler += std::pow(relu_hermite_coefficient(m), 2) * std::pow(rho, m);
      CHECK(std::abs(mehler - closed) < 1e-8);
      const auto series = correlation(f, g, *law, with(CorrelationMethod::series));
      CHECK(std::abs(series.value - closed) <= series.error + 1e-12);
    }
  }
}

TEST_CASE("Mehler sums agree with quadrature and with Monte Carlo on d = 10") {
  const auto law = make_input_law("gaussian", 10, 7);
  for (const char* act : {"relu", "sigmoid", "tanh", "softplus"}) {
    CAPTURE(act);
    const Network f = random_network(10, 4, act, 1), g = random_network(10, 3, act, 2);
    const auto series = correlation(f, g, *law, with(CorrelationMethod::series));
    const auto quad = correlation(f, g, *law, with(CorrelationMethod::quadrature));
    const auto mc = correlation(f, g, *law, with(CorrelationMethod::monte_carlo, 400'000));
    CHECK(series.summary.status == CorrelationStatus::success);
    CHECK(std::abs(series.value - quad.value) < 1e-8);
    CHECK(std::abs(series.value - mc.value) < 3 * mc.error);
  }
}

TEST_CASE("Funk–Hecke sums agree with Monte Carlo on the sphere, d = 10") {
  const auto law = make_input_law("sphere", 10, 9);
  for (const char* act : {"relu", "sigmoid"}) {
    CAPTURE(act);
    const Network f = random_network(10, 4, act, 3), g = random_network(10, 3, act, 4);
    const auto series = correlation(f, g, *law, with(CorrelationMethod::series));
    const auto mc = correlation(f, g, *law, with(CorrelationMethod::monte_carlo, 400'000));
    CHECK(series.summary.method == CorrelationMethod::series);
    CHECK(series.error < 1e-6);
    CHECK(std::abs(series.value - mc.value) < 3 * mc.error);
    // The sphere is not the Gaussian: the two must differ for biased units.
    const auto gauss = correlation(f, g, *make_input_law("gaussian", 10, 9));
    CHECK(std::abs(gauss.value - series.value) > 1e-4);
  }
}

TEST_CASE("ridge form merges opposite directions and keeps constants") {
  Network n;
  n.W.resize(3, 2);
  n.W << 1, 1, -2, -2, 0, 0;
  n.A = Eigen::RowVector3d(1.0, 2.0, 3.0);
  n.b = Eigen::Vector3d(0.0, 0.5, 1.0);
  n.c = Eigen::VectorXd::Constant(1, -1.0);
  const RidgeForm form = ridge_form(n);
  REQUIRE(form.ridges.size() == 1);
  CHECK(form.ridges[0].units.size() == 2);
  CHECK(form.ridges[0].units[1].scale == doctest::Approx(-2 * std::sqrt(2.0)));
  CHECK(form.constant == doctest::Approx(-1.0 + 3.0 * 1.0));  // relu(1) = 1
  // The form evaluates to the network.
  const Eigen::Vector2d x(0.3, -1.1);
  const double t = form.ridges[0].direction.dot(x);
  CHECK(form.constant + form.ridges[0](n.activation, t) ==
        doctest::Approx(n.forward(x.transpose())(0, 0)));
}

TEST_CASE("Monte Carlo Gram: common random numbers, thread-count independence, validation") {
  const auto law = make_input_law("laplace", 6, 2);
  std::vector<Network> members;
  for (int i = 0; i < 5; ++i) members.push_back(random_network(6, 3, "relu", 10 + i));
  const GramResult a = monte_carlo_gram(members, *law, 50'000);
  // Positive semidefinite because every entry uses the same samples.
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(a.gram);
  CHECK(eig.eigenvalues().minCoeff() > -1e-12);
  CHECK(a.error.minCoeff() > 0.0);
  CHECK(a.summary.samples == 50'000);
  // Same bytes with one thread.
  const int threads = omp_get_max_threads();
  omp_set_num_threads(1);
  const GramResult b = monte_carlo_gram(members, *law, 50'000);
  omp_set_num_threads(threads);
  CHECK((a.gram - b.gram).cwiseAbs().maxCoeff() == 0.0);

  CorrelationOptions bad;
  bad.terms = 0;
  CHECK_THROWS_WITH_AS(bad.validate(), doctest::Contains("terms"), InputError);
  CHECK_THROWS_AS(gram_matrix(members, *law, with(CorrelationMethod::series)), InputError);
  CHECK_THROWS_AS(gram_matrix(members, *law, with(CorrelationMethod::closed_form)), InputError);
  CHECK_THROWS_WITH_AS(parse_enum<CorrelationMethod>("fast"),
                       doctest::Contains("unknown correlation method 'fast'"), InputError);
  CHECK(parse_enum<CorrelationMethod>("mc") == CorrelationMethod::monte_carlo);
  CHECK(enum_name(CorrelationMethod::closed_form) == "closed");
  CHECK(gram_matrix(members, *law).summary.method == CorrelationMethod::monte_carlo);
}

TEST_CASE("speed: 50 × 50 Gram matrices under N(0, I)") {
  // Timings are printed, not asserted (the machine is shared); bench/ tracks them.
  const auto law = make_input_law("gaussian", 20, 1);
  for (const FamilyOptions& options :
       {FamilyOptions(ParityOptions{}), FamilyOptions(WaveOptions{})}) {  // d = 20
    const auto family = make_family(options);
    const auto kind = family_kind(options);
    std::vector<Network> members;
    for (auto i : sample_member_indices(family->size(), 50, 1))
      members.push_back(family->member(i).network);
    for (auto method : {CorrelationMethod::automatic, CorrelationMethod::series}) {
      const auto start = std::chrono::steady_clock::now();
      const GramResult g = gram_matrix(members, *law, with(method));
      const double s =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      std::printf("[timing] %s 50x50 Gram, %s: %.3f s (%s)\n", std::string(enum_name(kind)).c_str(),
                  std::string(enum_name(method)).c_str(), s, g.summary.brief_report().c_str());
      CHECK(g.summary.status == CorrelationStatus::success);
    }
  }
}
