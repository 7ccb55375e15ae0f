#pragma once
// How far a recovered network is from the truth, in the project's standard metrics:
// rows of W normalised to unit length (their scale moved into A's columns, which leaves a
// positively homogeneous network unchanged), units matched by the Hungarian algorithm on SIGNED
// cosines (relu(−t) ≠ −relu(t), so a flipped unit is a real error), then
//   W_err = ‖Ŵ_π − W̄‖_F / ‖W̄‖_F,  A_err = ‖Â_π − Ā‖_F / ‖Ā‖_F,
//   out_err = sqrt(Σ‖f̂(x) − f(x)‖² / Σ‖f(x)‖²) over evaluation inputs.
#include <Eigen/Core>
#include <vector>

#include "nnm/core/network.hpp"

namespace nnm {

struct RecoveryError {
  double W_err = 0, A_err = 0, out_err = 0;
  /// matching[i] = the model unit matched to truth unit i (−1 if the model has fewer units).
  std::vector<Eigen::Index> matching;
  Eigen::VectorXd cosines;  ///< signed cosine of each truth unit with its match
  /// Units recovered up to a flipped sign: in the matching on |cosine| (which ignores signs),
  /// the pairs whose cosine is negative.
  int sign_errors = 0;
};

/// The network with each row of W scaled to unit norm and A's columns scaled inversely.
Network normalise_units(const Network& net);

/// Compares model and truth (same d and m; the number of units may differ: missing units count as
/// full errors). X_eval: inputs for out_err (n × d); pass an empty matrix to skip it.
RecoveryError compare_networks(const Network& model, const Network& truth,
                               const Eigen::Ref<const Eigen::MatrixXd>& X_eval);

}  // namespace nnm
