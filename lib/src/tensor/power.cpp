#include "nnm/tensor/power.hpp"

#include <cmath>

#include <string>

#include "nnm/core/error.hpp"
#include "tensor/cp_detail.hpp"
#include "tensor/deflation.hpp"

namespace nnm {

using detail::EigenCandidate;
using detail::greedy_deflation;

void PowerSettings::validate(const char* who) const {
  const std::string w(who);
  if (starts < 1) throw InputError(w + ".starts must be at least 1");
  if (iterations < 0) throw InputError(w + ".iterations must be ≥ 0");
  if (refine_iterations < 1) throw InputError(w + ".refine_iterations must be at least 1");
  if (!(tolerance > 0)) throw InputError(w + ".tolerance must be positive");
}

void PowerOptions::validate(Eigen::Index dim) const {
  validate_common("PowerOptions", dim);
  PowerSettings::validate("PowerOptions");
}

namespace {

// One power step for every column; returns the largest 1 − |⟨u_new, u⟩| over the columns.
double power_step(const TensorOperator& t, Eigen::MatrixXd& U) {
  Eigen::MatrixXd V = t.contract(U);
  double change = 0.0;
  for (Eigen::Index l = 0; l < U.cols(); ++l) {
    const double norm = V.col(l).norm();
    if (!(norm > 0)) continue;  // a start orthogonal to everything left: keep it
    V.col(l) /= norm;
    change = std::max(change, 1.0 - std::abs(V.col(l).dot(U.col(l))));
  }
  U.swap(V);
  return change;
}

}  // namespace

CpResult power_method(const TensorOperator& t, const PowerOptions& o) {
  o.validate(t.dim());
  return greedy_deflation(t, o, "power", [&](const TensorOperator& residual, Eigen::Index c) {
    EigenCandidate out;
    Eigen::MatrixXd U = detail::random_unit_columns(
        t.dim(), o.starts, o.seed, detail::cp_index::power + static_cast<std::uint64_t>(c));
    for (int it = 0; it < o.iterations; ++it) {
      ++out.iterations;
      if (power_step(residual, U) < o.tolerance) break;
    }
    const Eigen::VectorXd vals = residual.values(U);
    ++out.iterations;
    Eigen::Index best;
    vals.cwiseAbs().maxCoeff(&best);
    Eigen::MatrixXd u = U.col(best);
    out.converged = false;
    for (int it = 0; it < o.refine_iterations; ++it) {
      ++out.iterations;
      if (power_step(residual, u) < o.tolerance) {
        out.converged = true;
        break;
      }
    }
    out.vector = u.col(0);
    out.value = residual.value(out.vector);
    return out;
  });
}

}  // namespace nnm
