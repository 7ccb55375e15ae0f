#include "nnm/tensor/score.hpp"

#include "nnm/core/error.hpp"
#include "nnm/core/random.hpp"
#include "tensor/cp_detail.hpp"

namespace nnm {

void ScoreOptions::validate() const {
  if (units < 1) throw InputError("ScoreOptions.units must be at least 1");
  if (order != 3 && order != 4) throw InputError("ScoreOptions.order must be 3 or 4");
  if (materialize_up_to < 0) throw InputError("ScoreOptions.materialize_up_to must be ≥ 0");
}

Eigen::VectorXd score_output_mix(Eigen::Index outputs, std::uint64_t seed) {
  if (outputs == 1) return Eigen::VectorXd::Ones(1);
  // A random mix: every hidden unit's weight (gᵀA)_j is non-zero with probability one.
  Eigen::VectorXd g =
      random_normal_matrix(outputs, 1, seed, streams::algorithm, detail::cp_index::learner).col(0);
  return g.normalized();
}

ScoreResult learn_score(const SampleSource& source, const ScoreOptions& options) {
  options.validate();
  if (source.output_dim() < 1)
    throw InputError("the score-function learner needs outputs: the data has no y columns");
  if (options.units > source.dim())
    throw InputError("ScoreOptions.units = " + std::to_string(options.units) +
                     " exceeds the input dimension " + std::to_string(source.dim()));
  ScoreResult out;
  out.output_mix = score_output_mix(source.output_dim(), options.seed);
  DataCpOptions o;
  o.moment.order = options.order;
  o.moment.kind = MomentKind::hermite;
  o.cp.method = options.method;
  o.cp.common.rank = options.units;
  o.cp.common.seed = options.seed;
  o.materialize_up_to = options.materialize_up_to;
  const Eigen::VectorXd g = out.output_mix;
  DataCpResult r = decompose_samples(
      source, o, [&g](const Eigen::Ref<const Eigen::MatrixXd>& Y, Eigen::Ref<Eigen::VectorXd> w) {
        w.noalias() = Y * g;
      });
  out.directions = r.cp.factors.transpose();
  out.weights = std::move(r.cp.weights);
  out.summary = std::move(r.cp.summary);
  out.moment_seconds = r.moment_seconds;
  out.total_seconds = r.total_seconds;
  return out;
}

}  // namespace nnm
