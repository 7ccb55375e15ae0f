#pragma once
// What the SQ machinery needs of a family of target functions: exact two-layer networks, indexed
// so that a family of astronomically many members can still be sampled and named. The hard
// constructions (nnm/hard/) implement this interface; nnm/sq/ analyses any implementation.
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "nnm/core/enum_names.hpp"
#include "nnm/core/network.hpp"
#include "nnm/data/dataset.hpp"
#include "nnm/data/distributions.hpp"
#include "nnm/sq/correlation.hpp"

namespace nnm {

/// How a member's labels arise from its network's output f(x).
enum class LabelKind {
  real,  ///< y = f(x) (regression)
  /// y = ±1 with E[y | x] = clamp(f(x), −1, 1): a probabilistic concept (classification). With ±1
  /// labels every statistical query is a target-free term plus a correlational one, so SQ and CSQ
  /// bounds coincide; the correlations that matter are those of the conditional means.
  boolean,
};
constexpr auto enum_table(LabelKind) {
  using L = LabelKind;
  return make_enum_table<L>("labels", {{L::real, "real"}, {L::boolean, "boolean"}});
}
/// E[y | x] given the network's output: f itself, or f clamped to [−1, 1].
double conditional_label_mean(LabelKind labels, double f);

/// One member: the network that computes it (one output), how labels follow from it, and what
/// identifies it.
struct FamilyMember {
  Network network;
  nlohmann::json info;  ///< e.g. {"subset": [3, 7, 9, 12]}; written into truth files
  LabelKind labels = LabelKind::real;
};

/// Which learners a family's hardness covers. A correlational (CSQ) bound says nothing about
/// learners that query E[φ(x, y)] with φ nonlinear in y; only an SQ bound covers every
/// statistical query; conditional hardness rests on a complexity assumption (NP ≠ P, RSAT).
enum class LearnerClass {
  csq,          ///< correlational queries E[g(x)·y]: gradient descent on the square loss
  sq,           ///< every statistical query E[φ(x, y)]
  conditional,  ///< every efficient algorithm, under a complexity-theoretic assumption
};
constexpr auto enum_table(LearnerClass) {
  using L = LearnerClass;
  return make_enum_table<L>("learner class",
                            {{L::csq, "CSQ"}, {L::sq, "SQ"}, {L::conditional, "conditional"}});
}

/// What a family's hardness covers, in one class and one sentence that claims no more.
struct HardnessClaim {
  LearnerClass learners = LearnerClass::csq;
  std::string statement;
};

/// λ_max of the whole family's normalised Gram matrix under a law, computed without sampling
/// (exactly orthogonal members, or an overlap-determined Gram matrix diagonalised by its scheme).
/// `lambda + error` is a certified upper bound; `exact` says whether `lambda` itself is λ_max (up
/// to `error`) or only an upper bound.
struct FamilyLambda {
  double lambda = 1.0, error = 0.0;
  bool exact = true;
  std::string method;  ///< how it was obtained, for reports
  /// When `lambda` is a Gershgorin row sum of certified entry bounds: the largest of them, a bound
  /// on every off-diagonal |G_ij|. NaN otherwise.
  double gamma = std::numeric_limits<double>::quiet_NaN();
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
  /// Which learners the family's hardness covers.
  virtual HardnessClaim claim() const = 0;
  /// λ_max of the whole family under `law`, when it can be had without sampling; nothing
  /// otherwise (then no whole-family query bound is claimed).
  virtual std::optional<FamilyLambda> family_lambda(const InputLaw& /*law*/,
                                                    const CorrelationOptions& /*options*/) const {
    return std::nullopt;
  }
  /// Whether the family is a fixed point set (a reduction's instance), not a target to sample
  /// under an input law. Cheap, unlike fixed_points(), which builds the whole training set.
  virtual bool is_fixed_point_set() const { return false; }
  /// The training set itself when is_fixed_point_set(); nothing otherwise.
  virtual std::optional<Dataset> fixed_points() const { return std::nullopt; }
  /// Why family_lambda() gives nothing under `law`, for reports.
  virtual std::string why_no_family_lambda(const InputLaw& /*law*/) const {
    return "no exact or certified lambda_max is known for this family";
  }
};

/// `count` distinct member indices drawn uniformly from [0, size) (Floyd's algorithm), in
/// increasing order; every index when count ≥ size; 0, 1, … for infinite families.
std::vector<std::uint64_t> sample_member_indices(double size, std::uint64_t count,
                                                 std::uint64_t seed);

}  // namespace nnm
