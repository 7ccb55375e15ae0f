// The planar cancellation family: Fourier modes only ≡ k (mod 2k), hence orthogonal to
// low-degree polynomials under rotation-invariant laws.
#include <doctest/doctest.h>

#include <cmath>
#include <complex>
#include <numbers>

#include "nnm/core/error.hpp"
#include "nnm/core/random.hpp"
#include "nnm/data/distributions.hpp"
#include "nnm/hard.hpp"
#include "nnm/sq/correlation.hpp"

using namespace nnm;

TEST_CASE("dkkz: angular Fourier modes are multiples of k with odd quotient") {
  for (Eigen::Index k : {2, 4, 6}) {
    CAPTURE(k);
    DkkzOptions o;
    o.d = 2;
    o.k = k;
    const Network f = make_dkkz_family(o)->member(0).network;  // a random rotation of the plane
    const int n = 4096;
    Eigen::MatrixXd X(n, 2);
    for (int i = 0; i < n; ++i) {
      const double t = 2 * std::numbers::pi * i / n;
      X(i, 0) = std::cos(t);
      X(i, 1) = std::sin(t);
    }
    const Eigen::VectorXd y = f.forward(X).col(0);
    double total = 0;
    for (int m = 0; m <= 8 * k; ++m) {
      std::complex<double> c = 0;
      for (int i = 0; i < n; ++i) c += y[i] * std::polar(1.0, -2 * std::numbers::pi * m * i / n);
      const double size = std::abs(c) / n;
      total += size;
      const bool allowed = m % k == 0 && (m / k) % 2 == 1;
      // Sampling a kinked function aliases its m^{-2} tail back: ~1e-7 on 4096 points.
      if (!allowed) CHECK(size < 1e-5);
      if (m == k) CHECK(size > 1e-3);
    }
    CHECK(total > 0.01);
  }
}

TEST_CASE("dkkz members are orthogonal to every polynomial of degree < k under N(0, I)") {
  DkkzOptions o;
  o.d = 5;
  o.k = 4;
  const Network f = make_dkkz_family(o)->member(2).network;
  // Low-degree test functions as ridge units: ⟨f, v·x⟩ = ⟨f, (v·x)²⟩ = 0 for any v.
  const auto law = make_input_law("gaussian", 5, 1);
  for (std::uint64_t s = 0; s < 4; ++s) {
    Eigen::RowVectorXd v = random_normal_matrix(1, 5, s, streams::algorithm, 0);
    for (const char* act : {"identity", "quadratic"}) {
      Network p;
      p.activation = Activation::parse(act);
      p.W = v;
      p.A = Eigen::MatrixXd::Ones(1, 1);
      CorrelationOptions q;
      q.method = CorrelationMethod::quadrature;
      CHECK(std::abs(correlation(f, p, *law, q).value) < 1e-10);
    }
  }
  // f is not orthogonal to everything: |u·x| for a direction u in the plane of U has degree-k
  // content that f picks up.
  const auto U = make_dkkz_family(o)->member(2).info["U"].get<std::vector<std::vector<double>>>();
  Network absolute;
  absolute.activation = Activation(Activation::Kind::abs);
  absolute.A = Eigen::MatrixXd::Ones(1, 1);
  double biggest = 0;
  for (int i = 0; i < 8; ++i) {
    const double a = std::numbers::pi * i / 8;
    absolute.W = std::cos(a) * Eigen::Map<const Eigen::RowVectorXd>(U[0].data(), 5) +
                 std::sin(a) * Eigen::Map<const Eigen::RowVectorXd>(U[1].data(), 5);
    biggest = std::max(biggest, std::abs(correlation(f, absolute, *law).value));
  }
  CHECK(biggest > 1e-3);
  CHECK(correlation(f, f, *law).value > 0.01);
}

TEST_CASE("dkkz options are validated") {
  DkkzOptions o;
  o.k = 3;
  CHECK_THROWS_WITH_AS(o.validate(), doctest::Contains("even"), InputError);
  o.k = 4;
  o.d = 1;
  CHECK_THROWS_AS(o.validate(), InputError);
}
