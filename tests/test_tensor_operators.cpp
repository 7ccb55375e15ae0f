// Implicit moment operators against brute-force dense tensors built entry by entry.
#include <doctest/doctest.h>
#include <omp.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "nnm/core/error.hpp"
#include "nnm/core/random.hpp"
#include "nnm/linalg/whitening.hpp"
#include "nnm/tensor.hpp"

using namespace nnm;

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {

double delta(Index a, Index b) { return a == b ? 1.0 : 0.0; }

// E[w φ(x)] entry by entry, where φ gives one entry of the per-sample tensor.
template <class Entry>
SymmetricTensor brute(int order, Index d, Entry entry) {
  SymmetricTensor t(order, d);
  const Index size = t.size();
  for (Index flat = 0; flat < size; ++flat) {
    Index idx[4] = {0, 0, 0, 0}, r = flat;
    for (int p = order - 1; p >= 0; --p) {
      idx[p] = r % d;
      r /= d;
    }
    t.entries()[flat] = entry(idx);
  }
  return t;
}

MatrixXd skewed_samples(Index n, Index d, std::uint64_t seed) {
  MatrixXd X(n, d);
  for (Index i = 0; i < n; ++i) {
    Random r(seed, streams::inputs, static_cast<std::uint64_t>(i));
    for (Index j = 0; j < d; ++j) X(i, j) = r.exponential() - 0.7 + 0.3 * r.normal();
  }
  return X;
}

VectorXd weights_of(Index n, std::uint64_t seed) {
  VectorXd w(n);
  for (Index i = 0; i < n; ++i)
    w[i] = Random(seed, streams::noise, static_cast<std::uint64_t>(i)).normal();
  return w;
}

// The operator's contractions and slices must equal those of the dense reference.
void check_same(const TensorOperator& op, const SymmetricTensor& ref, double tol) {
  const MatrixXd U = random_normal_matrix(op.dim(), 3, 5, streams::algorithm, 0);
  const MatrixXd a = op.contract(U), b = ref.contract(U);
  CHECK((a - b).norm() <= tol * (1 + b.norm()));
  const auto sa = op.slices(U), sb = ref.slices(U);
  for (std::size_t l = 0; l < sa.size(); ++l)
    CHECK((sa[l] - sb[l]).norm() <= tol * (1 + sb[l].norm()));
  const SymmetricTensor dense = materialize(op);
  CHECK((dense.entries() - ref.entries()).norm() <= tol * (1 + ref.entries().norm()));
}

}  // namespace

TEST_CASE("dense symmetric tensor from factors agrees with the low-rank operator") {
  for (int order : {3, 4}) {
    const MatrixXd A = random_normal_matrix(5, 3, 1, streams::algorithm, 1);
    const VectorXd lambda = (VectorXd(3) << 2.0, -1.0, 0.5).finished();
    const SymmetricTensor dense = SymmetricTensor::from_factors(order, lambda, A);
    const LowRankTensor low(order, lambda, A);
    CHECK(dense.asymmetry() < 1e-15);
    check_same(low, dense, 1e-12);
    CHECK(*low.squared_norm() == doctest::Approx(*dense.squared_norm()).epsilon(1e-12));
    // Entry check: T_{0,1,2(,3)} = Σ λ_j a_0j a_1j a_2j (a_3j)
    double e = 0;
    for (Index j = 0; j < 3; ++j)
      e += lambda[j] * A(0, j) * A(1, j) * A(2, j) * (order == 4 ? A(3, j) : 1.0);
    CHECK((order == 3 ? dense(0, 1, 2) : dense(0, 1, 2, 3)) == doctest::Approx(e));
  }
}

