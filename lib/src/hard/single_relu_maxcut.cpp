#include "nnm/hard/single_relu_maxcut.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <set>
#include <string>
#include <utility>

#include "hard/family_base.hpp"
#include "nnm/core/error.hpp"
#include "nnm/core/random.hpp"
#include "nnm/hard/combinatorics.hpp"

namespace nnm {

void ReluMaxcutOptions::validate() const {
  if (graph) {
    check_simple_graph(*graph);
    if (graph->vertices > 2000)
      throw InputError("relu-maxcut: the graph has " + std::to_string(graph->vertices) +
                       " vertices, above the limit of 2000");
  } else if (vertices < 1 || vertices > 2000)
    throw InputError("relu-maxcut: vertices must be from 1 to 2000, got " +
                     std::to_string(vertices));
  if (!(edge_prob >= 0.0 && edge_prob <= 1.0))
    throw InputError("relu-maxcut: edge probability must be in [0, 1]");
  if (copies < 0)
    throw InputError("relu-maxcut: copies must be at least 0 (0: automatic), got " +
                     std::to_string(copies));
}

void check_simple_graph(const Graph& graph) {
  if (graph.vertices < 1) throw InputError("graph: it needs at least one vertex");
  std::set<std::pair<Eigen::Index, Eigen::Index>> seen;
  for (std::size_t i = 0; i < graph.edges.size(); ++i) {
    const auto& e = graph.edges[i];
    const std::string which = "graph: edge " + std::to_string(i + 1);
    if (e.size() != 2)
      throw InputError(which + " has " + std::to_string(e.size()) + " vertices, not 2");
    for (auto v : e)
      if (v < 0 || v >= graph.vertices)
        throw InputError(which + " names vertex " + std::to_string(v + 1) + ", outside 1.." +
                         std::to_string(graph.vertices));
    if (e[0] == e[1])
      throw InputError(which + " is a self-loop at vertex " + std::to_string(e[0] + 1));
    if (!seen.insert(std::minmax(e[0], e[1])).second)
      throw InputError(which + " repeats {" + std::to_string(e[0] + 1) + ", " +
                       std::to_string(e[1] + 1) + "}");
  }
}

Graph random_graph(Eigen::Index vertices, double edge_prob, std::uint64_t seed) {
  ColoringOptions o;
  o.vertices = o.colors = vertices;
  o.edge_prob = edge_prob;
  o.seed = seed;
  std::vector<Eigen::Index> all_distinct;
  return planted_graph(o, all_distinct);
}

Eigen::Index uncut_edges(const Graph& graph, const Cut& cut) {
  if (static_cast<Eigen::Index>(cut.size()) != graph.vertices)
    throw InputError("cut: " + std::to_string(cut.size()) + " sides for " +
                     std::to_string(graph.vertices) + " vertices");
  Eigen::Index uncut = 0;
  for (const auto& e : graph.edges)
    uncut += cut[static_cast<std::size_t>(e[0])] == cut[static_cast<std::size_t>(e[1])];
  return uncut;
}

namespace {

std::vector<std::vector<Eigen::Index>> adjacency(const Graph& graph) {
  std::vector<std::vector<Eigen::Index>> out(static_cast<std::size_t>(graph.vertices));
  for (const auto& e : graph.edges) {
    out[static_cast<std::size_t>(e[0])].push_back(e[1]);
    out[static_cast<std::size_t>(e[1])].push_back(e[0]);
  }
  return out;
}

/// Change in U when vertex v changes side: its same-side edges become cut, the others uncut.
Eigen::Index flip_change(const std::vector<Eigen::Index>& neighbours, const Cut& side,
                         std::size_t v) {
  Eigen::Index change = 0;
  for (auto u : neighbours) change += side[static_cast<std::size_t>(u)] == side[v] ? -1 : 1;
  return change;
}

MaxCut enumerate_cuts(const Graph& graph, const std::vector<std::vector<Eigen::Index>>& adj) {
  // Vertex 1 stays on side +1 (a cut and its mirror are the same cut); the others run through a
  // Gray code, so each step flips one vertex and updates U in O(degree).
  const auto n = static_cast<std::size_t>(graph.vertices);
  Cut side(n, 1);
  Eigen::Index uncut = static_cast<Eigen::Index>(graph.edges.size());
  MaxCut best{side, uncut, true};
  const std::uint64_t steps = n > 1 ? std::uint64_t{1} << (n - 1) : 1;
  for (std::uint64_t i = 1; i < steps; ++i) {
    const std::size_t v = 1 + static_cast<std::size_t>(std::countr_zero(i));
    uncut += flip_change(adj[v], side, v);
    side[v] = -side[v];
    if (uncut < best.uncut) best = {side, uncut, true};
  }
  return best;
}

MaxCut local_search_cuts(const Graph& graph, const std::vector<std::vector<Eigen::Index>>& adj) {
  const auto n = static_cast<std::size_t>(graph.vertices);
  MaxCut best{Cut(n, 1), static_cast<Eigen::Index>(graph.edges.size()), false};
  for (std::uint64_t start = 0; start < 64; ++start) {
    Random coin(0, streams::algorithm, start);
    Cut side(n);
    for (auto& s : side) s = coin.sign() > 0 ? 1 : -1;
    // Flip any vertex with more neighbours on its side than across; each flip lowers U.
    for (bool improved = true; improved;) {
      improved = false;
      for (std::size_t v = 0; v < n; ++v)
        if (flip_change(adj[v], side, v) < 0) {
          side[v] = -side[v];
          improved = true;
        }
    }
    const Eigen::Index u = uncut_edges(graph, side);
    if (u < best.uncut) best = {side, u, false};
  }
  return best;
}

}  // namespace

MaxCut max_cut(const Graph& graph) {
  check_simple_graph(graph);
  const auto adj = adjacency(graph);
  return graph.vertices <= kExactMaxCutVertices ? enumerate_cuts(graph, adj)
                                                : local_search_cuts(graph, adj);
}

std::int64_t SingleReluMaxcut::safe_copies(const Graph& graph) {
  std::vector<std::int64_t> degree(static_cast<std::size_t>(graph.vertices), 0);
  for (const auto& e : graph.edges)
    for (auto v : e) ++degree[static_cast<std::size_t>(v)];
  std::int64_t squares = 0;
  for (auto g : degree) squares += g * g;
  return 8 * squares + 1;
}

SingleReluMaxcut::SingleReluMaxcut(Graph graph, std::int64_t copies)
    : graph_(std::move(graph)), neighbours_() {
  check_simple_graph(graph_);
  if (copies < 0)
    throw InputError("relu-maxcut: copies must be at least 0 (0: automatic), got " +
                     std::to_string(copies));
  copies_ = copies == 0 ? safe_copies(graph_) : copies;
  neighbours_ = adjacency(graph_);
  for (const auto& n : neighbours_)
    degree_squares_ += static_cast<double>(n.size()) * static_cast<double>(n.size());
  const double rows = 2.0 * static_cast<double>(dim()) * static_cast<double>(copies_) +
                      2.0 * static_cast<double>(graph_.edges.size());
  if (rows * static_cast<double>(dim() + 1) > kMaxCells)
    throw InputError("relu-maxcut: " + std::to_string(static_cast<long long>(rows)) + " rows of " +
                     std::to_string(dim() + 1) + " columns (M = " + std::to_string(copies_) +
                     " copies of each vertex point) exceed the 6e7-value limit; use fewer "
                     "vertices or a sparser graph");
}

Eigen::Index SingleReluMaxcut::rows() const {
  return 2 * dim() * static_cast<Eigen::Index>(copies_) +
         2 * static_cast<Eigen::Index>(graph_.edges.size());
}

Dataset SingleReluMaxcut::points() const {
  const Eigen::Index d = dim(), M = static_cast<Eigen::Index>(copies_);
  Dataset data{Eigen::MatrixXd::Zero(rows(), d), Eigen::MatrixXd::Zero(rows(), 1)};
  Eigen::Index row = 0;
  for (Eigen::Index v = 0; v < d; ++v)
    for (double sign : {1.0, -1.0})
      for (Eigen::Index c = 0; c < M; ++c, ++row) {
        data.X(row, v) = sign;
        data.Y(row, 0) = 1.0;
      }
  for (const auto& e : graph_.edges)
    for (double sign : {1.0, -1.0}) {
      data.X(row, e[0]) = data.X(row, e[1]) = sign;
      ++row;  // label 0
    }
  return data;
}

namespace {
double relu(double t) { return t > 0 ? t : 0.0; }
double square(double t) { return t * t; }
}  // namespace

double SingleReluMaxcut::loss(const Eigen::Ref<const Eigen::VectorXd>& w) const {
  if (w.size() != dim())
    throw InputError("relu-maxcut: w has " + std::to_string(w.size()) + " entries, the instance " +
                     std::to_string(dim()) + " vertices");
  double vertex = 0, edge = 0;
  for (Eigen::Index v = 0; v < dim(); ++v)
    vertex += square(relu(w(v)) - 1.0) + square(relu(-w(v)) - 1.0);
  for (const auto& e : graph_.edges) {
    const double t = w(e[0]) + w(e[1]);
    edge += square(relu(t)) + square(relu(-t));
  }
  return static_cast<double>(copies_) * vertex + edge;
}

double SingleReluMaxcut::cut_loss(Eigen::Index uncut) const {
  return static_cast<double>(dim()) * static_cast<double>(copies_) +
         4.0 * static_cast<double>(uncut);
}

Eigen::VectorXd SingleReluMaxcut::witness(const Cut& cut) const {
  uncut_edges(graph_, cut);  // checks the size
  Eigen::VectorXd w(dim());
  for (Eigen::Index v = 0; v < dim(); ++v) {
    const int s = cut[static_cast<std::size_t>(v)];
    if (s != 1 && s != -1)
      throw InputError("cut: vertex " + std::to_string(v + 1) + " has side " + std::to_string(s) +
                       ", not +1 or -1");
    w(v) = s;
  }
  return w;
}

Cut SingleReluMaxcut::rounded_cut(const Eigen::Ref<const Eigen::VectorXd>& w) {
  Cut cut(static_cast<std::size_t>(w.size()));
  for (Eigen::Index v = 0; v < w.size(); ++v) cut[static_cast<std::size_t>(v)] = w(v) >= 0 ? 1 : -1;
  return cut;
}

double SingleReluMaxcut::uncut_bound(const Eigen::Ref<const Eigen::VectorXd>& w) const {
  return (loss(w) - static_cast<double>(dim()) * static_cast<double>(copies_) + slack()) / 4.0;
}

Eigen::VectorXd SingleReluMaxcut::coordinate_descent(Eigen::VectorXd w, int sweeps) const {
  const auto M = static_cast<double>(copies_);
  double current = loss(w);
  for (int sweep = 0; sweep < sweeps; ++sweep) {
    for (Eigen::Index v = 0; v < dim(); ++v) {
      const auto& adj = neighbours_[static_cast<std::size_t>(v)];
      double sigma = 0;
      for (auto u : adj) sigma += w(u);
      const auto degree = static_cast<double>(adj.size());
      // The part of L that depends on t = w_v: convex and quadratic for t ≥ 0 and for t ≤ 0.
      const auto part = [&](double t) {
        return M * (square(relu(t) - 1.0) + square(relu(-t) - 1.0)) + degree * t * t +
               2.0 * sigma * t;
      };
      const double up = std::max(0.0, (M - sigma) / (M + degree));
      const double down = std::min(0.0, (-M - sigma) / (M + degree));
      w(v) = part(down) < part(up) ? down : up;
    }
    const double next = loss(w);
    const bool settled = current - next <= 1e-12 * next;
    current = next;
    if (settled) break;
  }
  return w;
}

namespace {

class ReluMaxcutFamily final : public detail::FamilyWith<ReluMaxcutOptions> {
 public:
  explicit ReluMaxcutFamily(const ReluMaxcutOptions& o)
      : FamilyWith(o, "relu-maxcut"),
        instance_(o.graph ? *o.graph : random_graph(o.vertices, o.edge_prob, o.seed), o.copies),
        cut_(max_cut(instance_.graph())) {}
  Eigen::Index dim() const override { return instance_.dim(); }
  double size() const override { return 1.0; }
  FamilyMember member(std::uint64_t index) const override {
    if (index != 0)
      throw InputError("relu-maxcut: the family has one member (the instance's witness)");
    Network net;
    net.activation = Activation(Activation::Kind::relu);
    net.A = Eigen::MatrixXd::Ones(1, 1);
    net.W = instance_.witness(cut_.sides).transpose();
    return {net, info()};
  }
  nlohmann::json parameters() const override {
    nlohmann::json out = {
        {"family", "relu-maxcut"},   {"vertices", instance_.dim()},
        {"edge_prob", o_.edge_prob}, {"copies", instance_.copies()},
        {"seed", o_.seed},           {"edge_count", instance_.graph().edges.size()}};
    if (o_.graph) {
      out["edge_prob"] = nullptr;  // given, not drawn
      out["graph"] = o_.graph_source;
    }
    return out;
  }
  HardnessClaim claim() const override {
    return {LearnerClass::conditional,
            "finding a single ReLU without bias whose square loss on these points is within 3.5 "
            "of the best solves MAX-CUT (our reduction; NP-hard, so no proper learner of one "
            "ReLU does it efficiently unless P = NP); nothing about SQ, CSQ or improper learners"};
  }
  bool is_fixed_point_set() const override { return true; }
  std::optional<Dataset> fixed_points() const override { return instance_.points(); }

