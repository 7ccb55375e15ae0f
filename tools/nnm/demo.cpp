// nnm demo: the main job. On built-in defaults it runs small versions of the four experiment grids
// (spectral recovery against n, symmetry breaking, gradient learners on the parity and wave
// families) plus spectral recovery across every input law, and writes DIR/index.html: one
// self-contained page with the plots as inline SVG, the tables, and a paragraph per panel. The
// data are written beside it as CSV and the plots as SVG. Every number comes from the run.
#include <omp.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "command.hpp"
#include "experiments/experiment.hpp"
#include "experiments/results.hpp"
#include "nnm/data/sample_source.hpp"
#include "nnm/learn/progress.hpp"
#include "nnm/nnm.hpp"
#include "report/report.hpp"

namespace nnm::cli {
namespace {

using report::format_number;

struct DemoArgs {
  std::string out = "nnm-demo", size = "demo";
  std::uint64_t seed = 1;
  int threads = 0;
  bool quiet = false;
};

/// One row of the table across input laws (numbers rounded to 3 significant digits for display).
struct LawRow {
  std::string law, symmetric, status;
  double symmetry_z = NAN, gap = NAN, W_err = NAN, out_err = NAN, W_err_polished = NAN;
  static std::string three(double v) { return format_number(v, 3); }
  static const std::vector<Field<LawRow>>& fields() {
    using R = LawRow;
    static const std::vector<Field<R>> f{{"law", &R::law},
                                         {"symmetric", &R::symmetric},
                                         {"status", &R::status},
                                         {"symmetry_z", &R::symmetry_z, &three},
                                         {"gap", &R::gap, &three},
                                         {"W_err", &R::W_err, &three},
                                         {"out_err", &R::out_err, &three},
                                         {"W_err_polished", &R::W_err_polished, &three}};
    return f;
  }
};

/// Everything the report is built from.
struct DemoResults {
  std::vector<SpectralSamplesRow> spectral;
  std::vector<SymmetryBreakRow> symmetry;
  std::vector<ParityGdRow> parity;
  std::vector<WavePhaseRow> wave;
  std::vector<LawRow> laws;
};

/// The page being written, the plain-text summary beside it, and where the files go.
struct Report {
  report::HtmlPage page;
  std::ostringstream summary;
  std::filesystem::path dir;
};

double median(std::vector<double> v) {
  v.erase(std::remove_if(v.begin(), v.end(), [](double x) { return !std::isfinite(x); }), v.end());
  if (v.empty()) return NAN;
  std::sort(v.begin(), v.end());
  const std::size_t h = v.size() / 2;
  return v.size() % 2 ? v[h] : 0.5 * (v[h - 1] + v[h]);
}

using Medians = std::map<std::string, std::map<double, double>>;

/// Medians over seeds of `value`, grouped by (series(row), row.*x).
template <class Row, class Series, class X>
Medians medians(const std::vector<Row>& rows, Series series, X Row::*x, double Row::*value) {
  std::map<std::string, std::map<double, std::vector<double>>> groups;
  for (const auto& r : rows) groups[series(r)][static_cast<double>(r.*x)].push_back(r.*value);
  Medians out;
  for (const auto& [s, xs] : groups)
    for (const auto& [xv, vs] : xs) out[s][xv] = median(vs);
  return out;
}

constexpr auto one_series = [](const auto&) { return std::string(); };
constexpr auto by_d = [](const auto& r) { return std::to_string(r.d); };

/// A plot series through the points of a map x -> y.
report::Series curve(std::string label, const std::map<double, double>& points,
                     std::string dash = {}) {
  report::Series s{std::move(label), {}, {}, {}, std::move(dash)};
  for (const auto& [x, y] : points) {
    s.x.push_back(x);
    s.y.push_back(y);
  }
  return s;
}

/// A 620 x 380 line plot.
report::LinePlot line_plot(std::string title, std::string x_label, std::string y_label, bool log_x,
                           bool log_y) {
  return {std::move(title),
          std::move(x_label),
          std::move(y_label),
          {},
          log_x,
          log_y,
          {},
          {},
          {},
          {},
          620,
          380};
}

/// Progress over all points of the demo: the shared progress line (stderr, with ETA, only on a
/// terminal, silent for the first 2 s and with --quiet).
class Progress {
 public:
  Progress(std::size_t total, bool quiet)
      : line_(std::cerr, stream_is_terminal(STDERR_FILENO) && !quiet) {
    line_.start(total, "demo");
  }
  void step(const std::string& what) { line_.update(done_++, what); }
  void finish() { line_.finish(); }

