// A certified bound on the Gram matrix of a perturbed wave family under N(0, I).
#pragma once
// With perturbed directions a' = a + δ‖a‖g (g any unit vector) the Gram matrix no longer depends
// on the overlaps alone, so no scheme diagonalises it. What survives is a bound on every entry:
// the pair's unperturbed |cos| is fixed by its overlap class, the perturbation can shrink their
// angle by at most 2·arcsin δ and change each norm by a factor in [1 − δ, 1 + δ]. Under N(0, I)
// f_a(x) = ψ(‖a‖·z), z = ⟨a/‖a‖, x⟩, so by Mehler and Cauchy–Schwarz
//   |corr(f_a', f_b')| ≤ sup_{n ∈ norm interval} Σ_m c_m(n)² ρ̄^m / Σ_m c_m(n)²,
// c_m(n) = E[ψ(n z) h_m(z)], ρ̄ the perturbed |cos| bound. The supremum over the interval is
// taken on a grid with Lipschitz margins; Gershgorin's row sum over the overlap classes then
// bounds λ_max of the whole family, which gives a CSQ query lower bound (docs/hardness.md).
#include <string>
#include <vector>

#include "nnm/hard/wave.hpp"

namespace nnm {

/// The largest |cos ∠(a', b')| when |cos ∠(a, b)| ≤ rho0 and each vector moves by at most δ times
/// its norm: cos(max(0, arccos rho0 − 2 arcsin δ)); 1 when δ ≥ 1 (a member may vanish).
double perturbed_cosine_bound(double rho0, double delta);

struct WaveCertificateOptions {
  /// Grid spacing in the norm, as a fraction of the scale on which the wave's energy changes: the
  /// Lipschitz margins inflate each class's γ̄ by about 2·step relative.
  double step = 0.005;
  int max_terms = 4000;   ///< Hermite degrees summed before the (bounded) tail
  double tail = 1e-12;    ///< degrees stop once ρ̄^K falls below this (or at max_terms)
  long max_grid = 20000;  ///< cap on grid points (a coarser grid only widens the margins)
  void validate() const;  ///< throws InputError naming the bad field
};

/// Pairs of members whose unperturbed directions have the same |cos|.
struct WaveOverlapClass {
  double rho0 = 0.0;   ///< unperturbed |cos ∠(a, b)|
  double rho = 0.0;    ///< perturbed bound perturbed_cosine_bound(rho0, δ)
  double count = 0.0;  ///< members in this class seen from any one member
  double gamma = 0.0;  ///< certified bound on |corr| for every pair in the class
};

struct WaveCertificate {
  double norm_lo = 1.0, norm_hi = 1.0;  ///< range of n (‖a'‖ for raw spacing, 1 for normalised)
  std::vector<WaveOverlapClass> classes;
  double gamma = 0.0;          ///< max over classes: every off-diagonal |G_ij| is at most this
  double lambda = 1.0;         ///< 1 + Σ count·gamma ≥ λ_max of the whole family (Gershgorin)
  long grid = 0;               ///< norm grid points
  int terms = 0;               ///< Hermite degrees summed explicitly
  std::string method() const;  ///< one line for reports
};

/// γ̄ for each cosine bound in `rhos`, and how it was computed.
struct WaveGammaBounds {
  std::vector<double> gamma;  ///< one per rho, each in [0, 1]
  long grid = 0;              ///< norm grid points
  int terms = 0;              ///< Hermite degrees summed explicitly
};
/// For each cosine bound ρ: sup over n in [norm_lo, norm_hi] of the correlation bound above.
/// Sigmoid or tanh waves only (the Lipschitz margins use bounds on ψ' and ψ''); throws InputError
/// otherwise, or for rho outside [0, 1].
WaveGammaBounds certified_wave_gamma(const WaveOptions& wave, double norm_lo, double norm_hi,
                                     const std::vector<double>& rhos,
                                     const WaveCertificateOptions& options = {});

/// The certificate for the whole family (half-sets, or sign vectors with d ≤ 64) under N(0, I).
/// Throws InputError for a triangle (relu) wave.
WaveCertificate certify_wave_family(const WaveOptions& wave,
                                    const WaveCertificateOptions& options = {});

}  // namespace nnm
