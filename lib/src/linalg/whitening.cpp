#include "nnm/linalg/whitening.hpp"

#include <Eigen/Eigenvalues>
#include <chrono>
#include <cmath>

#include "nnm/core/error.hpp"

#ifdef NNM_HAVE_SPECTRA
#include <Spectra/MatOp/DenseSymMatProd.h>
#include <Spectra/SymEigsSolver.h>
#endif

namespace nnm {

void WhiteningOptions::validate() const {
  if (rank < 0) throw InputError("WhiteningOptions.rank must be ≥ 0");
  if (!(relative_floor >= 0.0 && relative_floor < 1.0))
    throw InputError("WhiteningOptions.relative_floor must be in [0, 1)");
  if (iterative_from < 0) throw InputError("WhiteningOptions.iterative_from must be ≥ 0");
}

double Whitening::condition_number() const {
  if (eigenvalues.size() == 0) return 0.0;
  return eigenvalues.maxCoeff() / eigenvalues.minCoeff();
}

Whitening whiten(const Eigen::MatrixXd& m, const WhiteningOptions& options) {
  options.validate();
  if (m.rows() != m.cols() || m.rows() == 0)
    throw InputError("whiten: the second moment must be a non-empty square matrix");
  const Eigen::Index d = m.rows();
  const Eigen::Index k = options.rank == 0 ? d : options.rank;
  if (k > d)
    throw InputError("whiten: rank " + std::to_string(k) + " exceeds the dimension " +
                     std::to_string(d));

  const auto start = std::chrono::steady_clock::now();
  const auto finish = [&start](Whitening& w) -> Whitening& {
    w.summary.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return w;
  };
  Whitening w;
  Eigen::VectorXd values;   // largest first
  Eigen::MatrixXd vectors;  // matching columns
  bool solved = false;
#ifdef NNM_HAVE_SPECTRA
  if (options.iterative_from > 0 && d >= options.iterative_from && 4 * k <= d) {
    Spectra::DenseSymMatProd<double> op(m);
    Spectra::SymEigsSolver<Spectra::DenseSymMatProd<double>> solver(op, k, std::min(d, 2 * k + 20));
    solver.init();
    solver.compute(Spectra::SortRule::LargestAlge, 1000, 1e-12);
    if (solver.info() != Spectra::CompInfo::Successful) {
      w.summary.status = WhiteningStatus::not_converged;
      w.summary.message = "the top-" + std::to_string(k) + " eigensolver did not converge";
      return finish(w);
    }
    values = solver.eigenvalues();
    vectors = solver.eigenvectors();
    solved = true;
  }
#endif
  if (!solved) {
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(0.5 * (m + m.transpose()));
    values = eig.eigenvalues().reverse().head(k);
    vectors = eig.eigenvectors().rowwise().reverse().leftCols(k);
  }
  // Fix each eigenvector's sign (largest entry positive) so results do not depend on the solver.
  for (Eigen::Index j = 0; j < k; ++j) {
    Eigen::Index at;
    vectors.col(j).cwiseAbs().maxCoeff(&at);
    if (vectors(at, j) < 0) vectors.col(j) = -vectors.col(j);
  }
  w.eigenvalues = values;
  const double floor = options.relative_floor * std::max(values.maxCoeff(), 0.0);
  if (!(values.minCoeff() > floor)) {
    w.summary.status = WhiteningStatus::rank_deficient;
    w.summary.message = "the second moment has (numerical) rank below " + std::to_string(k) +
                        ": eigenvalue " + std::to_string(values.minCoeff()) + " vs largest " +
                        std::to_string(values.maxCoeff());
    return finish(w);
  }
  const Eigen::VectorXd root = values.array().sqrt();
  w.map = root.cwiseInverse().asDiagonal() * vectors.transpose();
  w.unmap = vectors * root.asDiagonal();
  return finish(w);
}

}  // namespace nnm
