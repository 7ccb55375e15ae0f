#include "nnm/mpi/mpi_channel.hpp"

#include <algorithm>
#include <cstdint>
#include <stdexcept>

namespace nnm::mpi {
namespace {
constexpr int kChainTag = 0x6e6e;  // "nn": the running totals of the chain
}

MpiChannel::MpiChannel(MPI_Comm comm, FailureSeverity severity)
    : comm_(comm), severity_(std::move(severity)) {
  MPI_Comm_rank(comm_, &rank_);
  MPI_Comm_size(comm_, &ranks_);
}

void MpiChannel::check(std::exception_ptr failure) const {
  if (!spent_) {
    const int mine = failure ? std::max(1, severity_ ? severity_(failure) : 1) : 0;
    struct {
      int value, rank;
    } in{mine, rank_}, out{0, 0};
    // MAXLOC: the most severe code, and among the ranks with it the lowest.
    MPI_Allreduce(&in, &out, 1, MPI_2INT, MPI_MAXLOC, comm_);
    if (out.value == 0) return;
    spent_ = true;
    code_ = out.value;
    reporter_ = out.rank;
  }
  if (rank_ == reporter_ && failure) std::rethrow_exception(failure);
  throw RankFailed(code_, reporter_);
}

void MpiChannel::receive_running(std::vector<double>& state) const {
  if (rank_ == 0) return;
  MPI_Status status;
  MPI_Probe(rank_ - 1, kChainTag, comm_, &status);
  int count = 0;
  MPI_Get_count(&status, MPI_DOUBLE, &count);
  state.resize(static_cast<std::size_t>(count));
  MPI_Recv(state.data(), count, MPI_DOUBLE, rank_ - 1, kChainTag, comm_, MPI_STATUS_IGNORE);
}

void MpiChannel::send_running(const std::vector<double>& state) const {
  if (rank_ + 1 >= ranks_) return;
  if (state.size() > static_cast<std::size_t>(INT32_MAX))
    throw std::length_error("MpiChannel: a state of more than 2^31 values");
  MPI_Send(state.data(), static_cast<int>(state.size()), MPI_DOUBLE, rank_ + 1, kChainTag, comm_);
}

void MpiChannel::share_total(std::vector<double>& state) const {
  const int last = ranks_ - 1;
  std::uint64_t size = state.size();
  MPI_Bcast(&size, 1, MPI_UINT64_T, last, comm_);
  state.resize(size);
  if (size > static_cast<std::uint64_t>(INT32_MAX))
    throw std::length_error("MpiChannel: a state of more than 2^31 values");
  MPI_Bcast(state.data(), static_cast<int>(size), MPI_DOUBLE, last, comm_);
}

}  // namespace nnm::mpi
