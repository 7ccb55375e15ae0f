// The colouring gadget for training sums of k ReLUs, in the spirit of GKMR21 (ITCS 2021).
#pragma once
// Goel, Klivans, Manurangsi, Reichman, "Tight hardness results for training depth-2 ReLU
// networks". This gadget and its proof are ours, and hold for non-negative output weights only.
// From a graph or r-uniform hypergraph H on n vertices: the point 0 has label 0, each e_v label 1,
// and each edge's Σ_{u∈e} e_u label 0. A sum of k ReLUs fits every point exactly iff H is
// k-colourable:
//   if: w_j[v] = 1 when v has colour j, else −(r−1); zero biases (the witness);
//   only if: each unit is inactive at 0 and at every edge point, so the vertices a unit is active
//   on form an independent set, and every vertex needs an active unit: a colouring.
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "nnm/core/network.hpp"
#include "nnm/data/dataset.hpp"
#include "nnm/sq/family.hpp"

namespace nnm {

struct Graph {
  Eigen::Index vertices = 0;
  std::vector<std::vector<Eigen::Index>> edges;  ///< each of size r (2: a graph; 3: a hypergraph)
};

struct ColoringOptions {
  Eigen::Index vertices = 20;
  Eigen::Index colors = 4;
  double edge_prob = 0.5;   ///< each edge (hyperedge) the planted colouring allows, independently
  bool hypergraph = false;  ///< 3-uniform hyperedges (proper = no monochromatic hyperedge)
  std::uint64_t seed = 1;
  void validate() const;  ///< throws InputError naming the bad field
};

/// A random graph with a planted k-colouring (balanced colour classes); `coloring` receives it.
Graph planted_graph(const ColoringOptions& options, std::vector<Eigen::Index>& coloring);

/// True when no edge is monochromatic (for graphs: endpoints differ).
bool is_proper_coloring(const Graph& graph, const std::vector<Eigen::Index>& coloring);
/// A proper colouring with at most k colours by backtracking search, or nothing.
std::optional<std::vector<Eigen::Index>> find_coloring(const Graph& graph, Eigen::Index k);

/// The gadget's points and labels: rows 0, e_1 … e_n, then one row per edge.
Dataset coloring_points(const Graph& graph);
/// The witness network (k ReLUs, output weights 1, no biases) for a proper colouring.
/// Throws InputError if the colouring is not proper or uses more than k colours.
Network coloring_witness(const Graph& graph, const std::vector<Eigen::Index>& coloring,
                         Eigen::Index k);
/// The colouring a network that fits the gadget exactly certifies: each vertex gets a unit active
/// on it. Nothing if some vertex has no active unit.
std::optional<std::vector<Eigen::Index>> coloring_from_fit(const Network& net, const Graph& graph);

/// A one-member family: the planted instance and its witness; `fixed_points()` gives the data.
std::unique_ptr<HardFamily> make_coloring_family(const ColoringOptions& options);

}  // namespace nnm
