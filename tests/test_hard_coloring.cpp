// The colouring gadget: the witness fits exactly, and on tiny graphs an exact fit by a sum of k
// ReLUs exists iff the graph is k-colourable.
#include <doctest/doctest.h>

#include <array>
#include <functional>

#include "nnm/core/error.hpp"
#include "nnm/hard.hpp"
#include "nnm/learn/student.hpp"
#include "nnm/learn/train.hpp"

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

TEST_CASE("the non-negative student: the restriction holds after training and binds") {
  ColoringOptions o;
  o.vertices = 12;
  o.colors = 3;
  o.edge_prob = 0.6;
  std::vector<Eigen::Index> planted;
  const Graph g = planted_graph(o, planted);
  const Dataset pts = coloring_points(g);
  TrainOptions t;
  t.hidden = {3};
  t.epochs = 200;
  t.batch = 8;
  t.schedule.base = 1e-2;
  t.nonneg_output = true;
  auto output_nonneg = [](const Student& s) {
    return s.weights(1).minCoeff() >= 0.0 && s.biases(1).minCoeff() >= 0.0;
  };
  // From a random start (whose output weights are signed before projection).
  const TrainResult fresh = train(pts, t);
  REQUIRE(fresh.summary.usable());
  CHECK(output_nonneg(fresh.student));
  // The witness satisfies the restriction and fits exactly: training keeps it exact.
  const TrainResult kept = train(Student::from_network(coloring_witness(g, planted, 3)), pts, t);
  CHECK(output_nonneg(kept.student));
  CHECK(kept.summary.train_error < 1e-12);
  // The signed two-unit fit relu(Σx) − relu(2Σx − 2) is exact on every graph instance; the
  // restriction removes its negative output weight, and what is left cannot fit.
  Network signed_fit;
  signed_fit.W = Eigen::MatrixXd::Ones(2, o.vertices);
  signed_fit.W.row(1) *= 2.0;
  signed_fit.b = Eigen::Vector2d(0.0, -2.0);
  signed_fit.A = Eigen::RowVector2d(1.0, -1.0);
  signed_fit.c = Eigen::VectorXd::Zero(1);
  CHECK((signed_fit.forward(pts.X) - pts.Y).cwiseAbs().maxCoeff() < 1e-15);
  t.hidden = {2};
  t.epochs = 50;
  const TrainResult cut = train(Student::from_network(signed_fit), pts, t);
  CHECK(output_nonneg(cut.student));
  CHECK(cut.summary.train_error > 0.05);
  t.nonneg_output = false;
  const TrainResult free = train(Student::from_network(signed_fit), pts, t);
  CHECK(free.summary.train_error < 1e-12);
}
