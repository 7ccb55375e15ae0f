#include "nnm/tensor/ica.hpp"

#include "nnm/core/error.hpp"

namespace nnm {

void IcaOptions::validate() const {
  if (sources < 1) throw InputError("IcaOptions.sources must be at least 1");
  if (order != 3 && order != 4) throw InputError("IcaOptions.order must be 3 or 4");
  if (materialize_up_to < 0) throw InputError("IcaOptions.materialize_up_to must be ≥ 0");
}

IcaResult learn_ica(const SampleSource& source, const IcaOptions& options) {
  options.validate();
  if (options.sources > source.dim())
    throw InputError("IcaOptions.sources = " + std::to_string(options.sources) +
                     " exceeds the data dimension " + std::to_string(source.dim()));
  DataCpOptions o;
  o.moment.order = options.order;
  o.moment.kind = MomentKind::cumulant;
  o.moment.whiten_rank = options.sources;
  o.cp.method = options.method;
  o.cp.common.rank = options.sources;
  o.cp.common.seed = options.seed;
  o.materialize_up_to = options.materialize_up_to;
  DataCpResult r = decompose_samples(source, o);
  IcaResult out;
  out.mixing = std::move(r.unwhitened);
  out.cumulants = std::move(r.operator_weights);
  out.summary = std::move(r.cp.summary);
  out.whitening = std::move(r.whitening);
  out.mean = std::move(r.mean);
  out.moment_seconds = r.moment_seconds;
  out.total_seconds = r.total_seconds;
  return out;
}

}  // namespace nnm
