// The Armadillo interop header: views share memory, copies are exact, and the same data gives the
// same bits through Armadillo as through Eigen for every entry point the header wraps.
#include <doctest/doctest.h>

#include <Eigen/Core>
#include <cstdint>
#include <memory>
#include <vector>

#include "nnm/armadillo.hpp"
#include "nnm/core/error.hpp"
#include "nnm/core/random.hpp"
#include "nnm/data/distributions.hpp"
#include "nnm/data/teacher.hpp"
#include "nnm/recovery/recover.hpp"
#include "nnm/tensor/cp.hpp"
#include "nnm/tensor/ica.hpp"
#include "nnm/tensor/symmetric_tensor.hpp"

namespace {

using Eigen::Index;
using Eigen::MatrixXd;

bool same_bits(const Eigen::Ref<const MatrixXd>& a, const Eigen::Ref<const MatrixXd>& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() && (a.array() == b.array()).all();
}

void check_same_model(const nnm::RecoveryResult& a, const nnm::RecoveryResult& b) {
  REQUIRE(a.model_computed());
  REQUIRE(b.model_computed());
  CHECK(a.summary.status == b.summary.status);
  CHECK(same_bits(a.model.W, b.model.W));
  CHECK(same_bits(a.model.A, b.model.A));
  CHECK(same_bits(a.model.b, b.model.b));
  CHECK(same_bits(a.model.c, b.model.c));
  CHECK(a.summary.fit_residual == b.summary.fit_residual);
  CHECK(a.summary.spectral_gap == b.summary.spectral_gap);
  CHECK(a.summary.off_diagonality == b.summary.off_diagonality);
}

// More samples than one chunk, and not a multiple of it: chunks at different offsets, the last
// short.
constexpr Index kSamples = nnm::kSourceChunkRows + 7001;

// Labelled samples of a ReLU teacher under a symmetric law, as Eigen matrices.
struct Data {
  nnm::Network teacher;
  MatrixXd X, Y;
};

Data teacher_data(Index n, const char* law_name = "laplace", double noise = 0.05) {
  nnm::TeacherOptions t;
  t.d = 8;
  t.k = 4;
  t.m = 5;
  t.seed = 11;
  Data data;
  data.teacher = nnm::make_teacher(t);
  const auto law = nnm::make_input_law(law_name, t.d, 11);
  const nnm::TeacherSampler sampler(data.teacher, *law, static_cast<std::uint64_t>(n), noise, 11);
  data.X.resize(n, t.d);
  data.Y.resize(n, t.m);
  sampler.fill(0, data.X, data.Y);
  return data;
}

// An arma::mat over borrowed memory that starts one double past an aligned address (the kind of
// memory ArmaSource must not read in place), holding a copy of M.
double* one_past_aligned(std::vector<double>& storage) {
  double* p = storage.data() + 1;
  while (reinterpret_cast<std::uintptr_t>(p) % EIGEN_MAX_ALIGN_BYTES != sizeof(double)) ++p;
  return p;
}

struct Unaligned {
  std::vector<double> storage;
  arma::mat mat;
  explicit Unaligned(const MatrixXd& M)
      : storage(static_cast<std::size_t>(M.size()) + EIGEN_MAX_ALIGN_BYTES / sizeof(double) + 1),
        mat(one_past_aligned(storage), static_cast<arma::uword>(M.rows()),
            static_cast<arma::uword>(M.cols()), /*copy_aux_mem=*/false, /*strict=*/true) {
    nnm::arma_view(mat) = M;  // writes into the borrowed memory
  }
  Unaligned(const Unaligned&) = delete;
  Unaligned& operator=(const Unaligned&) = delete;
};

nnm::RecoveryOptions recovery_options() {
  nnm::RecoveryOptions o;
  o.k = 4;
  o.polish_iterations = 2;
  return o;
}

}  // namespace

