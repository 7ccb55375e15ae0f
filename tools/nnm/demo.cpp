// nnm demo: the main job. Runs the demo-size grids of every experiment (the boundary paths first)
// with the sweep's resume machinery, so an interrupted demo keeps its finished points, then builds
// DIR/index.html from the CSV files exactly as `nnm report --from DIR` does.
#include <omp.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <iostream>

#include "command.hpp"
#include "experiments/experiment.hpp"
#include "experiments/findings.hpp"
#include "nnm/core/error.hpp"
#include "nnm/data/atomic_file.hpp"
#include "nnm/learn/progress.hpp"
#include "report/report.hpp"
#include "report_files.hpp"

namespace nnm::cli {
namespace {

struct DemoArgs {
  std::string out = "nnm-demo", size = "demo";
  std::uint64_t seed = 1;
  int threads = 0;
  bool quiet = false;
};

/// The experiments the demo runs, in order (the boundary paths lead the page).
const std::vector<std::string>& demo_experiments() {
  static const std::vector<std::string> names{
      "boundary-outputs", "boundary-rank",    "boundary-symmetry",
      "boundary-noise",   "spectral-samples", "spectral-laws",
      "symmetry-break",   "parity-gd",        "wave-phase"};
  return names;
}

/// Runs every grid into DIR/NAME.csv, keeping the rows an earlier (interrupted) demo finished.
void run_grids(const ExperimentScale& scale, const std::filesystem::path& dir, bool quiet) {
  std::size_t total = 0;
  for (const auto& name : demo_experiments()) total += make_experiment(name)->points(scale).size();
  ProgressLine line(std::cerr, stream_is_terminal(STDERR_FILENO) && !quiet);
  line.start(total, "demo");
  std::size_t before = 0;
  for (const auto& name : demo_experiments()) {
    const auto experiment = make_experiment(name);
    SweepOptions o;
    o.path = (dir / (name + ".csv")).string();
    o.resume = true;  // rows already present (same grid and seeds) are kept
    o.scale = scale;
    o.progress = [&](std::size_t done, std::size_t, const ExperimentRow& point) {
      std::string where;
      for (const auto& v : point) where += " " + v;
      line.update(before + done, name + where);
    };
    const SweepSummary s = run_sweep(*experiment, o);
    if (s.reused > 0 && !quiet)
      std::cerr << name << ": " << s.reused << " of " << s.points << " points kept from " << o.path
                << "\n";
    before += s.points;
  }
  line.finish();
}

int run_demo(const DemoArgs& a) {
  apply_threads(a.threads);
  ExperimentScale scale;
  scale.size = parse_experiment_size(a.size);
  scale.seed = a.seed;
  const std::filesystem::path dir = output_directory(a.out);
  const auto start = std::chrono::steady_clock::now();
  run_grids(scale, dir, a.quiet);
  const std::string command = "nnm demo --size " + a.size + " --seed " + std::to_string(a.seed);
  const ReportPage page = build_report(read_results(dir), command);
  write_report(dir, page);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << page.summary << "\nwrote " << (dir / "index.html").string() << " ("
            << report::format_number(seconds) << " s on " << omp_get_max_threads() << " threads)\n";
  return kExitOk;
}

}  // namespace

void register_demo(CLI::App& app, Action& action) {
  auto args = std::make_shared<DemoArgs>();
  auto* cmd = app.add_subcommand(
      "demo",
      "Run the recovery-vs-hardness sweeps on built-in defaults (resuming an interrupted run) and "
      "write DIR/index.html from their CSV files");
  cmd->add_option("--out", args->out, "Output directory")->capture_default_str();
  cmd->add_option("--size", args->size, "demo (a few minutes), smoke (seconds) or full (hours)")
      ->capture_default_str();
  cmd->add_flag("--quiet", args->quiet, "No progress line on stderr");
  add_seed_option(*cmd, args->seed);
  add_threads_option(*cmd, args->threads);
  cmd->callback([args, &action] { action = [args] { return run_demo(*args); }; });
}

static const Subcommand registered{"demo", &register_demo};

}  // namespace nnm::cli
