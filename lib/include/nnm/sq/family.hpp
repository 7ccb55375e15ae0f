#pragma once
// What the SQ machinery needs of a family of target functions: exact two-layer networks, indexed
// so that a family of astronomically many members can still be sampled and named. The hard
// constructions (nnm/hard/) implement this interface; nnm/sq/ analyses any implementation.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "nnm/core/network.hpp"

namespace nnm {

/// One member: the network that computes it (one output) plus what identifies it.
struct FamilyMember {
  Network network;
  nlohmann::json info;  ///< e.g. {"subset": [3, 7, 9, 12]}; written into truth files
};

class HardFamily {
 public:
  virtual ~HardFamily() = default;
  virtual std::string kind() const = 0;
  virtual Eigen::Index dim() const = 0;
  /// Exact number of members, as a double (C(d, k) overflows integers long before it matters for a
  /// bound). Infinity for continuous families (random rotations, random weights).
  virtual double size() const = 0;
  /// Member `index` (0 ≤ index < size() when the size is finite). Deterministic.
  virtual FamilyMember member(std::uint64_t index) const = 0;
  /// The construction's parameters, for truth files and reports.
  virtual nlohmann::json parameters() const = 0;
};

/// `count` distinct member indices drawn uniformly from [0, size) (Floyd's algorithm), in
/// increasing order; every index when count ≥ size; 0, 1, … for infinite families.
std::vector<std::uint64_t> sample_member_indices(double size, std::uint64_t count,
                                                 std::uint64_t seed);

}  // namespace nnm