TEST_CASE("raw, cumulant and Hermite sample moments equal their definitions") {
  const Index n = 300, d = 4;
  const MatrixXd X = skewed_samples(n, d, 3);
  const VectorXd w = weights_of(n, 3);
  const double nn = static_cast<double>(n);
  const VectorXd mu = X.colwise().mean().transpose();
  const MatrixXd Xc = X.rowwise() - mu.transpose();
  const MatrixXd cov = Xc.transpose() * Xc / nn;
  const MatrixXd m2w = X.transpose() * w.asDiagonal() * X / nn;
  const VectorXd m1w = X.transpose() * w / nn;
  const double m0w = w.sum() / nn;

  SUBCASE("raw order 3, weighted") {
    const auto ref = brute(3, d, [&](const Index* i) {
      double s = 0;
      for (Index t = 0; t < n; ++t) s += w[t] * X(t, i[0]) * X(t, i[1]) * X(t, i[2]);
      return s / nn;
    });
    check_same(SampleMoment(X, 3, MomentKind::raw, w), ref, 1e-12);
  }
  SUBCASE("third cumulant = central third moment") {
    const auto ref = brute(3, d, [&](const Index* i) {
      double s = 0;
      for (Index t = 0; t < n; ++t) s += Xc(t, i[0]) * Xc(t, i[1]) * Xc(t, i[2]);
      return s / nn;
    });
    check_same(SampleMoment(X, 3, MomentKind::cumulant), ref, 1e-12);
  }
  SUBCASE("fourth cumulant subtracts the three pairings") {
    const auto ref = brute(4, d, [&](const Index* i) {
      double s = 0;
      for (Index t = 0; t < n; ++t) s += Xc(t, i[0]) * Xc(t, i[1]) * Xc(t, i[2]) * Xc(t, i[3]);
      return s / nn - cov(i[0], i[1]) * cov(i[2], i[3]) - cov(i[0], i[2]) * cov(i[1], i[3]) -
             cov(i[0], i[3]) * cov(i[1], i[2]);
    });
    check_same(SampleMoment(X, 4, MomentKind::cumulant), ref, 1e-12);
  }
  SUBCASE("Hermite order 3: E[w (x⊗x⊗x − sym(x⊗I))]") {
    const auto ref = brute(3, d, [&](const Index* i) {
      double s = 0;
      for (Index t = 0; t < n; ++t)
        s += w[t] * (X(t, i[0]) * X(t, i[1]) * X(t, i[2]) - X(t, i[0]) * delta(i[1], i[2]) -
                     X(t, i[1]) * delta(i[0], i[2]) - X(t, i[2]) * delta(i[0], i[1]));
      return s / nn;
    });
    check_same(SampleMoment(X, 3, MomentKind::hermite, w), ref, 1e-12);
    (void)m1w;
  }
  SUBCASE("Hermite order 4: E[w (x^⊗4 − sym(x⊗x⊗I) + sym(I⊗I))]") {
    const auto ref = brute(4, d, [&](const Index* i) {
      double s = 0;
      const Index a = i[0], b = i[1], c = i[2], e = i[3];
      for (Index t = 0; t < n; ++t) {
        const auto x = [&](Index j) { return X(t, j); };
        const double pairs = delta(a, b) * x(c) * x(e) + delta(a, c) * x(b) * x(e) +
                             delta(a, e) * x(b) * x(c) + delta(b, c) * x(a) * x(e) +
                             delta(b, e) * x(a) * x(c) + delta(c, e) * x(a) * x(b);
        const double dd =
            delta(a, b) * delta(c, e) + delta(a, c) * delta(b, e) + delta(a, e) * delta(b, c);
        s += w[t] * (x(a) * x(b) * x(c) * x(e) - pairs + dd);
      }
      return s / nn;
    });
    check_same(SampleMoment(X, 4, MomentKind::hermite, w), ref, 1e-11);
    (void)m2w;
    (void)m0w;
  }
}

TEST_CASE("accumulators merge chunk sums into the whole-data sums") {
  const MatrixXd X = skewed_samples(5000, 6, 4);
  const MatrixXd U = random_normal_matrix(6, 4, 2, streams::algorithm, 0);
  ContractionAccumulator whole(4, U), first(4, U), second(4, U);
  whole.add(X);
  first.add(X.topRows(1234));
  second.add(X.bottomRows(5000 - 1234));
  first.merge(second);
  CHECK(first.count() == 5000);
  CHECK((first.mean() - whole.mean()).norm() < 1e-12 * whole.mean().norm());
  MomentAccumulator m(6), a(6), b(6);
  m.add(X);
  a.add(X.topRows(10));
  b.add(X.bottomRows(4990));
  a.merge(b);
  CHECK((a.covariance() - m.covariance()).norm() < 1e-12);
  CHECK_THROWS_AS(ContractionAccumulator(4, MatrixXd(3, 2)).merge(whole), InputError);
}

