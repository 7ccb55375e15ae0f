#include "family_options.hpp"

#include <fmt/format.h>
#include <algorithm>

#include "command.hpp"
#include "nnm/core/error.hpp"
#include "nnm/hard/edge_list.hpp"
#include "options.hpp"

namespace nnm::cli {

namespace {

using K = FamilyKind;
const std::vector<K> kAll = {K::parity, K::wave, K::natural, K::dkkz, K::coloring, K::relu_maxcut};

std::string with_default(const std::string& help, double value) {
  return help + " (default " + show_number(value) + ")";
}

std::string kind_list(const std::vector<FamilyKind>& kinds) {
  std::vector<std::string_view> names;
  for (auto k : kinds) names.push_back(enum_name(k));
  return fmt::format("{}", fmt::join(names, ", "));
}

}  // namespace

template <class T, class Set>
CLI::Option* FamilyFlags::knob(CLI::App& cmd, const char* flag, const std::string& help,
                               std::vector<FamilyKind> kinds, Set set) {
  auto* option = cmd.add_option_function<T>(
      flag, [this, set](const T& value) { set(set_, value); }, help);
  knobs_.push_back({option, std::move(kinds)});
  return option;
}

void FamilyFlags::named(CLI::App& cmd, const char* flag, const std::string& help, FamilyKind kind,
                        std::optional<std::string>& target) {
  auto* option = cmd.add_option_function<std::string>(
      flag, [&target](const std::string& v) { target = v; }, help);
  knobs_.push_back({option, {kind}});
}

void FamilyFlags::add_to(CLI::App& cmd, bool kind_required) {
  using S = FamilyOptionSet;
  kind_option_ = cmd.add_option("--kind", kind_, "Family: " + enum_choices<FamilyKind>());
  kind_option_->required(kind_required);
  d_option_ = knob<long>(
      cmd, "--d", with_default("Input dimension (coloring, relu-maxcut: number of vertices)", 20),
      kAll, [](S& s, long v) {
        s.parity.d = s.wave.d = s.natural.d = s.dkkz.d = v;
        s.coloring.vertices = s.relu_maxcut.vertices = v;
      });
  knob<long>(cmd, "--k",
             with_default("parity: |S|; natural: hidden units; dkkz: directions (even); "
                          "coloring: colours",
                          4),
             {K::parity, K::natural, K::dkkz, K::coloring}, [](S& s, long v) {
               s.parity.k = s.natural.k = s.dkkz.k = v;
               s.coloring.colors = v;
             });
  auto* activation = cmd.add_option_function<std::string>(
      "--activation", [this](const std::string& v) { activation_ = v; },
      "parity, natural: activation (default relu); wave: sigmoid (default), tanh, or relu for the "
      "triangle wave");
  knobs_.push_back({activation, {K::parity, K::wave, K::natural}});
  named(cmd, "--scale",
        "parity: sum (default) | average (weights ±2^-k) | unit (unit norm under N(0,I))",
        K::parity, scale_);
  named(cmd, "--labels",
        "parity: real (default; y = f_S(x), CSQ-hard only) | boolean (y = ±1 with mean "
        "clamp(f_S(x), -1, 1): GGJKK's classification setting, SQ-hard)",
        K::parity, labels_);
  knob<double>(cmd, "--sharpness", with_default("wave: sigmoid sharpness s", 4), {K::wave},
               [](S& s, double v) { s.wave.sharpness = v; });
  knob<double>(cmd, "--period",
               with_default("wave: spacing h of the units (the wave's period is 2h)", 1), {K::wave},
               [](S& s, double v) { s.wave.period = v; });
  knob<double>(cmd, "--range",
               "wave: the units cover |t| <= RANGE (default 0: automatic, from --tolerance)",
               {K::wave}, [](S& s, double v) { s.wave.range = v; });
  knob<double>(cmd, "--tolerance",
               with_default("wave: the automatic cover keeps the cut-off error, relative to the "
                            "oscillation, below this",
                            1e-5),
               {K::wave}, [](S& s, double v) { s.wave.tolerance = v; });
  named(cmd, "--spacing",
        "wave: raw (default; psi(<a,x>), SVWX's scaling) | normalised (psi(<a,x>/|a|))", K::wave,
        spacing_);
  knob<long>(cmd, "--units", "wave: number of units (default 0: enough to cover --range)",
             {K::wave}, [](S& s, long v) { s.wave.units = v; });
  named(cmd, "--index-set",
        "wave: half (default; a = indicator of a d/2-subset) | sign (a in {±1}^d)", K::wave,
        index_set_);
  knob<double>(cmd, "--delta",
               with_default("wave: perturb a to a + δ‖a‖g, g a random unit vector", 0), {K::wave},
               [](S& s, double v) { s.wave.delta = v; });
  named(cmd, "--weights", "natural: normal (default; N(0,1/d)) | uniform (same variance)",
        K::natural, weights_);
  knob<long>(cmd, "--m", with_default("natural: outputs", 1), {K::natural},
             [](S& s, long v) { s.natural.m = v; });
  edge_prob_option_ =
      knob<double>(cmd, "--edge-prob",
                   with_default("coloring: probability of each edge the planted colouring allows; "
                                "relu-maxcut: of each edge of G(n, p)",
                                0.5),
                   {K::coloring, K::relu_maxcut},
                   [](S& s, double v) { s.coloring.edge_prob = s.relu_maxcut.edge_prob = v; });
  knob<long long>(cmd, "--copies",
                  "relu-maxcut: copies M of each vertex point (default 0: 8 sum deg^2 + 1, the "
                  "fewest for which the proven bound is within 1/2 of the witness)",
                  {K::relu_maxcut}, [](S& s, long long v) { s.relu_maxcut.copies = v; });
  named(cmd, "--graph",
        "relu-maxcut: an edge-list file (one edge \"u v\" per line, vertices from 1, # comments) "
        "instead of G(n, p); --d, when given, is its number of vertices",
        K::relu_maxcut, graph_);
  auto* hypergraph = cmd.add_flag_callback(
      "--hypergraph", [this] { set_.coloring.hypergraph = true; },
      "coloring: 3-uniform hyperedges instead of edges");
  knobs_.push_back({hypergraph, {K::coloring}});
  add_seed_option(cmd, seed_);
}

bool FamilyFlags::any_given() const {
  if (kind_option_ && kind_option_->count() > 0) return true;
  return std::any_of(knobs_.begin(), knobs_.end(),
                     [](const Knob& k) { return k.option->count() > 0; });
}

void FamilyFlags::check_applies(FamilyKind kind) const {
  for (const auto& knob : knobs_)
    if (knob.option->count() > 0 &&
        std::find(knob.kinds.begin(), knob.kinds.end(), kind) == knob.kinds.end())
      throw InputError(knob.option->get_name() + " does not apply to --kind " +
                       std::string(enum_name(kind)) + " (only to " + kind_list(knob.kinds) + ")");
}

FamilyOptions FamilyFlags::options() const {
  const auto kind = parse_enum<FamilyKind>(kind_);
  check_applies(kind);
  FamilyOptionSet s = set_;
  if (activation_)
    s.parity.activation = s.wave.activation = s.natural.activation =
        Activation::parse(*activation_);
  if (scale_) s.parity.scale = parse_enum<ParityOptions::Scale>(*scale_);
  if (labels_) s.parity.labels = parse_enum<LabelKind>(*labels_);
  if (index_set_) s.wave.index_set = parse_enum<WaveOptions::IndexSet>(*index_set_);
  if (spacing_) s.wave.spacing = parse_enum<WaveOptions::Spacing>(*spacing_);
  if (weights_) s.natural.weights = parse_enum<NaturalOptions::Weights>(*weights_);
  s.wave.seed = s.natural.seed = s.dkkz.seed = s.coloring.seed = s.relu_maxcut.seed = seed_;
  if (graph_) {
    if (edge_prob_option_->count() > 0)
      throw InputError("--edge-prob does not apply with --graph (the graph is given)");
    const bool d_given = d_option_->count() > 0;
    if (d_given && s.relu_maxcut.vertices < 1)
      throw InputError("--d must be at least 1, got " + std::to_string(s.relu_maxcut.vertices));
    s.relu_maxcut.graph = read_edge_list(*graph_, d_given ? s.relu_maxcut.vertices : 0);
    s.relu_maxcut.graph_source = *graph_;
  }
  switch (kind) {
    case K::parity:
      return s.parity;
    case K::wave:
      return s.wave;
    case K::natural:
      return s.natural;
    case K::dkkz:
      return s.dkkz;
    case K::coloring:
      return s.coloring;
    case K::relu_maxcut:
      return s.relu_maxcut;
  }
  throw std::logic_error("unknown family kind");
}

}  // namespace nnm::cli
