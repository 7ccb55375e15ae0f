#pragma once
// A statistical-query probe: statistics of the form E[T(y)·He_j(x_i)], with T a fixed nonlinear map
// of the label. A correlational (CSQ) learner only ever sees E[g(x)·y]; these are SQ, not CSQ,
// statistics (T(y) = y² or |y| is not linear in y), so a family can be CSQ-hard and still give its
// hidden coordinates away here. For the parity family with real labels, E[y²He₂(x_i)] is
// (2/k)·E[y²] on the hidden subset and 0 off it; for ±1 labels every T(y) is affine in y and the
// probe sees no more than a CSQ learner does.
//
// One streaming pass computes, per input coordinate i, transform T and Hermite degree j:
//   moment      E[T(y)·He_j(x_i)]
//   correlation the sample correlation of T(y) and He_j(x_i) (centred, so it measures dependence
//               under any input law; equal to moment / (sd(T)·√j!) under N(0, I)),
// and for each T the matrix E[(T(y) − E T)·x xᵀ] (= E[T(y)(x xᵀ − I)] when E[x xᵀ] = I), whose top
// eigenvectors point at the coordinates a spectral step on T(y) would find.
#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "nnm/core/enum_names.hpp"
#include "nnm/core/network.hpp"
#include "nnm/core/summary.hpp"
#include "nnm/data/sample_source.hpp"

namespace nnm {

/// The label maps T of the probe.
enum class LabelTransform { identity, square, abs, sign };
constexpr auto enum_table(LabelTransform) {
  using T = LabelTransform;
  return make_enum_table<T>(
      "label transform",
      {{T::identity, "identity"}, {T::square, "square"}, {T::abs, "abs"}, {T::sign, "sign"}});
}
double apply_transform(LabelTransform transform, double y);

/// He_j(z), the probabilists' Hermite polynomial (monic, orthogonal under N(0, 1), E He_j² = j!).
double probabilists_hermite(int j, double z);

struct ProbeOptions {
  std::vector<LabelTransform> transforms = {LabelTransform::identity, LabelTransform::square,
                                            LabelTransform::abs, LabelTransform::sign};
  std::vector<int> degrees = {1, 2, 4};  ///< Hermite degrees j, each from 1 to 8
  Eigen::Index eigenvectors = 2;         ///< top eigenvectors reported per transform's matrix
  Eigen::Index output = 0;               ///< which output column is y
  /// Family-wise level of the significance threshold (see ProbeResult::threshold).
  double level = 0.01;
  void validate() const;  ///< throws InputError naming the bad field
};

/// One (T, j) statistic for every coordinate.
struct ProbeStatistic {
  LabelTransform transform = LabelTransform::identity;
  int degree = 1;
  Eigen::VectorXd moment;       ///< E[T(y) He_j(x_i)]
  Eigen::VectorXd correlation;  ///< corr(T(y), He_j(x_i)); 0 where either side is constant
};

/// E[(T(y) − E T)·x xᵀ] for one T, and its eigenpairs of largest |eigenvalue| (columns).
struct ProbeMatrix {
  LabelTransform transform = LabelTransform::identity;
  Eigen::MatrixXd matrix;
  Eigen::VectorXd eigenvalues;
  Eigen::MatrixXd eigenvectors;
};

enum class ProbeStatus {
  success,
  too_few_samples,  ///< fewer than 2 samples
  constant_labels,  ///< every transformed label is constant: nothing can be measured
};
constexpr auto enum_table(ProbeStatus) {
  using S = ProbeStatus;
  return make_enum_table<S>("probe status", {{S::success, "success"},
                                             {S::too_few_samples, "too_few_samples"},
                                             {S::constant_labels, "constant_labels"}});
}
using ProbeSummary = BasicSummary<ProbeStatus>;

struct ProbeResult {
  ProbeSummary summary;
  std::uint64_t n = 0;
  Eigen::Index d = 0;
  double label_mean = 0.0, label_mean_square = 0.0;  ///< E[y], E[y²]
  std::vector<ProbeStatistic> statistics;            ///< transforms × degrees, in options order
  std::vector<ProbeMatrix> matrices;                 ///< one per transform
  /// Per coordinate, the largest |correlation| over all statistics, and which one it was.
  Eigen::VectorXd strength;
  std::vector<std::size_t> strongest;
  /// Coordinates (0-based) by decreasing strength.
  std::vector<Eigen::Index> ranking;
  /// A |correlation| above this is significant at the family-wise `level` over all statistics
  /// (Bonferroni, with the normal approximation N(0, 1/n) of a sample correlation between
  /// independent variables): √(2)·erfc⁻¹(level / count) / √n.
  double threshold = 0.0;
  /// Coordinates (0-based, by decreasing strength) whose strength exceeds `threshold`.
  std::vector<Eigen::Index> significant;
};

/// One pass over `source`. Deterministic: the same samples give the same bits for any thread
/// count. Throws InputError for bad options or a source without the chosen output.
ProbeResult probe(const SampleSource& source, const ProbeOptions& options = {});

/// The exact per-coordinate statistic of a ridge network under N(0, I), without sampling: when
/// every hidden unit of f points along one direction u (unit), f(x) = g(⟨u, x⟩) and
///   E[T(f(x))·He_j(x_i)] = u_i^j · E[T(g(z))·He_j(z)],  z ~ N(0, 1),
/// since E[He_j(x_i) | ⟨u, x⟩ = z] = u_i^j He_j(z). The 1-D integral is done by composite
/// Gauss–Legendre quadrature with a panel edge at every unit's transition.
struct RidgeProbe {
  Eigen::VectorXd moment;    ///< E[T(f) He_j(x_i)] per coordinate
  double mean = 0.0;         ///< E[T(f)]
  double mean_square = 0.0;  ///< E[T(f)²]
};
/// Throws InputError when the hidden units do not share one direction (up to sign).
RidgeProbe ridge_probe_gaussian(const Network& network, LabelTransform transform, int degree);

}  // namespace nnm
