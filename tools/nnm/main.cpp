// nnm: the command-line face of nnmoments. One file per subcommand; this one dispatches and maps
// errors to the exit codes of the command-line contract.
#include <omp.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <string>

#include "command.hpp"
#include "nnm/core/error.hpp"
#include "nnm/data/atomic_file.hpp"
#include "nnm/data/dataset.hpp"
#include "nnm/data/file_lock.hpp"
#include "options.hpp"
#include "ranks.hpp"

namespace nnm::cli {

void add_threads_option(CLI::App& app, int& threads) {
  threads = 0;
  add_count(app, "--threads", threads,
            "Worker threads (0 = all cores); results do not depend on it", 0, kMaxThreads);
}

void add_seed_option(CLI::App& app, std::uint64_t& seed, const std::string& description) {
  // A whole number from 0 to 2^64 − 1 ("-1" is refused rather than wrapped around).
  add_count(app, "--seed", seed, description, 0);
}

void apply_threads(int threads) {
  omp_set_num_threads(threads > 0 ? threads : omp_get_num_procs());
}

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
std::filesystem::path identity(const std::string& path) {
  std::error_code ec;
  const std::filesystem::path absolute = std::filesystem::absolute(path, ec);
  const std::filesystem::path p = std::filesystem::weakly_canonical(absolute, ec);
  return ec ? absolute.lexically_normal() : p;
}

bool same_file(const std::string& a, const std::string& b) {
  std::error_code ec;
  if (std::filesystem::equivalent(a, b, ec) && !ec) return true;  // both exist (hard links too)
  return identity(a) == identity(b);
}
}  // namespace

void check_files(const std::vector<NamedFile>& inputs, const std::vector<NamedFile>& outputs) {
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    const NamedFile& out = outputs[i];
    if (out.path.empty()) throw InputError(std::string(out.option) + ": empty file name");
    for (const NamedFile& in : inputs)
      if (!in.path.empty() && same_file(in.path, out.path))
        throw InputError(std::string(out.option) + " and " + in.option + " name the same file '" +
                         out.path + "' (the output would overwrite the input)");
    for (std::size_t j = 0; j < i; ++j)
      if (same_file(outputs[j].path, out.path))
        throw InputError(std::string(out.option) + " and " + outputs[j].option +
                         " name the same file '" + out.path + "'");
    std::error_code ec;
    if (std::filesystem::is_directory(out.path, ec))
      throw InputError(
          located(out.path, 0, std::string("is a directory (") + out.option + " names a file)"));
    const AtomicFile probe(out.path);  // throws if the directory is missing or not writable
  }
}

namespace {
std::map<std::string, Register>& registry() {
  static std::map<std::string, Register> subcommands;
  return subcommands;
}
}  // namespace

Subcommand::Subcommand(const char* name, Register add) { registry()[name] = add; }

}  // namespace nnm::cli

namespace {
// Subcommands whose outputs appear as they are made (a resumable sweep rewrites its file after
// every point); every other subcommand commits all its outputs together at the end.
bool commits_as_it_goes(const std::string& name) { return name == "sweep" || name == "demo"; }

int run_action(const CLI::App& app, const nnm::cli::Action& action) {
  using namespace nnm::cli;
  if (!action) return kExitFailure;
  const auto chosen = app.get_subcommands();
  if (!chosen.empty() && commits_as_it_goes(chosen.front()->get_name())) {
    // Two sweeps (or demos) writing the same --out would interleave or lose rows: the second one
    // finds OUT.lock held and stops with exit 2.
    const CLI::Option* out = chosen.front()->get_option_no_throw("--out");
    std::string path = !out               ? std::string()
                       : out->count() > 0 ? out->as<std::string>()
                                          : out->get_default_str();
    while (path.size() > 1 && path.back() == '/') path.pop_back();  // a directory's lock: DIR.lock
    // Where the lock's directory is missing, the command itself says what is wrong with --out.
    std::error_code ec;
    const auto parent = std::filesystem::absolute(path, ec).parent_path();
    std::optional<nnm::FileLock> lock;
    // Under mpirun only rank 0 writes, so only rank 0 holds the lock.
    if (!path.empty() && std::filesystem::is_directory(parent, ec) && lead_rank())
      lock.emplace(path);
    return action();
  }
  // Data and its truth, a model and its report: all appear at once, or none does (an exception
  // destroys the transaction, which removes what was staged). Under mpirun only rank 0 commits,
  // and only once every rank has finished its part.
  nnm::OutputTransaction outputs;
  const int code = action();
  ranks_agree();
  if (lead_rank()) outputs.commit();
  return code;
}
}  // namespace

int main(int argc, char** argv) {
  using namespace nnm::cli;
  // libgomp's idle threads spin for a long time (GOMP_SPINCOUNT) before sleeping, and it reads that
  // setting when it loads, before main. When the cores are shared (another job, `ctest -j`), the
  // spinning steals the time the working thread needs: training with one parallel region per
  // mini-batch ran 10x slower. So, unless the user chose a policy, restart once with a short spin.
  if (!std::getenv("OMP_WAIT_POLICY") && !std::getenv("GOMP_SPINCOUNT") &&
      setenv("GOMP_SPINCOUNT", "30000", 1) == 0)
    execv("/proc/self/exe", argv);  // returns only on failure: then carry on as we are
  // Under mpirun: one rank of several (only rank 0 prints); MPI ends when main returns.
  const RankSession session(argc, argv);
  CLI::App app{
      "nnm: spectral learning of two-layer networks, and the families that are hard to learn"};
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
  // An interrupted command removes its temporaries and dies by the signal (exit status 130 for
  // SIGINT, 143 for SIGTERM); every output is then whole or absent.
  // Under mpirun only rank 0 says so (every rank gets the launcher's signal).
  nnm::remove_temporaries_on_signal(
      lead_rank() ? "nnm: interrupted; no output was left half-written\n" : nullptr);
  try {
    try {
      check_not_a_copy();
      check_runs_on_ranks(app.get_subcommands().front()->get_name());
      const int code = run_action(app, action);
      ranks_agree();  // a rank that failed after the outputs were committed still counts
      return code;
    } catch (...) {
      // Under mpirun every rank exits with the same code and one of them says why.
      settle_failure(std::current_exception());
    }
  } catch (const nnm::RankFailed& e) {
    return e.code;
  } catch (const nnm::InputError& e) {
    std::cerr << "nnm: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const UntrustedResult& e) {
    std::cerr << "nnm: " << e.what() << "\n";
    return kExitUntrusted;
  } catch (const std::bad_alloc&) {
    std::cerr << "nnm: out of memory (the problem is too large for this machine)\n";
    return kExitFailure;
  } catch (const std::exception& e) {
    std::cerr << "nnm: internal error: " << e.what() << "\n";
    return kExitFailure;
  }
}
