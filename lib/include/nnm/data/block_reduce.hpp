#pragma once
// One deterministic pass of an accumulator over a sample source: each chunk's rows are cut into
// blocks of a fixed size, blocks are accumulated in parallel, and the per-block results are merged
// in block order, so the answer is bit-for-bit the same for any number of threads.
//
// An accumulator is any copyable type with
//   void add(const Eigen::Ref<const Eigen::MatrixXd>& X, const Eigen::Ref<const Eigen::MatrixXd>&
//   Y); void merge(const Accumulator& other);   // other covers later samples
#include <Eigen/Core>
#include <vector>

#include "nnm/core/parallel_blocks.hpp"
#include "nnm/data/sample_source.hpp"

namespace nnm {

/// Returns `empty` with every sample of one pass over `source` added.
template <class Accumulator>
Accumulator block_reduce(const SampleSource& source, const Accumulator& empty) {
  Accumulator total = empty;
  std::vector<Accumulator> partial;
  source.for_each_chunk(
      [&](const Eigen::Ref<const Eigen::MatrixXd>& X, const Eigen::Ref<const Eigen::MatrixXd>& Y) {
        const Eigen::Index blocks = (X.rows() + kTensorBlockRows - 1) / kTensorBlockRows;
        partial.assign(static_cast<std::size_t>(blocks), empty);
        reduce_in_blocks(
            X.rows(), kTensorBlockRows, blocks,
            [&](Eigen::Index slot, Eigen::Index first, Eigen::Index rows) {
              partial[static_cast<std::size_t>(slot)].add(X.middleRows(first, rows),
                                                          Y.middleRows(first, rows));
            },
            [&](Eigen::Index slot) { total.merge(partial[static_cast<std::size_t>(slot)]); });
      });
  return total;
}

}  // namespace nnm
