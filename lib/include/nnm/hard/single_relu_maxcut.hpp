// The best single ReLU encodes MAX-CUT, after GKMR21 (ITCS 2021); the reduction is ours.
#pragma once
// Goel, Klivans, Manurangsi, Reichman, "Tight hardness results for training depth-2 ReLU
// networks", prove that the best-fitting single ReLU is NP-hard to find; their construction was
// not available to us. This reduction, for a ReLU without bias, and its proof (docs/hardness.md,
// "relu-maxcut") are ours.
//
// From a graph G on d vertices and a copy count M, the points in R^d are, for every vertex v, M
// copies of (e_v, 1) and of (−e_v, 1), and for every edge {u, v}, (e_u + e_v, 0) and
// (−e_u − e_v, 0). Their loss L(w) = Σ (relu(⟨w, x⟩) − y)² is, in closed form,
//   L(w) = M Σ_v [(|w_v| − 1)² + 1] + Σ_{uv ∈ E} (w_u + w_v)².
// A cut s ∈ {±1}^d gives L(s) = dM + 4·U(s), U(s) its uncut edges; and for every w,
//   L(w) ≥ dM + 4·U(sign w) − 4 Σ_v deg_v² / M,
// so with M > 8 Σ deg² the minimum lies in (dM + 4U* − ½, dM + 4U*], U* = |E| − maxcut, and the
// signs of any w within 3.5 of the minimum are a maximum cut.
#include <Eigen/Core>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "nnm/data/dataset.hpp"
#include "nnm/hard/coloring.hpp"
#include "nnm/sq/family.hpp"

namespace nnm {

struct ReluMaxcutOptions {
  Eigen::Index vertices = 20;
  double edge_prob = 0.5;   ///< G(n, p): each pair of vertices an edge independently
  std::int64_t copies = 0;  ///< M; 0 picks the smallest with the ½ margin, 8 Σ deg² + 1
  std::uint64_t seed = 1;
  /// A given graph instead of G(n, p) (vertices and edge_prob are then not used); graph_source
  /// names it in parameters(), e.g. the edge-list file it was read from.
  std::optional<Graph> graph;
  std::string graph_source;
  void validate() const;  ///< throws InputError naming the bad field
};

/// Throws InputError (naming the edge, 1-based) unless every edge joins two distinct vertices in
/// range and no edge appears twice.
void check_simple_graph(const Graph& graph);

/// G(n, p), drawn with the colouring family's generator (every vertex its own colour, so every
/// pair is allowed).
Graph random_graph(Eigen::Index vertices, double edge_prob, std::uint64_t seed);

/// A cut: the side, +1 or −1, of every vertex.
using Cut = std::vector<int>;
/// Edges whose endpoints lie on the same side.
Eigen::Index uncut_edges(const Graph& graph, const Cut& cut);

struct MaxCut {
  Cut sides;
  Eigen::Index uncut = 0;  ///< U of `sides`
  bool exact = false;      ///< sides is a maximum cut (by enumeration); else only a local optimum
};
/// Graphs up to this many vertices get an exact maximum cut (2^(d−1) cuts enumerated).
inline constexpr Eigen::Index kExactMaxCutVertices = 26;
/// A maximum cut by Gray-code enumeration (exact) up to kExactMaxCutVertices vertices; above, the
/// best of 64 seeded single-flip local searches (exact = false). Deterministic.
MaxCut max_cut(const Graph& graph);

/// The instance (G, M). Holds the graph, not the points: points() materialises them.
class SingleReluMaxcut {
 public:
  /// Throws InputError for a graph check_simple_graph() refuses, copies < 0, or an instance above
  /// kMaxCells values (copies 0: safe_copies()).
  SingleReluMaxcut(Graph graph, std::int64_t copies = 0);
  /// Rows × (d + 1) values a materialised instance may have.
  static constexpr double kMaxCells = 6e7;
  /// 8 Σ_v deg_v² + 1: the smallest M whose slack is below ½.
  static std::int64_t safe_copies(const Graph& graph);

  const Graph& graph() const { return graph_; }
  Eigen::Index dim() const { return graph_.vertices; }
  std::int64_t copies() const { return copies_; }
  Eigen::Index rows() const;  ///< 2dM + 2|E|
  double degree_square_sum() const { return degree_squares_; }

  /// The rows: vertex v's M copies of (e_v, 1) then of (−e_v, 1), v = 1 … d, then every edge's
  /// (e_u + e_v, 0) and (−e_u − e_v, 0).
  Dataset points() const;
  /// L(w) = Σ over the rows of (relu(⟨w, x⟩) − y)², exactly (closed form).
  double loss(const Eigen::Ref<const Eigen::VectorXd>& w) const;
  /// dM + 4U: the loss of the witness of a cut with U uncut edges.
  double cut_loss(Eigen::Index uncut) const;
  /// 4 Σ deg² / M: how far below cut_loss(U*) the minimum may lie.
  double slack() const { return 4.0 * degree_squares_ / static_cast<double>(copies_); }
  /// cut_loss(min_uncut) − slack(): a proven lower bound on L when min_uncut = U*.
  double lower_bound(Eigen::Index min_uncut) const { return cut_loss(min_uncut) - slack(); }
  /// Whether "min L ≤ dM + 4(|E| − c)" holds exactly when maxcut ≥ c (slack < 4, M > Σ deg²).
  bool decides_max_cut() const { return slack() < 4.0; }

  /// w = s, a unit of weight 1 with no bias.
  Eigen::VectorXd witness(const Cut& cut) const;
  /// The signs of w (+1 at 0).
  static Cut rounded_cut(const Eigen::Ref<const Eigen::VectorXd>& w);
  /// (L(w) − dM + slack) / 4: proven to be ≥ U(rounded_cut(w)) for every w.
  double uncut_bound(const Eigen::Ref<const Eigen::VectorXd>& w) const;
  /// Exact coordinate descent on L from `start`: each step minimises L over one coordinate (L is
  /// a convex quadratic on each sign of w_v), until a sweep changes L by less than 1e-12·L or
  /// `sweeps` sweeps ran. A simple proper learner, and never increases L.
  Eigen::VectorXd coordinate_descent(Eigen::VectorXd start, int sweeps = 200) const;

 private:
  Graph graph_;
  std::int64_t copies_ = 0;
  double degree_squares_ = 0;
  std::vector<std::vector<Eigen::Index>> neighbours_;
};

/// A one-member family: the instance of a G(n, p) graph (or of options.graph), its points, and
/// the witness of its maximum cut.
std::unique_ptr<HardFamily> make_relu_maxcut_family(const ReluMaxcutOptions& options);

}  // namespace nnm
