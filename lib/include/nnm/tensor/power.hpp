#pragma once
// The robust tensor power method with deflation (Anandkumar, Ge, Hsu, Kakade, Telgarsky 2014):
// for each component, iterate u ← T(I,u,…,u)/‖·‖ from `starts` random points on the sphere (all
// of them in one batched pass per iteration), keep the one with the largest |T(u,…,u)|, refine
// it, and subtract λ u^{⊗p} implicitly before looking for the next. Exact for orthogonally
// decomposable tensors (e.g. a whitened ICA or mixture moment) and robust to perturbations.
#include "nnm/tensor/cp.hpp"

namespace nnm {

/// The power method's own settings (CpOptions holds these next to the shared CpCommonOptions).
struct PowerSettings {
  int starts = 10;              ///< L: random starts per component
  int iterations = 30;          ///< N: iterations from each start
  int refine_iterations = 100;  ///< further iterations on the winning start
  double tolerance = 1e-10;     ///< stop when 1 − |⟨u_new, u⟩| falls below this
  /// Throws InputError naming the bad field, prefixed with `who`.
  void validate(const char* who = "PowerOptions") const;
};

struct PowerOptions : CpCommonOptions, PowerSettings {
  void validate(Eigen::Index dim) const;  ///< both parts, against the tensor dimension
};

CpResult power_method(const TensorOperator& t, const PowerOptions& options = {});

}  // namespace nnm
