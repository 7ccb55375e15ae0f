// Planted symmetric tensors, d = 30, rank 5: every method must find the factors it is meant for.
#include <doctest/doctest.h>

#include <cstdio>

#include "nnm/core/error.hpp"
#include "nnm/core/random.hpp"
#include "nnm/tensor.hpp"

using namespace nnm;

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {

constexpr Index kDim = 30, kRank = 5;

MatrixXd orthogonal_factors(std::uint64_t seed) {
  return random_orthogonal(kDim, seed, streams::teacher, 0).leftCols(kRank);
}

MatrixXd general_factors(std::uint64_t seed) {
  MatrixXd A = random_normal_matrix(kDim, kRank, seed, streams::teacher, 1);
  A.colwise().normalize();
  return A;
}

VectorXd planted_weights(int order) {
  VectorXd w(kRank);
  w << 5.0, 4.0, 3.0, 2.5, 2.0;
  if (order == 4) w[1] = -w[1], w[3] = -w[3];  // even order: weights of either sign
  return w;
}

// T + ε·‖T‖·E with E a symmetric Gaussian tensor of unit Frobenius norm.
SymmetricTensor noisy(SymmetricTensor t, double eps, std::uint64_t seed) {
  if (eps == 0) return t;
  SymmetricTensor e(t.order(), t.dim(),
                    random_normal_matrix(t.size(), 1, seed, streams::noise, 0).col(0));
  e.symmetrize();
  t.entries() += eps * std::sqrt(*t.squared_norm()) / e.entries().norm() * e.entries();
  return t;
}

CpOptions options_for(CpMethod method, std::uint64_t seed = 7) {
  CpOptions o;
  o.method = method;
  o.common.rank = kRank;
  o.common.seed = seed;
  o.als.init = AlsInit::jennrich;
  return o;
}

double min_cos(const CpResult& r, const MatrixXd& truth) {
  return match_factors(r.factors, truth).min_cosine;
}

// Weights matched to the truth through the factor matching, with the factor's sign folded in.
double weight_error(const CpResult& r, const MatrixXd& truth, const VectorXd& lambda, int order) {
  const FactorMatch m = match_factors(r.factors, truth);
  double worst = 0;
  for (Index j = 0; j < r.rank(); ++j) {
    const Index i = m.truth_of[j];
    const double sign = r.factors.col(j).dot(truth.col(i)) < 0 ? -1.0 : 1.0;
    const double est = r.weights[j] * (order == 3 ? sign : 1.0);
    worst = std::max(worst, std::abs(est - lambda[i]) / std::abs(lambda[i]));
  }
  return worst;
}

}  // namespace

TEST_CASE("orthogonal planted tensors: all four methods recover factors and weights") {
  for (int order : {3, 4}) {
    const MatrixXd A = orthogonal_factors(11);
    const VectorXd lambda = planted_weights(order);
    const SymmetricTensor t = SymmetricTensor::from_factors(order, lambda, A);
    for (CpMethod m : {CpMethod::power, CpMethod::sshopm, CpMethod::jennrich, CpMethod::als}) {
      CAPTURE(order);
      CAPTURE(std::string(enum_name(m)));
      const CpResult r = decompose(t, options_for(m));
      CHECK(r.summary.usable());
      CHECK(r.summary.residual_exact);
      CHECK(r.summary.fit_residual < 1e-6);
      CHECK(min_cos(r, A) > 0.99999);
      CHECK(weight_error(r, A, lambda, order) < 1e-5);
    }
  }
}

TEST_CASE("non-orthogonal planted tensors: Jennrich and ALS recover them, SS-HOPM comes close") {
  const MatrixXd A = general_factors(12);
  for (int order : {3, 4}) {
    const VectorXd lambda = planted_weights(order);
    const SymmetricTensor t = SymmetricTensor::from_factors(order, lambda, A);
    CAPTURE(order);
    for (CpMethod m : {CpMethod::jennrich, CpMethod::als}) {
      CAPTURE(std::string(enum_name(m)));
      const CpResult r = decompose(t, options_for(m));
      CHECK(r.summary.usable());
      CHECK(min_cos(r, A) > 0.9999);
      CHECK(weight_error(r, A, lambda, order) < 1e-4);
    }
  }
  const SymmetricTensor t = SymmetricTensor::from_factors(3, planted_weights(3), A);
  auto o = options_for(CpMethod::als);
  o.als.init = AlsInit::random;
  const CpResult random_start = decompose(t, o);
  CHECK(min_cos(random_start, A) > 0.9999);
  // Power method and SS-HOPM find eigenvectors, which for non-orthogonal factors sit near them.
  const double power = min_cos(decompose(t, options_for(CpMethod::power)), A);
  const CpResult ss = decompose(t, options_for(CpMethod::sshopm));
  MESSAGE("non-orthogonal factors: min cosine power " << power << ", SS-HOPM " << min_cos(ss, A));
  CHECK(min_cos(ss, A) > 0.99);
  // Polishing the SS-HOPM factors with ALS recovers them exactly.
  AlsOptions polish;
  polish.rank = kRank;
  const CpResult polished = cp_als(t, polish, &ss.factors);
  CHECK(min_cos(polished, A) > 0.9999);
}

