// nnm: the command-line face of nnmoments. One file per subcommand; this one dispatches and maps
// errors to the exit codes of the command-line contract.
#include <omp.h>

#include <fstream>
#include <iostream>
#include <map>
#include <string>

#include "command.hpp"
#include "nnm/error.hpp"

namespace nnm::cli {

void add_threads_option(CLI::App& app, int& threads) {
  app.add_option("--threads", threads, "Worker threads (0 = all cores); results do not depend on it")
      ->default_val(0)
      ->check(CLI::NonNegativeNumber);
}

void apply_threads(int threads) { omp_set_num_threads(threads > 0 ? threads : omp_get_num_procs()); }

double peak_memory_mb() {
  std::ifstream status("/proc/self/status");
  std::string key;
  double kb = 0;
  while (status >> key) {
    if (key == "VmHWM:") {
      status >> kb;
      break;
    }
    status.ignore(1 << 12, '\n');
  }
  return kb / 1024.0;
}

namespace {
std::map<std::string, Register>& registry() {
  static std::map<std::string, Register> subcommands;
  return subcommands;
}
}  // namespace

Subcommand::Subcommand(const char* name, Register add) { registry()[name] = add; }

}  // namespace nnm::cli

int main(int argc, char** argv) {
  using namespace nnm::cli;
  CLI::App app{"nnm: spectral learning of two-layer networks, and the families that are hard to learn"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "nnm 0.1.0");
  Action action;
  for (const auto& [name, add] : registry()) add(app, action);

  if (argc > 1 && argv[1][0] != '-' && !registry().count(argv[1])) {
    std::string valid;
    for (const auto& entry : registry()) valid += (valid.empty() ? "" : ", ") + entry.first;
    std::cerr << "nnm: unknown subcommand '" << argv[1] << "' (valid: " << valid << ")\n";
    return kExitBadInput;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "nnm: " << e.what() << " (see nnm --help)\n";
    return kExitBadInput;
  }
  try {
    return action ? action() : kExitFailure;
  } catch (const nnm::InputError& e) {
    std::cerr << "nnm: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const std::exception& e) {
    std::cerr << "nnm: internal error: " << e.what() << "\n";
    return kExitFailure;
  }
}
