// The two learners on planted models: ICA by the third cumulant, and the score-function learner.
#include <doctest/doctest.h>
#include <omp.h>

#include <cmath>
#include <filesystem>
#include <string>

#include "nnm/core/error.hpp"
#include "nnm/core/random.hpp"
#include "nnm/data/dataset.hpp"
#include "nnm/data/distributions.hpp"
#include "nnm/data/sample_source.hpp"
#include "nnm/data/teacher.hpp"
#include "nnm/tensor.hpp"

using namespace nnm;

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {

// x = A z with iid centred Exp(1) − 1 sources (unit variance, skewness 2), generated on every pass.
GeneratedSource ica_source(const InputLaw& sources, const MatrixXd& A, std::uint64_t n) {
  return GeneratedSource(
      A.rows(), 0, n,
      [&sources, A](std::uint64_t first, Eigen::Ref<MatrixXd> X, Eigen::Ref<MatrixXd>) {
        X.noalias() = sources.sample(first, X.rows()) * A.transpose();
      });
}

IcaOptions ica_options(Index k, std::uint64_t seed = 3) {
  IcaOptions o;
  o.sources = k;
  o.seed = seed;
  return o;
}

}  // namespace

TEST_CASE("ICA, d = 100, k = 10, n = 1e5: orthonormal and general mixing") {
  const Index d = 100, k = 10;
  const auto z = make_input_law("exponential", k, 21);
  SUBCASE("orthonormal A") {
    const MatrixXd A = random_orthogonal(d, 21, streams::teacher, 0).leftCols(k);
    const auto source = ica_source(*z, A, 100000);
    const IcaResult r = learn_ica(source, ica_options(k));
    const FactorMatch m = match_factors(r.mixing, A);
    MESSAGE("ICA orthonormal: min |cos| "
            << m.min_cosine << ", mean " << m.mean_cosine << "; " << r.summary.brief_report()
            << "; moment " << r.moment_seconds << " s, total " << r.total_seconds << " s");
    CHECK(r.usable());
    CHECK(m.min_cosine > 0.95);
    // Skewness of Exp(1) is 2; the estimates should be near it.
    CHECK((r.cumulants.array() - 2.0).abs().maxCoeff() < 0.3);
    // Unit-variance sources: the columns come back at the right scale, not just direction.
    for (Index j = 0; j < k; ++j)
      CHECK(r.mixing.col(j).norm() == doctest::Approx(1.0).epsilon(0.05));
  }
  SUBCASE("general A, after whitening") {
    const MatrixXd A = random_normal_matrix(d, k, 22, streams::teacher, 1);
    const auto source = ica_source(*z, A, 100000);
    const IcaResult r = learn_ica(source, ica_options(k));
    const FactorMatch m = match_factors(r.mixing, A);
    MESSAGE("ICA general A (cond " << r.whitening.condition_number() << "): min |cos| "
                                   << m.min_cosine << "; " << r.summary.brief_report());
    CHECK(r.usable());
    CHECK(m.min_cosine > 0.95);
  }
}

TEST_CASE("ICA reports the mean it removed: the sample mean of x") {
  const Index d = 6, k = 3;
  const auto z = make_input_law("exponential", k, 25);
  const MatrixXd A = random_normal_matrix(d, k, 25, streams::teacher, 1);
  MatrixXd X = z->sample(0, 20000) * A.transpose();
  X.rowwise() += Eigen::RowVectorXd::LinSpaced(d, -3.0, 2.0);  // a mean far from zero
  const IcaResult r = learn_ica(MatrixSource(X), ica_options(k));
  REQUIRE(r.mean.size() == d);
  const Eigen::VectorXd expected = X.colwise().mean().transpose();
  CHECK((r.mean - expected).cwiseAbs().maxCoeff() < 1e-12);
}

TEST_CASE("ICA: the implicit path agrees with the materialised one, and other methods work too") {
  const Index d = 30, k = 5;
  const auto z = make_input_law("exponential", k, 23);
  const MatrixXd A = random_normal_matrix(d, k, 23, streams::teacher, 1);
  const auto source = ica_source(*z, A, 40000);
  IcaOptions o = ica_options(k);
  const IcaResult dense = learn_ica(source, o);
  o.materialize_up_to = 0;
  const IcaResult implicit = learn_ica(source, o);
  CHECK(match_factors(implicit.mixing, dense.mixing).min_cosine > 1 - 1e-9);
  CHECK(!implicit.summary.residual_exact);
  CHECK(dense.summary.residual_exact);
  for (CpMethod m : {CpMethod::sshopm, CpMethod::jennrich, CpMethod::als}) {
    o.method = m;
    o.materialize_up_to = Index{1} << 16;
    const IcaResult r = learn_ica(source, o);
    CAPTURE(std::string(enum_name(m)));
    CHECK(match_factors(r.mixing, A).min_cosine > 0.95);
  }
  // Order 4: the excess kurtosis of Exp(1) is 6.
  o.method = CpMethod::power;
  o.order = 4;
  const IcaResult r4 = learn_ica(source, o);
  CHECK(match_factors(r4.mixing, A).min_cosine > 0.9);
  CHECK(r4.cumulants.minCoeff() > 3.0);
}

