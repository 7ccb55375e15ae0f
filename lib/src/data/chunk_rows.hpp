#pragma once
// The loop of every source that fills its chunks itself (.npy, HDF5, generated rows): rows
// [first, end) in chunks of kSourceChunkRows counted from `first`, the last shorter, each filled
// into the same two matrices and handed on. One loop, so every source cuts its chunks alike.
#include <Eigen/Core>
#include <algorithm>
#include <cstdint>

#include "nnm/data/sample_source.hpp"

namespace nnm::detail {

/// fill(at, X, Y) writes rows [at, at + X.rows()) into X (rows × d) and Y (rows × m), both sized
/// by the loop; then visit(X, Y).
template <class Fill>
void for_each_filled_chunk(std::uint64_t first, std::uint64_t end, Eigen::Index d, Eigen::Index m,
                           Fill&& fill, const ChunkVisitor& visit) {
  Eigen::MatrixXd X, Y;
  for (std::uint64_t at = first; at < end; at += kSourceChunkRows) {
    const auto rows =
        static_cast<Eigen::Index>(std::min<std::uint64_t>(kSourceChunkRows, end - at));
    X.resize(rows, d);
    Y.resize(rows, m);
    fill(at, X, Y);
    visit(X, Y);
  }
}

}  // namespace nnm::detail
