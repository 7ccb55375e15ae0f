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

/// wave-phase: a gradient learner on a wave family member of sharpness s in dimension d.
struct WavePhaseRow {
  static constexpr std::size_t parameters = 3;
  long long d = 0;
  double sharpness = 0;
  long long seed = 0;
  double amplitude = NAN, train_error = NAN, test_error = NAN;
  bool operator==(const WavePhaseRow&) const = default;
  static const std::vector<Field<WavePhaseRow>>& fields() {
    using R = WavePhaseRow;
    static const std::vector<Field<R>> f{{"d", &R::d},
                                         {"sharpness", &R::sharpness},
                                         {"seed", &R::seed},
                                         {"amplitude", &R::amplitude},
                                         {"train_error", &R::train_error},
                                         {"test_error", &R::test_error}};
    return f;
  }
};

/// parity-gd: a gradient learner on a parity family member, beside the family's CSQ bound.
struct ParityGdRow {
  static constexpr std::size_t parameters = 3;
  long long d = 0, k = 0, seed = 0;
  double family_size = NAN, query_bound_tau_01 = NAN, query_bound_tau_001 = NAN;
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
  double W_err = NAN, out_err = NAN;  ///< NaN: no model was computed
  bool operator==(const SymmetryBreakRow&) const = default;
  static const std::vector<Field<SymmetryBreakRow>>& fields() {
    using R = SymmetryBreakRow;
    static const std::vector<Field<R>> f{{"shift", &R::shift},
                                         {"seed", &R::seed},
                                         {"status", &R::status},
                                         {"symmetry_z", &R::symmetry_z},
                                         {"symmetry_effect", &R::symmetry_effect},
                                         {"W_err", &R::W_err},
                                         {"out_err", &R::out_err}};
    return f;
  }
};

}  // namespace nnm