TEST_CASE(
    "ICA: same seed, same mixing, for any thread count; Gaussian sources are not identifiable") {
  const Index d = 40, k = 4;
  const auto z = make_input_law("exponential", k, 24);
  const MatrixXd A = random_normal_matrix(d, k, 24, streams::teacher, 1);
  const auto source = ica_source(*z, A, 50000);
  IcaOptions o = ica_options(k);
  o.materialize_up_to = 0;  // the implicit path is the one with parallel passes
  const int before = omp_get_max_threads();
  omp_set_num_threads(1);
  const IcaResult one = learn_ica(source, o);
  omp_set_num_threads(2);
  const IcaResult two = learn_ica(source, o);
  omp_set_num_threads(4);
  const IcaResult four = learn_ica(source, o);
  omp_set_num_threads(before);
  CHECK(one.mixing == two.mixing);
  CHECK(one.mixing == four.mixing);
  CHECK(one.cumulants == four.cumulants);

  const auto g = make_input_law("gaussian", k, 24);
  const IcaResult gauss = learn_ica(ica_source(*g, A, 50000), ica_options(k));
  MESSAGE("ICA on Gaussian sources: " << gauss.summary.brief_report() << ", min |cos| "
                                      << match_factors(gauss.mixing, A).min_cosine);
  CHECK(gauss.cumulants.maxCoeff() < 0.2);  // nothing to find: all cumulants near zero
  CHECK(match_factors(gauss.mixing, A).min_cosine < 0.9);
}

namespace {

struct ScoreRun {
  double min_cos, mean_cos;
  CpSummary summary;
};

ScoreRun score_run(const char* law_name, const char* activation, int order, std::uint64_t n,
                   std::uint64_t seed = 5, Index d = 20, Index k = 4) {
  TeacherOptions t;
  t.d = d;
  t.k = k;
  t.m = 2;
  t.cond_w = 1.0;
  t.seed = seed;
  t.activation = Activation::parse(activation);
  const Network net = make_teacher(t);
  const auto law = make_input_law(law_name, t.d, seed);
  const TeacherSampler sampler(net, *law, n, 0.0, seed);
  const GeneratedSource source(
      t.d, t.m, n, [&sampler](std::uint64_t first, Eigen::Ref<MatrixXd> X, Eigen::Ref<MatrixXd> Y) {
        sampler.fill(first, X, Y);
      });
  ScoreOptions o;
  o.units = t.k;
  o.order = order;
  o.seed = seed;
  const ScoreResult r = learn_score(source, o);
  const FactorMatch m = match_factors(r.directions.transpose(), net.W.transpose());
  return {m.min_cosine, m.mean_cosine, r.summary};
}

ScoreRun score_run_small(const char* activation, int order, std::uint64_t n) {
  return score_run("gaussian", activation, order, n, 5, 8, 2);
}

}  // namespace

TEST_CASE("score-function learner: tanh teacher, d = 20, k = 4, Gaussian inputs") {
  const ScoreRun gauss = score_run("gaussian", "tanh", 3, 200000);
  MESSAGE("score learner, tanh, Gaussian inputs: min |cos| "
          << gauss.min_cos << ", mean " << gauss.mean_cos << "; " << gauss.summary.brief_report());
  CHECK(gauss.min_cos > 0.95);
  // On a symmetric but non-Gaussian law the moment is no longer Σ λ_j w_j^{⊗3}: the error grows.
  for (const char* law : {"uniform", "laplace"}) {
    const ScoreRun other = score_run(law, "tanh", 3, 200000);
    MESSAGE("score learner, tanh, " << std::string(law) << " inputs: min |cos| " << other.min_cos
                                    << ", mean " << other.mean_cos << "; "
                                    << other.summary.brief_report());
    CHECK(1 - other.mean_cos > 3 * (1 - gauss.mean_cos));
  }
}