TEST_SUITE("tensor_long") {
  TEST_CASE("order 4, non-orthogonal: SS-HOPM with both signs, ALS from random starts") {
    const MatrixXd A = general_factors(12);
    const VectorXd lambda = planted_weights(4);
    const SymmetricTensor t = SymmetricTensor::from_factors(4, lambda, A);
    const CpResult ss = decompose(t, options_for(CpMethod::sshopm));
    CHECK(min_cos(ss, A) > 0.99);
    auto o = options_for(CpMethod::als);
    o.als.init = AlsInit::random;
    const CpResult r = decompose(t, o);
    CHECK(min_cos(r, A) > 0.9999);
    CHECK(weight_error(r, A, lambda, 4) < 1e-4);
  }
}

TEST_CASE("noise: the error grows smoothly with the noise level") {
  const MatrixXd Ao = orthogonal_factors(13), An = general_factors(13);
  const VectorXd lambda = planted_weights(3);
  const SymmetricTensor to = SymmetricTensor::from_factors(3, lambda, Ao);
  const SymmetricTensor tn = SymmetricTensor::from_factors(3, lambda, An);
  for (CpMethod m : {CpMethod::power, CpMethod::jennrich, CpMethod::als}) {
    const MatrixXd& A = m == CpMethod::power ? Ao : An;
    const SymmetricTensor& t = m == CpMethod::power ? to : tn;
    double previous_error = 0;
    for (double eps : {0.0, 0.01, 0.03, 0.1}) {
      const CpResult r = decompose(noisy(t, eps, 3), options_for(m));
      const double err = 1 - min_cos(r, A);
      MESSAGE(enum_name(m) << " noise " << eps << ": 1 − min cos = " << err << ", residual "
                           << r.summary.fit_residual);
      CHECK(err <= 20 * eps * eps + 1e-8);         // second order in the noise, no cliff
      CHECK(r.summary.fit_residual >= 0.5 * eps);  // the residual sees the noise it cannot fit
      CHECK(err + 1e-12 >= 0.1 * previous_error);  // and the error does not vanish as noise grows
      previous_error = err;
    }
  }
}

TEST_CASE("seeds: the same seed gives the same factors, different seeds the same answer") {
  const MatrixXd A = orthogonal_factors(14);
  const SymmetricTensor t = noisy(SymmetricTensor::from_factors(3, planted_weights(3), A), 0.02, 1);
  for (CpMethod m : {CpMethod::power, CpMethod::sshopm, CpMethod::jennrich, CpMethod::als}) {
    CAPTURE(std::string(enum_name(m)));
    const CpResult a = decompose(t, options_for(m, 5)), b = decompose(t, options_for(m, 5));
    CHECK(a.factors == b.factors);
    CHECK(a.weights == b.weights);
    const CpResult c = decompose(t, options_for(m, 6));
    CHECK(match_factors(c.factors, a.factors).min_cosine > 0.999);
  }
}

TEST_CASE("status values, not exceptions, when the math fails; exceptions for bad options") {
  const MatrixXd A = orthogonal_factors(15);
  const SymmetricTensor t = SymmetricTensor::from_factors(3, planted_weights(3), A);
  auto o = options_for(CpMethod::power);
  o.power.refine_iterations = 1;
  o.power.iterations = 0;
  const CpResult r = decompose(t, o);
  CHECK(r.summary.status == CpStatus::not_converged);
  CHECK(r.summary.message.find("did not converge") != std::string::npos);
  // Too few components for the tensor: the fit residual says so.
  auto few = options_for(CpMethod::power);
  few.common.rank = 1;
  const CpResult one = decompose(t, few);
  CHECK(one.summary.status == CpStatus::poor_fit);
  CHECK(one.summary.fit_residual > 0.5);
  CHECK(one.summary.message.find("exceeds the limit") != std::string::npos);
  // Jennrich on a tensor whose slices are all zero.
  auto oj = options_for(CpMethod::jennrich);
  oj.common.rank = 2;
  CHECK(decompose(SymmetricTensor(3, 4), oj).summary.status == CpStatus::singular);
  auto bad = options_for(CpMethod::power);
  bad.power.starts = 0;
  CHECK_THROWS_WITH_AS(decompose(t, bad), doctest::Contains("CpOptions.power.starts"), InputError);
  bad = options_for(CpMethod::als);
  bad.common.rank = 31;
  CHECK_THROWS_WITH_AS(decompose(t, bad), doctest::Contains("CpOptions.common.rank"), InputError);
  CHECK_THROWS_WITH_AS(parse_enum<CpMethod>("svd"),
                       doctest::Contains("power, sshopm, jennrich, als"), InputError);
  // Each method's own options still name their fields when called directly.
  PowerOptions p;
  p.rank = 31;
  CHECK_THROWS_WITH_AS(power_method(t, p), doctest::Contains("PowerOptions.rank"), InputError);
}
