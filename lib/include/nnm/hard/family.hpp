#pragma once
// Any hard family from typed options: one options struct per construction, held in a variant, and
// the factory that builds the family it names.
#include <cstdint>
#include <memory>
#include <optional>
#include <variant>

#include "nnm/core/enum_names.hpp"
#include "nnm/hard/coloring.hpp"
#include "nnm/hard/dkkz.hpp"
#include "nnm/hard/natural.hpp"
#include "nnm/hard/parity.hpp"
#include "nnm/hard/single_relu_maxcut.hpp"
#include "nnm/hard/wave.hpp"
#include "nnm/sq/family.hpp"

namespace nnm {

enum class FamilyKind { parity, wave, natural, dkkz, coloring, relu_maxcut };
constexpr auto enum_table(FamilyKind) {
  using K = FamilyKind;
  return make_enum_table<K>("family kind", {{K::parity, "parity"},
                                            {K::wave, "wave"},
                                            {K::natural, "natural"},
                                            {K::dkkz, "dkkz"},
                                            {K::coloring, "coloring"},
                                            {K::relu_maxcut, "relu-maxcut"}});
}

/// The options of one construction; the alternative held says which family is meant (in the
/// order of FamilyKind).
using FamilyOptions = std::variant<ParityOptions, WaveOptions, NaturalOptions, DkkzOptions,
                                   ColoringOptions, ReluMaxcutOptions>;

/// The kind a set of options builds.
FamilyKind family_kind(const FamilyOptions& options);
/// The default options of a kind.
FamilyOptions default_family_options(FamilyKind kind);

/// Builds the family. Throws InputError naming the bad option field.
std::unique_ptr<HardFamily> make_family(const FamilyOptions& options);

/// Member `index` when given (InputError when it is out of range), else one drawn from `seed`.
FamilyMember pick_member(const HardFamily& family, std::optional<std::uint64_t> index,
                         std::uint64_t seed);

}  // namespace nnm
