// Data: teacher networks and their samples (as `nnm generate`), data files (CSV, .npy, HDF5) and
// model files, and a network's outputs.
#include <cstdint>

#include "common.hpp"
#include "nnm/core/enum_names.hpp"
#include "nnm/data/data_file.hpp"
#include "nnm/data/dataset.hpp"
#include "nnm/data/distributions.hpp"
#include "nnm/data/model_io.hpp"
#include "nnm/data/teacher.hpp"

namespace nnm::python {
namespace {

/// Held-out rows start at this sample index, as in `nnm generate --test-out` (tools/nnm/options.hpp
/// kHeldOutFirstIndex; a test compares the two outputs byte for byte).
constexpr std::uint64_t kHeldOutFirst = std::uint64_t{1} << 48;

py::dict generate(const std::string& dist, long d, long k, long m, long long n, double noise,
                  const std::string& activation, double cond_w, std::uint64_t seed,
                  long long test_n, int threads) {
  if (n < 1) throw InputError("n must be at least 1, got " + std::to_string(n));
  if (test_n < 0) throw InputError("test_n must be at least 0, got " + std::to_string(test_n));
  if (!(noise >= 0)) throw InputError("noise must be at least 0");
  TeacherOptions t;
  t.d = d;
  t.k = k;
  t.m = m;
  t.cond_w = cond_w;
  t.seed = seed;
  t.activation = Activation::parse(activation);
  t.validate();
  const auto law = make_input_law(dist, d, seed);
  Dataset train, test;
  Network teacher;
  double noise_sd = 0;
  {
    py::gil_scoped_release release;
    ThreadScope scope(threads);
    teacher = make_teacher(t);
    const TeacherSampler sampler(teacher, *law, static_cast<std::uint64_t>(n), noise, seed);
    noise_sd = sampler.noise_sd();
    train = sampler.sample(0, static_cast<std::uint64_t>(n));
    if (test_n > 0) test = sampler.sample(kHeldOutFirst, static_cast<std::uint64_t>(test_n));
  }
  py::dict out;
  out["X"] = to_numpy(std::move(train.X));
  out["Y"] = to_numpy(std::move(train.Y));
  if (test_n > 0) {
    out["X_test"] = to_numpy(std::move(test.X));
    out["Y_test"] = to_numpy(std::move(test.Y));
  }
  out["truth"] = network_to_dict(teacher);
  out["dist"] = law->name();
  out["symmetric"] = law->symmetric();
  out["noise_sd"] = noise_sd;
  return out;
}

py::tuple read_file(const std::string& path, bool require_outputs, const std::string& format) {
  DataOptions options;
  options.format = parse_enum<DataFormat>(format);
  options.columns.require_outputs = require_outputs;
  Dataset data;
  {
    py::gil_scoped_release release;
    data = nnm::read_data(path, options);
  }
  return py::make_tuple(to_numpy(std::move(data.X)), to_numpy(std::move(data.Y)));
}

void write_file(const std::string& path, const Array& X, const Array& Y,
                const std::string& format) {
  const DataFormat chosen = parse_enum<DataFormat>(format);
  Dataset data{MatrixView(X, "X").copy(), MatrixView(Y, "Y").copy()};
  if (data.X.rows() != data.Y.rows())
    throw InputError("X has " + std::to_string(data.X.rows()) + " samples but Y has " +
                     std::to_string(data.Y.rows()));
  py::gil_scoped_release release;
  nnm::write_data(path, chosen, data);
}

py::array forward(const py::dict& network, const Array& X, int threads) {
  const Network net = network_from_dict(network);
  const MatrixView view(X, "X");
  if (view.cols() != net.input_dim())
    throw InputError("X has " + std::to_string(view.cols()) + " columns but the network has " +
                     std::to_string(net.input_dim()) + " inputs");
  Eigen::MatrixXd Y;
  {
    py::gil_scoped_release release;
    ThreadScope scope(threads);
    view.with_rows(0, view.rows(),
                   [&](const Eigen::Ref<const Eigen::MatrixXd>& x) { Y = net.forward(x); });
  }
  return to_numpy(std::move(Y));
}

}  // namespace

void register_data(py::module_& m) {
  m.def("generate", &generate, py::arg("dist"), py::arg("d"), py::arg("k"), py::arg("m"),
        py::arg("n"), py::arg("noise"), py::arg("activation"), py::arg("cond_w"), py::arg("seed"),
        py::arg("test_n"), py::arg("threads"));
  m.def("read_data", &read_file, py::arg("path"), py::arg("require_outputs"), py::arg("format"));
  m.def("write_data", &write_file, py::arg("path"), py::arg("X"), py::arg("Y"), py::arg("format"));
  m.def(
      "read_model",
      [](const std::string& path) {
        std::string text;
        const nlohmann::json j = read_json_file(path, &text);
        py::dict out = network_to_dict(read_model(path));
        out["fields"] = json_to_python(j);
        return out;
      },
      py::arg("path"));
  m.def(
      "write_model",
      [](const std::string& path, const py::dict& network, const std::string& extra) {
        write_model(path, network_from_dict(network), nlohmann::json::parse(extra));
      },
      py::arg("path"), py::arg("network"), py::arg("extra_json"));
  m.def("forward", &forward, py::arg("network"), py::arg("X"), py::arg("threads"));
  m.def("input_laws", [] {
    py::list out;
    for (const auto& info : input_law_catalogue())
      out.append(py::make_tuple(info.pattern, info.description));
    return out;
  });
}

}  // namespace nnm::python
