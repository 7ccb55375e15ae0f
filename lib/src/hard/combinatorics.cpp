#include "nnm/hard/combinatorics.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "nnm/core/error.hpp"
#include "nnm/core/random.hpp"

namespace nnm {

double binomial(Eigen::Index n, Eigen::Index r) {
  if (r < 0 || r > n) return 0.0;
  r = std::min(r, n - r);
  double c = 1.0;
  for (Eigen::Index i = 1; i <= r; ++i)
    c = c * static_cast<double>(n - r + i) / static_cast<double>(i);
  return std::round(c);
}

std::vector<Eigen::Index> subset_of_rank(Eigen::Index d, Eigen::Index k, std::uint64_t index) {
  if (static_cast<double>(index) >= binomial(d, k))
    throw InputError("member index " + std::to_string(index) + " is out of range: there are " +
                     std::to_string(static_cast<std::uint64_t>(binomial(d, k))) + " subsets");
  // Colex order: the largest element c_k is the largest c with C(c, k) ≤ index, and so on down.
  std::vector<Eigen::Index> subset(static_cast<std::size_t>(k));
  Eigen::Index c = d;
  for (Eigen::Index i = k; i >= 1; --i) {
    do --c;
    while (binomial(c, i) > static_cast<double>(index));
    subset[static_cast<std::size_t>(i - 1)] = c;
    index -= static_cast<std::uint64_t>(binomial(c, i));
  }
  return subset;
}

std::vector<Eigen::Index> member_subset(Eigen::Index d, Eigen::Index k, std::uint64_t index) {
  if (binomial(d, k) < 0x1p62) return subset_of_rank(d, k, index);
  std::vector<Eigen::Index> all(static_cast<std::size_t>(d));
  for (Eigen::Index i = 0; i < d; ++i) all[static_cast<std::size_t>(i)] = i;
  Random rng(index, streams::family, 0);
  for (Eigen::Index i = 0; i < k; ++i)
    std::swap(all[static_cast<std::size_t>(i)],
              all[static_cast<std::size_t>(i) + rng.below(static_cast<std::uint64_t>(d - i))]);
  std::vector<Eigen::Index> subset(all.begin(), all.begin() + k);
  std::sort(subset.begin(), subset.end());
  return subset;
}

std::vector<Eigen::Index> one_based(std::vector<Eigen::Index> indices) {
  for (auto& i : indices) ++i;
  return indices;
}

}  // namespace nnm
