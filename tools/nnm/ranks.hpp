#pragma once
// The processes one nnm command runs in. Started by an MPI launcher (mpirun, srun) in a build with
// MPI (NNM_MPI), every rank runs the command on its share of the data; rank 0 alone prints and
// writes the outputs. Otherwise there is one process and nothing here changes anything.
#include <Eigen/Core>
#include <cstdint>
#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "nnm/core/reduction_channel.hpp"

#include "nnm/data/data_file.hpp"

namespace nnm::cli {

/// Starts MPI when the process was started by an MPI launcher, and finalises it when destroyed.
/// Mutes stdout and stderr on every rank but 0.
class RankSession {
 public:
  RankSession(int& argc, char**& argv);
  ~RankSession();
  RankSession(const RankSession&) = delete;
  RankSession& operator=(const RankSession&) = delete;
};

/// The ranks' channel; null when nnm runs as one process.
const ReductionChannel* ranks();
/// Whether this process prints and writes the outputs (rank 0, or the only process).
bool lead_rank();
/// Collective: returns when every rank got here without failing (no-op for one process).
void ranks_agree();
/// Rethrows `failure` on the one rank that reports it (its stderr unmuted), RankFailed elsewhere.
[[noreturn]] void settle_failure(std::exception_ptr failure);
/// How many processes the launcher that started this one started (OpenMPI's mpirun:
/// OMPI_COMM_WORLD_SIZE; MPICH's, or srun --mpi=pmi2: PMI_SIZE; srun: SLURM_STEP_NUM_TASKS), or 1.
long launched_processes();
/// Throws InputError when this process is one of several that a launcher started but they are not
/// MPI ranks of one run (a build without MPI, or srun without an MPI plugin): they would be
/// independent copies, each doing all the work and writing the same outputs.
void check_not_a_copy();
/// Throws InputError when `command` is run by several ranks but cannot share its work.
void check_runs_on_ranks(const std::string& command);
/// Collective: after a check of `failure` (as ReductionChannel::check), every rank's `mine`, in
/// rank order, on every rank. Needs ranks().
std::vector<std::string> share_lines(std::exception_ptr failure, const std::string& mine);

/// nnm generate's data file: write_generated, or under mpirun each rank fills (and for CSV
/// formats) its share of the rows and rank 0 writes the shares in order: the same bytes.
void write_generated_data(const std::string& path, DataFormat format, Eigen::Index d,
                          Eigen::Index m, std::uint64_t n, const SampleFill& fill);

/// The data for a multi-pass command, one file or several read as one data set (rows in the
/// order given): this rank's rows under MPI, else all of them.
std::unique_ptr<HeldSource> open_data(const std::vector<std::string>& paths,
                                      const DataOptions& options);

}  // namespace nnm::cli
