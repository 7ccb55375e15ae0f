// nnm sweep: runs a named experiment grid, one CSV row per finished point, resumable.
#include <fmt/format.h>
#include <unistd.h>

#include <iostream>
#include <optional>

#include "command.hpp"
#include "experiments/experiment.hpp"
#include "nnm/core/error.hpp"
#include "nnm/data/atomic_file.hpp"
#include "nnm/learn/progress.hpp"
#include "options.hpp"
#include "ranks.hpp"

namespace nnm::cli {
namespace {

struct SweepArgs {
  std::string experiment, out, size = "demo";
  int seeds = 0, threads = 0;
  bool resume = false, list = false, quiet = false;
  std::uint64_t seed = 1;
};

/// "law gaussian, n 2000, seed 1": a point's parameters with their column names.
std::string describe(const std::vector<std::string>& columns, const ExperimentRow& point) {
  std::vector<std::string> parts;
  for (std::size_t i = 0; i < point.size() && i < columns.size(); ++i)
    parts.push_back(columns[i] + " " + point[i]);
  return fmt::format("{}", fmt::join(parts, ", "));
}

/// The command that continues this sweep, for the hint printed on Ctrl-C.
std::string resume_command(const SweepArgs& a) {
  std::string command = "nnm sweep --experiment " + a.experiment + " --size " + a.size;
  if (a.seeds > 0) command += " --seeds " + std::to_string(a.seeds);
  if (a.seed != 1) command += " --seed " + std::to_string(a.seed);
  return command + " --out " + a.out + " --resume";
}

/// On SIGINT/SIGTERM: temporaries removed (the data layer's handler), then this hint.
void install_resume_hint(const SweepArgs& a) {
  const std::string hint = "\nnnm sweep: interrupted; the finished points are in " + a.out +
                           "; continue with:\n  " + resume_command(a) + "\n";
  remove_temporaries_on_signal(hint.c_str());  // copied: the handler never reads this string
}

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
  // The line counts the points this run has to do, so that kept rows do not skew the ETA.
  ProgressLine progress(std::cerr, stream_is_terminal(STDERR_FILENO) && !a.quiet);
  const auto columns = experiment->parameter_columns();
  std::optional<std::size_t> kept;
  o.progress = [&](std::size_t done, std::size_t total, const ExperimentRow& point) {
    if (!kept) {
      kept = done;
      progress.start(total - done, "sweep " + a.experiment);
    }
    progress.update(done - *kept, point.empty() ? "done" : describe(columns, point));
  };
  if (const ReductionChannel* r = ranks()) {  // under mpirun: rank 0 writes what all ranks ran
    o.ways = r->ranks();
    o.way = r->rank();
    o.share = share_lines;
    o.writes = lead_rank();
  }
  if (lead_rank()) install_resume_hint(a);
  // The results file o.path is opened, read (with --resume) and rewritten only inside run_sweep;
  // anything that must hold for the whole sweep (e.g. a lock on o.path) goes right here.
  const SweepSummary s = run_sweep(*experiment, o);
  progress.finish();
  if (s.dropped > 0)
    std::cerr << a.experiment << ": the last row of " << a.out
              << " was not whole (the file was cut); that point was run again\n";
  std::cerr << a.experiment << ": " << s.points << " points, " << s.reused << " kept from " << a.out
            << ", " << s.ran << " run (" << format_duration(progress.elapsed()) << ")\n";
  return kExitOk;
}

}  // namespace

void register_sweep(CLI::App& app, Action& action) {
  auto a = std::make_shared<SweepArgs>();
  auto* cmd = app.add_subcommand(
      "sweep", "Run a named experiment grid; one CSV row per finished point, resumable");
  cmd->add_option("--experiment", a->experiment,
                  "An experiment of --list: spectral-samples, spectral-laws, symmetry-break, "
                  "parity-gd, wave-phase, boundary-outputs, boundary-rank, boundary-symmetry or "
                  "boundary-noise");
  cmd->add_option("--out", a->out, "Results CSV (rewritten whole after every point)");
  cmd->add_flag("--resume", a->resume,
                "Keep the finished rows of --out and run only the missing points (a cut last row "
                "is run again; more --seeds add repetitions)");
  cmd->add_option("--size", a->size,
                  "Grid size: smoke (seconds), demo (minutes; what nnm demo runs) or full (a "
                  "larger scale: from a minute to hours per experiment on 2 cores, see "
                  "docs/experiments.md)")
      ->capture_default_str();
  add_count(*cmd, "--seeds", a->seeds, "Repetitions of every point (0: the size's default)", 0,
            1000);
  cmd->add_flag("--list", a->list, "List the experiments and exit");
  cmd->add_flag("--quiet", a->quiet, "No progress line on stderr");
  add_seed_option(*cmd, a->seed, "First seed; repetition r uses seed + r");
  add_threads_option(*cmd, a->threads);
  cmd->callback([a, &action] { action = [a] { return run_sweep_command(*a); }; });
}

static const Subcommand registered{"sweep", &register_sweep};

}  // namespace nnm::cli
