// Spectral recovery (nnm recover) from arrays in memory or a data file.
#include <cmath>
#include <variant>

#include "common.hpp"
#include "nnm/core/enum_names.hpp"
#include "nnm/recovery/recover.hpp"

namespace nnm::python {
namespace {

RecoveryOptions recovery_options(long k, const std::string& activation, int polish,
                                 const std::string& polish_method, bool whiten, bool output_whiten,
                                 int pairs, std::uint64_t seed) {
  if (k < 0) throw InputError("k must be at least 0, got " + std::to_string(k));
  RecoveryOptions o;
  o.activation = Activation::parse(activation);
  o.k = k;
  o.whiten = whiten;
  o.output_whiten = output_whiten;
  o.jennrich_pairs = pairs;
  o.polish_iterations = polish;
  o.polish = parse_enum<PolishMethod>(polish_method);
  o.seed = seed;
  o.validate();
  return o;
}

/// Every field of the summary, under its C++ name.
py::dict summary_dict(const RecoverySummary& s) {
  py::dict d;
  d["status"] = std::string(s.status_name());
  d["message"] = s.message;
  d["usable"] = s.usable();
  d["seconds"] = s.seconds;
  d["n"] = s.n;
  d["d"] = s.d;
  d["m"] = s.m;
  d["k"] = s.k;
  d["k_automatic"] = s.k_automatic;
  d["cross_singular_values"] = to_numpy(Eigen::VectorXd(s.cross_singular_values));
  d["cross_noise_floor"] = s.cross_noise_floor;
  d["spectral_gap"] = s.spectral_gap;
  d["detector_singular_values"] = to_numpy(Eigen::VectorXd(s.detector_singular_values));
  d["off_diagonality"] = s.off_diagonality;
  d["symmetry_max_z"] = s.symmetry_max_z;
  d["symmetry_max_effect"] = s.symmetry_max_effect;
  d["symmetry_worst"] = s.symmetry_worst;
  d["cond_inputs"] = s.cond_inputs;
  d["cond_outputs"] = s.cond_outputs;
  d["cond_W"] = s.cond_W;
  d["fit_residual"] = s.fit_residual;
  d["linear_residual"] = s.linear_residual;
  d["spectral_fit_residual"] = s.spectral_fit_residual;
  d["passes"] = s.passes;
  d["seconds_moments"] = s.seconds_moments;
  d["seconds_detector"] = s.seconds_detector;
  d["seconds_decomposition"] = s.seconds_decomposition;
  d["seconds_output_fit"] = s.seconds_output_fit;
  d["brief_report"] = s.brief_report();
  return d;
}

/// Runs recovery on a source built while the GIL is held; the computation runs without it.
py::dict run(const SampleSource& source, const RecoveryOptions& o, const std::string& name,
             int threads) {
  // Impossible on its face, whatever the samples (the message of nnm recover).
  if (o.k > source.dim() || o.k > source.output_dim())
    throw InputError("k = " + std::to_string(o.k) +
                     " hidden units cannot be identified from d = " + std::to_string(source.dim()) +
                     " inputs and m = " + std::to_string(source.output_dim()) + " outputs of " +
                     name + " (needs k ≤ d and k ≤ m)");
  RecoveryResult r;
  {
    py::gil_scoped_release release;
    ThreadScope scope(threads);
    r = recover(source, o);
  }
  py::dict out;
  out["model"] = r.model_computed() ? py::object(network_to_dict(r.model)) : py::none();
  out["summary"] = summary_dict(r.summary);
  return out;
}

}  // namespace

void register_recovery(py::module_& m) {
  m.def(
      "recover",
      [](const py::object& data, const py::object& outputs, long k, const std::string& activation,
         int polish, const std::string& polish_method, bool whiten, bool output_whiten, int pairs,
         std::uint64_t seed, int threads) {
        const RecoveryOptions o = recovery_options(k, activation, polish, polish_method, whiten,
                                                   output_whiten, pairs, seed);
        if (py::isinstance<py::str>(data)) {
          const auto path = py::cast<std::string>(data);
          return run(*open_data_file(path, true), o, path, threads);
        }
        const Array X = py::cast<Array>(data), Y = py::cast<Array>(outputs);
        return run(ArraySource(X, &Y), o, "the arrays", threads);
      },
      py::arg("data"), py::arg("outputs"), py::arg("k"), py::arg("activation"), py::arg("polish"),
      py::arg("polish_method"), py::arg("whiten"), py::arg("output_whiten"), py::arg("pairs"),
      py::arg("seed"), py::arg("threads"));
}

}  // namespace nnm::python