 private:
  nnm::ProgressLine line_;
  std::size_t done_ = 0;
};

template <class Row>
std::vector<Row> run_experiment(const std::string& name, const ExperimentScale& scale,
                                const std::filesystem::path& dir, Progress& progress) {
  const auto experiment = make_experiment(name);
  SweepOptions o;
  o.path = (dir / (name + ".csv")).string();
  std::filesystem::remove(o.path);  // the demo recomputes; `nnm sweep --resume` is for long grids
  o.scale = scale;
  o.progress = [&](std::size_t, std::size_t, const ExperimentRow& point) {
    if (point.empty()) return;
    std::string where;
    for (const auto& v : point) where += " " + v;
    progress.step(name + where);
  };
  const SweepSummary s = run_sweep(*experiment, o);
  return typed_rows<Row>(s.columns, s.rows, name);
}

/// Spectral recovery (plain and polished) of the default teacher under one input law.
LawRow law_row(const std::string& name, const ExperimentScale& scale) {
  const std::uint64_t n = scale.size == ExperimentSize::smoke ? 20000 : 100000;
  TeacherOptions to;
  to.seed = scale.seed;
  const Network teacher = make_teacher(to);
  const auto law = make_input_law(name, to.d, scale.seed);
  const Dataset data = TeacherSampler(teacher, *law, n, 0.0, scale.seed).sample(0, n);
  const Eigen::MatrixXd fresh = law->sample(std::uint64_t{1} << 40, 5000);
  RecoveryOptions o;
  o.k = to.k;
  const RecoveryResult r = recover(MatrixSource(data.X, &data.Y), o);
  o.polish_iterations = 5;
  const RecoveryResult p = recover(MatrixSource(data.X, &data.Y), o);
  LawRow row{law->name(), law->symmetric() ? "yes" : "NO", std::string(r.summary.status_name())};
  row.symmetry_z = r.summary.symmetry_max_z;
  row.gap = r.summary.spectral_gap;
  if (r.model_computed()) {
    const auto e = compare_networks(r.model, teacher, fresh);
    row.W_err = e.W_err;
    row.out_err = e.out_err;
  }
  if (p.model_computed()) row.W_err_polished = compare_networks(p.model, teacher, fresh).W_err;
  return row;
}

/// Spectral recovery across every input law the library knows (non-symmetric ones included).
std::vector<LawRow> law_table(const ExperimentScale& scale, const std::filesystem::path& dir,
                              Progress& progress, const std::vector<std::string>& laws) {
  std::vector<LawRow> rows;
  std::vector<ExperimentRow> cells;
  for (const auto& name : laws) {
    progress.step("recovery under " + name);
    rows.push_back(law_row(name, scale));
    cells.push_back(to_row(rows.back()));
  }
  write_file_atomically((dir / "laws.csv").string(), results_csv(columns_of<LawRow>(), cells));
  return rows;
}

/// The cells of typed rows for a page table: fractional numbers to 3 significant digits.
template <class Row>
std::vector<std::vector<std::string>> formatted(const std::vector<Row>& rows) {
  std::vector<std::vector<std::string>> out;
  for (const auto& r : rows) {
    std::vector<std::string> cells;
    for (const auto& cell : to_row(r)) {
      char* end = nullptr;
      const double v = std::strtod(cell.c_str(), &end);
      cells.push_back(end && *end == '\0' && !cell.empty() &&
                              cell.find_first_not_of("0123456789") != std::string::npos
                          ? format_number(v, 3)
                          : cell);
    }
    out.push_back(std::move(cells));
  }
  return out;
}

template <class Row>
void add_table(Report& rep, const std::vector<Row>& rows) {
  rep.page.table(columns_of<Row>(), formatted(rows));
}

void save_svg(const std::filesystem::path& dir, const std::string& name, const std::string& svg) {
  write_file_atomically((dir / name).string(), svg + "\n");
}

/// The largest n of the spectral curves, the best median W_err there (and its law), and the best
/// Adam W_err at the largest n of its curves.
struct SpectralBest {
  double largest_n = 0, spectral = INFINITY, gd = INFINITY;
  std::string law;
};
SpectralBest spectral_best(const Medians& spectral, const Medians& gd) {
  SpectralBest b;
  for (const auto& [law, xs] : spectral) b.largest_n = std::max(b.largest_n, xs.rbegin()->first);
  for (const auto& [law, xs] : spectral)
    if (xs.rbegin()->second < b.spectral) {
      b.spectral = xs.rbegin()->second;
      b.law = law;
    }
  for (const auto& [law, xs] : gd) b.gd = std::min(b.gd, xs.rbegin()->second);
  return b;
}

// 1. Spectral recovery against n, beside the gradient learner on the same samples.
void spectral_section(Report& rep, const std::vector<SpectralSamplesRow>& rows) {
  using R = SpectralSamplesRow;
  const auto by_law = [](const R& r) { return r.law; };
  const auto spectral = medians(rows, by_law, &R::n, &R::spectral_W_err);
  const auto gd = medians(rows, by_law, &R::n, &R::gd_W_err);
  report::LinePlot plot = line_plot("Recovering W from n samples (d = 10, k = 5, m = 5)",
                                    "samples n", "W_err (median over seeds)", true, true);
  for (const auto& [law, xs] : spectral) plot.series.push_back(curve("spectral, " + law, xs));
  for (const auto& [law, xs] : gd) plot.series.push_back(curve("Adam, " + law, xs, "6 3"));
  const std::string svg = report::line_plot_svg(plot);
  save_svg(rep.dir, "spectral-samples.svg", svg);
  rep.page.heading("1. Spectral recovery on symmetric inputs");
  rep.page.svg(svg,
               "Solid: spectral method of moments. Dashed: a k-unit ReLU student trained by Adam "
               "on the same samples.");
  const SpectralBest b = spectral_best(spectral, gd);
  std::ostringstream p;
  p << "The spectral estimate's error falls steadily with n on every symmetric law; at n = "
    << format_number(b.largest_n) << " the median W_err is " << format_number(b.spectral) << " ("
    << b.law << "). The gradient learner of the same width, trained on the same samples, reaches "
    << format_number(b.gd) << " at best: from a random start a k-unit student often stalls with "
    << "units that are dead or duplicated, which the method of moments never has to avoid.";
  rep.page.paragraph(p.str());
  rep.summary << "1. spectral-samples: median spectral W_err at n = " << format_number(b.largest_n)
              << ": " << format_number(b.spectral) << " (" << b.law << "); best Adam W_err "
              << format_number(b.gd) << "\n";
}

// 2. Across input laws.
void laws_section(Report& rep, const std::vector<LawRow>& rows) {
  rep.page.heading("2. Across input laws, and what the diagnostics do off the symmetric ones");
  std::vector<ExperimentRow> cells;
  for (const auto& r : rows) cells.push_back(to_row(r));
  rep.page.table(columns_of<LawRow>(), cells);
  int ok = 0, symmetric = 0, refused = 0, asymmetric = 0;
  for (const auto& r : rows) {
    if (r.symmetric == "yes") {
      ++symmetric;
      ok += r.status == "success";
    } else {
      ++asymmetric;
      refused += r.status == "not_symmetric";
    }
  }
  std::ostringstream p;
  p << "Spectral recovery succeeded on " << ok << " of " << symmetric << " symmetric laws; its "
    << "symmetry test refused " << refused << " of " << asymmetric << " non-symmetric ones (exit "
    << "code 3 from nnm recover). W_err_polished is the same data after five Levenberg-Marquardt "
       "steps "
    << "from the spectral start.";
  rep.page.paragraph(p.str());
  rep.summary << "2. laws: success on " << ok << "/" << symmetric << " symmetric laws, " << refused
              << "/" << asymmetric << " non-symmetric laws refused\n";
}

// 3. Symmetry breaking.
void symmetry_section(Report& rep, const std::vector<SymmetryBreakRow>& rows) {
  using R = SymmetryBreakRow;
  const auto w = medians(rows, one_series, &R::shift, &R::W_err);
  const auto z = medians(rows, one_series, &R::shift, &R::symmetry_z);
  report::LinePlot plot = line_plot("Moving the inputs off symmetry: x ~ N(mu, I)", "shift |mu|",
                                    "median value", false, true);
  plot.series = {curve("W_err (when a model was produced)", w.at("")),
                 curve("symmetry z-score", z.at(""), "6 3")};
  plot.reference_y = 6.0;
  plot.reference_label = "z = 6: flagged when the effect also exceeds 0.05";
  const std::string svg = report::line_plot_svg(plot);
  save_svg(rep.dir, "symmetry-break.svg", svg);
  rep.page.heading("3. Breaking the symmetry");
  rep.page.svg(svg);
  double first_refused = NAN;
  for (const auto& r : rows)
    if (r.status == "not_symmetric" && !(r.shift >= first_refused)) first_refused = r.shift;
  add_table(rep, rows);
  std::ostringstream p;
  p << "The method's guarantee needs x and -x to be equally likely. As the mean moves away from "
       "0 "
    << "the odd statistics of the inputs grow and the symmetry test starts refusing the result "
    << "(status not_symmetric) from a shift of " << format_number(first_refused)
    << "; below that the bias is small enough that W is still recovered.";
  rep.page.paragraph(p.str());
  rep.summary << "3. symmetry-break: first refused at shift " << format_number(first_refused)
              << "\n";
}

/// Held-out (solid) and training (dashed) error of Adam on the parity family against k.
std::string parity_error_plot(const std::vector<ParityGdRow>& rows) {
  using R = ParityGdRow;
  const auto test = medians(rows, by_d, &R::k, &R::test_error);
  const auto tr = medians(rows, by_d, &R::k, &R::train_error);
  report::LinePlot plot = line_plot("Adam on the ReLU parity family (256-unit student)", "k (|S|)",
                                    "normalised error", false, false);
  for (const auto& [d, xs] : test) plot.series.push_back(curve("test, d = " + d, xs));
  for (const auto& [d, xs] : tr) plot.series.push_back(curve("train, d = " + d, xs, "6 3"));
  plot.reference_y = 1.0;
  plot.reference_label = "trivial error (predict the mean)";
  plot.y_min = 0.0;
  return report::line_plot_svg(plot);
}

/// The CSQ query lower bound against the tolerance, for every (d, k) of the grid.
std::string parity_bound_plot(const std::vector<ParityGdRow>& rows) {
  report::LinePlot bound = line_plot("CSQ query lower bound of the parity family", "tolerance tau",
                                     "queries needed", true, true);
  std::set<std::pair<long, long>> dk;
  for (const auto& r : rows) dk.insert({static_cast<long>(r.d), static_cast<long>(r.k)});
  for (const auto& [d, k] : dk) {
    report::Series b{"d = " + std::to_string(d) + ", k = " + std::to_string(k), {}, {}, {}, ""};
    for (double tau = 1e-3; tau <= 0.31; tau *= 1.25) {
      b.x.push_back(tau);
      b.y.push_back(csq_query_lower_bound(binomial(d, k), 1.0, tau));
    }
    bound.series.push_back(b);
  }
  return report::line_plot_svg(bound);
}

// 4. Parity family: gradient learner against k, and the SQ bound.
void parity_section(Report& rep, const std::vector<ParityGdRow>& rows) {
  const std::string svg = parity_error_plot(rows), bsvg = parity_bound_plot(rows);
  save_svg(rep.dir, "parity-gd.svg", svg);
  save_svg(rep.dir, "parity-bound.svg", bsvg);
  rep.page.heading("4. The parity family: learnable for small k, not for larger k");
  rep.page.svg(svg, "Solid: held-out error. Dashed: training error (a wide student can memorise).");
  add_table(rep, rows);
  rep.page.svg(bsvg,
               "Members are orthogonal (lambda_max = 1), so a correlational SQ learner needs at "
               "least C(d,k) tau^2 - 1 queries of tolerance tau.");
  std::ostringstream p, learned, failed;
  for (const auto& r : rows)
    (r.test_error < 0.5 ? learned : failed)
        << " k=" << r.k << " (d=" << r.d << ", test " << format_number(r.test_error) << ")";
  p << "Gradient descent on the square loss is a correlational statistical-query algorithm. "
       "Learned "
    << "(held-out error below 0.5):" << (learned.str().empty() ? " none" : learned.str())
    << ". Not learned:" << (failed.str().empty() ? " none" : failed.str())
    << ". The family has C(d, k) mutually orthogonal members, and the bound grows like d^k: at d "
       "= 30, "
    << "k = 6 and tau = 0.01 it already demands "
    << format_number(csq_query_lower_bound(binomial(30, 6), 1.0, 0.01)) << " queries.";
  rep.page.paragraph(p.str());
  rep.summary << "4. parity-gd: learned" << (learned.str().empty() ? " none" : learned.str())
              << "; not learned" << (failed.str().empty() ? " none" : failed.str()) << "\n";
}

/// Held-out and training error of the wave grid as two heat maps (d down, sharpness across).
struct WaveMaps {
  report::HeatMap test, train;
  std::vector<double> sharpness;
};
WaveMaps wave_maps(const Medians& test, const Medians& tr) {
  WaveMaps m{{"Held-out error of Adam on the wave family",
              "sharpness s",
              "input dimension d",
              "test error (MSE / Var y)",
              {},
              {},
              {},
              0.0,
              1.0,
              true,
              70,
              34},
             {},
             {}};
  for (const auto& [d, xs] : test)
    for (const auto& [x, y] : xs) m.sharpness.push_back(x);
  std::sort(m.sharpness.begin(), m.sharpness.end());
  m.sharpness.erase(std::unique(m.sharpness.begin(), m.sharpness.end()), m.sharpness.end());
  m.train = m.test;
  m.train.title = "Training error on the same runs";
  m.train.value_label = "train error (MSE / Var y)";
  for (double x : m.sharpness) m.test.x_ticks.push_back(format_number(x));
  m.train.x_ticks = m.test.x_ticks;
  for (const auto& [d, xs] : test) {
    m.test.y_ticks.push_back(d);
    std::vector<double> row, trow;
    for (double x : m.sharpness) {
      row.push_back(xs.count(x) ? xs.at(x) : NAN);
      trow.push_back(tr.at(d).count(x) ? tr.at(d).at(x) : NAN);
    }
    m.test.values.push_back(row);
    m.train.values.push_back(trow);
  }
  m.train.y_ticks = m.test.y_ticks;
  return m;
}

/// Where each row of held-out errors first reaches 0.5: "; d = 10: between s = 1 and 1.5" ...
std::string wave_transitions(const WaveMaps& m) {
  std::ostringstream where;
  for (std::size_t j = 0; j < m.test.values.size(); ++j) {
    const auto& row = m.test.values[j];
    double below = NAN, above = NAN;
    for (std::size_t i = 0; i < m.sharpness.size(); ++i)
      if (row[i] >= 0.5) {
        above = m.sharpness[i];
        below = i ? m.sharpness[i - 1] : NAN;
        break;
      }
    where << (where.tellp() > 0 ? "; " : " ") << "d = " << m.test.y_ticks[j] << ": "
          << (std::isnan(above) ? "no transition in the grid"
              : std::isnan(below)
                  ? "hard from the smallest s"
                  : "between s = " + format_number(below) + " and " + format_number(above));
  }
  return where.str();
}

// 5. Wave family: the phase transition.
void wave_section(Report& rep, const std::vector<WavePhaseRow>& rows) {
  using R = WavePhaseRow;
  const WaveMaps m = wave_maps(medians(rows, by_d, &R::sharpness, &R::test_error),
                               medians(rows, by_d, &R::sharpness, &R::train_error));
  const std::string where = wave_transitions(m);
  const std::string svg = report::heat_map_svg(m.test), tsvg = report::heat_map_svg(m.train);
  save_svg(rep.dir, "wave-phase.svg", svg);
  save_svg(rep.dir, "wave-phase-train.svg", tsvg);
  rep.page.heading("5. The wave family: a phase transition in sharpness");
  rep.page.svg(svg);
  rep.page.svg(tsvg);
  add_table(rep, rows);
  std::ostringstream p;
  p << "Targets f(x) = psi(<a, x>) with a in {-1, 1}^d and psi an alternating sum of sigmoids of "
    << "sharpness s spaced one unit apart. Blunt waves are nearly the smooth envelope of the sum "
    << "and are learned; sharp ones oscillate along a hidden direction and have vanishing "
    << "correlation with every low-degree function, and gradient training stays near the trivial "
    << "error on held-out data. Where the held-out error first reaches 0.5:" << where << ".";
  rep.page.paragraph(p.str());
  rep.summary << "5. wave-phase: held-out error reaches 0.5" << where << "\n";
}

/// The output directory, created if missing; anything in the way is an InputError.
std::filesystem::path output_directory(const std::string& out) {
  const std::filesystem::path dir(out);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir))
    throw InputError(located(out, 0,
                             "cannot create the output directory: " +
                                 (ec ? ec.message() : std::string("a file is in the way"))));
  check_files({}, {{"--out", (dir / "index.html").string()}});
  return dir;
}

