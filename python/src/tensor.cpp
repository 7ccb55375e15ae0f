// Tensor decompositions (nnm cp): of a dense symmetric tensor, of a data set's moment tensor kept
// implicit, and ICA (the whitened third or fourth cumulant).
#include "common.hpp"
#include "nnm/core/enum_names.hpp"
#include "nnm/tensor/decompose.hpp"
#include "nnm/tensor/ica.hpp"
#include "nnm/tensor/symmetric_tensor.hpp"

namespace nnm::python {
namespace {

py::dict cp_summary(const CpSummary& s) {
  py::dict d;
  d["status"] = std::string(s.status_name());
  d["message"] = s.message;
  d["usable"] = s.usable();
  d["seconds"] = s.seconds;
  d["method"] = s.method;
  d["iterations"] = s.iterations;
  d["fit_residual"] = s.fit_residual;
  d["residual_exact"] = s.residual_exact;
  d["brief_report"] = s.brief_report();
  return d;
}

CpOptions cp_options(long rank, const std::string& method, std::uint64_t seed,
                     double max_residual) {
  if (rank < 1) throw InputError("rank must be at least 1, got " + std::to_string(rank));
  if (!(max_residual > 0)) throw InputError("max_residual must be positive");
  CpOptions cp;
  cp.method = parse_enum<CpMethod>(method);
  cp.common.rank = rank;
  cp.common.seed = seed;
  cp.common.max_residual = max_residual;
  return cp;
}

py::dict cp_result(CpResult r) {
  py::dict out;
  out["weights"] = to_numpy(std::move(r.weights));
  out["factors"] = to_numpy(std::move(r.factors));
  out["summary"] = cp_summary(r.summary);
  return out;
}

/// A dense tensor given as a NumPy array of shape (d,)*p, p = 3 or 4.
py::dict decompose_tensor(const Array& tensor, long rank, const std::string& method,
                          std::uint64_t seed, double max_residual, int threads) {
  const int order = static_cast<int>(tensor.ndim());
  if (order != 3 && order != 4)
    throw InputError("a tensor must have 3 or 4 dimensions, got " + std::to_string(order));
  const Eigen::Index dim = tensor.shape(0);
  for (int i = 1; i < order; ++i)
    if (tensor.shape(i) != dim) throw InputError("a symmetric tensor must have equal dimensions");
  if (rank > dim)
    throw InputError("rank " + std::to_string(rank) + " exceeds the tensor dimension " +
                     std::to_string(dim));
  const CpOptions cp = cp_options(rank, method, seed, max_residual);
  // Row-major entries, as the tensor files hold them (a C-order copy when the array is not one).
  const auto c_order =
      py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(tensor);
  Eigen::VectorXd entries = Eigen::Map<const Eigen::VectorXd>(c_order.data(), c_order.size());
  CpResult r;
  {
    py::gil_scoped_release release;
    ThreadScope scope(threads);
    r = decompose(SymmetricTensor(order, dim, std::move(entries)), cp);
  }
  return cp_result(std::move(r));
}

/// The moment tensor of samples (rows of X, or a data file), as `nnm cp --data`.
py::dict decompose_data(const py::object& data, int order, const std::string& moment, bool whiten,
                        long rank, const std::string& method, std::uint64_t seed,
                        double max_residual, int threads) {
  if (order != 3 && order != 4)
    throw InputError("order must be 3 or 4, got " + std::to_string(order));
  DataCpOptions o;
  o.moment.order = order;
  o.moment.kind = parse_enum<MomentKind>(moment);
  if (o.moment.kind == MomentKind::hermite)
    throw InputError("moment 'hermite' (the score function) needs outputs; use raw or cumulant");
  o.cp = cp_options(rank, method, seed, max_residual);
  std::optional<Array> X;
  std::unique_ptr<SampleSource> source;
  if (py::isinstance<py::str>(data)) {
    source = open_data_file(py::cast<std::string>(data), false);
  } else {
    X = py::cast<Array>(data);
    source = std::make_unique<ArraySource>(*X, nullptr);
  }
  if (rank > source->dim())
    throw InputError("rank " + std::to_string(rank) + " exceeds the data dimension " +
                     std::to_string(source->dim()));
  o.moment.whiten_rank = whiten ? rank : 0;
  DataCpResult r;
  {
    py::gil_scoped_release release;
    ThreadScope scope(threads);
    r = decompose_samples(*source, o);
  }
  py::dict out = cp_result(std::move(r.cp));
  if (r.whitened) out["scaled_factors"] = to_numpy(std::move(r.unwhitened));
  out["whitened"] = r.whitened;
  out["materialized"] = r.materialized;
  out["samples"] = r.samples;
  return out;
}

py::dict ica(const Array& data, long sources, int order, const std::string& method,
             std::uint64_t seed, int threads) {
  IcaOptions o;
  o.sources = sources;
  o.order = order;
  o.method = parse_enum<CpMethod>(method);
  o.seed = seed;
  o.validate();
  const ArraySource source(data, nullptr);
  IcaResult r;
  {
    py::gil_scoped_release release;
    ThreadScope scope(threads);
    r = learn_ica(source, o);
  }
  py::dict out;
  out["mixing"] = to_numpy(std::move(r.mixing));
  out["cumulants"] = to_numpy(std::move(r.cumulants));
  out["whitening_map"] = to_numpy(std::move(r.whitening.map));
  out["mean"] = to_numpy(std::move(r.mean));
  out["summary"] = cp_summary(r.summary);
  out["moment_seconds"] = r.moment_seconds;
  out["total_seconds"] = r.total_seconds;
  return out;
}

}  // namespace

void register_tensor(py::module_& m) {
  m.def("decompose_tensor", &decompose_tensor, py::arg("tensor"), py::arg("rank"),
        py::arg("method"), py::arg("seed"), py::arg("max_residual"), py::arg("threads"));
  m.def("decompose_data", &decompose_data, py::arg("data"), py::arg("order"), py::arg("moment"),
        py::arg("whiten"), py::arg("rank"), py::arg("method"), py::arg("seed"),
        py::arg("max_residual"), py::arg("threads"));
  m.def("ica", &ica, py::arg("X"), py::arg("sources"), py::arg("order"), py::arg("method"),
        py::arg("seed"), py::arg("threads"));
}

}  // namespace nnm::python
