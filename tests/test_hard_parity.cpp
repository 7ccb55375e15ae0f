// The orthogonal parity family: closed-form norms, orthogonality under sign-invariant laws, and
// the rules that keep members from vanishing.
#include <doctest/doctest.h>

#include <cmath>
#include <set>

#include "nnm/core/error.hpp"
#include "nnm/core/random.hpp"
#include "nnm/data/distributions.hpp"
#include "nnm/hard.hpp"
#include "nnm/sq/correlation.hpp"
#include "nnm/sq/kernels.hpp"

using namespace nnm;

namespace {
ParityOptions relu_parity(Eigen::Index d, Eigen::Index k) {
  ParityOptions o;
  o.d = d;
  o.k = k;
  return o;
}
}  // namespace

TEST_CASE("parity norm under N(0,I) reproduces the reference values") {
  const Activation relu;
  CHECK(parity_norm2_gaussian(relu, 2) == doctest::Approx(0.726760).epsilon(1e-6));
  CHECK(parity_norm2_gaussian(relu, 4) == doctest::Approx(0.303017).epsilon(1e-6));
  // k = 2 in closed form: 4 (K(1) − 2K(0) + K(−1)) = 2 − 4/π.
  CHECK(parity_norm2_gaussian(relu, 2) == doctest::Approx(2.0 - 4.0 / M_PI).epsilon(1e-14));
}

TEST_CASE("parity norm agrees with Monte Carlo and with the correlation engine") {
  const auto law = make_input_law("gaussian", 6, 3);
  for (Eigen::Index k : {2, 4}) {
    const std::vector<Eigen::Index> subset =
        k == 2 ? std::vector<Eigen::Index>{1, 4} : std::vector<Eigen::Index>{0, 2, 3, 5};
    const Network f = parity_member(relu_parity(6, k), subset);
    const double exact = parity_norm2_gaussian(Activation(), k);
    CorrelationOptions mc;
    mc.method = CorrelationMethod::monte_carlo;
    mc.samples = 200'000;
    const auto est = correlation(f, f, *law, mc);
    CHECK(std::abs(est.value - exact) < 4 * est.error);
    CorrelationOptions series;
    series.method = CorrelationMethod::series;
    CHECK(correlation(f, f, *law, series).value == doctest::Approx(exact).epsilon(1e-9));
    CHECK(correlation(f, f, *law).value == doctest::Approx(exact).epsilon(1e-12));
  }
  // Sigmoid needs odd k; the quadrature kernel gives the norm, checked against Monte Carlo.
  ParityOptions o = relu_parity(6, 3);
  o.activation = Activation(Activation::Kind::sigmoid);
  const Network f = parity_member(o, {0, 1, 2});
  CorrelationOptions mc;
  mc.method = CorrelationMethod::monte_carlo;
  mc.samples = 200'000;
  const auto est = correlation(f, f, *law, mc);
  const double exact = parity_norm2_gaussian(o.activation, 3);
  CHECK(exact > 0.0);
  CHECK(std::abs(est.value - exact) < 4 * est.error);
}

TEST_CASE("distinct parity members are orthogonal under sign-invariant laws") {
  const ParityOptions o = relu_parity(8, 2);
  // Overlapping, disjoint and nested-looking pairs.
  const std::vector<Network> members = {parity_member(o, {0, 1}), parity_member(o, {1, 2}),
                                        parity_member(o, {3, 7}), parity_member(o, {0, 7})};
  for (const char* name : {"gaussian", "sphere", "uniform", "rademacher"}) {
    CAPTURE(name);
    const auto law = make_input_law(name, 8, 11);
    CorrelationOptions mc;
    mc.method = CorrelationMethod::monte_carlo;
    mc.samples = 100'000;
    const GramResult g = gram_matrix(members, *law, mc);
    for (Eigen::Index i = 0; i < 4; ++i) {
      CHECK(g.gram(i, i) > 0.05);
      for (Eigen::Index j = i + 1; j < 4; ++j) {
        CHECK(g.error(i, j) > 0.0);
        CHECK(std::abs(g.gram(i, j)) < 4.5 * g.error(i, j));
      }
    }
  }
  // Deterministic engines give zero to rounding.
  const auto gauss = make_input_law("gaussian", 8, 1);
  const GramResult exact = gram_matrix(members, *gauss);
  CHECK(exact.summary.method == CorrelationMethod::closed_form);
  const GramResult series = gram_matrix(members, *make_input_law("sphere", 8, 1));
  CHECK(series.summary.method == CorrelationMethod::series);
  for (Eigen::Index i = 0; i < 4; ++i)
    for (Eigen::Index j = i + 1; j < 4; ++j) {
      CHECK(std::abs(exact.gram(i, j)) < 1e-14);
      CHECK(std::abs(series.gram(i, j)) < 1e-9);
    }
}

