// The SQ probe (nnm probe): label-transformed Hermite statistics of samples in arrays or a CSV.
#include <string>
#include <vector>

#include "common.hpp"
#include "nnm/core/enum_names.hpp"
#include "nnm/sq/probe.hpp"

namespace nnm::python {

namespace {

py::dict probe_dict(const ProbeResult& r) {
  py::dict summary;
  summary["status"] = std::string(r.summary.status_name());
  summary["message"] = r.summary.message;
  summary["usable"] = r.summary.usable();
  summary["seconds"] = r.summary.seconds;
  py::list statistics;
  for (const ProbeStatistic& s : r.statistics) {
    py::dict e;
    e["transform"] = std::string(enum_name(s.transform));
    e["degree"] = s.degree;
    e["moment"] = s.moment;
    e["correlation"] = s.correlation;
    statistics.append(e);
  }
  py::list matrices;
  for (const ProbeMatrix& p : r.matrices) {
    py::dict e;
    e["transform"] = std::string(enum_name(p.transform));
    e["matrix"] = p.matrix;
    e["eigenvalues"] = p.eigenvalues;
    e["eigenvectors"] = p.eigenvectors;
    matrices.append(e);
  }
  // 1-based coordinates, strongest first, as in nnm probe --json.
  std::vector<long> coordinates, significant;
  for (const Eigen::Index i : r.ranking) coordinates.push_back(static_cast<long>(i) + 1);
  for (const Eigen::Index i : r.significant) significant.push_back(static_cast<long>(i) + 1);
  py::dict out;
  out["summary"] = summary;
  out["n"] = r.n;
  out["d"] = r.d;
  out["label_mean"] = r.label_mean;
  out["label_mean_square"] = r.label_mean_square;
  out["statistics"] = statistics;
  out["matrices"] = matrices;
  out["strength"] = r.strength;
  out["coordinates"] = coordinates;
  out["significant"] = significant;
  out["threshold"] = r.threshold;
  return out;
}

ProbeResult run_probe(const SampleSource& source, const ProbeOptions& o, int threads) {
  py::gil_scoped_release release;
  ThreadScope scope(threads);
  return probe(source, o);
}

}  // namespace

void register_probe(py::module_& m) {
  m.def(
      "probe",
      [](const py::object& data, const py::object& outputs,
         const std::vector<std::string>& transforms, const std::vector<int>& degrees,
         long eigenvectors, long output, double level, int threads) {
        ProbeOptions o;
        o.transforms.clear();
        for (const std::string& t : transforms)
          o.transforms.push_back(parse_enum<LabelTransform>(t));
        o.degrees = degrees;
        o.eigenvectors = eigenvectors;
        o.output = output;
        o.level = level;
        o.validate();
        if (py::isinstance<py::str>(data))
          return probe_dict(
              run_probe(*open_data_file(py::cast<std::string>(data), true), o, threads));
        const Array X = py::cast<Array>(data), Y = py::cast<Array>(outputs);
        return probe_dict(run_probe(ArraySource(X, &Y), o, threads));
      },
      py::arg("data"), py::arg("outputs"), py::arg("transforms"), py::arg("degrees"),
      py::arg("eigenvectors"), py::arg("output"), py::arg("level"), py::arg("threads"));
}

}  // namespace nnm::python
