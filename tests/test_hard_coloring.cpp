// The colouring gadget: the witness fits exactly, and on tiny graphs an exact fit by a sum of k
// ReLUs exists iff the graph is k-colourable.
#include <doctest/doctest.h>

#include <array>
#include <functional>

#include "nnm/core/error.hpp"
#include "nnm/hard.hpp"

using namespace nnm;

namespace {

/// k-colourable by trying all k^n colourings.
bool brute_force_colourable(const Graph& g, Eigen::Index k) {
  std::vector<Eigen::Index> c(static_cast<std::size_t>(g.vertices), 0);
  while (true) {
    if (is_proper_coloring(g, c)) return true;
    std::size_t i = 0;
    while (i < c.size() && ++c[i] == k) c[i++] = 0;
    if (i == c.size()) return false;
  }
}

/// An exact fit by k ReLUs with weights in {−1, 0, 1}, biases in {−1, 0} and output weights 1,
/// searched exhaustively (units as an unordered multiset).
bool grid_fit_exists(const Graph& g, Eigen::Index k) {
  const Dataset pts = coloring_points(g);
  const Eigen::Index n = g.vertices, rows = pts.X.rows();
  // Every candidate unit's outputs on the points.
  std::vector<Eigen::VectorXd> units;
  Eigen::VectorXd w(n);
  const long weight_codes = static_cast<long>(std::pow(3, n));
  for (long code = 0; code < weight_codes; ++code) {
    long c = code;
    for (Eigen::Index v = 0; v < n; ++v, c /= 3) w[v] = static_cast<double>(c % 3) - 1.0;
    for (double b : {-1.0, 0.0}) units.push_back(((pts.X * w).array() + b).cwiseMax(0.0).matrix());
  }
  std::function<bool(std::size_t, Eigen::Index, const Eigen::VectorXd&)> search =
      [&](std::size_t from, Eigen::Index left, const Eigen::VectorXd& sum) {
        if ((sum - pts.Y.col(0)).maxCoeff() > 1e-12) return false;  // ReLUs only add
        if (left == 0) return (sum - pts.Y.col(0)).cwiseAbs().maxCoeff() < 1e-12;
        for (std::size_t u = from; u < units.size(); ++u)
          if (search(u, left - 1, sum + units[u])) return true;
        return false;
      };
  return search(0, k, Eigen::VectorXd::Zero(rows));
}

}  // namespace

TEST_CASE("the witness fits a planted instance exactly") {
  for (bool hyper : {false, true}) {
    ColoringOptions o;
    o.vertices = 12;
    o.colors = 3;
    o.hypergraph = hyper;
    o.edge_prob = hyper ? 0.2 : 0.6;
    std::vector<Eigen::Index> planted;
    const Graph g = planted_graph(o, planted);
    CHECK(g.edges.size() > 10);
    CHECK(is_proper_coloring(g, planted));
    const Network witness = coloring_witness(g, planted, 3);
    const Dataset pts = coloring_points(g);
    CHECK(pts.X.rows() == 1 + 12 + static_cast<Eigen::Index>(g.edges.size()));
    CHECK((witness.forward(pts.X) - pts.Y).cwiseAbs().maxCoeff() == 0.0);
    // The fit certifies a colouring back.
    const auto back = coloring_from_fit(witness, g);
    REQUIRE(back.has_value());
    CHECK(is_proper_coloring(g, *back));
  }
}

TEST_CASE("exact fit by k ReLUs iff k-colourable, on every graph with 4 vertices") {
  const std::array<std::array<Eigen::Index, 2>, 6> pairs = {
      {{0, 1}, {0, 2}, {0, 3}, {1, 2}, {1, 3}, {2, 3}}};
  int colourable = 0, not_colourable = 0;
  for (int mask = 0; mask < 64; ++mask) {
    Graph g{4, {}};
    for (int e = 0; e < 6; ++e)
      if (mask >> e & 1) g.edges.push_back({pairs[e][0], pairs[e][1]});
    for (Eigen::Index k = 1; k <= 3; ++k) {
      CAPTURE(mask);
      CAPTURE(k);
      const bool colours = brute_force_colourable(g, k);
      CHECK(colours == find_coloring(g, k).has_value());
      CHECK(colours == grid_fit_exists(g, k));
      (colours ? colourable : not_colourable)++;
    }
  }
  CHECK(colourable > 0);
  CHECK(not_colourable > 0);  // triangles need 3 colours, K4 needs 4
}

TEST_CASE("non-colourable instances: no witness, search says so") {
  Graph k4{4, {}};
  for (Eigen::Index u = 0; u < 4; ++u)
    for (Eigen::Index v = u + 1; v < 4; ++v) k4.edges.push_back({u, v});
  CHECK_FALSE(find_coloring(k4, 3).has_value());
  CHECK(find_coloring(k4, 4).has_value());
  CHECK_THROWS_WITH_AS(coloring_witness(k4, {0, 1, 2, 2}, 3), doctest::Contains("not proper"),
                       InputError);
  // A hyperedge is only violated when monochromatic.
  Graph h{3, {{0, 1, 2}}};
  CHECK(is_proper_coloring(h, {0, 0, 1}));
  CHECK_FALSE(is_proper_coloring(h, {1, 1, 1}));
  ColoringOptions bad;
  bad.colors = 0;
  CHECK_THROWS_AS(bad.validate(), InputError);
  bad = ColoringOptions{};
  bad.edge_prob = 2;
  CHECK_THROWS_WITH_AS(bad.validate(), doctest::Contains("probability"), InputError);
}
