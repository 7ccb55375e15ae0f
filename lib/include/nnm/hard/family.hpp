#pragma once
// What every hard family shares: members are exact two-layer networks, indexed so that a family
// of astronomically many members can still be sampled and named.
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <variant>
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

/// Every knob of every family, flat, so one declaration drives both the library factory and the
/// command line (see family_parameters()). Fields a family does not use are ignored.
struct FamilyRequest {
  std::string kind = "parity";  ///< parity, wave, natural, dkkz, coloring
  long d = 20;
  long k = 4;  ///< parity: |S|; natural: hidden units; dkkz: directions; coloring: colours
  std::string activation;     ///< empty: the family's default
  std::string scale = "sum";  ///< parity: sum | average (2^-k) | unit (unit L2 norm under N(0, I))
  double sharpness = 4.0;     ///< wave: s
  double period = 1.0;        ///< wave: h
  double range = 5.0;         ///< wave: the units cover |t| ≤ range (ignored when units > 0)
  long units = 0;  ///< wave: 2J+1 sigmoids, or the ReLU triangle's pieces (0: from range)
  std::string index_set = "half";  ///< wave: half (d/2-subsets) | sign (sign vectors)
  double delta = 0.0;  ///< wave: perturbation a + δ‖a‖g with g a random unit vector
  std::string weights = "normal";  ///< natural: normal (N(0, 1/d)) | uniform (same variance)
  long m = 1;                      ///< natural: outputs
  double edge_prob = 0.5;          ///< coloring: probability of each allowed edge
  bool hypergraph = false;         ///< coloring: 3-uniform hyperedges instead of edges
  long long member = -1;           ///< which member; −1: one drawn from the seed
  std::uint64_t seed = 1;
};

/// Builds the family a request names. Throws InputError naming the bad field.
std::unique_ptr<HardFamily> make_family(const FamilyRequest& request);
/// The family kinds make_family() knows, for help and error messages.
const std::vector<std::string>& family_kinds();

/// One command-line knob of FamilyRequest: its flag, help text and field.
struct FamilyParameter {
  const char* flag;
  const char* help;
  std::variant<long FamilyRequest::*, long long FamilyRequest::*, double FamilyRequest::*,
               std::string FamilyRequest::*, bool FamilyRequest::*>
      field;
};
/// The knobs shared by `nnm family` and `nnm sq` (everything but kind, seed and dist).
const std::vector<FamilyParameter>& family_parameters();

/// The member a request picks: request.member, or one drawn from the seed when it is −1.
FamilyMember pick_member(const HardFamily& family, const FamilyRequest& request);

}  // namespace nnm
