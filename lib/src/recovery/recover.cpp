// recover(): the stages of spectral recovery in order (recovery/stages.hpp), then the verdict.
#include "nnm/recovery/recover.hpp"

#include <omp.h>

#include <sstream>

#include "nnm/core/error.hpp"
#include "recovery/stages.hpp"

namespace nnm {

void RecoveryOptions::validate() const {
  if (!activation.is_linear_plus_abs())
    throw InputError(
        "RecoveryOptions.activation: spectral recovery needs σ(t) = c1·t + c2·|t| with c1, c2 ≠ 0 "
        "(relu or leaky_relu:ALPHA), not '" +
        activation.name() + "'");
  if (k < 0) throw InputError("RecoveryOptions.k must be ≥ 0 (0 = automatic)");
  if (jennrich_pairs < 1) throw InputError("RecoveryOptions.jennrich_pairs must be ≥ 1");
  if (polish_iterations < 0) throw InputError("RecoveryOptions.polish_iterations must be ≥ 0");
  if (threads < 0) throw InputError("RecoveryOptions.threads must be ≥ 0");
  if (!(min_spectral_gap >= 1)) throw InputError("RecoveryOptions.min_spectral_gap must be ≥ 1");
  if (!(max_off_diagonality > 0))
    throw InputError("RecoveryOptions.max_off_diagonality must be > 0");
  if (!(symmetry_z > 0)) throw InputError("RecoveryOptions.symmetry_z must be > 0");
  if (!(symmetry_effect >= 0)) throw InputError("RecoveryOptions.symmetry_effect must be ≥ 0");
}

std::string RecoverySummary::brief_report() const {
  std::ostringstream o;
  o << "spectral recovery: " << status_name() << "\n"
    << "  n = " << n << ", d = " << d << ", m = " << m << ", k = " << k
    << (k_automatic ? " (automatic)" : "") << ", passes = " << passes << "\n"
    << "  symmetry: max z = " << symmetry_max_z << " (" << symmetry_worst
    << "), max effect = " << symmetry_max_effect
    << ", estimated bias of E[yx'] from asymmetry = " << symmetry_bias << "\n"
    << "  detector gap = " << spectral_gap << ", Jennrich off-diagonality = " << off_diagonality
    << "\n"
    << "  cond(E[xx']) = " << cond_inputs << ", cond(reduced E[yx']) = " << cond_outputs
    << ", cond(W) = " << cond_W << "\n"
    << "  unexplained variance: model " << fit_residual << " (spectral estimate "
    << spectral_fit_residual << "), best affine fit " << linear_residual << "\n"
    << "  time: moments " << seconds_moments << " s, detector " << seconds_detector
    << " s, decomposition " << seconds_decomposition << " s, output fit " << seconds_output_fit
    << " s, total " << seconds << " s\n";
  if (!message.empty()) o << "  " << message << "\n";
  if (symmetry_significant && status != RecoveryStatus::not_symmetric)
    o << "  warning: the inputs are measurably asymmetric (max z = " << symmetry_max_z
      << ", beyond sampling error) though below the effect-size threshold; the estimate carries "
         "a bias from it, estimated at "
      << symmetry_bias << " of E[yx'] (W is read from E[yx'])\n";
  return o.str();
}

namespace {

/// Sets OpenMP's thread count for a scope and restores it afterwards.
class ThreadScope {
 public:
  explicit ThreadScope(int threads) : saved_(omp_get_max_threads()) {
    if (threads > 0) omp_set_num_threads(threads);
  }
  ~ThreadScope() { omp_set_num_threads(saved_); }

 private:
  int saved_;
};

/// k > d or k > m cannot be identified whatever the samples say: bad input, not a verdict.
void check_k(const RecoveryOptions& o, Eigen::Index d, Eigen::Index m) {
  if (o.k > d || o.k > m)
    throw InputError("RecoveryOptions.k = " + std::to_string(o.k) +
                     " hidden units cannot be identified from d = " + std::to_string(d) +
                     " inputs and m = " + std::to_string(m) + " outputs (needs k ≤ d and k ≤ m)");
}

/// The trust verdict on a computed model; the first violated threshold names the status.
void verdict(const RecoveryOptions& o, RecoverySummary& s) {
  std::ostringstream msg;
  if (s.spectral_gap < o.min_spectral_gap) {
    s.status = RecoveryStatus::no_spectral_gap;
    msg << "the detector's kernel is not separated (gap " << s.spectral_gap << " < "
        << o.min_spectral_gap << "): too few samples for d = " << s.d << ", k = " << s.k
        << ", or the model assumptions fail (wrong k, non-symmetric inputs, too much noise). "
           "Try more samples or another k.";
  } else if (s.spectral_fit_residual >= s.linear_residual) {
    // Judged on the spectral estimate: a polish that starts from a wrong estimate can lower the
    // residual into a wrong local minimum, so it does not clear this verdict.
    s.status = RecoveryStatus::poor_fit;
    msg << "the spectral estimate explains the outputs no better than a linear model (unexplained "
           "variance "
        << s.spectral_fit_residual << " vs " << s.linear_residual
        << " for the best affine fit): the kernel was estimated too roughly (k = d and "
           "ill-conditioned W are the hard cases). Try more samples.";
  } else if (s.off_diagonality > o.max_off_diagonality) {
    s.status = RecoveryStatus::diagonalisation_failed;
    msg << "the kernel basis is not jointly diagonalisable (off-diagonality " << s.off_diagonality
        << " > " << o.max_off_diagonality << "): units are nearly parallel or too few samples.";
  }
  s.message = msg.str();
}

/// The stages up to a model; the first failure, if any.
detail::StageResult run_stages(detail::RecoveryRun& run, Network& model) {
  run.begin("whitening");
  detail::StageResult failure = run.whiten_inputs();
  if (!failure) {
    run.begin("outputs");
    failure = run.reduce_outputs();
  }
  if (!failure) {
    run.begin("detector");
    failure = run.detector_kernel();
  }
  if (!failure) {
    run.begin("diagonalisation");
    failure = run.diagonalise(model);
  }
  if (!failure) {
    run.begin("output fit");
    failure = run.fit_outputs(model);
  }
  return failure;
}

}  // namespace

RecoveryResult recover(const SampleSource& source, const RecoveryOptions& o) {
  o.validate();
  RecoveryResult result;
  RecoverySummary& s = result.summary;
  s.d = source.dim();
  s.m = source.output_dim();
  if (s.m < 1) throw InputError("spectral recovery needs output columns y1..ym");
  check_k(o, s.d, s.m);
  const ThreadScope threads(o.threads);
  const auto start = detail::Clock::now();
  detail::RecoveryRun run(source, o, s);
  run.begin("moments");
  run.moments();
  run.check_symmetry();
  if (const auto failure = run_stages(run, result.model)) {
    result.model = Network{};
    s.status = failure->status;
    s.message = failure->message;
  } else {
    run.polish(result.model);
    run.finish_fit(result.model);
    verdict(o, s);
  }
  // Which later stage trips first on non-symmetric data depends on rounding; the asymmetry does
  // not, so its verdict wins on every path.
  if (run.asymmetric()) {
    s.status = RecoveryStatus::not_symmetric;
    s.message = run.asymmetry_message();
  }
  s.seconds = detail::seconds_since(start);
  return result;
}

RecoveryResult recover(const Eigen::MatrixXd& X, const Eigen::MatrixXd& Y,
                       const RecoveryOptions& options) {
  const MatrixSource source(X, &Y);
  return recover(source, options);
}

}  // namespace nnm
