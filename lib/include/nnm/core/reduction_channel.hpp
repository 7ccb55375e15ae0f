#pragma once
// Several processes (ranks) reducing one data set: each owns a contiguous run of its rows. The
// library's deterministic reduction is a left fold of per-block partial results in block order; a
// chain reproduces that fold exactly across ranks. Rank r folds its blocks into the running total
// of ranks 0 … r−1 and passes it on to r + 1; the last rank's total is the answer, shared with all.
// So the bits do not depend on how many ranks there are (nor on threads within a rank).
//
// The core library knows this interface only; nnm/mpi/mpi_channel.hpp implements it with MPI.
#include <exception>
#include <stdexcept>
#include <string>
#include <vector>

namespace nnm {

/// Thrown on the ranks that did not report a failure that another rank had: `code` is the failing
/// rank's classification (the nnm tool's exit code), `rank` the rank that reports it.
class RankFailed : public std::runtime_error {
 public:
  RankFailed(int code, int rank)
      : std::runtime_error("rank " + std::to_string(rank) + " failed"), code(code), rank(rank) {}
  int code, rank;
};

class ReductionChannel {
 public:
  virtual ~ReductionChannel() = default;
  virtual int rank() const = 0;
  virtual int ranks() const = 0;

  /// Collective (every rank calls it at the same step): each rank says whether its own part
  /// failed (null: it did not). Returns normally when no rank failed. Otherwise one rank, the
  /// lowest of those with the most severe failure, rethrows its own exception and every other rank
  /// throws RankFailed, so that the reason is reported once. After a failure the channel is
  /// spent: further checks repeat the verdict without communicating.
  virtual void check(std::exception_ptr failure) const = 0;

  /// The chain, after a successful check: rank r > 0 receives the state the ranks before it
  /// reached (rank 0 receives nothing and leaves `state` alone) ...
  virtual void receive_running(std::vector<double>& state) const = 0;
  /// ... and rank r < ranks − 1 hands on the state with its own blocks folded in ...
  virtual void send_running(const std::vector<double>& state) const = 0;
  /// ... then every rank gets the last rank's state (the total).
  virtual void share_total(std::vector<double>& state) const = 0;
};

}  // namespace nnm
