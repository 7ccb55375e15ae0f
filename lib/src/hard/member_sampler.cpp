#include "nnm/hard/member_sampler.hpp"

#include "nnm/core/error.hpp"
#include "nnm/core/random.hpp"

namespace nnm {

namespace {
double checked_noise(const FamilyMember& member, double noise) {
  if (member.labels == LabelKind::boolean && noise != 0.0)
    throw InputError(
        "noise does not apply to boolean labels (each label is already a ±1 coin whose mean is the "
        "network's output)");
  return noise;
}
}  // namespace

MemberSampler::MemberSampler(const FamilyMember& member, const InputLaw& law, std::uint64_t n,
                             double noise, std::uint64_t seed)
    : member_(member),
      teacher_(member.network, law, n, checked_noise(member, noise), seed),
      seed_(seed) {}

void MemberSampler::fill(std::uint64_t first, Eigen::Ref<Eigen::MatrixXd> X,
                         Eigen::Ref<Eigen::MatrixXd> Y) const {
  teacher_.fill(first, X, Y);
  if (member_.labels != LabelKind::boolean) return;
  for (Eigen::Index r = 0; r < Y.rows(); ++r) {
    Random rng(seed_, streams::labels, first + static_cast<std::uint64_t>(r));
    for (Eigen::Index j = 0; j < Y.cols(); ++j) {
      const double mean = conditional_label_mean(LabelKind::boolean, Y(r, j));
      Y(r, j) = rng.uniform() < 0.5 * (1.0 + mean) ? 1.0 : -1.0;
    }
  }
}

}  // namespace nnm