TEST_CASE("score-function learner: order 3 cannot see ReLU units") {
  const ScoreRun blind = score_run("gaussian", "relu", 3, 200000);
  MESSAGE("ReLU teacher, order 3: min |cos| " << blind.min_cos << " ("
                                              << blind.summary.brief_report() << ")");
  CHECK(blind.min_cos < 0.8);
  CHECK(!blind.summary.usable());
}

TEST_SUITE("tensor_long") {
  TEST_CASE("score-function learner: order 4 sees ReLU units, given enough samples") {
    const ScoreRun sees = score_run_small("relu", 4, 2000000);
    MESSAGE("ReLU teacher, order 4, d = 8, k = 2: min |cos| "
            << sees.min_cos << " (" << sees.summary.brief_report() << ")");
    CHECK(sees.min_cos > 0.9);
  }
}

TEST_CASE("learners reject bad options with the field's name") {
  const MatrixXd X = MatrixXd::Ones(10, 3);
  const MatrixSource source(X);
  IcaOptions o;
  o.sources = 4;
  CHECK_THROWS_WITH_AS(learn_ica(source, o), doctest::Contains("IcaOptions.sources"), InputError);
  o.sources = 1;
  o.order = 5;
  CHECK_THROWS_WITH_AS(learn_ica(source, o), doctest::Contains("IcaOptions.order"), InputError);
  ScoreOptions s;
  CHECK_THROWS_WITH_AS(learn_score(source, s), doctest::Contains("no y columns"), InputError);
}

TEST_CASE("decompose_samples, whitened to R < d: R unit factors of length d in data coordinates") {
  // Issue 12 item 1: the factors were the first R entries of the data-space factors (R × R).
  const Index d = 8, k = 3;
  const auto z = make_input_law("exponential", k, 25);
  const MatrixXd A = random_normal_matrix(d, k, 25, streams::teacher, 1);
  const auto source = ica_source(*z, A, 20000);
  for (int order : {3, 4})
    for (CpMethod method : {CpMethod::power, CpMethod::sshopm, CpMethod::jennrich, CpMethod::als}) {
      CAPTURE(order);
      const std::string name(enum_name(method));
      CAPTURE(name);
      DataCpOptions o;
      o.moment.order = order;
      o.moment.whiten_rank = k;
      o.cp.method = method;
      o.cp.common.rank = k;
      o.cp.common.seed = 3;
      o.cp.common.max_residual = 1.0;
      const DataCpResult r = decompose_samples(source, o);
      REQUIRE(r.cp.factors.rows() == d);
      REQUIRE(r.cp.factors.cols() == k);
      REQUIRE(r.unwhitened.rows() == d);
      for (Index j = 0; j < k; ++j) {
        CHECK(r.cp.factors.col(j).norm() == doctest::Approx(1.0).epsilon(1e-12));
        const double cos =
            std::abs(r.cp.factors.col(j).dot(r.unwhitened.col(j))) / r.unwhitened.col(j).norm();
        CHECK(cos == doctest::Approx(1.0).epsilon(1e-12));
      }
      CHECK(match_factors(r.cp.factors, A).min_cosine > 0.9);
    }
}

TEST_CASE("ICA from memory gives a file's bits whatever n is modulo the SIMD alignment") {
  // Reading a middle chunk of a matrix in place starts its columns at other alignments than a
  // fresh chunk read from a file, and Eigen's vectorised sums round by alignment: MatrixSource
  // copies such chunks. n = 40001 has two chunks and is odd, so the second chunk is misaligned.
  const Index d = 6, k = 3;
  const auto z = make_input_law("exponential", k, 27);
  const MatrixXd A = random_normal_matrix(d, k, 27, streams::teacher, 1);
  for (const Index n : {Index{40001}, Index{40002}, Index{40004}}) {
    CAPTURE(n);
    const MatrixXd X = z->sample(0, n) * A.transpose();
    const std::string path =
        (std::filesystem::temp_directory_path() / ("nnm-ica-bits-" + std::to_string(n) + ".csv"))
            .string();
    CsvWriter writer(path, d, 0);
    writer.write(X, MatrixXd(n, 0));
    writer.commit();
    const IcaResult memory = learn_ica(MatrixSource(X), ica_options(k));
    const IcaResult file = learn_ica(CsvSource(path), ica_options(k));
    std::filesystem::remove(path);
    REQUIRE(memory.mixing.size() == file.mixing.size());
    CHECK((memory.mixing.array() == file.mixing.array()).all());
    CHECK((memory.mean.array() == file.mean.array()).all());
  }
}
