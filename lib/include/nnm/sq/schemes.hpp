#pragma once
// Exact spectra of Gram matrices that depend only on the overlap of two index vectors: functions
// on the Johnson scheme (k-subsets of [n], by the size of their intersection) and on the Hamming
// scheme (sign vectors of length n, by their Hamming distance). Such a matrix is Σ_i c(i) A_i,
// A_i the distance-i relation; every A_i has the same eigenspaces, so its eigenvalues are
// λ_j = Σ_i c(i) P_i(j), with P_i the Eberlein (Johnson) or Krawtchouk (Hamming) polynomials.
// This turns an M × M eigenproblem with M = C(n, k) or 2^n into n + 1 sums.
#include <Eigen/Core>

namespace nnm {

/// Eigenvalue of the distance-i relation of the Johnson scheme J(n, k) (k-subsets; distance i
/// when they share k − i elements) on its j-th eigenspace: the Eberlein polynomial
/// E_i(j) = Σ_s (−1)^s C(j, s) C(k − j, i − s) C(n − k − j, i − s).
double eberlein(int n, int k, int i, int j);
/// Eigenvalue of the distance-i relation of the Hamming scheme H(n, 2) on its j-th eigenspace:
/// the Krawtchouk polynomial K_i(j) = Σ_s (−1)^s C(j, s) C(n − j, i − s).
double krawtchouk(int n, int i, int j);

/// The eigenvalues λ_j = Σ_i c(i) P_i(j) of an overlap-determined matrix, and for each a bound
/// Σ_i e(i) |P_i(j)| on how far it moves when every c(i) may be off by e(i).
struct SchemeSpectrum {
  Eigen::VectorXd eigenvalues, errors;
};
/// Johnson scheme J(n, k), 2k ≤ n: c and e indexed by distance i = 0 … k; λ_j for j = 0 … k.
SchemeSpectrum johnson_spectrum(int n, int k, const Eigen::VectorXd& c, const Eigen::VectorXd& e);
/// Hamming scheme H(n, 2): c and e indexed by distance i = 0 … n; λ_j for j = 0 … n.
SchemeSpectrum hamming_spectrum(int n, const Eigen::VectorXd& c, const Eigen::VectorXd& e);

}  // namespace nnm