TEST_SUITE("armadillo views and copies") {
  TEST_CASE("arma_view shares memory; writes through a mutable view reach the arma object") {
    arma::mat M(7, 3, arma::fill::zeros);
    const auto view = nnm::arma_view(static_cast<const arma::mat&>(M));
    CHECK(view.data() == M.memptr());
    CHECK(view.rows() == 7);
    CHECK(view.cols() == 3);
    auto mutable_view = nnm::arma_view(M);
    mutable_view(4, 2) = 2.5;
    CHECK(M(4, 2) == 2.5);
    CHECK(view(4, 2) == 2.5);

    arma::vec v(5, arma::fill::zeros);
    nnm::arma_view(v)[3] = -1.0;
    CHECK(v(3) == -1.0);
    arma::rowvec r(4, arma::fill::zeros);
    nnm::arma_view(r)[1] = 7.0;
    CHECK(r(1) == 7.0);
    static_assert(decltype(nnm::arma_view(v))::ColsAtCompileTime == 1);
    static_assert(decltype(nnm::arma_view(r))::RowsAtCompileTime == 1);
  }

  TEST_CASE("to_arma copies exactly and keeps vectors as vectors") {
    const MatrixXd E = nnm::random_normal_matrix(6, 4, 3, nnm::streams::teacher, 0);
    const arma::mat A = nnm::to_arma(E);
    REQUIRE(A.n_rows == 6);
    REQUIRE(A.n_cols == 4);
    for (arma::uword i = 0; i < 6; ++i)
      for (arma::uword j = 0; j < 4; ++j) CHECK(A(i, j) == E(Index(i), Index(j)));
    CHECK(same_bits(nnm::arma_view(A), E));
    // Expressions work too, and a one-column expression becomes an arma::vec.
    const arma::mat At = nnm::to_arma(E.transpose());
    CHECK(same_bits(nnm::arma_view(At), E.transpose()));
    const arma::vec c = nnm::to_arma(E.col(2));
    const arma::rowvec r = nnm::to_arma(E.row(1));
    CHECK(c.n_elem == 6);
    CHECK(r.n_elem == 4);
    CHECK(c(5) == E(5, 2));
    CHECK(r(3) == E(1, 3));
  }

  TEST_CASE("networks round-trip through ArmaNetwork; forward reads arma inputs") {
    nnm::TeacherOptions t;
    t.d = 5;
    t.k = 3;
    t.m = 2;
    t.activation = nnm::Activation::parse("leaky_relu:0.2");
    nnm::Network net = nnm::make_teacher(t);
    net.b = Eigen::VectorXd::LinSpaced(3, -0.5, 0.5);
    net.c = Eigen::VectorXd::Constant(2, 0.25);
    const nnm::ArmaNetwork a = nnm::to_arma(net);
    CHECK(a.W.n_rows == 3);
    CHECK(a.W.n_cols == 5);
    CHECK(a.A(1, 2) == net.A(1, 2));
    const nnm::Network back = nnm::to_network(a);
    CHECK(same_bits(back.A, net.A));
    CHECK(same_bits(back.W, net.W));
    CHECK(same_bits(back.b, net.b));
    CHECK(same_bits(back.c, net.c));
    CHECK(back.activation.name() == "leaky_relu:0.2");

    const MatrixXd X = nnm::random_normal_matrix(50, 5, 4, nnm::streams::inputs, 0);
    const arma::mat Xa = nnm::to_arma(X);
    const arma::mat out = nnm::forward(net, Xa);
    CHECK(same_bits(nnm::arma_view(out), net.forward(X)));

    nnm::ArmaNetwork bad = a;
    bad.W = arma::mat(3, 4, arma::fill::zeros);
    bad.A = arma::mat(2, 2, arma::fill::zeros);  // 2 columns but 3 hidden rows in W
    CHECK_THROWS_AS(nnm::to_network(bad), nnm::InputError);
  }

  TEST_CASE("third-order cubes: index (i, j, k) means the same in both, round trip exact") {
    arma::cube T(3, 3, 3, arma::fill::zeros);
    T(0, 1, 2) = 5.0;  // deliberately not symmetric: the index order must be kept
    const nnm::SymmetricTensor S = nnm::to_tensor(T);
    CHECK(S(0, 1, 2) == 5.0);
    CHECK(S(2, 1, 0) == 0.0);
    const arma::cube back = nnm::to_arma(S);
    CHECK(arma::approx_equal(back, T, "absdiff", 0.0));
    CHECK_THROWS_AS(nnm::to_tensor(arma::cube(3, 3, 2, arma::fill::zeros)), nnm::InputError);
    CHECK_THROWS_AS(nnm::to_arma(nnm::SymmetricTensor(4, 2)), nnm::InputError);
  }
}

