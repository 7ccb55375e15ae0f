// nnm sweep: runs a named experiment grid, one CSV row per finished point, resumable.
#include <unistd.h>

#include <iostream>

#include "command.hpp"
#include "experiments/experiment.hpp"
#include "nnm/core/error.hpp"

namespace nnm::cli {
namespace {

struct SweepArgs {
  std::string experiment, out, size = "full";
  int seeds = 0, threads = 0;
  bool resume = false, list = false;
  std::uint64_t seed = 1;
};

int run_sweep_command(const SweepArgs& a) {
  apply_threads(a.threads);
  if (a.list) {
    for (const auto& name : experiment_names())
      std::cout << name << ": " << make_experiment(name)->description() << "\n";
    return kExitOk;
  }
  if (a.experiment.empty()) throw InputError("--experiment is required (see --list)");
  if (a.out.empty()) throw InputError("--out is required");
  const auto experiment = make_experiment(a.experiment);
  SweepOptions o;
  o.path = a.out;
  o.resume = a.resume;
  o.scale.size = parse_experiment_size(a.size);
  o.scale.seeds = a.seeds;
  o.scale.seed = a.seed;
  check_files({}, {{"--out", a.out}});
  const bool tty = isatty(STDERR_FILENO);
  o.progress = [tty, &a](std::size_t done, std::size_t total, const ExperimentRow& point) {
    std::string where;
    for (const auto& v : point) where += (where.empty() ? "" : " ") + v;
    if (tty)
      std::cerr << "\r" << a.experiment << ": " << done << "/" << total
                << (point.empty() ? " done" : "  running " + where) << "\033[K"
                << (point.empty() ? "\n" : "") << std::flush;
    else if (!point.empty())
      std::cerr << a.experiment << ": point " << done + 1 << "/" << total << " (" << where << ")\n";
  };
  const SweepSummary s = run_sweep(*experiment, o);
  std::cerr << a.experiment << ": " << s.points << " points, " << s.reused << " kept from " << a.out
            << ", " << s.ran << " run\n";
  return kExitOk;
}

}  // namespace

void register_sweep(CLI::App& app, Action& action) {
  auto a = std::make_shared<SweepArgs>();
  auto* cmd = app.add_subcommand(
      "sweep", "Run a named experiment grid; one CSV row per finished point, resumable");
  cmd->add_option("--experiment", a->experiment,
                  "spectral-samples, wave-phase, parity-gd or symmetry-break");
  cmd->add_option("--out", a->out, "Results CSV (rewritten whole after every point)");
  cmd->add_flag("--resume", a->resume,
                "Keep the finished rows of --out and run only the missing points");
  cmd->add_option(
         "--size", a->size,
         "Grid size: smoke (seconds), demo (what nnm demo runs) or full (docs/experiments.md)")
      ->capture_default_str();
  cmd->add_option("--seeds", a->seeds, "Repetitions of every point (0: the size's default)")
      ->capture_default_str()
      ->check(CLI::Range(0, 1000));
  cmd->add_flag("--list", a->list, "List the experiments and exit");
  add_seed_option(*cmd, a->seed, "First seed; repetition r uses seed + r");
  add_threads_option(*cmd, a->threads);
  cmd->callback([a, &action] { action = [a] { return run_sweep_command(*a); }; });
}

static const Subcommand registered{"sweep", &register_sweep};

}  // namespace nnm::cli
