#include "nnm/core/parallel_blocks.hpp"

#include <algorithm>
#include <cstdint>

namespace nnm {

void reduce_in_blocks(Eigen::Index n, Eigen::Index block, Eigen::Index wave,
                      const std::function<void(Eigen::Index, Eigen::Index, Eigen::Index)>& compute,
                      const std::function<void(Eigen::Index)>& fold) {
  if (n <= 0) return;
  block = std::max<Eigen::Index>(block, 1);
  wave = std::max<Eigen::Index>(wave, 1);
  const Eigen::Index blocks = (n + block - 1) / block;
  for (Eigen::Index w0 = 0; w0 < blocks; w0 += wave) {
    const auto count = static_cast<std::int64_t>(std::min(wave, blocks - w0));
    if (count == 1) {  // a parallel region for one block only costs a wake-up of every thread
      compute(0, w0 * block, std::min(block, n - w0 * block));
      fold(0);
      continue;
    }
#pragma omp parallel for schedule(dynamic)
    for (std::int64_t slot = 0; slot < count; ++slot) {
      const Eigen::Index first = (w0 + slot) * block;
      compute(slot, first, std::min(block, n - first));
    }
    for (std::int64_t slot = 0; slot < count; ++slot) fold(slot);
  }
}

}  // namespace nnm
