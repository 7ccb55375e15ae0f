#pragma once
// The ReductionChannel of an MPI communicator (optional component nnmoments::mpi, built when CMake
// finds MPI: -DNNM_MPI=ON). With it, a program whose ranks each open their share of a data file
// (open_rank_samples) gets from block_reduce, recover() and the other passes exactly the bits a
// single process gets from the whole file. The caller initialises and finalises MPI.
#include <mpi.h>

#include <exception>
#include <functional>
#include <vector>

#include "nnm/core/reduction_channel.hpp"

namespace nnm::mpi {

/// How severe a failure is (≥ 1; the nnm tool passes its exit code). The most severe failure,
/// on the lowest rank that has it, is the one reported.
using FailureSeverity = std::function<int(std::exception_ptr)>;

class MpiChannel final : public ReductionChannel {
 public:
  /// `comm` must outlive the channel; every rank of it must construct one. Without `severity`
  /// every failure counts 1.
  explicit MpiChannel(MPI_Comm comm = MPI_COMM_WORLD, FailureSeverity severity = {});
  int rank() const override { return rank_; }
  int ranks() const override { return ranks_; }
  void check(std::exception_ptr failure) const override;
  void receive_running(std::vector<double>& state) const override;
  void send_running(const std::vector<double>& state) const override;
  void share_total(std::vector<double>& state) const override;

 private:
  MPI_Comm comm_;
  int rank_ = 0, ranks_ = 1;
  FailureSeverity severity_;
  mutable bool spent_ = false;  // a check found a failure: no further communication
  mutable int code_ = 0, reporter_ = 0;
};

}  // namespace nnm::mpi