std::vector<std::string> demo_laws(ExperimentSize size) {
  if (size == ExperimentSize::smoke) return {"gaussian", "shifted_gaussian"};
  return {"gaussian", "uniform", "rademacher",      "laplace",          "student_t:5", "sphere",
          "mix2",     "gmix:3",  "gaussian_cov:10", "shifted_gaussian", "exponential"};
}

/// Runs the four grids (writing their CSVs) and the law table, with one progress line.
DemoResults run_all(const ExperimentScale& scale, const std::filesystem::path& dir, bool quiet) {
  const std::vector<std::string> laws = demo_laws(scale.size);
  std::size_t total = laws.size();
  for (const char* n : {"spectral-samples", "symmetry-break", "parity-gd", "wave-phase"})
    total += make_experiment(n)->points(scale).size();
  Progress progress(total, quiet);
  DemoResults r;
  r.spectral = run_experiment<SpectralSamplesRow>("spectral-samples", scale, dir, progress);
  r.symmetry = run_experiment<SymmetryBreakRow>("symmetry-break", scale, dir, progress);
  r.parity = run_experiment<ParityGdRow>("parity-gd", scale, dir, progress);
  r.wave = run_experiment<WavePhaseRow>("wave-phase", scale, dir, progress);
  r.laws = law_table(scale, dir, progress, laws);
  progress.finish();
  return r;
}

