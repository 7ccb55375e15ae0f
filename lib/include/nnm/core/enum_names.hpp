#pragma once
// One table per enum gives both directions, name → value and value → name, so no module writes
// its own string switch. A module declares, next to its enum,
//   constexpr auto enum_table(CpStatus) {
//     return make_enum_table<CpStatus>("CP status", {{CpStatus::success, "success"}, …});
//   }
// and enum_name() / parse_enum<CpStatus>() find it by argument-dependent lookup.
#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "nnm/core/error.hpp"

namespace nnm {

template <class Enum, std::size_t N>
struct EnumTable {
  std::string_view what;  ///< what the values are, for messages: "CP status", "input law"
  std::array<std::pair<Enum, std::string_view>, N> entries;
};

template <class Enum, std::size_t N>
constexpr EnumTable<Enum, N> make_enum_table(
    std::string_view what, const std::pair<Enum, std::string_view> (&entries)[N]) {
  EnumTable<Enum, N> table{what, {}};
  for (std::size_t i = 0; i < N; ++i) table.entries[i] = entries[i];
  return table;
}

/// The name of a value ("?" for a value the table lacks, which is a bug in the table).
template <class Enum>
constexpr std::string_view enum_name(Enum value) {
  for (const auto& [v, name] : enum_table(Enum{}).entries)
    if (v == value) return name;
  return "?";
}

/// Every name, joined as "a, b, c", for help texts and messages.
template <class Enum>
std::string enum_choices(Enum = Enum{}) {
  std::string out;
  for (const auto& entry : enum_table(Enum{}).entries) {
    if (!out.empty()) out += ", ";
    out += entry.second;
  }
  return out;
}

/// The value named `name`. Throws InputError: "unknown <what> 'name' (expected a, b, c)".
template <class Enum>
Enum parse_enum(std::string_view name) {
  const auto table = enum_table(Enum{});
  for (const auto& [v, n] : table.entries)
    if (n == name) return v;
  throw InputError("unknown " + std::string(table.what) + " '" + std::string(name) +
                   "' (expected " + enum_choices<Enum>() + ")");
}

}  // namespace nnm
