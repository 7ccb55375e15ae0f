#include <doctest/doctest.h>

#include <Eigen/Dense>
#include <cmath>
#include <functional>
#include <string>

#include "nnm/core/error.hpp"
#include "nnm/data/distributions.hpp"

namespace {

constexpr Eigen::Index kDim = 4;
constexpr Eigen::Index kSamples = 200000;

// |sample mean of v − expected| measured in standard errors of that mean.
double z_score(const Eigen::ArrayXd& v, double expected) {
  const double mean = v.mean();
  const double sd = std::sqrt((v - mean).square().mean());
  if (sd == 0.0) return mean == expected ? 0.0 : INFINITY;  // a constant statistic (rademacher x²)
  return std::abs(mean - expected) / (sd / std::sqrt(static_cast<double>(v.size())));
}

struct LawCase {
  const char* name;
  std::function<double(const nnm::InputLaw&)> fourth;  // E[x_1^4], empty if not tested
};

double mix2_fourth(const nnm::InputLaw& law) {
  const double mu2 = law.covariance()(0, 0) - 0.25;  // Σ = ¼I + μμᵀ
  return mu2 * mu2 + 6 * mu2 * 0.25 + 3.0 / 16;
}

}  // namespace

TEST_SUITE("distributions") {
  TEST_CASE("every law's sample moments match theory within 5 standard errors") {
    const LawCase cases[] = {
        {"gaussian", [](auto&) { return 3.0; }},
        {"gaussian_cov:20",
         [](const nnm::InputLaw& l) { return 3 * std::pow(l.covariance()(0, 0), 2); }},
        {"uniform", [](auto&) { return 9.0 / 5; }},
        {"rademacher", [](auto&) { return 1.0; }},
        {"laplace", [](auto&) { return 6.0; }},
        {"student_t:9", [](auto&) { return 3.0 * 81 / (7 * 5); }},
        {"sphere", [](auto&) { return 3.0 * kDim / (kDim + 2); }},
        {"mix2", mix2_fourth},
        {"gmix:3", {}},
        {"shifted_gaussian:2", {}},
        {"exponential", [](auto&) { return 9.0; }},
    };
    for (const auto& c : cases) {
      const std::string name = c.name;
      CAPTURE(name);
      const auto law = nnm::make_input_law(c.name, kDim, 17);
      const Eigen::MatrixXd x = law->sample(0, kSamples);
      const Eigen::VectorXd mu = law->mean();
      const Eigen::MatrixXd cov = law->covariance();
      for (Eigen::Index i = 0; i < kDim; ++i) {
        CHECK(z_score(x.col(i).array(), mu[i]) < 5);
        for (Eigen::Index j = 0; j <= i; ++j)
          CHECK(z_score((x.col(i).array() - mu[i]) * (x.col(j).array() - mu[j]), cov(i, j)) < 5);
      }
      if (c.fourth) CHECK(z_score((x.col(0).array() - mu[0]).pow(4), c.fourth(*law)) < 5);
    }
  }

  TEST_CASE("symmetric laws have vanishing odd moments; the contrasts do not") {
    const Eigen::Vector4d u = Eigen::Vector4d(1, -2, 0.5, 1).normalized();
    for (const auto& info : nnm::input_law_catalogue()) {
      const std::string name = info.pattern.substr(0, info.pattern.find('['));
      CAPTURE(name);
      const auto law = nnm::make_input_law(name, kDim, 5);
      CHECK(law->symmetric() == info.symmetric);
      const Eigen::MatrixXd x = law->sample(0, kSamples);
      const Eigen::ArrayXd t = (x * u).array();
      // Odd test functions: (uᵀx)³ and x1·x2·x3 (both average to 0 exactly when x ~ −x).
      const double z_cube = z_score(t.cube(), 0.0);
      const double z_first = z_score(t, 0.0);
      if (info.symmetric) {
        CHECK(z_cube < 5);
        CHECK(z_first < 5);
        CHECK(z_score(x.col(0).array() * x.col(1).array() * x.col(2).array(), 0.0) < 5);
      } else {
        CHECK(std::max(z_cube, z_first) > 20);  // measurably asymmetric
      }
    }
  }

  TEST_CASE("a sample depends only on (seed, index), not on the block it is drawn in") {
    const auto law = nnm::make_input_law("student_t:5", 6, 3);
    const Eigen::MatrixXd whole = law->sample(0, 100);
    const Eigen::MatrixXd part = law->sample(37, 20);
    CHECK(part == whole.middleRows(37, 20));
    const auto other_seed = nnm::make_input_law("student_t:5", 6, 4);
    CHECK(other_seed->sample(0, 100) != whole);
  }

  TEST_CASE("unknown names and bad parameters are input errors that list the valid names") {
    CHECK_THROWS_WITH_AS(nnm::make_input_law("gausian", 3, 1),
                         doctest::Contains("unknown input law 'gausian' (valid: gaussian"),
                         nnm::InputError);
    CHECK_THROWS_AS(nnm::make_input_law("student_t:1.5", 3, 1), nnm::InputError);
    CHECK_THROWS_AS(nnm::make_input_law("student_t:abc", 3, 1), nnm::InputError);
    CHECK_THROWS_AS(nnm::make_input_law("uniform:2", 3, 1), nnm::InputError);
    CHECK_THROWS_AS(nnm::make_input_law("gaussian", 0, 1), nnm::InputError);
  }

  TEST_CASE("names round-trip through make_input_law") {
    for (const char* name : {"gaussian", "gaussian_cov:5", "student_t:7", "mix2:1.5", "gmix:2",
                             "shifted_gaussian:3", "exponential", "sphere"}) {
      const auto law = nnm::make_input_law(name, 3, 1);
      CHECK(law->name() == name);
      CHECK(nnm::make_input_law(law->name(), 3, 1)->sample(0, 5) == law->sample(0, 5));
    }
  }
}
