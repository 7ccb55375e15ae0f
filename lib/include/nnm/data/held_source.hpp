#pragma once
// Read once when it fits: a wrapper that keeps the samples of its first pass in memory when they
// fit a byte budget, and serves every later pass from there; when they do not fit, or (under
// HoldPolicy::automatic) when the wrapped source reads again as fast as memory would (a
// memory-mapped .npy file), every pass reads the wrapped source again (streaming). Chunks are kept exactly as the wrapped source cut
// them, so the results are the same to the last bit either way.
#include <Eigen/Core>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "nnm/data/sample_source.hpp"

namespace nnm {

/// A quarter of the machine's physical memory (the default budget of the nnm tools).
std::uint64_t default_memory_budget();

/// Which sources a HeldSource keeps in memory when their samples fit its budget.
enum class HoldPolicy {
  automatic,  ///< all but those that read again as fast as memory (SampleSource::rereads_cheaply)
  always,     ///< every source (e.g. a mapped file on a network file system that is not cached)
};

class HeldSource final : public SampleSource {
 public:
  /// budget_bytes: the most bytes of samples (n·(d+m)·8) held; 0 always streams.
  HeldSource(std::unique_ptr<SampleSource> inner, std::uint64_t budget_bytes,
             HoldPolicy policy = HoldPolicy::automatic);
  Eigen::Index dim() const override { return inner_->dim(); }
  Eigen::Index output_dim() const override { return inner_->output_dim(); }
  void for_each_chunk(const ChunkVisitor& visit) const override;
  const ReductionChannel* channel() const override { return inner_->channel(); }

  std::uint64_t budget() const { return budget_; }
  /// After a first full pass: whether the samples are held in memory.
  bool held() const { return state_ == State::held; }
  /// Whether the wrapped source is read in place on every pass whatever the budget, because it
  /// reads again as fast as memory would serve it (a memory-mapped .npy file) and the policy is
  /// automatic.
  bool reads_in_place() const {
    return policy_ == HoldPolicy::automatic && inner_->rereads_cheaply();
  }
  /// Bytes the samples take as doubles, n·(d+m)·8 (known after a first full pass).
  std::uint64_t sample_bytes() const { return bytes_; }
  /// Samples seen in a full pass (0 before the first).
  std::uint64_t rows() const { return rows_; }
  /// Full passes served from the wrapped source, and from memory.
  int passes_read() const { return passes_read_; }
  int passes_held() const { return passes_held_; }

 private:
  enum class State { unread, held, streaming };
  std::unique_ptr<SampleSource> inner_;
  std::uint64_t budget_;
  HoldPolicy policy_;
  mutable State state_ = State::unread;
  mutable std::vector<std::pair<Eigen::MatrixXd, Eigen::MatrixXd>> chunks_;
  mutable std::uint64_t bytes_ = 0, rows_ = 0;
  mutable int passes_read_ = 0, passes_held_ = 0;
};

}  // namespace nnm
