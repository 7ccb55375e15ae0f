#pragma once
// Generated rows written in order while being produced in parallel: blocks of kGenerateBlock rows
// are produced a batch at a time by all threads, then consumed in row order, so memory stays
// bounded (one batch) and the output never depends on the thread count.
#include <Eigen/Core>
#include <algorithm>
#include <cstdint>

#include "nnm/data/dataset.hpp"

namespace nnm::detail {

/// Blocks per batch: 16 blocks of rows (or of their text) are a few tens of MB at most.
inline constexpr std::uint64_t kGenerateBatch = 16;

/// produce(slot, first, rows) runs in parallel for the blocks of a batch (slot < kGenerateBatch
/// names the block's buffer in the batch); consume(slot) then runs for them in row order.
template <class Produce, class Consume>
void in_order_batches(std::uint64_t n, Produce&& produce, Consume&& consume) {
  const std::uint64_t blocks = (n + kGenerateBlock - 1) / kGenerateBlock;
  for (std::uint64_t b0 = 0; b0 < blocks; b0 += kGenerateBatch) {
    const auto count = static_cast<std::int64_t>(std::min(kGenerateBatch, blocks - b0));
#pragma omp parallel for schedule(dynamic)
    for (std::int64_t i = 0; i < count; ++i) {
      const std::uint64_t first = (b0 + static_cast<std::uint64_t>(i)) * kGenerateBlock;
      const auto rows =
          static_cast<Eigen::Index>(std::min<std::uint64_t>(kGenerateBlock, n - first));
      produce(static_cast<std::size_t>(i), first, rows);
    }
    for (std::int64_t i = 0; i < count; ++i) consume(static_cast<std::size_t>(i));
  }
}

}  // namespace nnm::detail
