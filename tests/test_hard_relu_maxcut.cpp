// MAX-CUT → the best single ReLU without bias: on small graphs (d ≤ 10) the closed-form loss is
// the loss of the written rows, the witness of a cut costs dM + 4U exactly, and no w — random,
// locally optimal, or trained by Adam — goes below the proven bound dM + 4U* − 4 Σ deg² / M.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "nnm/core/error.hpp"
#include "nnm/core/random.hpp"
#include "nnm/data/data_file.hpp"
#include "nnm/hard.hpp"
#include "nnm/learn/train.hpp"
#include "temp_dir.hpp"

using namespace nnm;

namespace {

/// U* by trying every assignment of sides (both mirrors), independently of max_cut().
Eigen::Index brute_force_min_uncut(const Graph& g) {
  Eigen::Index best = std::numeric_limits<Eigen::Index>::max();
  for (std::uint64_t mask = 0; mask < (std::uint64_t{1} << g.vertices); ++mask) {
    Eigen::Index uncut = 0;
    for (const auto& e : g.edges) uncut += ((mask >> e[0]) & 1) == ((mask >> e[1]) & 1);
    best = std::min(best, uncut);
  }
  return best;
}

/// Σ over the rows of (relu(⟨w, x⟩) − y)², straight from a data set.
double row_loss(const Dataset& data, const Eigen::VectorXd& w) {
  const Eigen::ArrayXd z = (data.X * w).array().max(0.0);
  return (z - data.Y.col(0).array()).square().sum();
}

Graph triangle() { return Graph{3, {{0, 1}, {1, 2}, {0, 2}}}; }

}  // namespace

TEST_CASE("the closed-form loss is the loss of the rows, as written to CSV and read back") {
  const Graph g = random_graph(7, 0.5, 4);
  const SingleReluMaxcut inst(g, 5);
  const Dataset pts = inst.points();
  REQUIRE(pts.X.rows() == inst.rows());
  REQUIRE(inst.rows() == 2 * 7 * 5 + 2 * static_cast<Eigen::Index>(g.edges.size()));
  test::TempDir dir("nnm_relu_maxcut_");
  write_data(dir / "points.csv", DataFormat::csv, pts);
  const Dataset back = read_data(dir / "points.csv", DataOptions{});
  REQUIRE(back.X.rows() == pts.X.rows());
  REQUIRE(back.X.cols() == 7);
  Random r(9, streams::algorithm, 0);
  for (int trial = 0; trial < 50; ++trial) {
    Eigen::VectorXd w(7);
    for (Eigen::Index v = 0; v < 7; ++v) w(v) = 2.0 * r.normal();
    CAPTURE(trial);
    CHECK(inst.loss(w) == doctest::Approx(row_loss(back, w)).epsilon(1e-12));
  }
}

TEST_CASE("the witness of every cut costs dM + 4U exactly") {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    const Graph g = random_graph(6, 0.6, seed);
    const SingleReluMaxcut inst(g, 3);
    for (std::uint64_t mask = 0; mask < 64; ++mask) {
      Cut cut(6);
      for (std::size_t v = 0; v < 6; ++v) cut[v] = (mask >> v) & 1 ? -1 : 1;
      const Eigen::Index u = uncut_edges(g, cut);
      CHECK(inst.loss(inst.witness(cut)) == 6.0 * 3.0 + 4.0 * static_cast<double>(u));
      CHECK(inst.cut_loss(u) == 18.0 + 4.0 * static_cast<double>(u));
      CHECK(row_loss(inst.points(), inst.witness(cut)) == inst.cut_loss(u));
    }
  }
}

