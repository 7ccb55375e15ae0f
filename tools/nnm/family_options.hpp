#pragma once
// The command-line face of the hard families, shared by `nnm family` and `nnm sq`: one table of
// flags, each writing straight into the typed options of the families it applies to, and a check
// that refuses a flag the chosen kind does not use.
#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "nnm/hard/family.hpp"

namespace nnm::cli {

/// The options of every kind at once, as the flags fill them.
struct FamilyOptionSet {
  ParityOptions parity;
  WaveOptions wave;
  NaturalOptions natural;
  DkkzOptions dkkz;
  ColoringOptions coloring;
  ReluMaxcutOptions relu_maxcut;
};

class FamilyFlags {
 public:
  /// Adds --kind, every family knob and --seed to a subcommand. The object must outlive parsing.
  /// With `kind_required` false, --kind may be left out (the command has another input).
  void add_to(CLI::App& cmd, bool kind_required = true);
  CLI::Option* kind_option() const { return kind_option_; }
  /// Whether --kind or any family knob was given.
  bool any_given() const;
  /// The chosen kind's options. Throws InputError for an unknown kind or name, or for a flag given
  /// that the kind does not use ("--sharpness does not apply to --kind parity (only to wave)").
  FamilyOptions options() const;
  std::uint64_t seed() const { return seed_; }

 private:
  struct Knob {
    CLI::Option* option;
    std::vector<FamilyKind> kinds;
  };
  template <class T, class Set>
  CLI::Option* knob(CLI::App& cmd, const char* flag, const std::string& help,
                    std::vector<FamilyKind> kinds, Set set);
  void named(CLI::App& cmd, const char* flag, const std::string& help, FamilyKind kind,
             std::optional<std::string>& target);
  void check_applies(FamilyKind kind) const;

  std::string kind_ = "parity";
  FamilyOptionSet set_;
  std::optional<std::string> activation_, scale_, labels_, index_set_, spacing_, weights_, graph_;
  CLI::Option *d_option_ = nullptr, *edge_prob_option_ = nullptr;
  std::uint64_t seed_ = 1;
  std::vector<Knob> knobs_;
  CLI::Option* kind_option_ = nullptr;
};

}  // namespace nnm::cli