 private:
  nlohmann::json info() const {
    const Graph& g = instance_.graph();
    nlohmann::json edges = nlohmann::json::array();
    for (const auto& e : g.edges) edges.push_back(one_based(e));
    const auto n = static_cast<double>(instance_.rows());
    const double ones =
        2.0 * static_cast<double>(instance_.dim()) * static_cast<double>(instance_.copies());
    // Σ (y − ȳ)² of the 0/1 labels: what nnm train's normalised errors divide by.
    const double variation = ones * (n - ones) / n;
    const double witness_loss = instance_.cut_loss(cut_.uncut);
    nlohmann::json out = {{"edges", edges},
                          {"cut", cut_.sides},
                          {"uncut_edges", cut_.uncut},
                          {"cut_edges", static_cast<Eigen::Index>(g.edges.size()) - cut_.uncut},
                          {"max_cut_exact", cut_.exact},
                          {"copies", instance_.copies()},
                          {"degree_square_sum", instance_.degree_square_sum()},
                          {"slack", instance_.slack()},
                          {"decides_max_cut", instance_.decides_max_cut()},
                          {"loss", "sum over the rows of (relu(<w, x>) - y)^2"},
                          {"witness_loss", witness_loss},
                          {"label_variation", variation},
                          {"witness_error", witness_loss / variation}};
    // Without an exact maximum cut U* is unknown, and so is the lower bound.
    if (cut_.exact) {
      out["min_loss_lower_bound"] = instance_.lower_bound(cut_.uncut);
      out["lower_bound_error"] = instance_.lower_bound(cut_.uncut) / variation;
    } else {
      out["min_loss_lower_bound"] = nullptr;
      out["lower_bound_error"] = nullptr;
    }
    return out;
  }

  SingleReluMaxcut instance_;
  MaxCut cut_;
};

}  // namespace

std::unique_ptr<HardFamily> make_relu_maxcut_family(const ReluMaxcutOptions& options) {
  options.validate();
  return std::make_unique<ReluMaxcutFamily>(options);
}

}  // namespace nnm