TEST_CASE("max_cut: enumeration agrees with brute force; local search never beats it") {
  for (Eigen::Index d : {1, 2, 5, 8, 10})
    for (double p : {0.3, 0.7, 1.0})
      for (std::uint64_t seed = 1; seed <= 3; ++seed) {
        const Graph g = random_graph(d, p, seed);
        CAPTURE(d);
        CAPTURE(p);
        const MaxCut best = max_cut(g);
        CHECK(best.exact);
        CHECK(best.uncut == brute_force_min_uncut(g));
        CHECK(uncut_edges(g, best.sides) == best.uncut);
      }
  // The complete graph K_n: a maximum cut splits the vertices in halves, ⌊n²/4⌋ edges.
  const Graph k9 = random_graph(9, 1.0, 1);
  CHECK(max_cut(k9).uncut == 36 - 20);
  // Above the enumeration limit: a local optimum, not called exact.
  const Graph big = random_graph(kExactMaxCutVertices + 4, 0.3, 2);
  const MaxCut local = max_cut(big);
  CHECK_FALSE(local.exact);
  CHECK(uncut_edges(big, local.sides) == local.uncut);
}

TEST_CASE("no w goes below dM + 4U* - 1/2 with M = 8 sum deg^2 + 1") {
  int rounded_to_max_cut = 0;
  for (Eigen::Index d : {4, 6, 8, 10})
    for (double p : {0.3, 0.6, 0.9})
      for (std::uint64_t seed = 1; seed <= 2; ++seed) {
        const Graph g = random_graph(d, p, seed);
        const SingleReluMaxcut inst(g);
        CAPTURE(d);
        CAPTURE(p);
        const Eigen::Index u_star = brute_force_min_uncut(g);
        const double floor = inst.cut_loss(u_star) - 0.5;
        REQUIRE(inst.slack() < 0.5);
        REQUIRE(inst.decides_max_cut());
        CHECK(inst.lower_bound(u_star) > floor);
        Random r(seed, streams::algorithm, static_cast<std::uint64_t>(d));
        const auto check = [&](const Eigen::VectorXd& w) {
          const double l = inst.loss(w);
          CHECK(l >= inst.lower_bound(u_star));
          const Eigen::Index u = uncut_edges(g, SingleReluMaxcut::rounded_cut(w));
          CHECK(static_cast<double>(u) <= inst.uncut_bound(w) + 1e-9);
          // Within 3.5 of the witness the signs are a maximum cut.
          if (l < inst.cut_loss(u_star) + 3.5) {
            CHECK(u == u_star);
            ++rounded_to_max_cut;
          }
        };
        for (int trial = 0; trial < 100; ++trial) {
          Eigen::VectorXd w(d);
          const double scale = trial % 3 == 0 ? 0.1 : trial % 3 == 1 ? 1.0 : 3.0;
          for (Eigen::Index v = 0; v < d; ++v) w(v) = scale * r.normal();
          check(w);
          // A coordinatewise minimum from the same start: the learner a proper algorithm would
          // run, and it never increases the loss.
          const Eigen::VectorXd local = inst.coordinate_descent(w);
          CHECK(inst.loss(local) <= inst.loss(w));
          check(local);
        }
        // Starting at a maximum cut's witness, descent lowers the loss by at most the slack.
        const Eigen::VectorXd polished = inst.coordinate_descent(inst.witness(max_cut(g).sides));
        CHECK(inst.loss(polished) <= inst.cut_loss(u_star));
        check(polished);
      }
  CHECK(rounded_to_max_cut > 100);  // the last branch of check() was exercised
}

TEST_CASE("the witness is not the minimum: the slack is needed, and is within 10x of the truth") {
  // On K_8 a maximum cut leaves 12 edges uncut; relaxing |w_v| = 1 gains on every one of them.
  // The gain is 0.18 of the slack (measured), so "min L = dM + 4U*" would be false.
  const Graph k8 = random_graph(8, 1.0, 1);
  for (std::int64_t copies : {0, 1000}) {
    const SingleReluMaxcut inst(k8, copies);
    const MaxCut best = max_cut(k8);
    REQUIRE(best.uncut == 12);
    const double found = inst.loss(inst.coordinate_descent(inst.witness(best.sides), 10000));
    const double gain = inst.cut_loss(best.uncut) - found;
    CAPTURE(gain);
    CHECK(gain > 0.1 * inst.slack());
    CHECK(found >= inst.lower_bound(best.uncut));
  }
}

