// The report built from results: its statistics, the one function that reads numbers from the
// CSVs, and the page's claims re-derived from the files (and changed when a cell changes).
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <optional>
#include <random>
#include <regex>
#include <set>

#include "experiments/boundary.hpp"
#include "experiments/claims.hpp"
#include "experiments/findings.hpp"
#include "experiments/statistics.hpp"
#include "nnm/core/error.hpp"
#include "nnm/data/atomic_file.hpp"
#include "nnm/data/distributions.hpp"
#include "nnm/data/teacher.hpp"
#include "report/report.hpp"

namespace {

/// Results for every experiment on its smoke grid with 5 seeds, the measured cells filled with
/// fixed pseudo-random values spread over orders of magnitude (statuses mixed).
nnm::Results synthetic_results() {
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> u(0, 1);
  nnm::Results out;
  for (const auto& name : nnm::experiment_names()) {
    const auto e = nnm::make_experiment(name);
    nnm::ExperimentScale s;
    s.size = nnm::ExperimentSize::smoke;
    s.seeds = 5;
    nnm::ResultsTable t;
    t.columns = e->parameter_columns();
    const auto results = e->result_columns();
    t.columns.insert(t.columns.end(), results.begin(), results.end());
    for (auto row : e->points(s)) {
      for (const auto& c : results) {
        if (c == "spectral_status" || c == "status")
          row.push_back(u(rng) < 0.6   ? "success"
                        : u(rng) < 0.5 ? "not_symmetric"
                                       : "no_spectral_gap");
        else if (c == "symmetric")
          row.push_back(row[0] == "shifted_gaussian" ? "no" : "yes");
        else if (c == "lower_bound")
          row.push_back("none");
        else if (u(rng) < 0.1)
          row.push_back("nan");
        else
          row.push_back(nnm::format_value(std::pow(10.0, -4 * u(rng))));
      }
      t.rows.push_back(row);
    }
    out[name] = t;
  }
  return out;
}

const nnm::Claim* find_claim(const nnm::ReportPage& page, const std::string& id) {
  for (const auto& c : page.claims)
    if (c.id() == id) return &c;
  return nullptr;
}

std::optional<double> number(const std::string& cell) {
  char* end = nullptr;
  const double v = std::strtod(cell.c_str(), &end);
  if (cell.empty() || *end != '\0') return std::nullopt;
  return std::isnan(v) ? std::numeric_limits<double>::infinity() : v;
}

/// Sets the cell of `c.column` so that the condition holds (want) or does not.
void force(const nnm::Condition& c, const std::vector<std::string>& columns,
           nnm::ExperimentRow& row, bool want) {
  using Op = nnm::Condition::Op;
  const auto at = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(columns.begin(), columns.end(), name) -
                                    columns.begin());
  };
  std::string& cell = row[at(c.column)];
  const std::string other = c.other_column ? row[at(c.value)] : c.value;
  const auto v = number(other);
  if (c.op == Op::eq || c.op == Op::ne || !v) {
    const bool equal = (c.op == Op::eq) == want;
    cell = equal ? other : other + "_changed";
    return;
  }
  const bool below = (c.op == Op::lt || c.op == Op::le) == want;
  if (std::isinf(*v)) {
    cell = below ? "0" : "nan";
    return;
  }
  cell = nnm::format_value(below ? *v - 1 - std::abs(*v) : *v + 1 + std::abs(*v));
}

/// A copy of `results` with the cells behind estimate `e` changed: for a rate, one selected row's
/// event flipped; for a median or max, every selected cell moved.
nnm::Results perturbed(nnm::Results results, const nnm::Estimate& e) {
  auto& t = results.at(e.query.experiment);
  for (auto& row : t.rows) {
    if (!std::all_of(e.query.where.begin(), e.query.where.end(),
                     [&](const auto& c) { return nnm::holds(c, t.columns, row); }))
      continue;
    if (e.query.kind == nnm::Query::Kind::rate) {
      const bool was = std::all_of(e.query.event.begin(), e.query.event.end(),
                                   [&](const auto& c) { return nnm::holds(c, t.columns, row); });
      if (was)
        force(e.query.event.front(), t.columns, row, false);
      else
        for (const auto& c : e.query.event) force(c, t.columns, row, true);
      return results;
    }
    const auto i = static_cast<std::size_t>(
        std::find(t.columns.begin(), t.columns.end(), e.query.column) - t.columns.begin());
    const auto v = number(row[i]);
    row[i] = nnm::format_value(v && std::isfinite(*v) ? *v * 7 + 1 : 0.5);
  }
  return results;
}

}  // namespace

