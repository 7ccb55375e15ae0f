#pragma once
// The rows the named experiments write: one struct per experiment, parameters first (the last
// parameter is always the seed), then what the point measured. Their field tables are the CSV
// columns, in order.
#include <cmath>
#include <string>
#include <vector>

#include "experiments/fields.hpp"

namespace nnm {

/// spectral-samples: spectral recovery and a gradient learner on the same n samples.
struct SpectralSamplesRow {
  static constexpr std::size_t parameters = 3;
  std::string law{};
  long long n = 0, seed = 0;
  std::string spectral_status{};
  double spectral_W_err = NAN, spectral_out_err = NAN;  ///< NaN: no model was computed
  double gd_W_err = NAN, gd_out_err = NAN, gd_test_error = NAN;
  bool operator==(const SpectralSamplesRow&) const = default;
  static const std::vector<Field<SpectralSamplesRow>>& fields() {
    using R = SpectralSamplesRow;
    static const std::vector<Field<R>> f{{"law", &R::law},
                                         {"n", &R::n},
                                         {"seed", &R::seed},
                                         {"spectral_status", &R::spectral_status},
                                         {"spectral_W_err", &R::spectral_W_err},
                                         {"spectral_out_err", &R::spectral_out_err},
                                         {"gd_W_err", &R::gd_W_err},
                                         {"gd_out_err", &R::gd_out_err},
                                         {"gd_test_error", &R::gd_test_error}};
    return f;
  }
};

/// wave-phase: a gradient learner on an SVWX wave member (unnormalised spacing, automatic cover)
/// of sharpness s in dimension d under an input law. Errors are relative to the variance of the
/// wave's oscillation (the part a learner has to find), not to Var(y).
struct WavePhaseRow {
  static constexpr std::size_t parameters = 4;
  std::string law{};
  long long d = 0;
  double sharpness = 0;
  long long seed = 0;
  double amplitude = NAN, oscillation_rms = NAN, cutoff_error = NAN;
  double train_error = NAN, test_error = NAN;  ///< MSE / oscillation variance
  bool operator==(const WavePhaseRow&) const = default;
  static const std::vector<Field<WavePhaseRow>>& fields() {
    using R = WavePhaseRow;
    static const std::vector<Field<R>> f{{"law", &R::law},
                                         {"d", &R::d},
                                         {"sharpness", &R::sharpness},
                                         {"seed", &R::seed},
                                         {"amplitude", &R::amplitude},
                                         {"oscillation_rms", &R::oscillation_rms},
                                         {"cutoff_error", &R::cutoff_error},
                                         {"train_error", &R::train_error},
                                         {"test_error", &R::test_error}};
    return f;
  }
};

/// parity-gd: a gradient learner on a parity family member, beside the family's CSQ bound at the
/// tolerance of one of its own mini-batch gradients and the number of such queries it made.
struct ParityGdRow {
  static constexpr std::size_t parameters = 3;
  long long d = 0, k = 0, seed = 0;
  double family_size = NAN, query_bound_tau_01 = NAN, query_bound_tau_001 = NAN;
  double batch_tau = NAN;          ///< 1/sqrt(batch): the tolerance of one mini-batch gradient
  double query_bound_batch = NAN;  ///< the CSQ bound at batch_tau
  double gd_queries = NAN;         ///< gradient coordinates estimated: steps x parameters
  double train_error = NAN, test_error = NAN;
  bool operator==(const ParityGdRow&) const = default;
  static const std::vector<Field<ParityGdRow>>& fields() {
    using R = ParityGdRow;
    static const std::vector<Field<R>> f{{"d", &R::d},
                                         {"k", &R::k},
                                         {"seed", &R::seed},
                                         {"family_size", &R::family_size},
                                         {"query_bound_tau_0.1", &R::query_bound_tau_01},
                                         {"query_bound_tau_0.01", &R::query_bound_tau_001},
                                         {"batch_tau", &R::batch_tau},
                                         {"query_bound_batch_tau", &R::query_bound_batch},
                                         {"gd_queries", &R::gd_queries},
                                         {"train_error", &R::train_error},
                                         {"test_error", &R::test_error}};
    return f;
  }
};

/// symmetry-break: spectral recovery under N(mu, I) with |mu| = shift.
struct SymmetryBreakRow {
  static constexpr std::size_t parameters = 2;
  double shift = 0;
  long long seed = 0;
  std::string status{};
  double symmetry_z = NAN, symmetry_effect = NAN;
  double symmetry_bias = NAN;         ///< RecoverySummary::symmetry_bias
  double W_err = NAN, out_err = NAN;  ///< NaN: no model was computed
  bool operator==(const SymmetryBreakRow&) const = default;
  static const std::vector<Field<SymmetryBreakRow>>& fields() {
    using R = SymmetryBreakRow;
    static const std::vector<Field<R>> f{{"shift", &R::shift},
                                         {"seed", &R::seed},
                                         {"status", &R::status},
                                         {"symmetry_z", &R::symmetry_z},
                                         {"symmetry_effect", &R::symmetry_effect},
                                         {"symmetry_bias", &R::symmetry_bias},
                                         {"W_err", &R::W_err},
                                         {"out_err", &R::out_err}};
    return f;
  }
};

/// spectral-laws: spectral recovery (plain and polished) of the default teacher under one input
/// law.
struct SpectralLawsRow {
  static constexpr std::size_t parameters = 2;
  std::string law{};
  long long seed = 0;
  std::string symmetric{}, status{};
  double symmetry_z = NAN, gap = NAN, W_err = NAN, out_err = NAN, W_err_polished = NAN;
  bool operator==(const SpectralLawsRow&) const = default;
  static const std::vector<Field<SpectralLawsRow>>& fields() {
    using R = SpectralLawsRow;
    static const std::vector<Field<R>> f{{"law", &R::law},
                                         {"seed", &R::seed},
                                         {"symmetric", &R::symmetric},
                                         {"status", &R::status},
                                         {"symmetry_z", &R::symmetry_z},
                                         {"gap", &R::gap},
                                         {"W_err", &R::W_err},
                                         {"out_err", &R::out_err},
                                         {"W_err_polished", &R::W_err_polished}};
    return f;
  }
};

/// boundary-*: one point of a path from a network spectral recovery provably handles to a hard
/// one, one knob at a time (the knob's column is named by the path: m, collapse, shift, noise).
/// On the same samples: the assumptions (rank of A and W, the distinguishing matrix's smallest
/// singular value from the true network), the spectral verdict, and two gradient learners.
template <class Path>
struct BoundaryRow {
  static constexpr std::size_t parameters = 2;
  double knob = 0;
  long long seed = 0;
  long long rank_A = 0, rank_W = 0;
  double sigma_min = NAN;     ///< of the distinguishing matrix [N_ij], vec(Sigma) projected out
  std::string lower_bound{};  ///< the proven query lower bound that covers this point, or "none"
  std::string spectral_status{};
  double spectral_W_err = NAN, spectral_out_err = NAN;   ///< NaN: no model was computed
  double wide_test_error = NAN, wide_train_error = NAN;  ///< Adam, a wide ReLU student
  double narrow_test_error = NAN, narrow_W_err = NAN;    ///< Adam, a k-unit ReLU student
  bool operator==(const BoundaryRow&) const = default;
  static const std::vector<Field<BoundaryRow>>& fields() {
    using R = BoundaryRow;
    static const std::vector<Field<R>> f{{Path::knob, &R::knob},
                                         {"seed", &R::seed},
                                         {"rank_A", &R::rank_A},
                                         {"rank_W", &R::rank_W},
                                         {"sigma_min", &R::sigma_min},
                                         {"lower_bound", &R::lower_bound},
                                         {"spectral_status", &R::spectral_status},
                                         {"spectral_W_err", &R::spectral_W_err},
                                         {"spectral_out_err", &R::spectral_out_err},
                                         {"wide_test_error", &R::wide_test_error},
                                         {"wide_train_error", &R::wide_train_error},
                                         {"narrow_test_error", &R::narrow_test_error},
                                         {"narrow_W_err", &R::narrow_W_err}};
    return f;
  }
};
struct OutputsPath {
  static constexpr const char* name = "boundary-outputs";
  static constexpr const char* knob = "m";
};
struct RankPath {
  static constexpr const char* name = "boundary-rank";
  static constexpr const char* knob = "collapse";
};
struct SymmetryPath {
  static constexpr const char* name = "boundary-symmetry";
  static constexpr const char* knob = "shift";
};
struct NoisePath {
  static constexpr const char* name = "boundary-noise";
  static constexpr const char* knob = "noise";
};
using BoundaryOutputsRow = BoundaryRow<OutputsPath>;
using BoundaryRankRow = BoundaryRow<RankPath>;
using BoundarySymmetryRow = BoundaryRow<SymmetryPath>;
using BoundaryNoiseRow = BoundaryRow<NoisePath>;

}  // namespace nnm
