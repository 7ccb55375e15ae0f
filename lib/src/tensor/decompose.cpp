#include "nnm/tensor/decompose.hpp"

#include "nnm/core/error.hpp"

namespace nnm {

void CpOptions::validate(Eigen::Index dim) const {
  common.validate_common("CpOptions.common", dim);
  power.validate("CpOptions.power");
  sshopm.validate("CpOptions.sshopm");
  jennrich.validate("CpOptions.jennrich");
  als.validate("CpOptions.als");
}

namespace {
/// The full options of one method: the shared part from `common`, the rest from its settings.
template <class Options, class Settings>
Options combine(const CpCommonOptions& common, const Settings& settings) {
  Options o;
  static_cast<CpCommonOptions&>(o) = common;
  static_cast<Settings&>(o) = settings;
  return o;
}
}  // namespace

CpResult decompose(const TensorOperator& t, const CpOptions& o) {
  o.validate(t.dim());
  switch (o.method) {
    case CpMethod::power:
      return power_method(t, combine<PowerOptions>(o.common, o.power));
    case CpMethod::sshopm:
      return sshopm(t, combine<SsHopmOptions>(o.common, o.sshopm));
    case CpMethod::jennrich:
      return tensor_jennrich(t, combine<TensorJennrichOptions>(o.common, o.jennrich));
    case CpMethod::als:
      return cp_als(t, combine<AlsOptions>(o.common, o.als));
  }
  throw InputError("CpOptions.method: not a known method");
}

}  // namespace nnm
