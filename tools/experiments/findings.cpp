#include "experiments/findings.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>

#include "nnm/hard/combinatorics.hpp"
#include "nnm/sq/bounds.hpp"
#include "report/report.hpp"

namespace nnm {
namespace {

using report::format_number;
using Op = Condition::Op;

/// The page under construction.
struct Builder {
  const Results& results;
  report::HtmlPage page;
  ReportPage out;

  /// Adds a claim's sentence as a paragraph (a claim without data is dropped).
  void claim(const Claim& c) {
    if (!c.usable()) return;
    page.paragraph(c.text());
    out.summary += c.id() + ": " + c.text() + "\n";
    out.claims.push_back(c);
  }
  /// Several claims as one paragraph (each still its own claim).
  void claims(const std::vector<Claim>& cs) {
    std::string text;
    for (const auto& c : cs) {
      if (!c.usable()) continue;
      text += (text.empty() ? "" : " ") + c.text();
      out.summary += c.id() + ": " + c.text() + "\n";
      out.claims.push_back(c);
    }
    if (!text.empty()) page.paragraph(text);
  }
  void figure(const std::string& file, const std::string& svg, const std::string& caption = {}) {
    out.figures.emplace_back(file, svg);
    page.svg(svg, caption);
  }
  bool has(const std::string& experiment) const {
    return results.count(experiment) && !results.at(experiment).rows.empty();
  }
};

/// The distinct cells of `column` (in numeric order when they are numbers), over the rows that
/// satisfy `w`.
std::vector<std::string> distinct(const Results& results, const std::string& experiment,
                                  const std::string& column, const std::vector<Condition>& w = {}) {
  std::vector<std::string> out;
  const auto it = results.find(experiment);
  if (it == results.end()) return out;
  const auto& t = it->second;
  const auto c = std::find(t.columns.begin(), t.columns.end(), column);
  if (c == t.columns.end()) return out;
  const auto i = static_cast<std::size_t>(c - t.columns.begin());
  for (const auto& row : t.rows) {
    if (!std::all_of(w.begin(), w.end(), [&](const auto& x) { return holds(x, t.columns, row); }))
      continue;
    if (std::find(out.begin(), out.end(), row[i]) == out.end()) out.push_back(row[i]);
  }
  auto num = [](const std::string& s) {
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    return *end == '\0' && !s.empty() ? v : NAN;
  };
  if (std::all_of(out.begin(), out.end(), [&](const auto& s) { return !std::isnan(num(s)); }))
    std::sort(out.begin(), out.end(),
              [&](const auto& a, const auto& b) { return num(a) < num(b); });
  return out;
}

double as_number(const std::string& s) { return std::strtod(s.c_str(), nullptr); }

/// A plotted series: the median of `column` at each x (with its order-statistic interval as the
/// bar), over rows with `x_column` = x and the conditions `w`; every point read by claim_from_csv.
report::Series median_series(const Results& results, const std::string& experiment,
                             const std::string& x_column, const std::vector<std::string>& xs,
                             const std::vector<Condition>& w, const std::string& column,
                             std::string label, double x_scale = 1) {
  report::Series s{std::move(label), {}, {}, {}, {}};
  for (const auto& x : xs) {
    auto conditions = w;
    conditions.push_back(where(x_column, x));
    const Estimate e = claim_from_csv(results, median_of(experiment, conditions, column));
    if (!e.usable()) continue;
    s.x.push_back(as_number(x) * x_scale);
    s.y.push_back(e.median.median);
    s.y_lo.push_back(e.median.lo);
    s.y_hi.push_back(e.median.hi);
  }
  return s;
}

report::LinePlot plot(std::string title, std::string x_label, std::string y_label, bool log_x,
                      bool log_y) {
  report::LinePlot p;
  p.title = std::move(title);
  p.x_label = std::move(x_label);
  p.y_label = std::move(y_label);
  p.log_x = log_x;
  p.log_y = log_y;
  return p;
}

const std::string kIntervalNote =
    "Points are medians over seeds; bars are distribution-free order-statistic intervals for the "
    "median (with 5 seeds: min to max, 94 % coverage).";

// ---- the boundary paths ---------------------------------------------------------------------

struct PathText {
  std::string experiment, knob, knob_label, title, theory;
  bool integer = false;
  bool descending = false;  ///< the path runs from the largest knob value down (m: k to 1)
};

std::vector<PathText> paths() {
  return {
      {"boundary-outputs", "m", "outputs m", "Fewer outputs than hidden units (m from k = 4 to 1)",
       "GKLW's method needs A of rank k, so m >= k; below that it refuses on its face. The hidden "
       "layer and its distinguishing matrix do not change along this path.",
       true, true},
      {"boundary-rank", "collapse", "collapse t",
       "Hidden directions collapsing (t = 1: four sign vectors on two coordinates, rank 2)",
       "GKLW needs W of rank k and a distinguishing matrix of full column rank; both are lost at "
       "t = 1, and its smallest singular value shrinks on the way.",
       false},
      {"boundary-symmetry", "shift", "shift |mu|", "Inputs N(mu, I) moving off symmetry",
       "GKLW needs x and -x to be equally likely; the odd part of y is then read off E[yx^T].",
       false},
      {"boundary-noise", "noise", "label noise (relative to the output RMS)", "Label noise",
       "GKLW allows zero-mean output noise of unknown covariance; it costs samples, not "
       "identifiability.",
       false}};
}

std::vector<Condition> spectral_recovered() {
  return {where("spectral_status", "success"), where("spectral_W_err", Op::le, "0.1")};
}

/// Rows of the phase diagram: the fraction of seeds where each learner succeeded.
struct Fate {
  std::string label;
  std::vector<Condition> event;
};
std::vector<Fate> fates() {
  // The paths keep k = 4 hidden units.
  return {{"assumption: rank A = k", {where("rank_A", "4")}},
          {"assumption: rank W = k", {where("rank_W", "4")}},
          {"symmetry test passed", {where("spectral_status", Op::ne, "not_symmetric")}},
          {"spectral: recovered (W_err <= 0.1)", spectral_recovered()},
          {"Adam, wide: test error <= 0.05", {where("wide_test_error", Op::le, "0.05")}},
          {"Adam, k units: test error <= 0.05", {where("narrow_test_error", Op::le, "0.05")}},
          {"Adam, k units: W_err <= 0.1", {where("narrow_W_err", Op::le, "0.1")}}};
}

/// The most frequent cell of `column` over the rows `at` (ties: the first in row order), read
/// through claim_from_csv; the rate that decides it is kept as the claim's evidence.
std::string most_common(Claim& c, const std::string& experiment, const std::vector<Condition>& at,
                        const std::string& column) {
  std::string best;
  double best_rate = -1;
  for (const auto& v : distinct(c.results(), experiment, column, at)) {
    const Estimate e = claim_from_csv(c.results(), rate_of(experiment, at, {where(column, v)}));
    if (e.usable() && e.rate.rate > best_rate) {
      best_rate = e.rate.rate;
      best = v;
    }
  }
  c.read(rate_of(experiment, at, {where(column, best)}));
  return best;
}

void point_claim(Builder& b, const PathText& p, const std::string& knob, const std::string& id) {
  const std::vector<Condition> at{where(p.knob, knob)};
  Claim c(p.experiment + "." + id, b.results);
  c << "At " << p.knob_label << " = " << knob << " the spectral method recovered W in "
    << rate_of(p.experiment, at, spectral_recovered())
    << " seeds; the distinguishing matrix's sigma_min is "
    << median_of(p.experiment, at, "sigma_min") << "; Adam's wide student reached held-out error "
    << "<= 0.05 in " << rate_of(p.experiment, at, {where("wide_test_error", Op::le, "0.05")})
    << " and its k-unit student in "
    << rate_of(p.experiment, at, {where("narrow_test_error", Op::le, "0.05")}) << ".";
  b.claim(c);
}

void boundary_section(Builder& b, const PathText& p, int number) {
  auto knobs = distinct(b.results, p.experiment, p.knob);
  if (knobs.empty()) return;
  if (p.descending) std::reverse(knobs.begin(), knobs.end());
  b.page.heading(std::to_string(number) + ". " + p.title, 3);
  b.page.paragraph(p.theory);

  report::HeatMap map;
  map.title = "Assumptions and learners along the path (" + p.experiment + ")";
  map.x_label = p.knob_label;
  map.y_label = "";
  map.value_label = "fraction of seeds";
  map.lo = 0;
  map.hi = 1;
  map.x_ticks = knobs;
  map.cell_width = 64;
  for (const auto& f : fates()) {
    map.y_ticks.push_back(f.label);
    std::vector<double> row;
    for (const auto& k : knobs) {
      const Estimate e =
          claim_from_csv(b.results, rate_of(p.experiment, {where(p.knob, k)}, f.event));
      row.push_back(e.usable() ? e.rate.rate : NAN);
    }
    map.values.push_back(row);
  }
  b.figure(p.experiment + ".svg", report::heat_map_svg(map),
           "Phase diagram: each cell is the fraction of seeds in which the assumption of its row "
           "held or the learner of its row succeeded at that point of the path (criteria in the "
           "row labels). The distinguishing matrix's sigma_min, the third assumption, is plotted "
           "below.");

  report::LinePlot sig = plot("The theorem's quantity: sigma_min of the distinguishing matrix",
                              p.knob_label, "sigma_min (true network)", false, true);
  sig.integer_x = p.integer;
  sig.series.push_back(
      median_series(b.results, p.experiment, p.knob, knobs, {}, "sigma_min", "sigma_min"));
  report::LinePlot err = plot("Distance to the true W", p.knob_label, "W_err", false, true);
  err.integer_x = p.integer;
  err.series.push_back(median_series(b.results, p.experiment, p.knob, knobs, {}, "spectral_W_err",
                                     "spectral method"));
  err.series.push_back(median_series(b.results, p.experiment, p.knob, knobs, {}, "narrow_W_err",
                                     "Adam, k-unit student"));
  err.series.back().dash = "6 3";
  b.figure(p.experiment + "-sigma.svg", report::line_plot_svg(sig),
           "Computed from the true network by Monte Carlo over fresh inputs (its floor is the "
           "Monte Carlo error, not zero). " +
               kIntervalNote);
  b.figure(p.experiment + "-werr.svg", report::line_plot_svg(err),
           "Seeds where a method produced no model are left out of its median. " + kIntervalNote);

  point_claim(b, p, knobs.front(), "start");
  if (knobs.size() > 1) point_claim(b, p, knobs.back(), "end");
  // Where recovery is first lost, and what the gradient learners do there.
  for (const auto& k : knobs) {
    Claim c(p.experiment + ".first-lost", b.results);
    const std::vector<Condition> at{where(p.knob, k)};
    const Estimate rec = c.read(rate_of(p.experiment, at, spectral_recovered()));
    if (!rec.usable() || rec.rate.rate >= 0.5) continue;
    c << "Spectral recovery is first lost (recovered in under half the seeds) at " << p.knob_label
      << " = " << k << ", where its most common verdict is "
      << most_common(c, p.experiment, at, "spectral_status") << ", sigma_min is "
      << median_of(p.experiment, at, "sigma_min") << " (at the start "
      << median_of(p.experiment, {where(p.knob, knobs.front())}, "sigma_min")
      << "), and Adam's wide student reached held-out error <= 0.05 in "
      << rate_of(p.experiment, at, {where("wide_test_error", Op::le, "0.05")}) << ".";
    b.claim(c);
    break;
  }
}

// ---- spectral recovery against n ------------------------------------------------------------

void spectral_section(Builder& b) {
  const std::string e = "spectral-samples";
  b.page.heading("2. Spectral recovery and gradient descent on the same samples");
  const auto laws = distinct(b.results, e, "law");
  const auto ns = distinct(b.results, e, "n");
  report::LinePlot p =
      plot("Recovering W from n samples (d = 10, k = 5, m = 5)", "samples n", "W_err", true, true);
  for (std::size_t i = 0; i < laws.size(); ++i)
    p.series.push_back(median_series(b.results, e, "n", ns, {where("law", laws[i])},
                                     "spectral_W_err", "spectral, " + laws[i]));
  // Adam's runs one marker per seed (they spread over orders of magnitude: a median would hide
  // both the wins and the stalls), each law shifted slightly in n so the markers do not overlap.
  for (std::size_t i = 0; i < laws.size(); ++i) {
    report::Series s{"Adam (each seed), " + laws[i], {}, {}, {}, {}};
    s.line = false;
    for (const auto& n : ns)
      for (const auto& seed :
           distinct(b.results, e, "seed", {where("law", laws[i]), where("n", n)})) {
        const Estimate v = claim_from_csv(
            b.results,
            median_of(e, {where("law", laws[i]), where("n", n), where("seed", seed)}, "gd_W_err"));
        if (!v.usable()) continue;
        s.x.push_back(as_number(n) * (1 + 0.06 * static_cast<double>(i + 1)));
        s.y.push_back(v.median.median);
      }
    p.series.push_back(s);
  }
  p.height = 420;
  b.figure(e + ".svg", report::line_plot_svg(p),
           "Lines: the spectral method of moments (median and interval over seeds). Markers "
           "without lines: a k-unit ReLU student trained by Adam on the same samples, one marker "
           "per seed. " +
               kIntervalNote);
  const std::string largest = ns.empty() ? "" : ns.back();
  std::vector<Claim> cs;
  for (const auto& law : laws) {
    const std::vector<Condition> at{where("law", law), where("n", largest)};
    Claim c(e + "." + law, b.results);
    c << "Under " << law << " at n = " << largest << ": the spectral status was success in "
      << rate_of(e, at, {where("spectral_status", "success")}) << " seeds, W_err "
      << median_of(e, at, "spectral_W_err") << "; Adam's k-unit student reached W_err "
      << median_of(e, at, "gd_W_err") << ".";
    cs.push_back(c);
  }
  Claim wins(e + ".gd-wins", b.results);
  wins << "Gradient descent wins some runs: over all laws, n and seeds, Adam's student ended "
       << "closer to the true W than the spectral estimate (a seed without a spectral model counts "
       << "as a win) in " << rate_of(e, {}, {{"gd_W_err", Op::lt, "spectral_W_err", true}})
       << " runs, and in "
       << rate_of(e, {where("n", largest)}, {{"gd_W_err", Op::lt, "spectral_W_err", true}})
       << " at n = " << largest << ".";
  cs.push_back(wins);
  b.claims(cs);
}

// ---- across input laws ----------------------------------------------------------------------

void laws_section(Builder& b) {
  const std::string e = "spectral-laws";
  b.page.heading("3. Across input laws, and what the diagnostics do off the symmetric ones");
  std::vector<std::vector<std::string>> cells;
  for (const auto& law : distinct(b.results, e, "law")) {
    const std::vector<Condition> at{where("law", law)};
    cells.push_back({law, distinct(b.results, e, "symmetric", at).front(),
                     claim_from_csv(b.results, rate_of(e, at, {where("status", "success")})).text(),
                     claim_from_csv(b.results, median_of(e, at, "symmetry_z")).text(),
                     claim_from_csv(b.results, median_of(e, at, "W_err")).text(),
                     claim_from_csv(b.results, median_of(e, at, "W_err_polished")).text()});
  }
  b.page.table(
      {"law", "symmetric", "status success", "symmetry z", "W_err", "W_err after 5 LM steps"},
      cells);
  Claim c(e + ".summary", b.results);
  c << "Spectral recovery returned status success in "
    << rate_of(e, {where("symmetric", "yes")}, {where("status", "success")})
    << " runs on symmetric laws; its symmetry test refused (status not_symmetric, exit code 3 "
    << "from nnm recover) "
    << rate_of(e, {where("symmetric", "no")}, {where("status", "not_symmetric")})
    << " runs on the non-symmetric ones, whose raw estimates had W_err "
    << median_of(e, {where("symmetric", "no")}, "W_err") << ".";
  b.claim(c);
}

// ---- symmetry breaking ----------------------------------------------------------------------

void symmetry_section(Builder& b) {
  const std::string e = "symmetry-break";
  b.page.heading("4. Breaking the symmetry");
  const auto shifts = distinct(b.results, e, "shift");
  report::LinePlot w = plot("W_err as x ~ N(mu, I) moves off symmetry", "shift |mu|",
                            "W_err (when a model was produced)", false, true);
  w.series.push_back(median_series(b.results, e, "shift", shifts, {}, "W_err", "W_err"));
  report::LinePlot z =
      plot("The symmetry test's largest z-score", "shift |mu|", "symmetry z-score", false, true);
  z.series.push_back(median_series(b.results, e, "shift", shifts, {}, "symmetry_z", "z-score"));
  z.reference_y = 6.0;
  z.reference_label = "z = 6";
  report::LinePlot bias = plot("The summary's estimated bias of E[yx^T] from the asymmetry",
                               "shift |mu|", "symmetry_bias (relative)", false, true);
  bias.series.push_back(
      median_series(b.results, e, "shift", shifts, {}, "symmetry_bias", "estimated bias"));
  b.figure(e + ".svg", report::line_plot_svg(w), kIntervalNote);
  b.figure(e + "-z.svg", report::line_plot_svg(z),
           "The test refuses when z > 6 and the effect size exceeds 0.05; z > 6 with a smaller "
           "effect passes with a warning that quotes the estimated bias. " +
               kIntervalNote);
  b.figure(e + "-bias.svg", report::line_plot_svg(bias),
           "RecoverySummary::symmetry_bias: the part of E[yx^T] that the fitted network's even "
           "part contributes, relative to E[yx^T]; zero in expectation for symmetric inputs. " +
               kIntervalNote);
  if (shifts.empty()) return;
  std::vector<Claim> cs;
  Claim c0(e + ".zero", b.results);
  c0 << "With symmetric inputs (shift " << shifts.front() << ") the status was success in "
     << rate_of(e, {where("shift", shifts.front())}, {where("status", "success")})
     << " seeds, W_err " << median_of(e, {where("shift", shifts.front())}, "W_err")
     << ", estimated bias " << median_of(e, {where("shift", shifts.front())}, "symmetry_bias")
     << ".";
  cs.push_back(c0);
  for (std::size_t i = 1; i < shifts.size(); ++i) {
    const std::vector<Condition> at{where("shift", shifts[i])};
    Claim c(e + ".shift-" + shifts[i], b.results);
    c << "At shift " << shifts[i] << " the status was success in "
      << rate_of(e, at, {where("status", "success")}) << " seeds and the z-score exceeded 6 (an "
      << "asymmetry beyond sampling error) in "
      << rate_of(e, at, {where("symmetry_z", Op::gt, "6")}) << "; W_err "
      << median_of(e, at, "W_err") << ", estimated bias " << median_of(e, at, "symmetry_bias")
      << ".";
    cs.push_back(c);
  }
  b.claims(cs);
}

// ---- parity ---------------------------------------------------------------------------------

void parity_section(Builder& b) {
  const std::string e = "parity-gd";
  b.page.heading("5. The ReLU parity family and its CSQ bound");
  for (const auto& d : distinct(b.results, e, "d")) {
    const auto ks = distinct(b.results, e, "k", {where("d", d)});
    report::LinePlot p = plot("Adam on the ReLU parity family, d = " + d, "k = |S|",
                              "error (MSE / Var y)", false, false);
    p.integer_x = true;
    p.series.push_back(
        median_series(b.results, e, "k", ks, {where("d", d)}, "test_error", "held-out error"));
    p.series.push_back(
        median_series(b.results, e, "k", ks, {where("d", d)}, "train_error", "training error"));
    p.series.back().dash = "6 3";
    p.reference_y = 1.0;
    p.reference_label = "error of predicting the mean";
    p.y_min = 0.0;
    b.figure(e + (d == distinct(b.results, e, "d").front() ? "" : "-d" + d) + ".svg",
             report::line_plot_svg(p), kIntervalNote);
    std::vector<Claim> cs;
    for (const auto& k : ks) {
      const std::vector<Condition> at{where("d", d), where("k", k)};
      Claim c(e + ".d" + d + ".k" + k, b.results);
      const Estimate learned = c.read(rate_of(e, at, {where("test_error", Op::lt, "0.5")}));
      c << "d = " << d << ", k = " << k << ": held-out error below 0.5 in " << learned.text()
        << " seeds (held-out " << median_of(e, at, "test_error") << ", training "
        << median_of(e, at, "train_error") << ").";
      if (learned.usable() && learned.rate.rate < 0.5) {
        const Estimate bound = c.read(max_of(e, at, "query_bound_batch_tau"));
        const Estimate made = c.read(max_of(e, at, "gd_queries"));
        c << " The CSQ bound at the tolerance of one mini-batch gradient (tau = "
          << max_of(e, at, "batch_tau") << ") is " << max_of(e, at, "query_bound_batch_tau")
          << " queries; the run made " << max_of(e, at, "gd_queries") << " gradient "
          << "coordinate queries, "
          << (made.max > bound.max
                  ? "more than the bound, so the bound does not explain this failure: it "
                    "constrains CSQ learners (gradient descent on the square loss among them) "
                    "only when they make fewer queries than it."
                  : "fewer than the bound: no CSQ learner making that many queries of this "
                    "tolerance learns every member of the family, so this failure is what the "
                    "bound predicts.");
      }
      cs.push_back(c);
    }
    b.claims(cs);
  }
}

// ---- the wave -------------------------------------------------------------------------------

void wave_section(Builder& b) {
  const std::string e = "wave-phase";
  b.page.heading("6. SVWX's wave: learning the oscillation");
  for (const auto& law : distinct(b.results, e, "law")) {
    const auto ds = distinct(b.results, e, "d", {where("law", law)});
    const auto ss = distinct(b.results, e, "sharpness", {where("law", law)});
    report::HeatMap m;
    m.title = "Held-out error of Adam on the wave (" + law + " inputs)";
    m.x_label = "sharpness s";
    m.y_label = "input dimension d";
    m.value_label = "MSE / oscillation variance";
    m.lo = 0;
    m.hi = 1;
    m.x_ticks = ss;
    m.y_ticks = ds;
    for (const auto& d : ds) {
      std::vector<double> row;
      for (const auto& s : ss) {
        const Estimate v = claim_from_csv(
            b.results,
            median_of(e, {where("law", law), where("d", d), where("sharpness", s)}, "test_error"));
        row.push_back(v.usable() ? v.median.median : NAN);
      }
      m.values.push_back(row);
    }
    std::string file = law;  // "student_t:5" -> "student_t-5": a portable file name
    std::replace_if(
        file.begin(), file.end(), [](char c) { return !std::isalnum(c) && c != '_'; }, '-');
    b.figure(e + (law == "gaussian" ? "" : "-" + file) + ".svg", report::heat_map_svg(m),
             "Median over seeds of the held-out mean squared error divided by the variance of "
             "the wave's oscillation: 1 is the error of ignoring the oscillation.");
    std::vector<Claim> cs;
    for (const auto& d : ds) {
      Claim c(e + "." + law + ".d" + d, b.results);
      c << "Under " << law << " inputs, d = " << d << ": held-out error below half the "
        << "oscillation's variance in";
      for (std::size_t i = 0; i < ss.size(); ++i)
        c << (i ? "; " : " ") << "s = " << ss[i] << ": "
          << rate_of(e, {where("law", law), where("d", d), where("sharpness", ss[i])},
                     {where("test_error", Op::lt, "0.5")});
      c << " seeds.";
      cs.push_back(c);
    }
    Claim cut(e + "." + law + ".cutoff", b.results);
    cut << "The units cover enough of the projection that the cut-off error is at most "
        << max_of(e, {where("law", law)}, "cutoff_error")
        << " of the oscillation (computed under Gaussian inputs).";
    cs.push_back(cut);
    b.claims(cs);
  }
}

}  // namespace

ReportPage build_report(const Results& results, const std::string& command) {
  Builder b{results,
            report::HtmlPage("nnmoments: where spectral recovery succeeds and where it stops"),
            {}};
  b.page.paragraph(
      "Every number on this page is read from the sweep CSV files beside it (`" + command +
      "`); `nnm report --from DIR` rebuilds the page from those files. W_err is the distance "
      "between the unit directions of the estimate and of the truth after matching units on "
      "signed cosines (a flipped unit counts as an error); test error is MSE / Var(y) on held-out "
      "samples, so 1 is the error of predicting the mean. Rates carry Wilson 95 % intervals.");
  bool any_path = false;
  for (const auto& p : paths()) any_path = any_path || b.has(p.experiment);
  if (any_path) {
    b.page.heading("1. Across the boundary: one assumption at a time");
    b.page.paragraph(
        "Each path starts from a network the spectral method provably recovers (d = 10, k = 4 "
        "hidden units, m = 4 outputs, Gaussian inputs, no noise) and moves one knob. At every "
        "point, on the same samples: the spectral verdict, the smallest singular value of the "
        "distinguishing matrix computed from the true network, and two gradient learners. No "
        "proven query lower bound covers these single networks (the CSQ and SQ bounds are about "
        "families; the lower_bound column says none).");
    int number = 1;
    for (const auto& p : paths())
      if (b.has(p.experiment)) boundary_section(b, p, number++);
  }
  if (b.has("spectral-samples")) spectral_section(b);
  if (b.has("spectral-laws")) laws_section(b);
  if (b.has("symmetry-break")) symmetry_section(b);
  if (b.has("parity-gd")) parity_section(b);
  if (b.has("wave-phase")) wave_section(b);
  b.page.heading("How to reproduce");
  b.page.paragraph(
      "Each panel is a small version of a grid that `nnm sweep --experiment NAME --size full` "
      "runs at a larger scale (docs/experiments.md); `nnm report --from DIR` builds this page "
      "from any directory of such files.");
  b.out.html = b.page.render();
  return std::move(b.out);
}

}  // namespace nnm