TEST_CASE("with too few copies the bound fails: the triangle at M = 1") {
  // K_3: one edge stays uncut by every cut (U* = 1), and Σ deg² = 12.
  const Graph g = triangle();
  CHECK(max_cut(g).uncut == 1);
  const SingleReluMaxcut one(g, 1);
  CHECK_FALSE(one.decides_max_cut());
  // w = 0 costs 2 per vertex and nothing on the edges: 6, below dM + 4U* − ½ = 6.5 — and its
  // signs leave all three edges uncut, so rounding a good fit gives no maximum cut.
  const Eigen::VectorXd zero = Eigen::VectorXd::Zero(3);
  CHECK(one.loss(zero) == 6.0);
  CHECK(one.loss(zero) < one.cut_loss(1) - 0.5);
  CHECK(uncut_edges(g, SingleReluMaxcut::rounded_cut(zero)) == 3);
  // The proven bound still holds (it is weak: 3 + 4 − 48).
  CHECK(one.lower_bound(1) == 3.0 + 4.0 - 48.0);
  CHECK(one.loss(one.coordinate_descent(zero)) >= one.lower_bound(1));
  // With M = 8·12 + 1 = 97 the minimum is back within ½ of the witness.
  const SingleReluMaxcut safe(g);
  CHECK(safe.copies() == 97);
  const Eigen::VectorXd best = safe.coordinate_descent(zero);
  CHECK(safe.loss(best) > safe.cut_loss(1) - 0.5);
  CHECK(safe.loss(best) <= safe.cut_loss(1));
}

TEST_CASE("bad graphs and copy counts are refused with the edge named") {
  CHECK_THROWS_WITH_AS(SingleReluMaxcut(Graph{3, {{0, 1}, {1, 1}}}),
                       doctest::Contains("edge 2 is a self-loop at vertex 2"), InputError);
  CHECK_THROWS_WITH_AS(SingleReluMaxcut(Graph{3, {{0, 3}}}),
                       doctest::Contains("edge 1 names vertex 4, outside 1..3"), InputError);
  CHECK_THROWS_WITH_AS(SingleReluMaxcut(Graph{3, {{0, 1}, {2, 0}, {1, 0}}}),
                       doctest::Contains("edge 3 repeats {2, 1}"), InputError);
  CHECK_THROWS_WITH_AS(SingleReluMaxcut(Graph{3, {{0, 1, 2}}}),
                       doctest::Contains("edge 1 has 3 vertices, not 2"), InputError);
  CHECK_THROWS_WITH_AS(SingleReluMaxcut(triangle(), -1), doctest::Contains("copies"), InputError);
  CHECK_THROWS_WITH_AS(SingleReluMaxcut(random_graph(200, 0.9, 1)),
                       doctest::Contains("exceed the 6e7-value limit"), InputError);
  ReluMaxcutOptions o;
  o.edge_prob = 1.5;
  CHECK_THROWS_WITH_AS(make_relu_maxcut_family(o), doctest::Contains("edge probability"),
                       InputError);
  CHECK_THROWS_WITH_AS(SingleReluMaxcut(triangle()).witness({1, 0, -1}),
                       doctest::Contains("vertex 2 has side 0"), InputError);
}

TEST_CASE("the relu-maxcut family ships its points, its witness and the bound") {
  ReluMaxcutOptions o;
  o.vertices = 8;
  o.seed = 3;
  const auto family = make_family(o);
  CHECK(family->kind() == "relu-maxcut");
  CHECK(family->claim().learners == LearnerClass::conditional);
  const auto pts = family->fixed_points();
  REQUIRE(pts);
  const FamilyMember m = family->member(0);
  const nlohmann::json& info = m.info;
  const Graph g = random_graph(8, 0.5, 3);
  CHECK(info["edges"].size() == g.edges.size());
  CHECK(info["max_cut_exact"].get<bool>());
  CHECK(info["uncut_edges"].get<Eigen::Index>() == brute_force_min_uncut(g));
  // The witness network computes relu(<s, x>): its loss on the points is the recorded one.
  const double witness_loss = (m.network.forward(pts->X) - pts->Y).squaredNorm();
  CHECK(witness_loss == info["witness_loss"].get<double>());
  CHECK(info["min_loss_lower_bound"].get<double>() > witness_loss - 0.5);
  const double ybar = pts->Y.mean();
  const double variation = (pts->Y.array() - ybar).square().sum();
  CHECK(info["label_variation"].get<double>() == doctest::Approx(variation).epsilon(1e-12));
  CHECK_THROWS_AS(family->member(1), InputError);
}

