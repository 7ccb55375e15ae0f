#include "ranks.hpp"

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <optional>
#include <stdexcept>

#include "command.hpp"
#include "nnm/core/error.hpp"
#include "nnm/data/atomic_file.hpp"
#include "nnm/data/data_file.hpp"
#include "nnm/data/file_list_source.hpp"
#include "nnm/data/hdf5.hpp"
#include "nnm/data/npy.hpp"
#include "nnm/data/shard_source.hpp"
#ifdef NNM_HAVE_MPI
#include "nnm/mpi/mpi_channel.hpp"
#endif

namespace nnm::cli {
namespace {

// NNM_SINGLE_PROCESS=1: each process of a launcher runs its own command (a task farm, e.g.
// `srun -n 4 sh -c 'nnm recover --data part$SLURM_PROCID.csv ...'`), never ranks of one run.
bool single_process_requested() {
  const char* value = std::getenv("NNM_SINGLE_PROCESS");
  return value && std::string(value) == "1";
}

#ifdef NNM_HAVE_MPI
std::optional<mpi::MpiChannel>& channel() {
  static std::optional<mpi::MpiChannel> c;
  return c;
}

// OpenMPI's, MPICH's and PMIx's launchers say so in the environment of every process they start.
bool started_by_launcher() {
  if (single_process_requested()) return false;
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
#ifdef NNM_HAVE_MPI
std::ostream* null_stream() {
  static std::ostream sink(nullptr);  // no buffer: every write fails silently
  return &sink;
}
#endif

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

long launched_processes() {
  // SLURM_NTASKS is no sign: a batch script's own shell (one process) has it too.
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "SLURM_STEP_NUM_TASKS"}) {
    const char* value = std::getenv(name);
    if (!value) continue;
    char* end = nullptr;
    const long n = std::strtol(value, &end, 10);
    if (end != value && *end == '\0' && n > 1) return n;
  }
  return 1;
}

void check_not_a_copy() {
  const long n = launched_processes();
  if (n <= 1 || single_process_requested() || (ranks() && ranks()->ranks() == n)) return;
  const std::string copies = "so the launcher's " + std::to_string(n) +
                             " processes would be independent copies, each doing all the work and "
                             "writing the same outputs; ";
#ifdef NNM_HAVE_MPI
  throw InputError("started as one of " + std::to_string(n) + " processes but not through MPI, " +
                   copies +
                   "launch with mpirun or srun --mpi=pmix, or run one process "
                   "(NNM_SINGLE_PROCESS=1 if each process runs its own command)");
#else
  throw InputError("this nnm was built without MPI (NNM_MPI=OFF), " + copies +
                   "rebuild it with MPI (libopenmpi-dev) to share the work, or run one process "
                   "(NNM_SINGLE_PROCESS=1 if each process runs its own command)");
#endif
}

void check_runs_on_ranks(const std::string& command) {
  if (!ranks() || ranks()->ranks() == 1) return;
  if (command == "recover" || command == "cp" || command == "sweep" || command == "generate")
    return;
  throw InputError(
      "nnm " + command + " runs as one process; under mpirun (" + std::to_string(ranks()->ranks()) +
      " ranks) only nnm recover, cp, generate and sweep share their work between ranks");
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

#ifdef NNM_HAVE_MPI
namespace {

// One rank's share of generated rows: pieces of kSourceChunkRows rows, each the CSV text of its
// rows or their doubles (X then Y, column by column).
std::vector<std::string> generate_share(DataFormat format, Eigen::Index d, Eigen::Index m,
                                        std::uint64_t first, std::uint64_t count,
                                        const SampleFill& fill) {
  std::vector<std::string> pieces;
  const auto chunk = static_cast<std::uint64_t>(kSourceChunkRows);
  for (std::uint64_t at = first; at < first + count; at += chunk) {
    const auto rows = static_cast<Eigen::Index>(std::min(chunk, first + count - at));
    Eigen::MatrixXd X(rows, d), Y(rows, m);
    const Eigen::Index blocks = (rows + kGenerateBlock - 1) / kGenerateBlock;
    std::vector<std::string> text(static_cast<std::size_t>(blocks));
    // Blocks of kGenerateBlock rows, filled (and formatted) as write_generated does.
#pragma omp parallel for schedule(dynamic)
    for (Eigen::Index b = 0; b < blocks; ++b) {
      const Eigen::Index r0 = b * kGenerateBlock, r = std::min(kGenerateBlock, rows - r0);
      Eigen::MatrixXd Xb(r, d), Yb(r, m);
      fill(at + static_cast<std::uint64_t>(r0), Xb, Yb);
      X.middleRows(r0, r) = Xb;
      if (m > 0) Y.middleRows(r0, r) = Yb;
      if (format == DataFormat::csv) append_csv_rows(text[static_cast<std::size_t>(b)], Xb, Yb);
    }
    std::string piece;
    if (format == DataFormat::csv) {
      for (const auto& t : text) piece += t;
    } else {
      piece.resize(sizeof(double) * static_cast<std::size_t>(X.size() + Y.size()));
      std::memcpy(piece.data(), X.data(), sizeof(double) * static_cast<std::size_t>(X.size()));
      if (Y.size() > 0)
        std::memcpy(piece.data() + sizeof(double) * static_cast<std::size_t>(X.size()), Y.data(),
                    sizeof(double) * static_cast<std::size_t>(Y.size()));
    }
    if (piece.size() > static_cast<std::size_t>(INT_MAX))  // one MPI message each
      throw InputError("--d + --m = " + std::to_string(d + m) +
                       " columns are too many to send 32768 rows in one message under mpirun");
    pieces.push_back(std::move(piece));
  }
  return pieces;
}

}  // namespace
#endif

void write_generated_data(const std::string& path, DataFormat format, Eigen::Index d,
                          Eigen::Index m, std::uint64_t n, const SampleFill& fill) {
  const ReductionChannel* c = ranks();
  if (!c) return write_generated(path, format, d, m, n, fill);
#ifdef NNM_HAVE_MPI
  format = data_format(path, format);
  const RowRange range = rank_rows(n, c->rank(), c->ranks());
  const std::uint64_t first = std::min(range.first, n);
  const std::uint64_t count = range.to_end ? n - first : std::min(range.count, n - first);
  constexpr int kPieceTag = 0x6e67;  // "ng"
  std::vector<std::string> mine;
  std::optional<CsvWriter> csv;
  std::optional<NpyWriter> npy;
  std::optional<Hdf5Writer> h5;
  std::exception_ptr failure;
  try {
    if (c->rank() == 0) {  // opened first: a file that cannot be written stops every rank now
      if (format == DataFormat::csv) {
        csv.emplace(path, d, m);
        csv->check_space(n);
      } else if (format == DataFormat::npy) {
        npy.emplace(path, n, d, m);
      } else {
        h5.emplace(path, n, d, m);
      }
    }
    mine = generate_share(format, d, m, first, count, fill);
  } catch (...) {
    failure = std::current_exception();
  }
  c->check(failure);
  const auto write = [&](const std::string& piece) {
    if (csv) return csv->write_formatted(piece);
    const auto rows =
        static_cast<Eigen::Index>(piece.size() / sizeof(double) / static_cast<std::size_t>(d + m));
    Eigen::MatrixXd X(rows, d), Y(rows, m);
    std::memcpy(X.data(), piece.data(), sizeof(double) * static_cast<std::size_t>(X.size()));
    if (Y.size() > 0)
      std::memcpy(Y.data(), piece.data() + sizeof(double) * static_cast<std::size_t>(X.size()),
                  sizeof(double) * static_cast<std::size_t>(Y.size()));
    if (npy)
      npy->write(X, Y);
    else
      h5->write(X, Y);
  };
  if (c->rank() == 0) {
    // A write that fails (a full disk) is remembered, and the other ranks' pieces still received,
    // so that no rank waits for ever; the check below then stops every rank.
    const auto write_kept = [&](const std::string& piece) {
      if (failure) return;
      try {
        write(piece);
      } catch (...) {
        failure = std::current_exception();
      }
    };
    for (const auto& piece : mine) write_kept(piece);
    for (int r = 1; r < c->ranks(); ++r) {
      std::uint64_t pieces = 0;
      MPI_Recv(&pieces, 1, MPI_UINT64_T, r, kPieceTag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      std::string piece;
      for (std::uint64_t i = 0; i < pieces; ++i) {
        MPI_Status status;
        MPI_Probe(r, kPieceTag, MPI_COMM_WORLD, &status);
        int bytes = 0;
        MPI_Get_count(&status, MPI_CHAR, &bytes);
        piece.resize(static_cast<std::size_t>(bytes));
        MPI_Recv(piece.data(), bytes, MPI_CHAR, r, kPieceTag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        write_kept(piece);
      }
    }
    if (!failure) {
      try {
        if (csv) csv->commit();
        if (npy) npy->commit();
        if (h5) h5->commit();
      } catch (...) {
        failure = std::current_exception();
      }
    }
  } else {
    const std::uint64_t pieces = mine.size();
    MPI_Send(&pieces, 1, MPI_UINT64_T, 0, kPieceTag, MPI_COMM_WORLD);
    for (const auto& piece : mine) {
      MPI_Send(piece.data(), static_cast<int>(piece.size()), MPI_CHAR, 0, kPieceTag,
               MPI_COMM_WORLD);
    }
  }
  c->check(failure);
#else
  write_generated(path, format, d, m, n, fill);
#endif
}

std::unique_ptr<HeldSource> open_data(const std::vector<std::string>& paths,
                                      const DataOptions& options) {
  if (const ReductionChannel* c = ranks()) return open_rank_samples(paths, options, *c);
  return open_samples(paths, options);
}

}  // namespace nnm::cli
