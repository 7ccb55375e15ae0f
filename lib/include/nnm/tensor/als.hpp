#pragma once
// CP alternating least squares for a symmetric tensor, run on the implicit operator. The p factor
// matrices are updated in turn, each by the exact least-squares solution with the others fixed:
//   F_m ← T(I, F_others…) (⊛_{i≠m} F_iᵀF_i)⁻¹,
// where T(I, b, c) for distinct vectors comes from symmetric contractions by polarisation. Each
// update cannot increase the fit error, unlike forcing all modes equal at every step. At the end
// the modes are averaged into one symmetric factor matrix and the weights refit. Needs no
// orthogonality: the method of choice for non-orthogonal factors, best started from Jennrich.
#include "nnm/tensor/cp.hpp"

namespace nnm {

enum class AlsInit { jennrich, random };
constexpr auto enum_table(AlsInit) {
  return make_enum_table<AlsInit>("ALS initialisation",
                                  {{AlsInit::jennrich, "jennrich"}, {AlsInit::random, "random"}});
}

/// ALS's own settings (CpOptions holds these next to the shared CpCommonOptions).
struct AlsSettings {
  AlsInit init = AlsInit::jennrich;  ///< random is also the fallback when Jennrich fails
  /// Random initialisations tried, best fit kept. At order 3 about half of random starts end in a
  /// degenerate local minimum, so use several (Jennrich starts do not have this problem).
  int restarts = 8;
  int max_iterations = 500;  ///< sweeps over all modes
  double tolerance = 1e-12;  ///< stop when every factor moves by 1 − |cos| below this
  /// Throws InputError naming the bad field, prefixed with `who`.
  void validate(const char* who = "AlsOptions") const;
};

struct AlsOptions : CpCommonOptions, AlsSettings {
  void validate(Eigen::Index dim) const;  ///< both parts, against the tensor dimension
};

/// `initial` (dim × rank), when given, replaces the initialisation.
CpResult cp_als(const TensorOperator& t, const AlsOptions& options = {},
                const Eigen::MatrixXd* initial = nullptr);

}  // namespace nnm
