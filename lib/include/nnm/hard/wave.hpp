// The wave family of SVWX17 (Song, Vempala, Wilmes, Xie, NeurIPS 2017).
#pragma once
// "On the complexity of learning neural networks"; the concrete form is our reconstruction from the
// abstract: a periodic function of one linear form,
//   f_a(x) = ψ(⟨a, x⟩ / ‖a‖),   ψ(t) = Σ_{j=−J}^{J} (−1)^j σ(s (t − j h)) − centre,
// an alternating sum of sharp sigmoids. The sharpness s sets the amplitude (peak to peak ≈ 0.0013
// at s = 1, 0.09 at s = 2, 0.53 at s = 4, 0.93 at s = 8 for h = 1). With σ = relu the units build
// a triangle wave of period 2h and height 1 instead. Directions a come from a large set of nearly
// orthogonal vectors (d/2-subsets or sign vectors), optionally perturbed.
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
  double range = 5.0;   ///< the units cover |t| ≤ range when `units` is 0
  long units = 0;       ///< 2J + 1 units (odd); 0: J = ⌈range/h⌉
  enum class IndexSet { half, sign } index_set = IndexSet::half;
  double delta = 0.0;      ///< a ↦ a + δ‖a‖g, g a random unit vector per member
  std::uint64_t seed = 1;  ///< draws the perturbations
  /// Throws InputError naming the bad field.
  void validate() const;
  long half_width() const;  ///< J
};

constexpr auto enum_table(WaveOptions::IndexSet) {
  using I = WaveOptions::IndexSet;
  return make_enum_table<I>("wave index set", {{I::half, "half"}, {I::sign, "sign"}});
}

/// ψ as ridge units in t, and the constant that centres it.
struct WaveProfile {
  std::vector<RidgeUnit> units;
  double constant = 0.0;
  double operator()(const Activation& sigma, double t) const;
};
WaveProfile wave_profile(const WaveOptions& options);

/// Peak-to-peak amplitude of ψ over one period at the centre of the covered range.
double wave_amplitude(const WaveOptions& options);

/// f_a as a network: one unit per step, all along a/‖a‖, output bias = the centring constant.
Network wave_member(const WaveOptions& options, const Eigen::VectorXd& a);

std::unique_ptr<HardFamily> make_wave_family(const WaveOptions& options);

}  // namespace nnm
