#include "nnm/tensor/jennrich.hpp"

#include <Eigen/Eigenvalues>
#include <chrono>
#include <sstream>

#include <string>

#include "nnm/core/error.hpp"
#include "nnm/linalg/joint_diagonalisation.hpp"
#include "tensor/cp_detail.hpp"

namespace nnm {

void TensorJennrichSettings::validate(const char* who) const {
  const std::string w(who);
  if (contractions < 2) throw InputError(w + ".contractions must be at least 2");
  if (pairs < 1) throw InputError(w + ".pairs must be at least 1");
}

void TensorJennrichOptions::validate(Eigen::Index dim) const {
  validate_common("TensorJennrichOptions", dim);
  TensorJennrichSettings::validate("TensorJennrichOptions");
}

CpResult tensor_jennrich(const TensorOperator& t, const TensorJennrichOptions& o) {
  o.validate(t.dim());
  const auto start = std::chrono::steady_clock::now();
  const Eigen::Index d = t.dim(), r = o.rank;
  CpResult result;
  result.summary.method = "jennrich";
  const Eigen::MatrixXd U =
      detail::random_unit_columns(d, o.contractions, o.seed, detail::cp_index::jennrich);
  std::vector<Eigen::MatrixXd> family = t.slices(U);
  result.summary.iterations = 1;

  // Compress to the slices' joint column space span(A) when rank < dim.
  Eigen::MatrixXd Q = Eigen::MatrixXd::Identity(d, d);
  if (r < d) {
    Eigen::MatrixXd energy = Eigen::MatrixXd::Zero(d, d);
    for (const auto& m : family) energy.noalias() += m * m.transpose();
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(energy);
    Q = eig.eigenvectors().rightCols(r);
    for (auto& m : family) m = Q.transpose() * m * Q;
  }
  JennrichOptions jo;
  jo.pairs = o.pairs;
  jo.seed = o.seed;
  const JennrichResult jr = jennrich(family, jo);
  if (jr.summary.status != JennrichStatus::success) {
    result.summary.status = CpStatus::singular;
    result.summary.message = jr.summary.message;
    result.factors.resize(d, 0);
    detail::finish_summary(
        t, t.order(), o,
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), result);
    return result;
  }
  result.factors = Q * jr.factors();
  detail::fit_weights(t, result.factors, result.weights);
  detail::finish_summary(
      t, t.order(), o,
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), result);
  if (result.summary.usable() && jr.summary.imaginary_fraction > 1e-3) {
    // Complex eigenvectors mean the pencil did not diagonalise: the real parts are a guess.
    std::ostringstream m;
    m << "diagonalisation left an imaginary part " << jr.summary.imaginary_fraction;
    result.summary.message = m.str();
  }
  return result;
}

}  // namespace nnm