TEST_CASE("deflation, polarisation and the exact residual") {
  const MatrixXd A = random_normal_matrix(6, 3, 8, streams::algorithm, 0);
  const VectorXd lambda = VectorXd::Constant(3, 1.5);
  for (int order : {3, 4}) {
    const SymmetricTensor t = SymmetricTensor::from_factors(order, lambda, A);
    const LowRankTensor first(order, lambda.head(1), A.leftCols(1));
    const DeflatedOperator rest(t, first);
    const SymmetricTensor expect =
        SymmetricTensor::from_factors(order, lambda.tail(2), A.rightCols(2));
    check_same(rest, expect, 1e-12);
    CHECK(*rest.squared_norm() == doctest::Approx(*expect.squared_norm()).epsilon(1e-10));
    const LowRankTensor all(order, lambda, A);
    CHECK(relative_residual(t, all, 4, 1) < 1e-7);
    // T(I, b, c[, e]) against the entries.
    std::vector<MatrixXd> V;
    for (int m = 0; m < order - 1; ++m)
      V.push_back(random_normal_matrix(6, 2, 9, streams::algorithm, static_cast<std::uint64_t>(m)));
    const MatrixXd got = contract_multilinear(t, V);
    for (Index l = 0; l < 2; ++l)
      for (Index i = 0; i < 6; ++i) {
        double s = 0;
        for (Index j = 0; j < 3; ++j) {
          double term = lambda[j] * A(i, j);
          for (const auto& v : V) term *= A.col(j).dot(v.col(l));
          s += term;
        }
        CHECK(got(i, l) == doctest::Approx(s).epsilon(1e-10));
      }
  }
}

TEST_CASE("moment contractions are bitwise identical for any thread count") {
  const MatrixXd X = skewed_samples(20000, 7, 6);
  const MatrixXd U = random_normal_matrix(7, 5, 1, streams::algorithm, 3);
  const int before = omp_get_max_threads();
  omp_set_num_threads(1);
  const SampleMoment one(X, 4, MomentKind::cumulant);
  const MatrixXd c1 = one.contract(U);
  const auto s1 = one.slices(U);
  omp_set_num_threads(3);
  const SampleMoment three(X, 4, MomentKind::cumulant);
  const MatrixXd c3 = three.contract(U);
  const auto s3 = three.slices(U);
  omp_set_num_threads(before);
  CHECK(c1 == c3);
  for (std::size_t l = 0; l < s1.size(); ++l) CHECK(s1[l] == s3[l]);
}

TEST_CASE("prepare_moment whitens: the projected samples have identity covariance") {
  const Index n = 8000, d = 12, k = 4;
  const MatrixXd Z = skewed_samples(n, k, 10);
  const MatrixXd A = random_normal_matrix(d, k, 10, streams::algorithm, 0);
  const MatrixXd X = Z * A.transpose();
  const MatrixSource source(X);
  SampleMomentOptions o;
  o.whiten_rank = k;
  const PreparedMoment p = prepare_moment(source, o);
  REQUIRE(p.op);
  REQUIRE(p.whitening.usable());
  CHECK(p.samples == static_cast<std::uint64_t>(n));
  const MatrixXd& Y = p.op->data();
  const MatrixXd cov = Y.transpose() * Y / static_cast<double>(n);
  CHECK((cov - MatrixXd::Identity(k, k)).norm() < 1e-9);
  CHECK((p.whitening.map * p.whitening.unmap - MatrixXd::Identity(k, k)).norm() < 1e-9);
  // More whitened directions than the data has: reported, not thrown.
  o.whiten_rank = k + 1;
  const PreparedMoment bad = prepare_moment(source, o);
  CHECK(!bad.op);
  CHECK(bad.whitening.summary.status == WhiteningStatus::rank_deficient);
  o.kind = MomentKind::hermite;
  CHECK_THROWS_WITH_AS(prepare_moment(source, o), doctest::Contains("whiten_rank"), InputError);
}

TEST_CASE("tensor files: round trip and one-line errors") {
  const std::string dir = std::string(std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp");
  const std::string path = dir + "/nnm_test_tensor.json";
  const SymmetricTensor t = SymmetricTensor::from_factors(
      3, VectorXd::Ones(2), random_normal_matrix(3, 2, 1, streams::algorithm, 0));
  write_tensor(path, t);
  const SymmetricTensor back = read_tensor(path);
  CHECK(back.entries() == t.entries());
  const auto write = [&](const std::string& text) { std::ofstream(path) << text; };
  write("{\"order\": 3, \"dim\": 2, \"data\": [1,2,3]}");
  CHECK_THROWS_WITH_AS(read_tensor(path), doctest::Contains("3 values, expected dim^order = 8"),
                       InputError);
  write("{\"order\": 3, \"dim\": 2, \"data\": [1,2,0,0,0,0,0,0]}");
  CHECK_THROWS_WITH_AS(read_tensor(path), doctest::Contains("not symmetric"), InputError);
  write("{\"order\": 5, \"dim\": 2, \"data\": []}");
  CHECK_THROWS_WITH_AS(read_tensor(path), doctest::Contains("must be 3 or 4"), InputError);
  write("{\"order\": 3,\n \"dim\": 2,\n \"data\": [1,2,\n}");
  CHECK_THROWS_AS(read_tensor(path), InputError);
  std::remove(path.c_str());
}
