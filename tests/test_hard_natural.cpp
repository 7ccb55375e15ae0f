// Natural-weights networks and the random K-SAT clause law.
#include <doctest/doctest.h>

#include <cmath>

#include "nnm/core/error.hpp"
#include "nnm/hard.hpp"

using namespace nnm;

TEST_CASE("K-SAT clause inputs: K signed literals, symmetric, covariance (K/d) I") {
  const auto law = make_family_input_law("ksat:3", 12, 4);
  CHECK(law->name() == "ksat:3");
  CHECK(law->symmetric());
  const Eigen::MatrixXd X = law->sample(0, 40'000);
  for (Eigen::Index i = 0; i < X.rows(); ++i) {
    CHECK((X.row(i).array() != 0.0).count() == 3);
    CHECK(X.row(i).cwiseAbs().maxCoeff() == 1.0);
  }
  const Eigen::MatrixXd cov = X.transpose() * X / static_cast<double>(X.rows());
  CHECK((cov - law->covariance()).cwiseAbs().maxCoeff() < 0.01);
  CHECK(X.colwise().mean().cwiseAbs().maxCoeff() < 0.01);
  // Same samples from the same seed, in any block split.
  CHECK((law->sample(100, 5) - X.middleRows(100, 5)).norm() == 0.0);
  CHECK_THROWS_AS(make_family_input_law("ksat:13", 12, 1), InputError);
  CHECK_THROWS_AS(make_family_input_law("ksat:x", 12, 1), InputError);
  CHECK(make_family_input_law("gaussian", 12, 1)->name() == "gaussian");
}

TEST_CASE("natural networks: weight scales and determinism") {
  NaturalOptions o;
  o.d = 50;
  o.k = 40;
  for (auto kind : {NaturalOptions::Weights::normal, NaturalOptions::Weights::uniform}) {
    o.weights = kind;
    const Network a = natural_network(o, 3), b = natural_network(o, 3), c = natural_network(o, 4);
    CHECK((a.W - b.W).norm() == 0.0);
    CHECK((a.W - c.W).norm() > 0.0);
    // Var(W) = 1/d, Var(A) = 1/k.
    CHECK(a.W.squaredNorm() / double(a.W.size()) == doctest::Approx(1.0 / 50).epsilon(0.1));
    CHECK(a.A.squaredNorm() / double(a.A.size()) == doctest::Approx(1.0 / 40).epsilon(0.5));
    if (kind == NaturalOptions::Weights::uniform)
      CHECK(a.W.cwiseAbs().maxCoeff() <= std::sqrt(3.0 / 50));
  }
  o.k = 0;
  CHECK_THROWS_WITH_AS(o.validate(), doctest::Contains("hidden"), InputError);
  CHECK_THROWS_WITH_AS(parse_enum<NaturalOptions::Weights>("cauchy"),
                       doctest::Contains("unknown natural weights"), InputError);
  CHECK(parse_enum<NaturalOptions::Weights>("uniform") == NaturalOptions::Weights::uniform);
}
