#include "nnm/recovery/metrics.hpp"

#include <cmath>

#include "nnm/core/error.hpp"
#include "nnm/linalg/matching.hpp"

namespace nnm {

Network normalise_units(const Network& net) {
  Network out = net;
  for (Eigen::Index i = 0; i < net.hidden(); ++i) {
    const double norm = net.W.row(i).norm();
    if (norm == 0) continue;
    out.W.row(i) /= norm;
    if (out.b.size()) out.b[i] /= norm;
    out.A.col(i) *= norm;
  }
  return out;
}

RecoveryError compare_networks(const Network& model, const Network& truth,
                               const Eigen::Ref<const Eigen::MatrixXd>& X_eval) {
  model.validate();
  truth.validate();
  if (model.input_dim() != truth.input_dim() || model.output_dim() != truth.output_dim())
    throw InputError("model is " + std::to_string(model.output_dim()) + " outputs × " +
                     std::to_string(model.input_dim()) + " inputs but the truth is " +
                     std::to_string(truth.output_dim()) + " × " +
                     std::to_string(truth.input_dim()));
  const Network mh = normalise_units(model), tr = normalise_units(truth);
  const Eigen::Index k = tr.hidden(), kh = mh.hidden();
  const Eigen::MatrixXd cos = tr.W * mh.W.transpose();  // k × k̂ signed cosines

  RecoveryError e;
  e.matching.assign(static_cast<std::size_t>(k), -1);
  if (k <= kh) {
    e.matching = max_weight_matching(cos);
  } else {
    const auto back = max_weight_matching(cos.transpose());  // model unit → truth unit
    for (Eigen::Index j = 0; j < kh; ++j) e.matching[static_cast<std::size_t>(back[j])] = j;
  }
  Eigen::MatrixXd w_diff = tr.W, a_diff = tr.A;
  e.cosines = Eigen::VectorXd::Zero(k);
  std::vector<char> used(static_cast<std::size_t>(kh), 0);
  for (Eigen::Index i = 0; i < k; ++i) {
    const Eigen::Index j = e.matching[static_cast<std::size_t>(i)];
    if (j < 0) continue;
    used[static_cast<std::size_t>(j)] = 1;
    w_diff.row(i) -= mh.W.row(j);
    a_diff.col(i) -= mh.A.col(j);
    e.cosines[i] = cos(i, j);
  }
  // Sign flips: match on |cos| so that a flipped unit still finds its partner, then count
  // negatives.
  const Eigen::MatrixXd abs_cos = cos.cwiseAbs();
  if (k <= kh) {
    const auto m = max_weight_matching(abs_cos);
    for (Eigen::Index i = 0; i < k; ++i) e.sign_errors += cos(i, m[i]) < 0;
  } else {
    const auto m = max_weight_matching(abs_cos.transpose());
    for (Eigen::Index j = 0; j < kh; ++j) e.sign_errors += cos(m[j], j) < 0;
  }
  // Unmatched model units are errors too: add their norms.
  double extra_w = 0, extra_a = 0;
  for (Eigen::Index j = 0; j < kh; ++j)
    if (!used[static_cast<std::size_t>(j)]) {
      extra_w += mh.W.row(j).squaredNorm();
      extra_a += mh.A.col(j).squaredNorm();
    }
  e.W_err = std::sqrt((w_diff.squaredNorm() + extra_w) / tr.W.squaredNorm());
  e.A_err = std::sqrt((a_diff.squaredNorm() + extra_a) / tr.A.squaredNorm());
  if (X_eval.rows() > 0) {
    const Eigen::MatrixXd f = truth.forward(X_eval);
    e.out_err = std::sqrt((model.forward(X_eval) - f).squaredNorm() / f.squaredNorm());
  }
  return e;
}

}  // namespace nnm
