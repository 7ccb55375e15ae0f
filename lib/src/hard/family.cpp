#include <algorithm>
#include <cmath>
#include <set>

#include "nnm/core/error.hpp"
#include "nnm/core/random.hpp"
#include "nnm/hard.hpp"

namespace nnm {

std::vector<std::uint64_t> sample_member_indices(double size, std::uint64_t count,
                                                 std::uint64_t seed) {
  std::vector<std::uint64_t> out;
  if (!std::isfinite(size) || size >= 0x1p63) {
    for (std::uint64_t i = 0; i < count; ++i) out.push_back(i);
    return out;
  }
  const auto n = static_cast<std::uint64_t>(size);
  if (count >= n) {
    for (std::uint64_t i = 0; i < n; ++i) out.push_back(i);
    return out;
  }
  // Floyd: for j = n−count … n−1 pick t in [0, j]; take j instead if t was already taken.
  std::set<std::uint64_t> chosen;
  Random rng(seed, streams::family, 0x5eed);
  for (std::uint64_t j = n - count; j < n; ++j) {
    const std::uint64_t t = rng.below(j + 1);
    chosen.insert(chosen.count(t) ? j : t);
  }
  return {chosen.begin(), chosen.end()};
}

const std::vector<std::string>& family_kinds() {
  static const std::vector<std::string> kinds = {"parity", "wave", "natural", "dkkz", "coloring"};
  return kinds;
}

namespace {

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

Activation activation_or(const std::string& name, Activation::Kind fallback) {
  return name.empty() ? Activation(fallback) : Activation::parse(name);
}

}  // namespace

std::unique_ptr<HardFamily> make_family(const FamilyRequest& r) {
  if (r.d < 1) throw InputError("--d must be at least 1, got " + std::to_string(r.d));
  if (r.kind == "parity") {
    ParityOptions o;
    o.d = r.d;
    o.k = r.k;
    o.activation = activation_or(r.activation, Activation::Kind::relu);
    o.scale = parse_parity_scale(r.scale);
    return make_parity_family(o);
  }
  if (r.kind == "wave") {
    WaveOptions o;
    o.d = r.d;
    o.activation = activation_or(r.activation, Activation::Kind::sigmoid);
    o.sharpness = r.sharpness;
    o.period = r.period;
    o.range = r.range;
    o.units = r.units;
    o.index_set = parse_wave_index_set(r.index_set);
    o.delta = r.delta;
    o.seed = r.seed;
    return make_wave_family(o);
  }
  if (r.kind == "natural") {
    NaturalOptions o;
    o.d = r.d;
    o.k = r.k;
    o.m = r.m;
    o.activation = activation_or(r.activation, Activation::Kind::relu);
    o.weights = parse_natural_weights(r.weights);
    o.seed = r.seed;
    return make_natural_family(o);
  }
  if (r.kind == "dkkz") {
    DkkzOptions o;
    o.d = r.d;
    o.k = r.k;
    o.seed = r.seed;
    return make_dkkz_family(o);
  }
  if (r.kind == "coloring") {
    ColoringOptions o;
    o.vertices = r.d;
    o.colors = r.k;
    o.edge_prob = r.edge_prob;
    o.hypergraph = r.hypergraph;
    o.seed = r.seed;
    return make_coloring_family(o);
  }
  throw InputError("unknown family kind '" + r.kind + "' (valid: " + join(family_kinds()) + ")");
}

FamilyMember pick_member(const HardFamily& family, const FamilyRequest& request) {
  if (request.member >= 0) {
    const double size = family.size();
    if (static_cast<double>(request.member) >= size)
      throw InputError("--member " + std::to_string(request.member) + " is out of range: the " +
                       family.kind() + " family has " +
                       std::to_string(static_cast<unsigned long long>(size)) + " members");
    return family.member(static_cast<std::uint64_t>(request.member));
  }
  // Infinite families are already seeded as a whole; their member 0 is as random as any.
  return family.member(sample_member_indices(family.size(), 1, request.seed).front());
}

const std::vector<FamilyParameter>& family_parameters() {
  using R = FamilyRequest;
  static const std::vector<FamilyParameter> params = {
      {"--d", "Input dimension (coloring: number of vertices)", &R::d},
      {"--k", "parity: |S|; natural: hidden units; dkkz: directions (even); coloring: colours",
       &R::k},
      {"--activation", "Activation (default: relu; wave: sigmoid, or relu for the triangle wave)",
       &R::activation},
      {"--scale", "parity: sum | average (weights ±2^-k) | unit (unit norm under N(0,I))",
       &R::scale},
      {"--sharpness", "wave: sigmoid sharpness s", &R::sharpness},
      {"--period", "wave: spacing h of the units (the wave's period is 2h)", &R::period},
      {"--range", "wave: the units cover |t| ≤ RANGE, t the normalised projection", &R::range},
      {"--units", "wave: number of units (0: enough to cover --range)", &R::units},
      {"--index-set", "wave: half (a = indicator of a d/2-subset) | sign (a ∈ {±1}^d)",
       &R::index_set},
      {"--delta", "wave: perturb a to a + δ‖a‖g, g a random unit vector", &R::delta},
      {"--weights", "natural: normal (N(0,1/d)) | uniform (same variance)", &R::weights},
      {"--m", "natural: outputs", &R::m},
      {"--edge-prob", "coloring: probability of each edge allowed by the planted colouring",
       &R::edge_prob},
      {"--hypergraph", "coloring: 3-uniform hyperedges instead of edges", &R::hypergraph},
      {"--member", "Which member (0-based index); −1 draws one from the seed", &R::member},
  };
  return params;
}

}  // namespace nnm
