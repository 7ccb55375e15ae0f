#pragma once
// Named experiment grids that put spectral recovery and gradient learners on the same inputs, and
// the resumable sweep that runs them.
//
// Every point of a grid is a pure function of its parameters (seeds included), so a sweep that is
// killed and resumed writes exactly the rows an uninterrupted one would. Results hold no timings
// for the same reason.
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "experiments/fields.hpp"

namespace nnm {

/// How big a grid to run: smoke (seconds, for tests), demo (the `nnm demo` report, a minute or
/// so), full (a larger scale: a minute to hours per experiment, see docs/experiments.md).
enum class ExperimentSize { smoke, demo, full };
ExperimentSize parse_experiment_size(const std::string& name);

struct ExperimentScale {
  ExperimentSize size = ExperimentSize::full;
  int seeds = 0;           ///< repetitions of every point; 0: the size's default
  std::uint64_t seed = 1;  ///< first seed; repetition r uses seed + r
};

class Experiment {
 public:
  virtual ~Experiment() = default;
  virtual std::string name() const = 0;
  virtual std::string description() const = 0;
  /// Columns that identify a point (the last is always "seed"), then the columns it measures.
  virtual std::vector<std::string> parameter_columns() const = 0;
  virtual std::vector<std::string> result_columns() const = 0;
  /// The grid, in the order rows are written.
  virtual std::vector<ExperimentRow> points(const ExperimentScale& scale) const = 0;
  /// Measures one point (its parameter values as points() gave them).
  virtual ExperimentRow run(const ExperimentRow& point, const ExperimentScale& scale) const = 0;
};

/// The experiments by name (experiment_names()); their rows
/// are the structs of experiments/results.hpp (SpectralSamplesRow, ...).
std::unique_ptr<Experiment> make_experiment(const std::string& name);
const std::vector<std::string>& experiment_names();

struct SweepOptions {
  std::string path;     ///< the results CSV
  bool resume = false;  ///< keep the finished rows of an existing file and run only the rest
  ExperimentScale scale;
  /// Called before each point runs: (points finished, total, the point's parameters).
  std::function<void(std::size_t, std::size_t, const ExperimentRow&)> progress;
  /// Several processes sharing the grid (nnm sweep under mpirun): the points still to run go in
  /// rounds of `ways`, this process running the one at index `way` of each round. `share` is
  /// called by every process once a round with its row as a CSV line (empty when the round had no
  /// point for it) or its failure; it returns every process's line in order, or throws if any
  /// failed. Only a process with `writes` writes the results file. No `share`: one process.
  int ways = 1, way = 0;
  std::function<std::vector<std::string>(std::exception_ptr, const std::string&)> share;
  bool writes = true;
};

struct SweepSummary {
  std::size_t points = 0, reused = 0, ran = 0;
  /// A last row of the old file that was not whole (no line end, or too few fields: the file
  /// was cut while being written by something other than run_sweep): dropped and run again.
  std::size_t dropped = 0;
  std::vector<std::string> columns;
  std::vector<ExperimentRow> rows;  ///< every row, in grid order
};

/// Runs the grid, rewriting `path` atomically after every finished point (so the file always
/// holds whole rows). Without `resume` an existing file is an InputError; with it, the file's
/// header must match, its whole rows are kept (a damaged last row is run again), and a row for a
/// point outside this grid is refused. More seeds than the file has add the missing repetitions.
SweepSummary run_sweep(const Experiment& experiment, const SweepOptions& options);

/// A results CSV: the header line, then one line per row (values as given, comma-separated).
std::string results_csv(const std::vector<std::string>& columns,
                        const std::vector<ExperimentRow>& rows);

/// Reads a results CSV written by run_sweep: the header's columns and the rows. Every row ends
/// with a line end; a last row that does not (or that has too few fields) is not whole: with
/// `drop_partial_last` it is left out and counted in `dropped`, else it is an InputError.
SweepSummary read_sweep(const std::string& path, bool drop_partial_last = false);

}  // namespace nnm