TEST_CASE("Adam on a single unit without biases stays above the bound") {
  const Graph g = random_graph(6, 0.6, 2);
  const SingleReluMaxcut inst(g);
  const Dataset pts = inst.points();
  const Eigen::Index u_star = max_cut(g).uncut;
  TrainOptions t;
  t.hidden = {1};
  t.no_bias = true;
  t.epochs = 20;
  t.schedule.base = 1e-2;
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    t.seed = seed;
    const TrainResult r = train(pts, t);
    REQUIRE(r.summary.usable());
    CHECK(r.student.biases(0).cwiseAbs().maxCoeff() == 0.0);
    CHECK(r.student.biases(1).cwiseAbs().maxCoeff() == 0.0);
    // a·relu(<w, x>) is relu(<a w, x>) for a > 0; for a ≤ 0 it is ≤ 0 on every vertex point.
    const double a = r.student.weights(1)(0, 0);
    const Eigen::VectorXd w = r.student.weights(0).row(0).transpose();
    const double trained_loss = (r.student.predict(pts.X) - pts.Y).squaredNorm();
    if (a > 0)
      CHECK(trained_loss == doctest::Approx(inst.loss(a * w)).epsilon(1e-9));
    else
      CHECK(trained_loss >= 2.0 * 6.0 * static_cast<double>(inst.copies()));
    CHECK(trained_loss >= inst.lower_bound(u_star));
  }
}

TEST_CASE("edge lists: comments, commas, a vertex count, and errors with file and line") {
  const Graph c5 = parse_edge_list("# a 5-cycle\n1 2\n2,3\n\n3 4 # third\n4 5\n5 1", "c5.txt");
  CHECK(c5.vertices == 5);
  REQUIRE(c5.edges.size() == 5);
  CHECK(c5.edges[1] == std::vector<Eigen::Index>{1, 2});
  CHECK(max_cut(c5).uncut == 1);                          // an odd cycle leaves one edge uncut
  CHECK(parse_edge_list("1 2\n", "g", 6).vertices == 6);  // isolated vertices 3..6
  CHECK(parse_edge_list("# nothing\n", "g", 3).edges.empty());
  const auto error = [](const std::string& text, Eigen::Index vertices = 0) {
    try {
      parse_edge_list(text, "g.txt", vertices);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(error("1 2\n2 2\n") == "g.txt:2: self-loop at vertex 2");
  CHECK(error("1 2\n3 4\n2 1\n") == "g.txt:3: edge {2, 1} repeats line 1");
  CHECK(error("1 x\n") == "g.txt:1: 'x' is not a vertex number (1, 2, ...)");
  CHECK(error("1 -2\n") == "g.txt:1: '-2' is not a vertex number (1, 2, ...)");
  CHECK(error("0 1\n") == "g.txt:1: vertices are numbered from 1, got 0");
  CHECK(error("1 2 3\n") == "g.txt:1: expected two vertex numbers (an edge), got 3 fields");
  CHECK(error("1\n") == "g.txt:1: expected two vertex numbers (an edge), got 1 fields");
  CHECK(error("1 9\n", 5) == "g.txt:1: vertex 9 is outside 1..5");
  CHECK(error("1 2001\n") == "g.txt:1: vertex 2001 is above the limit of 2000 vertices");
  CHECK(error("# only a comment\n") == "g.txt: no edges, and no vertex count given");
  CHECK_THROWS_WITH_AS(read_edge_list("/nonexistent/edges.txt"),
                       doctest::Contains("/nonexistent/edges.txt: cannot open"), InputError);
  // A given graph replaces G(n, p) in the family.
  ReluMaxcutOptions o;
  o.graph = c5;
  o.graph_source = "c5.txt";
  const auto family = make_relu_maxcut_family(o);
  CHECK(family->dim() == 5);
  CHECK(family->parameters()["graph"] == "c5.txt");
  CHECK(family->member(0).info["cut_edges"] == 4);
}
