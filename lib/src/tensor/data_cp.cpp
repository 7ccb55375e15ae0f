#include "nnm/tensor/data_cp.hpp"

#include <chrono>
#include <cmath>

#include "nnm/core/error.hpp"
#include "nnm/tensor/symmetric_tensor.hpp"

namespace nnm {

void DataCpOptions::validate() const {
  moment.validate();
  if (materialize_up_to < 0) throw InputError("DataCpOptions.materialize_up_to must be ≥ 0");
  if (cp.common.rank < 1) throw InputError("DataCpOptions.cp.common.rank must be at least 1");
}

DataCpResult decompose_samples(const SampleSource& source, const DataCpOptions& options,
                               const OutputWeights& weights) {
  options.validate();
  const auto start = std::chrono::steady_clock::now();
  const auto since = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  DataCpResult out;
  PreparedMoment prep = prepare_moment(source, options.moment, weights);
  out.whitened = prep.whitened;
  out.whitening = prep.whitening;
  out.mean = prep.mean;
  out.samples = prep.samples;
  if (!prep.op) {
    auto& s = out.cp.summary;
    s.method = enum_name(options.cp.method);
    s.status = prep.whitening.summary.status == WhiteningStatus::rank_deficient
                   ? CpStatus::rank_deficient
                   : CpStatus::not_converged;
    s.message = "whitening failed: " + prep.whitening.summary.message;
    out.cp.factors.resize(source.dim(), 0);
    out.moment_seconds = out.total_seconds = since();
    return out;
  }
  const SampleMoment& moment = *prep.op;
  const int p = moment.order();
  const double entries = std::pow(static_cast<double>(moment.dim()), p);
  std::optional<SymmetricTensor> dense;
  if (options.materialize_up_to > 0 && entries <= static_cast<double>(options.materialize_up_to)) {
    dense.emplace(materialize(moment));
    out.materialized = true;
  }
  out.moment_seconds = since();
  const TensorOperator& target = dense ? static_cast<const TensorOperator&>(*dense) : moment;
  CpResult r = decompose(target, options.cp);
  out.operator_factors = r.factors;
  out.operator_weights = r.weights;
  out.unwhitened = out.whitened ? Eigen::MatrixXd(prep.whitening.unmap * r.factors) : r.factors;
  out.cp = std::move(r);
  // Back to the data's coordinates (d × R, whatever the operator's dimension): λ a^{⊗p} with
  // a = b/‖b‖ carries the weight λ‖b‖^p.
  out.cp.factors = out.unwhitened;
  for (Eigen::Index j = 0; j < out.unwhitened.cols(); ++j) {
    const double norm = out.unwhitened.col(j).norm();
    if (!(norm > 0)) continue;
    out.cp.factors.col(j) = out.unwhitened.col(j) / norm;
    out.cp.weights[j] *= std::pow(norm, p);
    if (p % 2 == 0) {  // even order: canonical sign, largest entry positive
      Eigen::Index at;
      out.cp.factors.col(j).cwiseAbs().maxCoeff(&at);
      if (out.cp.factors(at, j) < 0) {
        out.cp.factors.col(j) *= -1.0;
        out.unwhitened.col(j) *= -1.0;
      }
    }
  }
  out.total_seconds = since();
  return out;
}

}  // namespace nnm
