#pragma once
// Option helpers shared by every subcommand, so that all of them read numbers the same way and
// say the same thing about a bad value: "--pairs: 0 is out of range (expected 1 to 1e+06)".
#include <CLI/CLI.hpp>
#include <cstdint>
#include <limits>
#include <string>

namespace nnm::cli {

/// The most rows generate and family write (--n, --test-n): far beyond any disk, but it keeps
/// --n 9e18 from wrapping around or running for years.
inline constexpr long long kMaxGeneratedRows = 1'000'000'000'000;
/// Held-out rows (--test-out) are drawn at sample indices from here on: far past any training row
/// (so independent of them, and unchanged by --n) and past evaluate's fresh inputs at 2^40.
inline constexpr std::uint64_t kHeldOutFirstIndex = std::uint64_t{1} << 48;

/// A number for messages: %g style (1e+06, 0.5, -3), never "1000000.000000" or "-0.000000".
std::string show_number(double x);

/// A validator that accepts lo ≤ x ≤ hi and otherwise names the range in %g form. Either bound
/// may be ±infinity ("at least 0", "at most 1").
CLI::Validator in_range(double lo, double hi = std::numeric_limits<double>::infinity());
/// Like in_range, but lo itself is refused ("greater than 0").
CLI::Validator above(double lo);

/// Adds an integer option that also accepts exact decimal forms such as 1e5 or 2.0e3 (but not
/// 1.5 or 1e30), within [lo, hi].
CLI::Option* add_count(CLI::App& app, const std::string& name, long long& value,
                       const std::string& help, long long lo,
                       long long hi = std::numeric_limits<long long>::max());
CLI::Option* add_count(CLI::App& app, const std::string& name, long& value, const std::string& help,
                       long lo, long hi = std::numeric_limits<long>::max());
CLI::Option* add_count(CLI::App& app, const std::string& name, int& value, const std::string& help,
                       int lo, int hi = std::numeric_limits<int>::max());
CLI::Option* add_count(CLI::App& app, const std::string& name, std::uint64_t& value,
                       const std::string& help, std::uint64_t lo,
                       std::uint64_t hi = std::numeric_limits<std::uint64_t>::max());

}  // namespace nnm::cli
