#include "nnm/hard/coloring.hpp"

#include <algorithm>
#include <functional>

#include "hard/family_base.hpp"
#include "nnm/core/error.hpp"
#include "nnm/core/random.hpp"
#include "nnm/hard/combinatorics.hpp"

namespace nnm {

void ColoringOptions::validate() const {
  if (vertices < 1 || vertices > 2000)
    throw InputError("coloring: vertices must be from 1 to 2000, got " + std::to_string(vertices));
  if (colors < 1 || colors > vertices)
    throw InputError("coloring: colours must be from 1 to the number of vertices, got " +
                     std::to_string(colors));
  if (!(edge_prob >= 0.0 && edge_prob <= 1.0))
    throw InputError("coloring: edge probability must be in [0, 1]");
  if (hypergraph && vertices > 200)
    throw InputError("coloring: hypergraphs are limited to 200 vertices (all triples are tried)");
}

Graph planted_graph(const ColoringOptions& o, std::vector<Eigen::Index>& coloring) {
  o.validate();
  const Eigen::Index n = o.vertices;
  // Balanced classes: colour v mod k, then shuffled (Fisher–Yates on our own generator).
  coloring.resize(static_cast<std::size_t>(n));
  for (Eigen::Index v = 0; v < n; ++v) coloring[static_cast<std::size_t>(v)] = v % o.colors;
  Random shuffle(o.seed, streams::family, 0);
  for (Eigen::Index v = n - 1; v > 0; --v)
    std::swap(coloring[static_cast<std::size_t>(v)],
              coloring[shuffle.below(static_cast<std::uint64_t>(v) + 1)]);
  Graph g{n, {}};
  Random coin(o.seed, streams::family, 1);
  const auto colour = [&](Eigen::Index v) { return coloring[static_cast<std::size_t>(v)]; };
  for (Eigen::Index u = 0; u < n; ++u)
    for (Eigen::Index v = u + 1; v < n; ++v) {
      if (!o.hypergraph) {
        if (colour(u) != colour(v) && coin.uniform() < o.edge_prob) g.edges.push_back({u, v});
        continue;
      }
      for (Eigen::Index w = v + 1; w < n; ++w)
        if (!(colour(u) == colour(v) && colour(v) == colour(w)) && coin.uniform() < o.edge_prob)
          g.edges.push_back({u, v, w});
    }
  return g;
}

bool is_proper_coloring(const Graph& graph, const std::vector<Eigen::Index>& coloring) {
  if (static_cast<Eigen::Index>(coloring.size()) != graph.vertices) return false;
  for (const auto& e : graph.edges) {
    bool mono = true;
    for (auto v : e)
      mono =
          mono && coloring[static_cast<std::size_t>(v)] == coloring[static_cast<std::size_t>(e[0])];
    if (mono) return false;
  }
  return true;
}

std::optional<std::vector<Eigen::Index>> find_coloring(const Graph& graph, Eigen::Index k) {
  const auto n = static_cast<std::size_t>(graph.vertices);
  std::vector<std::vector<const std::vector<Eigen::Index>*>> incident(n);
  for (const auto& e : graph.edges)
    incident[static_cast<std::size_t>(*std::max_element(e.begin(), e.end()))].push_back(&e);
  std::vector<Eigen::Index> colour(n, -1);
  // Colour vertices in order; an edge is checked once its last vertex has a colour.
  std::function<bool(std::size_t)> place = [&](std::size_t v) {
    if (v == n) return true;
    // Symmetry: vertex v may open at most one new colour.
    const Eigen::Index used =
        v == 0 ? 0 : *std::max_element(colour.begin(), colour.begin() + static_cast<long>(v)) + 1;
    for (Eigen::Index c = 0; c < std::min(k, used + 1); ++c) {
      colour[v] = c;
      bool ok = true;
      for (const auto* e : incident[v]) {
        bool mono = true;
        for (auto u : *e) mono = mono && colour[static_cast<std::size_t>(u)] == c;
        ok = ok && !mono;
      }
      if (ok && place(v + 1)) return true;
    }
    colour[v] = -1;
    return false;
  };
  if (place(0)) return colour;
  return std::nullopt;
}

Dataset coloring_points(const Graph& graph) {
  const Eigen::Index n = graph.vertices,
                     rows = 1 + n + static_cast<Eigen::Index>(graph.edges.size());
  Dataset data{Eigen::MatrixXd::Zero(rows, n), Eigen::MatrixXd::Zero(rows, 1)};
  for (Eigen::Index v = 0; v < n; ++v) {
    data.X(1 + v, v) = 1.0;
    data.Y(1 + v, 0) = 1.0;
  }
  for (std::size_t e = 0; e < graph.edges.size(); ++e)
    for (auto v : graph.edges[e]) data.X(1 + n + static_cast<Eigen::Index>(e), v) = 1.0;
  return data;
}

Network coloring_witness(const Graph& graph, const std::vector<Eigen::Index>& coloring,
                         Eigen::Index k) {
  if (!is_proper_coloring(graph, coloring))
    throw InputError("coloring: the colouring is not proper");
  std::size_t r = 2;
  for (const auto& e : graph.edges) r = std::max(r, e.size());
  Network net;
  net.activation = Activation(Activation::Kind::relu);
  net.A = Eigen::MatrixXd::Ones(1, k);
  net.W = Eigen::MatrixXd::Constant(k, graph.vertices, -static_cast<double>(r - 1));
  for (Eigen::Index v = 0; v < graph.vertices; ++v) {
    const Eigen::Index c = coloring[static_cast<std::size_t>(v)];
    if (c < 0 || c >= k) throw InputError("coloring: colour out of range");
    net.W(c, v) = 1.0;
  }
  return net;
}

std::optional<std::vector<Eigen::Index>> coloring_from_fit(const Network& net, const Graph& graph) {
  const Eigen::MatrixXd E = Eigen::MatrixXd::Identity(graph.vertices, graph.vertices);
  const Eigen::MatrixXd h = net.hidden_activations(E);  // unit activations at each e_v
  std::vector<Eigen::Index> coloring(static_cast<std::size_t>(graph.vertices));
  for (Eigen::Index v = 0; v < graph.vertices; ++v) {
    Eigen::Index best = -1;
    for (Eigen::Index j = 0; j < net.hidden(); ++j)
      if (net.A(0, j) * h(v, j) > 0.0) best = j;
    if (best < 0) return std::nullopt;
    coloring[static_cast<std::size_t>(v)] = best;
  }
  return coloring;
}

namespace {

class ColoringFamily final : public detail::FamilyWith<ColoringOptions> {
 public:
  explicit ColoringFamily(const ColoringOptions& o)
      : FamilyWith(o, "coloring"), graph_(planted_graph(o, coloring_)) {}
  Eigen::Index dim() const override { return o_.vertices; }
  double size() const override { return 1.0; }
  FamilyMember member(std::uint64_t index) const override {
    if (index != 0) throw InputError("coloring: the family has one member (the planted instance)");
    nlohmann::json edges = nlohmann::json::array();
    for (const auto& e : graph_.edges) edges.push_back(one_based(e));
    return {coloring_witness(graph_, coloring_, o_.colors),
            {{"edges", edges}, {"coloring", coloring_}}};
  }
  nlohmann::json parameters() const override {
    return {{"family", "coloring"},
            {"vertices", o_.vertices},
            {"colors", o_.colors},
            {"edge_prob", o_.edge_prob},
            {"hypergraph", o_.hypergraph},
            {"seed", o_.seed},
            {"edge_count", graph_.edges.size()}};
  }
  HardnessClaim claim() const override {
    return {
        LearnerClass::conditional,
        "an exact fit by k ReLUs with non-negative output weights exists iff the (hyper)graph is "
        "k-colourable (NP-hard for k >= 3); with signed output weights relu(sum x) - "
        "relu(2 sum x - 2) fits every graph instance, and 2-colouring is polynomial"};
  }
  bool is_fixed_point_set() const override { return true; }
  std::optional<Dataset> fixed_points() const override { return coloring_points(graph_); }

 private:
  std::vector<Eigen::Index> coloring_;
  Graph graph_;
};

}  // namespace

std::unique_ptr<HardFamily> make_coloring_family(const ColoringOptions& options) {
  return std::make_unique<ColoringFamily>(options);
}

}  // namespace nnm
