#include "ranks.hpp"

#include <cstdlib>
#include <iostream>
#include <optional>
#include <stdexcept>

#include "command.hpp"
#include "nnm/core/error.hpp"
#include "nnm/data/atomic_file.hpp"
#include "nnm/data/data_file.hpp"
#include "nnm/data/shard_source.hpp"
#ifdef NNM_HAVE_MPI
#include "nnm/mpi/mpi_channel.hpp"
#endif

namespace nnm::cli {
namespace {

#ifdef NNM_HAVE_MPI
std::optional<mpi::MpiChannel>& channel() {
  static std::optional<mpi::MpiChannel> c;
  return c;
}

// OpenMPI's, MPICH's and PMIx's launchers say so in the environment of every process they start.
bool started_by_launcher() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK"})
    if (std::getenv(name)) return true;
  return false;
}

// The exit code a failure gives (the most severe one is reported).
int exit_code(std::exception_ptr failure) {
  try {
    std::rethrow_exception(failure);
  } catch (const RankFailed& e) {
    return e.code;
  } catch (const InputError&) {
    return kExitBadInput;
  } catch (const UntrustedResult&) {
    return kExitUntrusted;
  } catch (...) {
    return kExitFailure;
  }
}
#endif

std::streambuf* real_cerr = nullptr;
std::ostream* null_stream() {
  static std::ostream sink(nullptr);  // no buffer: every write fails silently
  return &sink;
}

}  // namespace

RankSession::RankSession(int& argc, char**& argv) {
#ifdef NNM_HAVE_MPI
  if (!started_by_launcher()) return;
  int provided = 0;
  // Only the main thread calls MPI (OpenMP threads never do).
  MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
  channel().emplace(MPI_COMM_WORLD, exit_code);
  if (channel()->rank() != 0) {
    real_cerr = std::cerr.rdbuf(null_stream()->rdbuf());
    std::cout.rdbuf(null_stream()->rdbuf());
  }
#else
  (void)argc;
  (void)argv;
#endif
}

RankSession::~RankSession() {
#ifdef NNM_HAVE_MPI
  if (!channel()) return;
  // The outputs are settled. When one rank exits non-zero the launcher kills the others: that is
  // no interruption to report, and the barrier keeps any rank from exiting before all got here.
  remove_temporaries_on_signal(nullptr);
  MPI_Barrier(MPI_COMM_WORLD);
  channel().reset();
  MPI_Finalize();
#endif
}

const ReductionChannel* ranks() {
#ifdef NNM_HAVE_MPI
  if (channel()) return &*channel();
#endif
  return nullptr;
}

bool lead_rank() { return !ranks() || ranks()->rank() == 0; }

void ranks_agree() {
  if (ranks()) ranks()->check(nullptr);
}

void settle_failure(std::exception_ptr failure) {
  if (const ReductionChannel* c = ranks()) {
    try {
      c->check(failure);
    } catch (const RankFailed&) {
      throw;
    } catch (...) {
      if (real_cerr) std::cerr.rdbuf(real_cerr);  // this rank says what went wrong
      throw;
    }
  }
  std::rethrow_exception(failure);
}

void check_runs_on_ranks(const std::string& command) {
  if (!ranks() || ranks()->ranks() == 1 || command == "recover" || command == "sweep") return;
  throw InputError("nnm " + command + " runs as one process; under mpirun (" +
                   std::to_string(ranks()->ranks()) +
                   " ranks) only nnm recover and nnm sweep share their work between ranks");
}

std::vector<std::string> share_lines(std::exception_ptr failure, const std::string& mine) {
  const ReductionChannel* c = ranks();
  if (!c) throw std::logic_error("share_lines: not running under MPI");
  c->check(failure);
#ifdef NNM_HAVE_MPI
  const int n = c->ranks();
  std::vector<int> sizes(static_cast<std::size_t>(n)), offsets(static_cast<std::size_t>(n));
  const int size = static_cast<int>(mine.size());
  MPI_Allgather(&size, 1, MPI_INT, sizes.data(), 1, MPI_INT, MPI_COMM_WORLD);
  int total = 0;
  for (int r = 0; r < n; ++r) {
    offsets[static_cast<std::size_t>(r)] = total;
    total += sizes[static_cast<std::size_t>(r)];
  }
  std::string all(static_cast<std::size_t>(total), '\0');
  MPI_Allgatherv(mine.data(), size, MPI_CHAR, all.data(), sizes.data(), offsets.data(), MPI_CHAR,
                 MPI_COMM_WORLD);
  std::vector<std::string> lines;
  for (int r = 0; r < n; ++r)
    lines.push_back(all.substr(static_cast<std::size_t>(offsets[static_cast<std::size_t>(r)]),
                               static_cast<std::size_t>(sizes[static_cast<std::size_t>(r)])));
  return lines;
#else
  return {mine};
#endif
}

std::unique_ptr<HeldSource> open_data(const std::string& path, const DataOptions& options) {
  if (const ReductionChannel* c = ranks()) return open_rank_samples(path, options, *c);
  return open_samples(path, options);
}

}  // namespace nnm::cli
