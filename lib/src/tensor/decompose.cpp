#include "nnm/tensor/decompose.hpp"

#include <string>

#include "nnm/core/error.hpp"

namespace nnm {

CpMethod parse_cp_method(std::string_view name) {
  if (name == "power") return CpMethod::power;
  if (name == "sshopm") return CpMethod::sshopm;
  if (name == "jennrich") return CpMethod::jennrich;
  if (name == "als") return CpMethod::als;
  throw InputError("unknown decomposition method '" + std::string(name) +
                   "' (valid: power, sshopm, jennrich, als)");
}

const char* to_string(CpMethod method) {
  switch (method) {
    case CpMethod::power:
      return "power";
    case CpMethod::sshopm:
      return "sshopm";
    case CpMethod::jennrich:
      return "jennrich";
    case CpMethod::als:
      return "als";
  }
  return "?";
}

namespace {
template <class Options>
Options with_common(Options o, const CpCommonOptions& common) {
  static_cast<CpCommonOptions&>(o) = common;
  return o;
}
}  // namespace

CpResult decompose(const TensorOperator& t, const CpOptions& o) {
  switch (o.method) {
    case CpMethod::power:
      return power_method(t, with_common(o.power, o.common));
    case CpMethod::sshopm:
      return sshopm(t, with_common(o.sshopm, o.common));
    case CpMethod::jennrich:
      return tensor_jennrich(t, with_common(o.jennrich, o.common));
    case CpMethod::als:
      return cp_als(t, with_common(o.als, o.common));
  }
  throw InputError("decompose: unknown method");
}

}  // namespace nnm
