#include "nnm/hard/family.hpp"

#include <cmath>
#include <string>

#include "nnm/core/error.hpp"

namespace nnm {

FamilyKind family_kind(const FamilyOptions& options) {
  return static_cast<FamilyKind>(options.index());
}

namespace {

template <std::size_t I>
FamilyOptions default_at(std::size_t index) {
  if constexpr (I < std::variant_size_v<FamilyOptions>) {
    if (index == I) return FamilyOptions(std::in_place_index<I>);
    return default_at<I + 1>(index);
  } else {
    throw std::logic_error("default_family_options: unknown kind");
  }
}

std::unique_ptr<HardFamily> make(const ParityOptions& o) { return make_parity_family(o); }
std::unique_ptr<HardFamily> make(const WaveOptions& o) { return make_wave_family(o); }
std::unique_ptr<HardFamily> make(const NaturalOptions& o) { return make_natural_family(o); }
std::unique_ptr<HardFamily> make(const DkkzOptions& o) { return make_dkkz_family(o); }
std::unique_ptr<HardFamily> make(const ColoringOptions& o) { return make_coloring_family(o); }
std::unique_ptr<HardFamily> make(const ReluMaxcutOptions& o) { return make_relu_maxcut_family(o); }

}  // namespace

FamilyOptions default_family_options(FamilyKind kind) {
  return default_at<0>(static_cast<std::size_t>(kind));
}

std::unique_ptr<HardFamily> make_family(const FamilyOptions& options) {
  return std::visit([](const auto& o) { return make(o); }, options);
}

FamilyMember pick_member(const HardFamily& family, std::optional<std::uint64_t> index,
                         std::uint64_t seed) {
  if (index) {
    const double size = family.size();
    if (static_cast<double>(*index) >= size)
      throw InputError("member " + std::to_string(*index) + " is out of range: the " +
                       family.kind() + " family has " +
                       std::to_string(static_cast<unsigned long long>(size)) + " members");
    return family.member(*index);
  }
  // Infinite families are already seeded as a whole; their member 0 is as random as any.
  return family.member(sample_member_indices(family.size(), 1, seed).front());
}

}  // namespace nnm