TEST_SUITE("armadillo and eigen give the same results") {
  TEST_CASE("recover: same model bit for bit, samples in rows, read in place") {
    const Data data = teacher_data(kSamples);
    const arma::mat X = nnm::to_arma(data.X), Y = nnm::to_arma(data.Y);
    CHECK(nnm::ArmaSource(X, Y).in_place());
    const nnm::RecoveryResult eigen = nnm::recover(data.X, data.Y, recovery_options());
    const nnm::RecoveryResult arma = nnm::recover(X, Y, recovery_options());
    // The comparison means something only if a model was actually learned.
    CHECK(eigen.summary.usable());
    check_same_model(eigen, arma);
    // And the converted model is that model.
    const nnm::ArmaNetwork model = nnm::to_arma(arma.model);
    CHECK(same_bits(nnm::arma_view(model.W), eigen.model.W));
  }

  TEST_CASE("recover: same model from memory at an unaligned address (copied chunk by chunk)") {
    const Data data = teacher_data(kSamples);
    const Unaligned X(data.X), Y(data.Y);
    REQUIRE(reinterpret_cast<std::uintptr_t>(X.mat.memptr()) % EIGEN_MAX_ALIGN_BYTES != 0);
    CHECK_FALSE(nnm::ArmaSource(X.mat, Y.mat).in_place());
    check_same_model(nnm::recover(data.X, data.Y, recovery_options()),
                     nnm::recover(X.mat, Y.mat, recovery_options()));
  }

  TEST_CASE("recover: same model from mlpack's layout (one sample per column)") {
    const Data data = teacher_data(kSamples);
    const arma::mat Xt = nnm::to_arma(data.X.transpose()), Yt = nnm::to_arma(data.Y.transpose());
    const nnm::ArmaSource source(Xt, Yt, nnm::ArmaLayout::samples_in_columns);
    CHECK(source.size() == kSamples);
    CHECK(source.dim() == 8);
    CHECK(source.output_dim() == 5);
    CHECK_FALSE(source.in_place());
    check_same_model(nnm::recover(data.X, data.Y, recovery_options()),
                     nnm::recover(source, recovery_options()));
    // A single output as an arma::rowvec, mlpack's responses.
    const arma::rowvec y = Yt.row(0);
    const nnm::ArmaSource one(Xt, y, nnm::ArmaLayout::samples_in_columns);
    CHECK(one.output_dim() == 1);
  }

  TEST_CASE("recover: a failed recovery fails the same way (non-symmetric inputs)") {
    const Data data = teacher_data(kSamples, "exponential", 0.0);
    const arma::mat X = nnm::to_arma(data.X), Y = nnm::to_arma(data.Y);
    const nnm::RecoveryResult eigen = nnm::recover(data.X, data.Y, recovery_options());
    const nnm::RecoveryResult arma = nnm::recover(X, Y, recovery_options());
    CHECK(eigen.summary.status == nnm::RecoveryStatus::not_symmetric);
    CHECK(arma.summary.status == eigen.summary.status);
    CHECK(arma.summary.message == eigen.summary.message);
    CHECK(arma.summary.symmetry_max_z == eigen.summary.symmetry_max_z);
  }

  // ICA's moment pipeline sums columns of the chunks with Eigen's vectorised reductions, whose last
  // bits depend on the alignment of each column: this is the case that needs ArmaSource's
  // alignment-preserving copies (reading unaligned memory in place changes the last bits).
  TEST_CASE("ICA and decompose_samples: same factors from every Armadillo layout as from Eigen") {
    const Index d = 12, k = 3;
    const auto z = nnm::make_input_law("exponential", k, 5);
    const MatrixXd mixing = nnm::random_normal_matrix(d, k, 5, nnm::streams::teacher, 1);
    const MatrixXd X = z->sample(0, kSamples) * mixing.transpose();
    nnm::IcaOptions o;
    o.sources = k;
    const nnm::IcaResult eigen = nnm::learn_ica(nnm::MatrixSource(X), o);
    CHECK(eigen.usable());
    CHECK(nnm::match_factors(eigen.mixing, mixing).min_cosine > 0.95);

    const arma::mat rows = nnm::to_arma(X);
    const Unaligned unaligned(X);
    const arma::mat columns = nnm::to_arma(X.transpose());
    SUBCASE("samples in rows, read in place") {
      CHECK(nnm::ArmaSource(rows).in_place());
      const nnm::IcaResult arma = nnm::learn_ica(rows, o);
      CHECK(same_bits(arma.mixing, eigen.mixing));
      CHECK(same_bits(arma.cumulants, eigen.cumulants));
      CHECK(arma.summary.fit_residual == eigen.summary.fit_residual);
    }
    SUBCASE("unaligned memory") {
      REQUIRE(reinterpret_cast<std::uintptr_t>(unaligned.mat.memptr()) % EIGEN_MAX_ALIGN_BYTES !=
              0);
      CHECK_FALSE(nnm::ArmaSource(unaligned.mat).in_place());
      const nnm::IcaResult arma = nnm::learn_ica(unaligned.mat, o);
      CHECK(same_bits(arma.mixing, eigen.mixing));
      CHECK(same_bits(arma.cumulants, eigen.cumulants));
    }
    SUBCASE("samples in columns") {
      const nnm::IcaResult arma =
          nnm::learn_ica(nnm::ArmaSource(columns, nnm::ArmaLayout::samples_in_columns), o);
      CHECK(same_bits(arma.mixing, eigen.mixing));
      CHECK(same_bits(arma.cumulants, eigen.cumulants));
    }
    SUBCASE("decompose_samples on the implicit, unwhitened third cumulant") {
      nnm::DataCpOptions c;
      c.cp.common.rank = k;
      c.materialize_up_to = 0;
      const nnm::DataCpResult e = nnm::decompose_samples(nnm::MatrixSource(X), c);
      CHECK(same_bits(nnm::decompose_samples(rows, c).cp.factors, e.cp.factors));
      CHECK(same_bits(nnm::decompose_samples(unaligned.mat, c).cp.factors, e.cp.factors));
      const nnm::DataCpResult cols =
          nnm::decompose_samples(nnm::ArmaSource(columns, nnm::ArmaLayout::samples_in_columns), c);
      CHECK(same_bits(cols.cp.factors, e.cp.factors));
      CHECK(same_bits(cols.cp.weights, e.cp.weights));
    }
  }

  TEST_CASE("CP of a dense tensor: same factors from an arma::cube as from a SymmetricTensor") {
    const Index d = 6, rank = 3;
    const MatrixXd factors = nnm::random_orthogonal(d, 8, nnm::streams::teacher, 0).leftCols(rank);
    const Eigen::VectorXd weights = Eigen::Vector3d(3.0, 2.0, 1.0);
    const nnm::SymmetricTensor T = nnm::SymmetricTensor::from_factors(3, weights, factors);
    const arma::cube cube = nnm::to_arma(T);
    nnm::CpOptions o;
    o.common.rank = rank;
    const nnm::CpResult eigen = nnm::decompose(T, o);
    const nnm::CpResult arma = nnm::decompose(cube, o);
    CHECK(eigen.summary.usable());
    CHECK(nnm::match_factors(eigen.factors, factors).min_cosine > 1 - 1e-9);
    CHECK(same_bits(arma.factors, eigen.factors));
    CHECK(same_bits(arma.weights, eigen.weights));
  }

  TEST_CASE("ArmaSource rejects mismatched sample counts") {
    const arma::mat X(100, 3, arma::fill::zeros), Y(99, 2, arma::fill::zeros);
    CHECK_THROWS_AS(nnm::ArmaSource(X, Y), nnm::InputError);
    const arma::mat Xt(3, 100, arma::fill::zeros), Yt(2, 100, arma::fill::zeros);
    CHECK_NOTHROW(nnm::ArmaSource(Xt, Yt, nnm::ArmaLayout::samples_in_columns));
    CHECK_THROWS_AS(nnm::ArmaSource(Xt, Yt), nnm::InputError);
  }
}
