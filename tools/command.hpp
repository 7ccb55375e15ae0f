#pragma once
// What every nnm subcommand shares: registration, --threads, and the mapping from errors to exit
// codes (0 ok, 1 anything else, 2 bad usage or input, 3 result not trustworthy).
#include <CLI/CLI.hpp>
#include <functional>
#include <string>

namespace nnm::cli {

inline constexpr int kExitOk = 0, kExitFailure = 1, kExitBadInput = 2, kExitUntrusted = 3;

/// The subcommand's body, run after parsing; returns the exit code.
using Action = std::function<int()>;

/// Adds --threads N to a subcommand and arranges for it to be applied before the body runs.
void add_threads_option(CLI::App& app, int& threads);
/// Sets the OpenMP thread count (0 = all cores).
void apply_threads(int threads);
/// This process's peak resident memory in MB (VmHWM, which unlike getrusage's ru_maxrss does not
/// start from the parent's peak); 0 where /proc is unavailable.
double peak_memory_mb();

/// Adds one subcommand to the app; when the user picks it, stores its body in `action`.
using Register = void (*)(CLI::App& app, Action& action);

/// Each tools/<subcommand>.cpp registers itself with a namespace-scope
///   static const Subcommand registered{"name", &register_name};
/// so adding a subcommand touches no other file. main() adds them in name order.
struct Subcommand {
  Subcommand(const char* name, Register add);
};

}  // namespace nnm::cli