TEST_CASE("parity rules: members that would vanish are rejected with a clear error") {
  ParityOptions o = relu_parity(10, 3);
  CHECK_THROWS_WITH_AS(o.validate(), doctest::Contains("even k"), InputError);
  o.k = 4;
  CHECK_NOTHROW(o.validate());
  o.activation = Activation(Activation::Kind::sigmoid);
  CHECK_THROWS_WITH_AS(o.validate(), doctest::Contains("odd k"), InputError);
  o.k = 5;
  CHECK_NOTHROW(o.validate());
  o.k = 11;
  CHECK_THROWS_AS(o.validate(), InputError);

  // The rule is exactly "f_S ≢ 0": check it numerically for each activation and k.
  const auto law = make_input_law("gaussian", 6, 5);
  const Eigen::MatrixXd X = law->sample(0, 64);
  for (const char* name :
       {"relu", "leaky_relu:0.2", "abs", "softplus", "sigmoid", "tanh", "quadratic", "identity"}) {
    for (Eigen::Index k = 1; k <= 5; ++k) {
      CAPTURE(name);
      CAPTURE(k);
      ParityOptions p = relu_parity(6, k);
      p.activation = Activation::parse(name);
      bool accepted = true;
      try {
        p.validate();
      } catch (const InputError&) {
        accepted = false;
      }
      // Build the sum directly (parity_member would refuse) and look at its values.
      Eigen::MatrixXd W = Eigen::MatrixXd::Zero(Eigen::Index{1} << k, 6);
      Eigen::RowVectorXd A(W.rows());
      for (Eigen::Index u = 0; u < W.rows(); ++u) {
        double chi = 1;
        for (Eigen::Index i = 0; i < k; ++i) {
          const double w = (u >> i) & 1 ? -1.0 : 1.0;
          W(u, i) = w / std::sqrt(double(k));
          chi *= w;
        }
        A[u] = chi;
      }
      Eigen::MatrixXd Z = X * W.transpose();
      p.activation.apply(Z);
      const double size = (Z * A.transpose()).cwiseAbs().maxCoeff();
      CHECK(accepted == (size > 1e-9));
    }
  }
}

TEST_CASE("parity scales, subsets and the family") {
  const Activation relu;
  ParityOptions o = relu_parity(20, 4);
  CHECK(binomial(20, 4) == 4845.0);
  auto family = make_parity_family(o);
  CHECK(family->size() == 4845.0);
  std::set<std::vector<Eigen::Index>> seen;
  for (std::uint64_t r = 0; r < 4845; r += 1) {
    const auto s = subset_of_rank(20, 4, r);
    CHECK(std::is_sorted(s.begin(), s.end()));
    CHECK(s.front() >= 0);
    CHECK(s.back() < 20);
    seen.insert(s);
  }
  CHECK(seen.size() == 4845);
  CHECK_THROWS_AS(subset_of_rank(20, 4, 4845), InputError);

  const Network plain = parity_member(o, {2, 5, 9, 11});
  CHECK(plain.hidden() == 16);
  CHECK(plain.A.cwiseAbs().maxCoeff() == 1.0);
  o.scale = ParityOptions::Scale::average;
  CHECK(parity_member(o, {2, 5, 9, 11}).A.cwiseAbs().maxCoeff() == 1.0 / 16);
  o.scale = ParityOptions::Scale::unit;
  const auto law = make_input_law("gaussian", 20, 1);
  const Network unit = parity_member(o, {2, 5, 9, 11});
  CHECK(correlation(unit, unit, *law).value == doctest::Approx(1.0).epsilon(1e-12));
  // The member ignores coordinates outside S and is odd in each coordinate of S.
  Eigen::MatrixXd X = law->sample(0, 8), Y = X;
  Y.col(3) = -Y.col(3);
  CHECK((plain.forward(X) - plain.forward(Y)).norm() < 1e-12);
  Y = X;
  Y.col(5) = -Y.col(5);
  CHECK((plain.forward(X) + plain.forward(Y)).norm() < 1e-12);
}
