// Hard families (nnm family) and their SQ analysis (nnm sq).
#include <cmath>
#include <map>
#include <memory>
#include <set>

#include "common.hpp"
#include "nnm/core/enum_names.hpp"
#include "nnm/data/teacher.hpp"
#include "nnm/hard/family.hpp"
#include "nnm/sq/analysis.hpp"

namespace nnm::python {
namespace {

using K = FamilyKind;

/// Which kinds use each parameter (the table of `nnm family`'s flags, under Python names).
const std::map<std::string, std::set<K>>& parameter_kinds() {
  static const std::map<std::string, std::set<K>> table = {
      {"d", {K::parity, K::wave, K::natural, K::dkkz, K::coloring, K::relu_maxcut}},
      {"k", {K::parity, K::natural, K::dkkz, K::coloring}},
      {"activation", {K::parity, K::wave, K::natural}},
      {"scale", {K::parity}},
      {"sharpness", {K::wave}},
      {"period", {K::wave}},
      {"range", {K::wave}},
      {"tolerance", {K::wave}},
      {"spacing", {K::wave}},
      {"units", {K::wave}},
      {"index_set", {K::wave}},
      {"delta", {K::wave}},
      {"weights", {K::natural}},
      {"m", {K::natural}},
      {"edge_prob", {K::coloring, K::relu_maxcut}},
      {"copies", {K::relu_maxcut}},
      {"hypergraph", {K::coloring}}};
  return table;
}

std::string kinds_text(const std::set<K>& kinds) {
  std::string out;
  for (K k : kinds) out += (out.empty() ? "" : ", ") + std::string(enum_name(k));
  return out;
}

/// The typed options of `kind` from keyword parameters; a parameter the kind does not use is an
/// error, as the flag is for nnm family ("sharpness does not apply to kind parity (only to wave)").
FamilyOptions family_options(const std::string& kind_name, const py::dict& params,
                             std::uint64_t seed) {
  const K kind = parse_enum<K>(kind_name);
  FamilyOptions options = default_family_options(kind);
  for (const auto& [key_object, value] : params) {
    const auto key = py::cast<std::string>(key_object);
    const auto found = parameter_kinds().find(key);
    if (found == parameter_kinds().end())
      throw InputError("unknown family parameter '" + key + "'");
    if (!found->second.count(kind))
      throw InputError(key + " does not apply to kind " + kind_name + " (only to " +
                       kinds_text(found->second) + ")");
    std::visit(
        [&](auto& o) {
          using T = std::decay_t<decltype(o)>;
          const auto integer = [&] { return py::cast<long>(value); };
          const auto number = [&] { return py::cast<double>(value); };
          const auto text = [&] { return py::cast<std::string>(value); };
          if constexpr (std::is_same_v<T, ColoringOptions>) {
            if (key == "d") o.vertices = integer();
            if (key == "k") o.colors = integer();
            if (key == "edge_prob") o.edge_prob = number();
            if (key == "hypergraph") o.hypergraph = py::cast<bool>(value);
          } else if constexpr (std::is_same_v<T, ReluMaxcutOptions>) {
            if (key == "d") o.vertices = integer();
            if (key == "edge_prob") o.edge_prob = number();
            if (key == "copies") o.copies = integer();
          } else {
            if (key == "d") o.d = integer();
          }
          if constexpr (std::is_same_v<T, ParityOptions>) {
            if (key == "k") o.k = integer();
            if (key == "activation") o.activation = Activation::parse(text());
            if (key == "scale") o.scale = parse_enum<ParityOptions::Scale>(text());
          }
          if constexpr (std::is_same_v<T, WaveOptions>) {
            if (key == "activation") o.activation = Activation::parse(text());
            if (key == "sharpness") o.sharpness = number();
            if (key == "period") o.period = number();
            if (key == "range") o.range = number();
            if (key == "tolerance") o.tolerance = number();
            if (key == "spacing") o.spacing = parse_enum<WaveOptions::Spacing>(text());
            if (key == "units") o.units = integer();
            if (key == "index_set") o.index_set = parse_enum<WaveOptions::IndexSet>(text());
            if (key == "delta") o.delta = number();
          }
          if constexpr (std::is_same_v<T, NaturalOptions>) {
            if (key == "k") o.k = integer();
            if (key == "m") o.m = integer();
            if (key == "activation") o.activation = Activation::parse(text());
            if (key == "weights") o.weights = parse_enum<NaturalOptions::Weights>(text());
          }
          if constexpr (std::is_same_v<T, DkkzOptions>) {
            if (key == "k") o.k = integer();
          }
          if constexpr (!std::is_same_v<T, ParityOptions>) o.seed = seed;
        },
        options);
  }
  // The seed reaches every randomised construction even when no parameter was given.
  std::visit(
      [&](auto& o) {
        if constexpr (!std::is_same_v<std::decay_t<decltype(o)>, ParityOptions>) o.seed = seed;
      },
      options);
  return options;
}

/// A family and the seed it was built with.
struct Family {
  std::unique_ptr<HardFamily> family;
  std::uint64_t seed = 1;
};

py::dict member_dict(const FamilyMember& member) {
  py::dict out = network_to_dict(member.network);
  out["info"] = json_to_python(member.info);
  return out;
}

py::dict sample(const Family& f, const py::dict& network, const std::string& dist, long long n,
                double noise, std::uint64_t seed, bool held_out, int threads) {
  if (n < 1) throw InputError("n must be at least 1, got " + std::to_string(n));
  if (!(noise >= 0)) throw InputError("noise must be at least 0");
  const Network net = network_from_dict(network);
  py::dict out;
  if (const auto points = f.family->fixed_points()) {
    // A reduction's instance (coloring, relu-maxcut) is a fixed point set, not a sample from a law.
    out["X"] = to_numpy(points->X);
    out["Y"] = to_numpy(points->Y);
    out["dist"] = "gadget";
    return out;
  }
  const auto law = make_family_input_law(dist, f.family->dim(), seed);
  Dataset data;
  {
    py::gil_scoped_release release;
    ThreadScope scope(threads);
    const TeacherSampler sampler(net, *law, static_cast<std::uint64_t>(n), noise, seed);
    // Held-out rows start where `nnm family --test-out` starts them (kHeldOutFirstIndex).
    data = sampler.sample(held_out ? std::uint64_t{1} << 48 : 0, static_cast<std::uint64_t>(n));
  }
  out["X"] = to_numpy(std::move(data.X));
  out["Y"] = to_numpy(std::move(data.Y));
  out["dist"] = law->name();
  out["symmetric"] = law->symmetric();
  return out;
}

py::dict sq_analysis(const Family& f, const std::string& dist, std::uint64_t members,
                     const std::vector<double>& taus, const std::string& method, long terms,
                     std::uint64_t samples, int threads) {
  SqAnalysisOptions o;
  o.members = members;
  o.taus = taus;
  o.correlation.method = parse_enum<CorrelationMethod>(method);
  o.correlation.terms = static_cast<int>(terms);
  o.correlation.samples = samples;
  o.seed = f.seed;
  o.validate();
  const auto law = make_family_input_law(dist, f.family->dim(), f.seed);
  SqAnalysis r;
  {
    py::gil_scoped_release release;
    ThreadScope scope(threads);
    r = analyse_family(*f.family, *law, o);
  }
  const GramAnalysis& s = r.spectrum;
  py::dict out;
  out["law"] = law->name();
  out["members"] = r.member_indices.size();
  out["member_indices"] = r.member_indices;
  out["correlation"] = r.gram.summary.brief_report();
  out["gram"] = to_numpy(Eigen::MatrixXd(r.gram.gram));
  out["norm2_min"] = s.min_norm2;
  out["norm2_max"] = s.max_norm2;
  out["lambda_max"] = s.lambda_max;
  out["max_off_diagonal"] = s.max_off_diagonal;
  out["max_entry_error"] = r.gram.summary.max_error;
  out["covers"] = std::string(enum_name(r.claim.learners));
  out["claim"] = r.claim.statement;
  if (r.family_lambda) {
    py::dict fl;
    fl["lambda"] = r.family_lambda->lambda;
    fl["error"] = r.family_lambda->error;
    fl["exact"] = r.family_lambda->exact;
    fl["method"] = r.family_lambda->method;
    out["family_lambda"] = fl;
  } else {
    out["family_lambda"] = py::none();
  }
  py::list bounds;
  for (const auto& b : r.bounds) {
    py::dict row;
    row["tau"] = b.tau;
    row["sampled"] = b.sampled;
    row["family"] = std::isnan(b.family) ? py::object(py::none()) : py::float_(b.family);
    bounds.append(row);
  }
  out["bounds"] = bounds;
  out["status"] = std::string(r.summary.status_name());
  out["message"] = r.summary.message;
  out["usable"] = r.summary.usable();
  return out;
}

}  // namespace

void register_hard(py::module_& m) {
  py::class_<Family>(m, "Family")
      .def(py::init([](const std::string& kind, const py::dict& params, std::uint64_t seed) {
             return Family{make_family(family_options(kind, params, seed)), seed};
           }),
           py::arg("kind"), py::arg("params"), py::arg("seed"))
      .def_property_readonly("kind", [](const Family& f) { return f.family->kind(); })
      .def_property_readonly("dim", [](const Family& f) { return f.family->dim(); })
      .def_property_readonly("size", [](const Family& f) { return f.family->size(); })
      .def_property_readonly("seed", [](const Family& f) { return f.seed; })
      .def_property_readonly("parameters",
                             [](const Family& f) { return json_to_python(f.family->parameters()); })
      .def_property_readonly("claim",
                             [](const Family& f) {
                               const HardnessClaim c = f.family->claim();
                               return py::make_tuple(std::string(enum_name(c.learners)),
                                                     c.statement);
                             })
      .def(
          "pick",
          [](const Family& f, std::optional<std::uint64_t> index) {
            return member_dict(pick_member(*f.family, index, f.seed));
          },
          py::arg("index"))
      .def("sample", &sample, py::arg("network"), py::arg("dist"), py::arg("n"), py::arg("noise"),
           py::arg("seed"), py::arg("held_out"), py::arg("threads"))
      .def("sq", &sq_analysis, py::arg("dist"), py::arg("members"), py::arg("taus"),
           py::arg("method"), py::arg("terms"), py::arg("samples"), py::arg("threads"));
}

}  // namespace nnm::python
