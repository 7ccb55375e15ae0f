#include "nnm/linalg/joint_diagonalisation.hpp"

#include <Eigen/Eigenvalues>
#include <Eigen/LU>
#include <chrono>
#include <cmath>
#include <limits>

#include "nnm/core/error.hpp"
#include "nnm/core/random.hpp"

namespace nnm {

void JennrichOptions::validate() const {
  if (pairs < 1) throw InputError("JennrichOptions.pairs must be at least 1");
}

double off_diagonality(const Eigen::MatrixXd& V, const std::vector<Eigen::MatrixXd>& family) {
  double off = 0.0, total = 0.0;
  for (const auto& m : family) {
    const Eigen::MatrixXd c = V.transpose() * m * V;
    total += c.squaredNorm();
    off += c.squaredNorm() - c.diagonal().squaredNorm();
  }
  return total > 0 ? off / total : 1.0;
}

Eigen::MatrixXd JennrichResult::factors() const {
  Eigen::MatrixXd p = V.inverse().transpose();
  p.colwise().normalize();
  return p;
}

JennrichResult jennrich(const std::vector<Eigen::MatrixXd>& family,
                        const JennrichOptions& options) {
  options.validate();
  if (family.empty()) throw InputError("jennrich: the family of matrices is empty");
  const Eigen::Index k = family.front().rows();
  for (const auto& m : family)
    if (m.rows() != k || m.cols() != k)
      throw InputError("jennrich: all matrices must be " + std::to_string(k) + " × " +
                       std::to_string(k));

  const auto start = std::chrono::steady_clock::now();
  JennrichResult best;
  best.summary.status = JennrichStatus::singular;
  best.summary.message = "every random combination was singular";
  double best_score = std::numeric_limits<double>::infinity();
  const auto count = static_cast<Eigen::Index>(family.size());
  for (int pair = 0; pair < options.pairs; ++pair) {
    Random rng(options.seed, streams::algorithm, static_cast<std::uint64_t>(pair));
    Eigen::MatrixXd ka = Eigen::MatrixXd::Zero(k, k), kb = Eigen::MatrixXd::Zero(k, k);
    for (Eigen::Index l = 0; l < count; ++l) {
      ka += rng.normal() * family[static_cast<std::size_t>(l)];
      kb += rng.normal() * family[static_cast<std::size_t>(l)];
    }
    Eigen::PartialPivLU<Eigen::MatrixXd> lu(kb);
    if (!(std::abs(lu.determinant()) > 0.0) || lu.rcond() < 1e-14) continue;
    Eigen::EigenSolver<Eigen::MatrixXd> eig(lu.solve(ka));  // K_b⁻¹ K_a v = λ v
    if (eig.info() != Eigen::Success) continue;
    const Eigen::MatrixXcd vc = eig.eigenvectors();
    Eigen::MatrixXd v = vc.real();
    for (Eigen::Index j = 0; j < k; ++j) {
      const double norm = v.col(j).norm();
      if (norm > 0) v.col(j) /= norm;
    }
    const double score = off_diagonality(v, family);
    if (score < best_score) {
      best_score = score;
      best.V = v;
      best.summary.status = JennrichStatus::success;
      best.summary.message.clear();
      best.summary.off_diagonality = score;
      best.summary.best_pair = pair;
      best.summary.imaginary_fraction = vc.imag().norm() / vc.norm();
      const Eigen::VectorXcd ev = eig.eigenvalues();
      double gap = std::numeric_limits<double>::infinity();
      for (Eigen::Index i = 0; i < k; ++i)
        for (Eigen::Index j = i + 1; j < k; ++j) gap = std::min(gap, std::abs(ev[i] - ev[j]));
      best.summary.eigenvalue_separation = k > 1 ? gap : 0.0;
    }
  }
  best.summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return best;
}

}  // namespace nnm
