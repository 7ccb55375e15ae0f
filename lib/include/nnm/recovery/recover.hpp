#pragma once
// Spectral recovery of y = A σ(W x) + ξ from samples with a symmetric input law, σ(t) = c₁t + c₂|t|
// (relu, leaky relu). No gradient descent: three streaming passes over the data.
//
//   pass 1  moments E[xxᵀ], E[yxᵀ], E[y] and odd statistics (the symmetry diagnostic);
//           whitening; the odd part s(x) = c₁AWx is read off E[yxᵀ] because every odd function
//           of a symmetric x has mean zero; output reduction to k dimensions.
//   pass 2  the pure-neuron detector T̂ (see detector.hpp); its kernel, after removing the
//           noise direction, is {A⁻ᵀ D A⁻¹ : D diagonal}; robust Jennrich on a kernel basis gives
//           A's columns, hence a matrix U with U A diagonal; U·E[yxᵀ] gives W's rows, signed by
//           E[σ] > 0.
//   pass 3  least squares of y on σ(Ŵx) gives Â (optionally alternated with Ŵ a few times).
//
// docs/recovery.md explains why each step works and how it fails.
#include <Eigen/Core>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <string_view>

#include "nnm/core/activation.hpp"
#include "nnm/core/network.hpp"
#include "nnm/core/summary.hpp"
#include "nnm/data/sample_source.hpp"

namespace nnm {

/// How the spectral estimate is refined (RecoveryOptions::polish).
enum class PolishMethod {
  gauss_newton,  ///< Levenberg–Marquardt on W, A re-fitted by least squares (2 passes a step)
  alternate,     ///< Ŵ ← rownorm(Â⁺B̂), Â ← least squares (1 pass a step)
};
constexpr auto enum_table(PolishMethod) {
  return make_enum_table<PolishMethod>(
      "polish method",
      {{PolishMethod::gauss_newton, "gauss-newton"}, {PolishMethod::alternate, "alternate"}});
}

struct RecoveryOptions {
  Activation activation{};  ///< relu or leaky_relu:α (σ = c₁t + c₂|t| with c₁, c₂ ≠ 0)
  /// Hidden units; 0 = the numerical rank of E[yxᵀ]. k > d or k > m is impossible on its face
  /// and makes recover() throw InputError before reading any sample.
  Eigen::Index k = 0;
  bool whiten = true;         ///< whiten x with E[xxᵀ]^{-1/2} (essential for anisotropic inputs)
  bool output_whiten = true;  ///< whiten the reduced outputs (helps ill-conditioned W)
  int jennrich_pairs = 10;    ///< random pairs tried by robust Jennrich
  /// Refinement steps after the spectral estimate (0 = the plain spectral estimate). A step is kept
  /// only if it lowers the training residual.
  int polish_iterations = 0;
  PolishMethod polish = PolishMethod::gauss_newton;
  std::uint64_t seed = 1;  ///< seeds Jennrich's random combinations
  int threads = 0;         ///< 0 = OpenMP's current setting; results never depend on it
  /// Called as each stage starts: (stages begun, stages in all, the stage's name). The stages
  /// are the passes and solves of the method, then one per polish iteration. Optional; it must
  /// not throw. The `nnm recover` progress line is drawn from it.
  std::function<void(int begun, int total, std::string_view stage)> progress;

  /// Trust thresholds (a violated one sets the status; the model is still computed).
  double min_spectral_gap = 3.0;      ///< σ(last non-kernel) / σ(first kernel) of the detector
  double max_off_diagonality = 0.05;  ///< Jennrich's joint off-diagonality
  double symmetry_z = 6.0;            ///< an odd statistic is flagged when its z-score exceeds
  double symmetry_effect = 0.05;      ///< this AND its effect size |mean|/sd exceeds this

