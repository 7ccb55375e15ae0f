#pragma once
// One rank's share of a data set read by several processes: a contiguous run of whole chunks
// (kSourceChunkRows rows), so that every chunk, and every block inside it, is cut exactly where a
// single process cuts it. With the ranks' ReductionChannel attached, block_reduce over the shards
// of all ranks gives the single-process bits (nnm/core/reduction_channel.hpp).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "nnm/core/reduction_channel.hpp"
#include "nnm/data/data_file.hpp"
#include "nnm/data/sample_source.hpp"

namespace nnm {

/// Rows [first, first + count) of a data set; `to_end`: count is ignored, through the last row.
struct RowRange {
  std::uint64_t first = 0, count = 0;
  bool to_end = false;
};

/// Rank `rank` of `ranks`'s rows of n (n may be an estimate: the last rank reads to the end, so
/// the shares cover every row whatever n is). Whole chunks, as even as whole chunks allow.
RowRange rank_rows(std::uint64_t n, int rank, int ranks);

/// The rows `range` of `inner`: a pass is inner->for_each_chunk_in over the range, which file
/// sources start at its first row directly; any other source reads from its start, and then
/// range.first must be a multiple of kSourceChunkRows.
class ShardSource final : public SampleSource {
 public:
  ShardSource(std::unique_ptr<SampleSource> inner, RowRange range, const ReductionChannel* channel);
  Eigen::Index dim() const override { return inner_->dim(); }
  Eigen::Index output_dim() const override { return inner_->output_dim(); }
  void for_each_chunk(const ChunkVisitor& visit) const override;
  const ReductionChannel* channel() const override { return channel_; }
  bool rereads_cheaply() const override { return inner_->rereads_cheaply(); }
  const RowRange& range() const { return range_; }

 private:
  std::unique_ptr<SampleSource> inner_;
  RowRange range_;
  const ReductionChannel* channel_;
};

/// This rank's share of a data file (which every rank must be able to read at `path`), held in
/// memory under options.memory_budget like open_samples. Bad input (exit 2): a pipe or device.
std::unique_ptr<HeldSource> open_rank_samples(const std::string& path, const DataOptions& options,
                                              const ReductionChannel& channel);
/// The same for a data set kept as several files, rows in the order given (FileListSource). The
/// ranks count the files' rows between them (file i by rank i mod ranks, which also checks that
/// its columns match the first file's); then each rank opens only the files that hold its rows.
std::unique_ptr<HeldSource> open_rank_samples(const std::vector<std::string>& paths,
                                              const DataOptions& options,
                                              const ReductionChannel& channel);

}  // namespace nnm
