#include "nnm/tensor/sshopm.hpp"

#include <Eigen/Eigenvalues>
#include <cmath>
#include <vector>

#include <string>

#include "nnm/core/error.hpp"
#include "tensor/cp_detail.hpp"
#include "tensor/deflation.hpp"

namespace nnm {

using detail::EigenCandidate;
using detail::greedy_deflation;

void SsHopmSettings::validate(const char* who) const {
  const std::string w(who);
  if (starts < 1) throw InputError(w + ".starts must be at least 1");
  if (max_iterations < 1) throw InputError(w + ".max_iterations must be at least 1");
  if (!(tolerance > 0)) throw InputError(w + ".tolerance must be positive");
  if (!(tau > 0)) throw InputError(w + ".tau must be positive");
}

void SsHopmOptions::validate(Eigen::Index dim) const {
  validate_common("SsHopmOptions", dim);
  SsHopmSettings::validate("SsHopmOptions");
}

CpResult sshopm(const TensorOperator& t, const SsHopmOptions& o) {
  o.validate(t.dim());
  const int p = t.order();
  return greedy_deflation(t, o, "sshopm", [&](const TensorOperator& residual, Eigen::Index c) {
    EigenCandidate out;
    // At even order the same starts run twice: once uphill (s = +1), once downhill (s = −1).
    const Eigen::MatrixXd starts = detail::random_unit_columns(
        t.dim(), o.starts, o.seed, detail::cp_index::sshopm + static_cast<std::uint64_t>(c));
    const int signs = p % 2 == 0 ? 2 : 1;
    Eigen::MatrixXd U(t.dim(), signs * o.starts);
    Eigen::VectorXd s(U.cols());
    for (int g = 0; g < signs; ++g) {
      U.middleCols(g * o.starts, o.starts) = starts;
      s.segment(g * o.starts, o.starts).setConstant(g == 0 ? 1.0 : -1.0);
    }
    Eigen::Array<bool, Eigen::Dynamic, 1> done =
        Eigen::Array<bool, Eigen::Dynamic, 1>::Constant(U.cols(), false);
    for (int it = 0; it < o.max_iterations && !done.all(); ++it) {
      ++out.iterations;
      // Only the starts still moving cost a contraction.
      std::vector<Eigen::Index> active;
      for (Eigen::Index l = 0; l < U.cols(); ++l)
        if (!done[l]) active.push_back(l);
      Eigen::MatrixXd Ua(U.rows(), static_cast<Eigen::Index>(active.size()));
      for (std::size_t a = 0; a < active.size(); ++a)
        Ua.col(static_cast<Eigen::Index>(a)) = U.col(active[a]);
      const Eigen::MatrixXd G = residual.contract(Ua);
      const auto S = residual.slices(Ua);
      for (std::size_t a = 0; a < active.size(); ++a) {
        const Eigen::Index l = active[a], c = static_cast<Eigen::Index>(a);
        Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(s[l] * S[a], Eigen::EigenvaluesOnly);
        const double alpha = std::max(0.0, o.tau - (p - 1) * eig.eigenvalues()[0]);
        Eigen::VectorXd v = s[l] * G.col(c) + alpha * U.col(l);
        const double norm = v.norm();
        if (!(norm > 0)) {
          done[l] = true;
          continue;
        }
        v /= norm;
        if (1.0 - v.dot(U.col(l)) < o.tolerance) done[l] = true;
        U.col(l) = v;
      }
    }
    out.converged = done.all();
    const Eigen::VectorXd vals = residual.values(U);
    Eigen::Index best;
    vals.cwiseAbs().maxCoeff(&best);
    out.vector = U.col(best);
    out.value = vals[best];
    // Only the winner has to converge for the component to be trusted.
    out.converged = done[best];
    return out;
  });
}

}  // namespace nnm
