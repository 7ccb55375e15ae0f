#pragma once
// Shifted symmetric higher-order power method (Kolda & Mayo 2011) with the adaptive shift of
// Kolda & Mayo 2014: u ← (s·T(I,u,…,u) + α u)/‖·‖ with α = max(0, τ − (p−1)·λ_min(s·T(I,I,u,…)))
// just large enough to make the local objective convex, so every start converges monotonically
// to an eigenpair even when the plain power iteration would cycle (tensors that are not
// orthogonally decomposable). s = +1 seeks maxima of T(u,…,u); at even order starts are also run
// with s = −1 to find components with negative weights. Components are deflated like the power
// method; on non-orthogonal tensors the eigenvectors found are close to, not equal to, the factors
// (polish with ALS when that matters).
#include "nnm/tensor/cp.hpp"

namespace nnm {

/// SS-HOPM's own settings (CpOptions holds these next to the shared CpCommonOptions).
struct SsHopmSettings {
  int starts = 10;            ///< random starts per component (per sign at even order)
  int max_iterations = 1000;  ///< per start
  double tolerance = 1e-12;   ///< stop when 1 − ⟨u_new, u⟩ falls below this for every start
  double tau = 1e-6;          ///< τ > 0: the margin of convexity of the shifted objective
  /// Throws InputError naming the bad field, prefixed with `who`.
  void validate(const char* who = "SsHopmOptions") const;
};

struct SsHopmOptions : CpCommonOptions, SsHopmSettings {
  void validate(Eigen::Index dim) const;  ///< both parts, against the tensor dimension
};

CpResult sshopm(const TensorOperator& t, const SsHopmOptions& options = {});

}  // namespace nnm
