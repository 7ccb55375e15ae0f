#pragma once
// One deterministic pass of an accumulator over a sample source: each chunk's rows are cut into
// blocks of a fixed size, blocks are accumulated in parallel, and the per-block results are merged
// in block order, so the answer is bit-for-bit the same for any number of threads.
//
// When the source is one rank's share of the rows (it has a ReductionChannel), the rank keeps its
// blocks' partials, then folds them into the running total of the ranks before it and passes the
// total on (nnm/core/reduction_channel.hpp): the same fold, so the same bits, for any number of
// ranks. That keeps one partial per block of the rank's rows until the chain reaches the rank.
//
// An accumulator is any copyable type with
//   void add(const Eigen::Ref<const Eigen::MatrixXd>& X, const Eigen::Ref<const Eigen::MatrixXd>&
//   Y); void merge(const Accumulator& other);   // other covers later samples
//   void save(StateWriter&) const; void load(StateReader&);   // nnm/core/flat_state.hpp
#include <Eigen/Core>
#include <exception>
#include <vector>

#include "nnm/core/flat_state.hpp"
#include "nnm/core/parallel_blocks.hpp"
#include "nnm/core/reduction_channel.hpp"
#include "nnm/data/sample_source.hpp"

namespace nnm {

/// Folds `mine` (partials of this rank's blocks, in block order) into `total` along the chain of
/// `channel`'s ranks; every rank returns with the total over all ranks. Call it on every rank.
template <class Accumulator>
void fold_across_ranks(const ReductionChannel& channel, const std::vector<Accumulator>& mine,
                       Accumulator& total) {
  std::vector<double> state;
  channel.receive_running(state);
  if (channel.rank() > 0) load_state(total, state);
  for (const Accumulator& part : mine) total.merge(part);
  state = save_state(total);
  channel.send_running(state);
  channel.share_total(state);
  load_state(total, state);
}

/// Returns `empty` with every sample of one pass over `source` added (over all ranks' rows when
/// the source has a channel; then every rank must call it, and every rank gets the total).
template <class Accumulator>
Accumulator block_reduce(const SampleSource& source, const Accumulator& empty) {
  const ReductionChannel* channel = source.channel();
  Accumulator total = empty;
  std::vector<Accumulator> partial, mine;
  std::exception_ptr failure;
  try {
    source.for_each_chunk([&](const Eigen::Ref<const Eigen::MatrixXd>& X,
                              const Eigen::Ref<const Eigen::MatrixXd>& Y) {
      const Eigen::Index blocks = (X.rows() + kTensorBlockRows - 1) / kTensorBlockRows;
      partial.assign(static_cast<std::size_t>(blocks), empty);
      reduce_in_blocks(
          X.rows(), kTensorBlockRows, blocks,
          [&](Eigen::Index slot, Eigen::Index first, Eigen::Index rows) {
            auto& part = partial[static_cast<std::size_t>(slot)];
            // A source without outputs gives Y with no columns and no storage: offsetting its
            // null pointer is undefined behaviour (UBSan), so such a block gets its own empty Y.
            if (Y.cols() > 0)
              part.add(X.middleRows(first, rows), Y.middleRows(first, rows));
            else
              part.add(X.middleRows(first, rows), Eigen::MatrixXd(rows, 0));
          },
          [&](Eigen::Index slot) {
            auto& part = partial[static_cast<std::size_t>(slot)];
            if (channel)
              mine.push_back(std::move(part));
            else
              total.merge(part);
          });
    });
  } catch (...) {
    if (!channel) throw;
    failure = std::current_exception();  // every rank must learn of it before the chain
  }
  if (!channel) return total;
  channel->check(failure);
  fold_across_ranks(*channel, mine, total);
  return total;
}

}  // namespace nnm
