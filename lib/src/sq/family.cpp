#include "nnm/sq/family.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "nnm/core/random.hpp"

namespace nnm {

double conditional_label_mean(LabelKind labels, double f) {
  return labels == LabelKind::boolean ? std::clamp(f, -1.0, 1.0) : f;
}

std::vector<std::uint64_t> sample_member_indices(double size, std::uint64_t count,
                                                 std::uint64_t seed) {
  std::vector<std::uint64_t> out;
  if (!std::isfinite(size) || size >= 0x1p63) {
    for (std::uint64_t i = 0; i < count; ++i) out.push_back(i);
    return out;
  }
  const auto n = static_cast<std::uint64_t>(size);
  if (count >= n) {
    for (std::uint64_t i = 0; i < n; ++i) out.push_back(i);
    return out;
  }
  // Floyd: for j = n−count … n−1 pick t in [0, j]; take j instead if t was already taken.
  std::set<std::uint64_t> chosen;
  Random rng(seed, streams::family, 0x5eed);
  for (std::uint64_t j = n - count; j < n; ++j) {
    const std::uint64_t t = rng.below(j + 1);
    chosen.insert(chosen.count(t) ? j : t);
  }
  return {chosen.begin(), chosen.end()};
}

}  // namespace nnm
