#pragma once
// What every nnm subcommand shares: registration, --threads, and the mapping from errors to exit
// codes (0 ok, 1 anything else, 2 bad usage or input, 3 result not trustworthy).
#include <CLI/CLI.hpp>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace nnm {
struct CsvOptions;
struct DataOptions;
class HeldSource;
}  // namespace nnm

namespace nnm::cli {

inline constexpr int kExitOk = 0, kExitFailure = 1, kExitBadInput = 2, kExitUntrusted = 3;

/// Thrown by a subcommand when a method's own diagnostics refuse its result midway (exit code 3).
struct UntrustedResult : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// The subcommand's body, run after parsing; returns the exit code.
using Action = std::function<int()>;

/// More worker threads than this is never useful, and tens of thousands crash the OpenMP runtime.
inline constexpr int kMaxThreads = 1024;

/// Adds --threads N (0 to kMaxThreads) to a subcommand and arranges for it to be applied before the
/// body runs.
void add_threads_option(CLI::App& app, int& threads);
/// Adds --seed S (a whole number ≥ 0; "-1" is an error rather than 2^64 − 1).
void add_seed_option(CLI::App& app, std::uint64_t& seed,
                     const std::string& description = "Random seed");
/// Sets the OpenMP thread count (0 = all cores).
void apply_threads(int threads);
/// This process's peak resident memory in MB (VmHWM, which unlike getrusage's ru_maxrss does not
/// start from the parent's peak); 0 where /proc is unavailable.
double peak_memory_mb();

/// A file named on the command line: the option that names it and its path.
struct NamedFile {
  const char* option;
  std::string path;
};
/// Checks, before any work is done, that every output can be created (its directory exists and is
/// writable, it is not a directory) and that no output is the same file as an input or as another
/// output, which would destroy the input or lose a result. Throws InputError naming the option.
void check_files(const std::vector<NamedFile>& inputs, const std::vector<NamedFile>& outputs);

/// How a data file is read: its columns (--x-cols, --y-cols), its format (--format, default by
/// extension) and, for commands that pass over the data several times, --memory-budget.
struct ColumnOptions {
  std::string x, y;
  std::string format = "auto";
  std::string memory_budget;  ///< empty: the library's default
};
/// Adds --data, which may be given several times (--data a.npy --data b.csv): the files are one
/// data set, rows in the order given, formats mixed as they come. Required unless said otherwise
/// (cp takes --tensor instead).
CLI::Option* add_data_files_option(CLI::App& app, std::vector<std::string>& paths,
                                   const std::string& help, bool required = true);
/// The data files as messages and reports name them: the one path, or all joined by ", ".
std::string data_files_name(const std::vector<std::string>& paths);
/// The files' format for a report: the one they share, or "mixed".
std::string data_files_format(const std::vector<std::string>& paths, const ColumnOptions& columns);
/// Adds --x-cols, --y-cols and --format to a subcommand that reads a data file.
void add_column_options(CLI::App& app, ColumnOptions& columns);
/// Adds --format (auto, csv, npy or h5) with the given help text.
CLI::Option* add_format_option(CLI::App& app, std::string& format, const std::string& help);
/// Adds --memory-budget to a subcommand that passes over its data more than once.
void add_memory_budget_option(CLI::App& app, ColumnOptions& columns);
/// The CSV reader's options for those columns.
CsvOptions csv_options(const ColumnOptions& columns, bool require_outputs);
/// The data file's options (format, columns, memory budget).
DataOptions data_options(const ColumnOptions& columns, bool require_outputs);
/// Bytes from "512M", "4G", "1.5GiB", "0" (K, M, G, T are powers of 1024; no unit: bytes).
/// Throws InputError naming --memory-budget.
std::uint64_t parse_memory_budget(const std::string& text);
/// The JSON report's "data" entry and a one-line summary on stderr of how a file was read.
std::string data_report_line(const std::string& path, const HeldSource& source);

/// Adds one subcommand to the app; when the user picks it, stores its body in `action`.
using Register = void (*)(CLI::App& app, Action& action);

/// Each tools/<subcommand>.cpp registers itself with a namespace-scope
///   static const Subcommand registered{"name", &register_name};
/// so adding a subcommand touches no other file. main() adds them in name order.
struct Subcommand {
  Subcommand(const char* name, Register add);
};

}  // namespace nnm::cli