TEST_SUITE("findings") {
  TEST_CASE("Wilson intervals and order-statistic intervals match hand computations") {
    const auto r = nnm::wilson_interval(3, 5);
    CHECK(r.rate == doctest::Approx(0.6));
    CHECK(r.lo == doctest::Approx(0.2307242812760128).epsilon(1e-12));
    CHECK(r.hi == doctest::Approx(0.882379225767352).epsilon(1e-12));
    CHECK(nnm::wilson_interval(0, 5).lo == 0);
    CHECK(nnm::wilson_interval(0, 5).hi == doctest::Approx(0.43448246478317476).epsilon(1e-12));
    CHECK(nnm::wilson_interval(10, 10).hi == 1);
    CHECK(nnm::wilson_interval(10, 10).lo == doctest::Approx(0.7224672001371107).epsilon(1e-12));
    CHECK(std::isnan(nnm::wilson_interval(0, 0).rate));

    // Five values: the median is the middle one and min..max covers it with 1 - 2/32.
    const auto m = nnm::median_interval({0.9, 0.1, NAN, 0.3, 0.5, 0.7});
    CHECK(m.values == 5);
    CHECK(m.median == 0.5);
    CHECK(m.lo == 0.1);
    CHECK(m.hi == 0.9);
    CHECK(m.coverage == doctest::Approx(0.9375));
    // Ten values: [x_(2), x_(9)] covers with 1 - 2 (1 + 10)/1024; [x_(3), x_(8)] would not reach
    // 95 %.
    std::vector<double> ten;
    for (int i = 1; i <= 10; ++i) ten.push_back(i);
    const auto m10 = nnm::median_interval(ten);
    CHECK(m10.median == 5.5);
    CHECK(m10.lo == 2);
    CHECK(m10.hi == 9);
    CHECK(m10.coverage == doctest::Approx(1 - 22.0 / 1024));
    CHECK(nnm::median_interval({NAN}).values == 0);
  }

  TEST_CASE("claim_from_csv selects rows, counts events and reads medians; nan is no model") {
    nnm::Results r;
    r["spectral-samples"] = {{"law", "n", "seed", "a", "b", "status"},
                             {{"gaussian", "10", "1", "0.1", "0.2", "success"},
                              {"gaussian", "10", "2", "0.5", "nan", "success"},
                              {"gaussian", "20", "1", "0.3", "0.1", "no_spectral_gap"},
                              {"uniform", "10", "1", "0.7", "0.9", "success"}}};
    using Op = nnm::Condition::Op;
    const auto rate =
        nnm::claim_from_csv(r, nnm::rate_of("spectral-samples", {nnm::where("law", "gaussian")},
                                            {nnm::where("status", "success")}));
    CHECK(rate.rows == 3);
    CHECK(rate.rate.successes == 2);
    CHECK(rate.text().rfind("2 of 3 (95 % interval", 0) == 0);
    // a < b, where a missing b (nan: no model) counts as an infinite error.
    const auto wins =
        nnm::claim_from_csv(r, nnm::rate_of("spectral-samples", {}, {{"a", Op::lt, "b", true}}));
    CHECK(wins.rate.successes == 3);
    const auto med = nnm::claim_from_csv(
        r, nnm::median_of("spectral-samples", {nnm::where("n", Op::le, "10")}, "b"));
    CHECK(med.median.values == 2);  // the nan cell is left out
    CHECK(med.median.median == doctest::Approx(0.55));
    CHECK(nnm::claim_from_csv(r, nnm::max_of("spectral-samples", {}, "a")).max == 0.7);
    // Missing experiment or column: unusable, so a claim built on it is dropped.
    CHECK_FALSE(nnm::claim_from_csv(r, nnm::median_of("wave-phase", {}, "a")).usable());
    CHECK_FALSE(nnm::claim_from_csv(r, nnm::median_of("spectral-samples", {}, "zz")).usable());
    nnm::Claim c("x", r);
    c << "value " << nnm::median_of("spectral-samples", {nnm::where("law", "none")}, "a");
    CHECK_FALSE(c.usable());
  }

  TEST_CASE("every claim of the page is re-derived from the CSV files, and follows their cells") {
    const nnm::Results results = synthetic_results();
    const auto dir = std::filesystem::temp_directory_path() / "nnm-test-findings";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    for (const auto& [name, t] : results)
      nnm::write_file_atomically((dir / (name + ".csv")).string(),
                                 nnm::results_csv(t.columns, t.rows));
    const nnm::Results reread = nnm::read_results(dir);
    CHECK(reread.size() == nnm::experiment_names().size());
    const nnm::ReportPage page = nnm::build_report(reread, "test");
    REQUIRE(page.claims.size() >= 15);
    // The page is a pure function of the files.
    CHECK(nnm::build_report(nnm::read_results(dir), "test").html == page.html);
    CHECK(page.html.find("nan") == std::string::npos);
    CHECK(page.html.find("median of 2") == std::string::npos);

    std::set<std::string> ids;
    const std::regex number_token(R"((^|[^\w.])(\d+(\.\d+)?(e[-+]?\d+)?))");
    for (const auto& claim : page.claims) {
      CAPTURE(claim.text());
      CHECK(ids.insert(claim.id()).second);  // ids are unique
      CHECK(claim.usable());
      CHECK(page.html.find(nnm::report::html_escape(claim.text())) != std::string::npos);
      std::string sources;  // what the numbers in the sentence may come from
      for (std::size_t i = 0; i < claim.evidence().size(); ++i) {
        const nnm::Estimate& e = claim.evidence()[i];
        const nnm::Estimate again = nnm::claim_from_csv(reread, e.query);
        CHECK(again.text() == e.text());
        if (claim.written(i)) CHECK(claim.text().find(e.text()) != std::string::npos);
        sources += " " + e.text();
        for (const auto& c : e.query.where) sources += " " + c.value;
        for (const auto& c : e.query.event) sources += " " + c.value;
      }
      // Every number in the sentence is an estimate, a grid coordinate or a threshold of its
      // queries (definitions such as "exit code 3" and "95 %" aside).
      for (auto it = std::sregex_iterator(claim.text().begin(), claim.text().end(), number_token);
           it != std::sregex_iterator(); ++it) {
        const std::string token = (*it)[2];
        if (token == "3" || token == "95") continue;
        CAPTURE(token);
        CHECK(sources.find(token) != std::string::npos);
      }
      // Changing the cells behind a written number changes the sentence or drops the claim.
      for (std::size_t i = 0; i < claim.evidence().size(); ++i) {
        if (!claim.written(i)) continue;
        const nnm::ReportPage changed =
            nnm::build_report(perturbed(reread, claim.evidence()[i]), "test");
        const nnm::Claim* same = find_claim(changed, claim.id());
        CHECK((same == nullptr || same->text() != claim.text()));
      }
    }
    std::filesystem::remove_all(dir);
  }

  TEST_CASE("two claims recomputed by hand from the cells, without claim_from_csv") {
    const nnm::Results results = synthetic_results();
    const nnm::ReportPage page = nnm::build_report(results, "test");
    // Gradient descent's wins: rows where gd_W_err < spectral_W_err, nan counting as infinite.
    const auto& ss = results.at("spectral-samples");
    const auto col = [](const nnm::ResultsTable& t, const std::string& name) {
      return static_cast<std::size_t>(std::find(t.columns.begin(), t.columns.end(), name) -
                                      t.columns.begin());
    };
    std::size_t wins = 0;
    for (const auto& row : ss.rows) {
      const double gd = *number(row[col(ss, "gd_W_err")]);
      const double sp = *number(row[col(ss, "spectral_W_err")]);
      wins += gd < sp;
    }
    const nnm::Claim* c = find_claim(page, "spectral-samples.gd-wins");
    REQUIRE(c != nullptr);
    CHECK(c->text().find(std::to_string(wins) + " of " + std::to_string(ss.rows.size()) + " (") !=
          std::string::npos);
    // The symmetric-input W_err: the middle of the five finite values at shift 0, or the mean of
    // the two middle ones.
    const auto& sb = results.at("symmetry-break");
    std::vector<double> w;
    for (const auto& row : sb.rows)
      if (row[col(sb, "shift")] == "0" && std::isfinite(*number(row[col(sb, "W_err")])))
        w.push_back(*number(row[col(sb, "W_err")]));
    std::sort(w.begin(), w.end());
    REQUIRE(!w.empty());
    const double middle =
        w.size() % 2 ? w[w.size() / 2] : (w[w.size() / 2 - 1] + w[w.size() / 2]) / 2;
    const nnm::Claim* z = find_claim(page, "symmetry-break.zero");
    REQUIRE(z != nullptr);
    CHECK(z->text().find("W_err " + nnm::report::format_number(middle) + " (") !=
          std::string::npos);
  }

  TEST_CASE("a results file with another experiment's columns is refused, naming the file") {
    const auto dir = std::filesystem::temp_directory_path() / "nnm-test-findings-bad";
    std::filesystem::create_directories(dir);
    nnm::write_file_atomically((dir / "parity-gd.csv").string(), "x,seed,value\n1,1,2\n");
    CHECK_THROWS_WITH_AS(nnm::read_results(dir), doctest::Contains("parity-gd.csv"),
                         nnm::InputError);
    std::filesystem::remove_all(dir);
  }

  TEST_CASE(
      "the distinguishing matrix: non-degenerate for generic units, singular when they "
      "collapse to rank 2") {
    nnm::TeacherOptions t;
    t.d = 6;
    t.k = 4;
    t.m = 4;
    nnm::Network net = nnm::make_teacher(t);
    const auto law = nnm::make_input_law("gaussian", t.d, 1);
    const double generic = nnm::distinguishing_sigma_min(net, *law, 40000);
    CHECK(generic > 0.05);
    // The four sign vectors on two coordinates: W has rank 2 and the pairs' matrices live in a
    // space of dimension 4 < 6 pairs.
    for (Eigen::Index i = 0; i < 4; ++i) {
      net.W.row(i).setZero();
      net.W(i, 0) = (i & 1) ? -1 : 1;
      net.W(i, 1) = (i & 2) ? -1 : 1;
    }
    CHECK(nnm::numerical_rank(net.W) == 2);
    CHECK(nnm::distinguishing_sigma_min(net, *law, 40000) < 1e-8);
    net.W = net.W.topRows(1).eval();
    CHECK(std::isinf(nnm::distinguishing_sigma_min(net, *law, 1000)));
  }

  TEST_CASE("boundary paths at smoke size: the method refuses m < k and recovers the start") {
    const auto e = nnm::make_experiment("boundary-outputs");
    nnm::ExperimentScale s;
    s.size = nnm::ExperimentSize::smoke;
    const auto points = e->points(s);
    REQUIRE(points.size() == 2);
    const auto cols = e->result_columns();
    const auto col = [&](const std::string& name) {
      return static_cast<std::size_t>(std::find(cols.begin(), cols.end(), name) - cols.begin());
    };
    const auto start = e->run(points[0], s), end = e->run(points[1], s);
    CHECK(points[0][0] == "4");
    CHECK(start[col("spectral_status")] == "success");
    CHECK(std::stod(start[col("spectral_W_err")]) < 0.1);
    CHECK(start[col("rank_A")] == "4");
    CHECK(end[col("rank_A")] == "1");
    CHECK(end[col("spectral_status")] == "refused_k_above_m");
    CHECK(end[col("spectral_W_err")] == "nan");
    // The hidden layer is the same: so is its distinguishing matrix.
    CHECK(end[col("sigma_min")] == start[col("sigma_min")]);
    CHECK(start[col("lower_bound")] == "none");
  }
}