int run_demo(const DemoArgs& a) {
  apply_threads(a.threads);
  ExperimentScale scale;
  scale.size = parse_experiment_size(a.size);
  scale.seed = a.seed;
  Report rep{
      report::HtmlPage("nnmoments: where spectral recovery succeeds and gradient learners fail"),
      {},
      output_directory(a.out)};
  const auto start = std::chrono::steady_clock::now();
  const DemoResults results = run_all(scale, rep.dir, a.quiet);

  rep.page.paragraph(
      "Every number on this page was computed by `nnm demo --size " + a.size + " --seed " +
      std::to_string(a.seed) +
      "` in this run; the data are in the CSV files beside this page and " +
      "each plot is also saved as an SVG file. Errors: W_err is the distance between the unit " +
      "directions after matching and sign alignment; test error is MSE / Var(y) on held-out " +
      "samples, so 1 is the error of predicting the mean.");
  spectral_section(rep, results.spectral);
  laws_section(rep, results.laws);
  symmetry_section(rep, results.symmetry);
  parity_section(rep, results.parity);
  wave_section(rep, results.wave);

  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  rep.page.heading("How to read and reproduce");
  rep.page.paragraph(
      "Each panel is a small version of a grid that `nnm sweep --experiment NAME --size full` "
      "runs at the papers' scale (docs/experiments.md). This page took " +
      format_number(seconds) + " s on " + std::to_string(omp_get_max_threads()) + " threads.");
  write_file_atomically((rep.dir / "summary.txt").string(), rep.summary.str());
  write_file_atomically((rep.dir / "index.html").string(), rep.page.render());
  std::cout << rep.summary.str() << "\nwrote " << (rep.dir / "index.html").string() << " ("
            << format_number(seconds) << " s)\n";
  return kExitOk;
}

}  // namespace

void register_demo(CLI::App& app, Action& action) {
  auto args = std::make_shared<DemoArgs>();
  auto* cmd = app.add_subcommand(
      "demo",
      "Run the recovery-vs-hardness comparison on built-in defaults and write DIR/index.html");
  cmd->add_option("--out", args->out, "Output directory")->capture_default_str();
  cmd->add_option("--size", args->size, "demo (a minute or two), smoke (seconds) or full (hours)")
      ->capture_default_str();
  cmd->add_flag("--quiet", args->quiet, "No progress line on stderr");
  add_seed_option(*cmd, args->seed);
  add_threads_option(*cmd, args->threads);
  cmd->callback([args, &action] { action = [args] { return run_demo(*args); }; });
}

static const Subcommand registered{"demo", &register_demo};

}  // namespace nnm::cli
