#pragma once
// One entry point for the four decompositions, chosen by name (as `nnm cp --method` does).
#include "nnm/tensor/als.hpp"
#include "nnm/tensor/jennrich.hpp"
#include "nnm/tensor/power.hpp"
#include "nnm/tensor/sshopm.hpp"

namespace nnm {

enum class CpMethod { power, sshopm, jennrich, als };
constexpr auto enum_table(CpMethod) {
  return make_enum_table<CpMethod>("decomposition method", {{CpMethod::power, "power"},
                                                            {CpMethod::sshopm, "sshopm"},
                                                            {CpMethod::jennrich, "jennrich"},
                                                            {CpMethod::als, "als"}});
}

/// One source of truth per setting: rank, seed and the residual limits live only in `common`; the
/// per-method structs hold only what is particular to their method. decompose() combines
/// `common` with the settings of the chosen method.
struct CpOptions {
  CpMethod method = CpMethod::power;
  CpCommonOptions common;  ///< rank, seed and residual settings for whichever method runs
  PowerSettings power;
  SsHopmSettings sshopm;
  TensorJennrichSettings jennrich;
  AlsSettings als;
  /// Throws InputError naming the bad field (e.g. "CpOptions.common.rank"); every method's
  /// settings are checked, not only the chosen one's.
  void validate(Eigen::Index dim) const;
};

CpResult decompose(const TensorOperator& t, const CpOptions& options);

}  // namespace nnm
