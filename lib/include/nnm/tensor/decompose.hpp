#pragma once
// One entry point for the four decompositions, chosen by name (as `nnm cp --method` does).
#include <string_view>

#include "nnm/tensor/als.hpp"
#include "nnm/tensor/jennrich.hpp"
#include "nnm/tensor/power.hpp"
#include "nnm/tensor/sshopm.hpp"

namespace nnm {

enum class CpMethod { power, sshopm, jennrich, als };
CpMethod parse_cp_method(std::string_view name);  ///< throws InputError listing the valid names
const char* to_string(CpMethod method);

struct CpOptions {
  CpMethod method = CpMethod::power;
  /// rank, seed and residual settings for whichever method runs (they override the method's own).
  CpCommonOptions common;
  PowerOptions power;
  SsHopmOptions sshopm;
  TensorJennrichOptions jennrich;
  AlsOptions als;
};

CpResult decompose(const TensorOperator& t, const CpOptions& options);

}  // namespace nnm
