#pragma once
// Jennrich's simultaneous diagonalisation for a symmetric tensor T = Σ_j λ_j a_j^{⊗p} with
// linearly independent (not necessarily orthogonal) factors. Contracting the last mode(s) with a
// random u gives the slice M_u = T(I, I, u) = A diag(λ ∘ Aᵀu) Aᵀ (at order 4, T(I, I, u, u) and
// (Aᵀu)²), so a family of slices is jointly diagonalised by A. When rank < dim the slices are first
// compressed to their common rank-R column space. The diagonalisation itself is nnm::jennrich,
// the same routine spectral recovery uses: contractions = 2 with pairs = 1 is plain Jennrich
// (eigenvectors of M₁M₂⁻¹), more of either is the robust variant.
#include "nnm/tensor/cp.hpp"

namespace nnm {

/// The tensor Jennrich method's own settings (CpOptions holds these next to CpCommonOptions).
struct TensorJennrichSettings {
  int contractions = 4;  ///< random vectors u the tensor's last mode(s) are contracted with (≥ 2)
  int pairs = 10;        ///< random pairs of slice combinations nnm::jennrich tries
  /// Throws InputError naming the bad field, prefixed with `who`.
  void validate(const char* who = "TensorJennrichOptions") const;
};

struct TensorJennrichOptions : CpCommonOptions, TensorJennrichSettings {
  void validate(Eigen::Index dim) const;  ///< both parts, against the tensor dimension
};

CpResult tensor_jennrich(const TensorOperator& t, const TensorJennrichOptions& options = {});

}  // namespace nnm
