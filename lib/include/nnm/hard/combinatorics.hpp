#pragma once
// Counting and ranking subsets: the index sets of the parity and wave families.
#include <Eigen/Core>
#include <cstdint>
#include <vector>

namespace nnm {

/// C(n, r) as a double (exact while it fits 53 bits); 0 when r < 0 or r > n.
double binomial(Eigen::Index n, Eigen::Index r);
/// The subset of rank `index` (colexicographic order, 0-based) among the k-subsets of [d].
/// Throws InputError when index ≥ C(d, k).
std::vector<Eigen::Index> subset_of_rank(Eigen::Index d, Eigen::Index k, std::uint64_t index);
/// The k-subset a family member `index` names: the subset of that rank while C(d, k) < 2^62,
/// beyond that (too many to rank in 64 bits) a uniform random subset keyed by the index. Sorted.
std::vector<Eigen::Index> member_subset(Eigen::Index d, Eigen::Index k, std::uint64_t index);
/// The same indices counted from 1, as files and reports show them.
std::vector<Eigen::Index> one_based(std::vector<Eigen::Index> indices);

}  // namespace nnm
