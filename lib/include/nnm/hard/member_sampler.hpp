#pragma once
// Labelled samples of a family member, with the member's own kind of labels: real outputs (plus
// optional relative noise, as TeacherSampler makes them) or ±1 coins whose mean is the clamped
// output (the classification variant of a family).
#include <cstdint>

#include "nnm/data/distributions.hpp"
#include "nnm/data/teacher.hpp"
#include "nnm/sq/family.hpp"

namespace nnm {

class MemberSampler {
 public:
  /// Keeps references to `member` and `law`. Throws InputError for noise > 0 on boolean labels
  /// (their randomness is already the coin).
  MemberSampler(const FamilyMember& member, const InputLaw& law, std::uint64_t n, double noise,
                std::uint64_t seed);
  std::uint64_t size() const { return teacher_.size(); }
  double noise_sd() const { return teacher_.noise_sd(); }
  /// Samples first … first+X.rows()−1; a boolean label is +1 with probability (1 + clamp(f))/2,
  /// drawn from (seed, streams::labels, sample index), so it depends on nothing else.
  void fill(std::uint64_t first, Eigen::Ref<Eigen::MatrixXd> X,
            Eigen::Ref<Eigen::MatrixXd> Y) const;

 private:
  const FamilyMember& member_;
  TeacherSampler teacher_;
  std::uint64_t seed_;
};

}  // namespace nnm
