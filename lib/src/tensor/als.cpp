#include "nnm/tensor/als.hpp"

#include <Eigen/QR>
#include <chrono>
#include <cmath>
#include <limits>

#include <string>

#include "nnm/core/error.hpp"
#include "nnm/tensor/jennrich.hpp"
#include "tensor/cp_detail.hpp"

namespace nnm {

void AlsSettings::validate(const char* who) const {
  const std::string w(who);
  if (restarts < 1) throw InputError(w + ".restarts must be at least 1");
  if (max_iterations < 1) throw InputError(w + ".max_iterations must be at least 1");
  if (!(tolerance > 0)) throw InputError(w + ".tolerance must be positive");
}

void AlsOptions::validate(Eigen::Index dim) const {
  validate_common("AlsOptions", dim);
  AlsSettings::validate("AlsOptions");
}

namespace {

struct AlsRun {
  Eigen::MatrixXd factors;
  Eigen::VectorXd weights;
  int sweeps = 0;
  bool converged = false;
  double objective = 0.0;  // ‖T̂‖² − 2⟨T, T̂⟩ = ‖T − T̂‖² − ‖T‖²
};

AlsRun run_als(const TensorOperator& t, Eigen::MatrixXd init, const AlsOptions& o) {
  const int p = t.order();
  const Eigen::Index r = init.cols();
  init.colwise().normalize();
  std::vector<Eigen::MatrixXd> F(static_cast<std::size_t>(p), init);
  AlsRun run;
  for (int sweep = 0; sweep < o.max_iterations && !run.converged; ++sweep) {
    ++run.sweeps;
    const Eigen::MatrixXd previous = F[0];
    for (int m = 0; m < p; ++m) {
      std::vector<Eigen::MatrixXd> others;
      Eigen::MatrixXd gram = Eigen::MatrixXd::Ones(r, r);
      for (int i = 0; i < p; ++i)
        if (i != m) {
          others.push_back(F[static_cast<std::size_t>(i)]);
          gram.array() *=
              (F[static_cast<std::size_t>(i)].transpose() * F[static_cast<std::size_t>(i)]).array();
        }
      const Eigen::MatrixXd K = contract_multilinear(t, others);  // d × r
      // F_m = K gram⁻¹; gram is symmetric, possibly near singular when factors collide.
      Eigen::MatrixXd next =
          gram.completeOrthogonalDecomposition().solve(K.transpose()).transpose();
      for (Eigen::Index j = 0; j < r; ++j) {
        const double norm = next.col(j).norm();
        if (norm > 0)
          next.col(j) /= norm;
        else
          next.col(j) = F[static_cast<std::size_t>(m)].col(j);
      }
      F[static_cast<std::size_t>(m)] = std::move(next);
    }
    double change = 0.0;
    for (Eigen::Index j = 0; j < r; ++j)
      change = std::max(change, 1.0 - std::abs(previous.col(j).dot(F[0].col(j))));
    run.converged = change < o.tolerance;
  }
  // Average the modes, each aligned in sign with mode 0, into one symmetric factor.
  run.factors = F[0];
  for (int m = 1; m < p; ++m)
    for (Eigen::Index j = 0; j < r; ++j) {
      const auto& col = F[static_cast<std::size_t>(m)].col(j);
      run.factors.col(j) += (col.dot(F[0].col(j)) < 0 ? -1.0 : 1.0) * col;
    }
  detail::fit_weights(t, run.factors, run.weights);
  const LowRankTensor model(p, run.weights, run.factors);
  run.objective = *model.squared_norm() - 2.0 * model.inner(t);
  return run;
}

}  // namespace

CpResult cp_als(const TensorOperator& t, const AlsOptions& o, const Eigen::MatrixXd* initial) {
  o.validate(t.dim());
  const auto start = std::chrono::steady_clock::now();
  const Eigen::Index d = t.dim();
  if (initial && (initial->rows() != d || initial->cols() != o.rank))
    throw InputError("cp_als: the initial factors must be " + std::to_string(d) + " × " +
                     std::to_string(o.rank));
  CpResult result;
  result.summary.method = "als";
  std::vector<Eigen::MatrixXd> inits;
  std::string note;
  if (initial) {
    inits.push_back(*initial);
  } else if (o.init == AlsInit::jennrich) {
    TensorJennrichOptions jo;
    static_cast<CpCommonOptions&>(jo) = o;
    const CpResult j = tensor_jennrich(t, jo);
    result.summary.iterations += j.summary.iterations;
    if (j.summary.status != CpStatus::singular)
      inits.push_back(j.factors);
    else
      note = "Jennrich initialisation failed (" + j.summary.message + "); used random starts";
  }
  if (inits.empty())
    for (int s = 0; s < o.restarts; ++s)
      // T(I, u, …, u) lies in the span of the factors: start there rather than anywhere in R^d.
      inits.push_back(t.contract(detail::random_unit_columns(
          d, o.rank, o.seed, detail::cp_index::als + static_cast<std::uint64_t>(s))));

  AlsRun best;
  best.objective = std::numeric_limits<double>::infinity();
  for (const auto& init : inits) {
    AlsRun run = run_als(t, init, o);
    result.summary.iterations += run.sweeps;
    // The first run is kept even when its objective is not finite, so the factors always have
    // the tensor's dimension and the requested rank.
    if (best.factors.size() == 0 || run.objective < best.objective) best = std::move(run);
  }
  result.factors = std::move(best.factors);
  result.weights = std::move(best.weights);
  if (!best.converged) {
    result.summary.status = CpStatus::not_converged;
    result.summary.message = "no convergence in " + std::to_string(o.max_iterations) + " sweeps";
  } else {
    result.summary.message = note;
  }
  detail::finish_summary(
      t, t.order(), o,
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), result);
  return result;
}

}  // namespace nnm
