// The wave family of SVWX17 (Song, Vempala, Wilmes, Xie, NeurIPS 2017).
#pragma once
// "On the complexity of learning neural networks"; the concrete form is our reconstruction from the
// abstract: a periodic function of one linear form,
//   f_a(x) = ψ(⟨a, x⟩),   ψ(t) = Σ_{j=−J}^{J} (−1)^j σ(s (t − j h)) − centre,
// an alternating sum of sharp sigmoids with unit spacing h in the unnormalised projection, so that
// with ‖a‖ ~ √d the wave has ~√d periods across the bulk of the law: this is what makes the family
// harder as d grows. The sharpness s sets the amplitude (peak to peak 0.0013 at s = 1, 0.09 at
// s = 2, 0.53 at s = 4, 0.93 at s = 8 for h = 1; wave_amplitude() computes it). With σ = relu the
// units build a triangle wave of period 2h and height 1 instead. Directions a are the indicators of
// d/2-subsets or sign vectors with a₁ = +1 (one of each pair ±a, since f_{−a} = −f_a for the
// sigmoid wave), optionally perturbed. The units cover |t| ≤ R with R chosen so that the cut-off
// error (the constant steps outside the cover) is below a tolerance relative to the oscillation.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "nnm/core/activation.hpp"
#include "nnm/core/enum_names.hpp"
#include "nnm/sq/correlation.hpp"
#include "nnm/sq/family.hpp"

namespace nnm {

struct WaveOptions {
  Eigen::Index d = 20;
  Activation activation{Activation::Kind::sigmoid};  ///< sigmoid or tanh; relu: triangle wave
  double sharpness = 4.0;                            ///< s (ignored by the triangle wave)
  double period = 1.0;  ///< h: the spacing of the units; the wave repeats every 2h
  /// raw: ψ(⟨a, x⟩) (SVWX's scaling); normalised: ψ(⟨a, x⟩/‖a‖), the same wave in every d.
  enum class Spacing { raw, normalised } spacing = Spacing::raw;
  double range = 0.0;  ///< the units cover |t| ≤ range; 0: automatic, from `tolerance`
  long units = 0;      ///< 2J + 1 units (odd), overriding range; 0: J = ⌈cover/h⌉
  /// The automatic cover makes the cut-off error ‖ψ_J − ψ_∞‖/‖ψ_∞‖ under N(0, I) at most this.
  double tolerance = 1e-5;
  enum class IndexSet { half, sign } index_set = IndexSet::half;
  double delta = 0.0;      ///< a ↦ a + δ‖a‖g, g a random unit vector per member
  std::uint64_t seed = 1;  ///< draws the perturbations
  /// Throws InputError naming the bad field.
  void validate() const;
  /// Largest standard deviation of t (the ridge argument) over members under N(0, I).
  double projection_sd() const;
  double cover() const;     ///< the half-width R the units cover
  long half_width() const;  ///< J
};

constexpr auto enum_table(WaveOptions::IndexSet) {
  using I = WaveOptions::IndexSet;
  return make_enum_table<I>("wave index set", {{I::half, "half"}, {I::sign, "sign"}});
}
constexpr auto enum_table(WaveOptions::Spacing) {
  using S = WaveOptions::Spacing;
  return make_enum_table<S>("wave spacing", {{S::raw, "raw"}, {S::normalised, "normalised"}});
}

/// ψ as ridge units in t, and the constant that centres it.
struct WaveProfile {
  std::vector<RidgeUnit> units;
  double constant = 0.0;
  double operator()(const Activation& sigma, double t) const;
};
WaveProfile wave_profile(const WaveOptions& options);

/// Peak-to-peak amplitude of the infinite wave ψ_∞ (J → ∞), from its Fourier series: the
/// alternating steps are a square wave smoothed by σ', whose n-th harmonic keeps the factor
/// x/sinh(x), x = nπ²/(s h) (sigmoid; tanh is twice a sigmoid of sharpness 2s). 1 for the triangle.
double wave_amplitude(const WaveOptions& options);
/// Root-mean-square of the oscillation ψ_∞ over a period (same series).
double wave_oscillation_rms(const WaveOptions& options);
/// ‖ψ_J − ψ_∞‖ / ‖ψ_∞‖ for t ~ N(0, projection_sd()²): what the finite cover costs, by quadrature.
double wave_cutoff_error(const WaveOptions& options);

/// f_a as a network: one unit per step, all along a (raw) or a/‖a‖ (normalised), output bias =
/// the centring constant.
Network wave_member(const WaveOptions& options, const Eigen::VectorXd& a);

std::unique_ptr<HardFamily> make_wave_family(const WaveOptions& options);

}  // namespace nnm