  void validate() const;  ///< throws InputError naming the bad field
};

enum class RecoveryStatus {
  success,
  not_symmetric,    ///< odd moments of x are clearly non-zero: the inputs are not symmetric
  rank_deficient,   ///< E[xxᵀ] is singular: some input direction never varies
  too_few_samples,  ///< fewer samples than the detector has rows
  no_spectral_gap,  ///< the detector's kernel is not separated: too few samples or a violated
                    ///< assumption
  diagonalisation_failed,  ///< the kernel basis is not jointly diagonalisable
  poor_fit,                ///< the spectral estimate explains y no better than a linear model
};
constexpr auto enum_table(RecoveryStatus) {
  return make_enum_table<RecoveryStatus>(
      "recovery status", {{RecoveryStatus::success, "success"},
                          {RecoveryStatus::not_symmetric, "not_symmetric"},
                          {RecoveryStatus::rank_deficient, "rank_deficient"},
                          {RecoveryStatus::too_few_samples, "too_few_samples"},
                          {RecoveryStatus::no_spectral_gap, "no_spectral_gap"},
                          {RecoveryStatus::diagonalisation_failed, "diagonalisation_failed"},
                          {RecoveryStatus::poor_fit, "poor_fit"}});
}

/// status, message (which assumption failed and what to do; empty on success) and `seconds`, the
/// total time, come from BasicSummary. A non-symmetric verdict wins over every other failure.
struct RecoverySummary : BasicSummary<RecoveryStatus> {
  std::uint64_t n = 0;
  Eigen::Index d = 0, m = 0, k = 0;
  bool k_automatic = false;
  Eigen::VectorXd cross_singular_values;     ///< of the whitened E[yxᵀ]
  double cross_noise_floor = 0;              ///< sampling-noise level of those singular values
  double spectral_gap = 0;                   ///< detector gap (∞ when k = 1)
  Eigen::VectorXd detector_singular_values;  ///< the 2k smallest, ascending
  double off_diagonality = 1;                ///< Jennrich's joint off-diagonality
  double symmetry_max_z = 0;                 ///< largest z-score of an odd statistic
  double symmetry_max_effect = 0;            ///< largest effect size |mean|/sd of an odd statistic
  std::string symmetry_worst;                ///< the statistic behind symmetry_max_z, e.g. "x3^3"
  /// Some odd statistic is more than symmetry_z standard errors from 0: an asymmetry beyond the
  /// sampling error. With an effect size above symmetry_effect the status is not_symmetric;
  /// below it the model is kept and brief_report() warns, quoting symmetry_bias.
  bool symmetry_significant = false;
  /// The estimated bias the asymmetry puts into E[yxᵀ] (from which W is read), relative to it:
  /// ‖Â(E[σ(Ŵx)xᵀ] − c₁ŴE[xxᵀ])‖ / ‖E[yxᵀ]‖, the even part of the fitted network correlating
  /// with x, which is 0 in expectation for symmetric inputs (so here of order 1/√n). NaN when no
  /// model was fitted.
  double symmetry_bias = std::numeric_limits<double>::quiet_NaN();
  double cond_inputs = 0;   ///< condition number of E[xxᵀ]
  double cond_outputs = 0;  ///< condition number of the reduced E[yxᵀ]
  double cond_W = 0;        ///< condition number of the recovered W
  /// Fractions of Var(y) left unexplained by the recovered network and by the best affine fit;
  /// a trustworthy model must beat the affine fit (it captures the even part A|Wx| as well).
  double fit_residual = 1, linear_residual = 1;
  double spectral_fit_residual = 1;  ///< fit_residual of the spectral estimate, before any polish
  int passes = 0;                    ///< passes over the data
  double seconds_moments = 0, seconds_detector = 0, seconds_decomposition = 0,
         seconds_output_fit = 0;

  std::string brief_report() const;  ///< a few lines for humans
};

struct RecoveryResult {
  /// The recovered network, also when the summary says it cannot be trusted; empty W when no
  /// model could be computed (a stage before the diagonalisation failed).
  Network model;
  RecoverySummary summary;
  /// Whether a model was computed at all (it may still be unusable: see summary.usable()).
  bool model_computed() const { return model.W.size() > 0; }
};

RecoveryResult recover(const SampleSource& source, const RecoveryOptions& options = {});
RecoveryResult recover(const Eigen::MatrixXd& X, const Eigen::MatrixXd& Y,
                       const RecoveryOptions& options = {});

}  // namespace nnm
