#pragma once
// Deterministic parallel reduction over samples.
//
// The rows 0 … n−1 are cut into blocks of a fixed size. A wave of blocks is computed in parallel
// (one partial result per block, in a caller-owned slot), then the partials are folded into the
// total one by one in block order. The summation order is therefore the same for any number of
// threads, so the result is the same to the last bit. Eigen's own threading is never relied on:
// products inside a block run single-threaded because they run inside the parallel region.
#include <Eigen/Core>
#include <functional>

namespace nnm {

/// Rows per block of every tensor moment reduction (fixed: changing it changes rounding).
inline constexpr Eigen::Index kTensorBlockRows = 2048;

/// Runs compute(slot, first, rows) for each block [first, first + rows) of 0 … n−1, several blocks
/// at a time in parallel (slot ∈ [0, wave) names the caller's buffer for that block), and after
/// each wave calls fold(slot) for the wave's blocks in block order. compute must not throw.
void reduce_in_blocks(
    Eigen::Index n, Eigen::Index block, Eigen::Index wave,
    const std::function<void(Eigen::Index slot, Eigen::Index first, Eigen::Index rows)>& compute,
    const std::function<void(Eigen::Index slot)>& fold);

}  // namespace nnm
