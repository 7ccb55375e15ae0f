#include "options.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <functional>

namespace nnm::cli {

std::string show_number(double x) {
  if (x == 0) return "0";  // also -0
  return fmt::format("{:g}", x);
}

namespace {

std::string range_text(double lo, double hi) {
  if (std::isinf(hi)) return "at least " + show_number(lo);
  if (std::isinf(lo)) return "at most " + show_number(hi);
  return show_number(lo) + " to " + show_number(hi);
}

// Parses a whole number written as an integer or an exact decimal (1e5, 2.0e3); false otherwise.
bool parse_whole(const std::string& text, long double& out) {
  if (text.empty()) return false;
  char* end = nullptr;
  out = std::strtold(text.c_str(), &end);
  if (end != text.c_str() + text.size() || !std::isfinite(out)) return false;
  return out == std::floor(out);
}

// A validator for a decimal number that `accept` must accept; `expected` names the valid range.
CLI::Validator number_validator(std::function<bool(double)> accept, std::string expected,
                                std::string type_name) {
  return CLI::Validator(
      [accept = std::move(accept), expected = std::move(expected)](std::string& text) {
        char* end = nullptr;
        const double x = std::strtod(text.c_str(), &end);
        if (text.empty() || end != text.c_str() + text.size() || std::isnan(x))
          return "'" + text + "' is not a number";
        if (!accept(x)) return text + " is out of range (expected " + expected + ")";
        return std::string();
      },
      std::move(type_name));
}

template <class Int>
CLI::Option* add_whole(CLI::App& app, const std::string& name, Int& value, const std::string& help,
                       Int lo, Int hi) {
  const bool bounded = hi != std::numeric_limits<Int>::max();
  const std::string expected =
      bounded ? "a whole number from " + std::to_string(lo) + " to " + std::to_string(hi)
              : "a whole number of at least " + std::to_string(lo);
  auto* opt = app.add_option_function<std::string>(
      name,
      [&value, name, lo, hi, bounded, expected](const std::string& text) {
        long double x = 0;
        const bool whole = parse_whole(text, x);
        if (whole && !bounded && x > static_cast<long double>(hi))
          throw CLI::ValidationError(
              name, "'" + text + "' is too large (at most " + std::to_string(hi) + ")");
        if (!whole || x < static_cast<long double>(lo) || x > static_cast<long double>(hi))
          throw CLI::ValidationError(name, "'" + text + "' is not " + expected);
        value = static_cast<Int>(x);
      },
      help);
  opt->type_name("INT")->default_str(std::to_string(value));
  return opt;
}

}  // namespace

CLI::Validator in_range(double lo, double hi) {
  return number_validator([lo, hi](double x) { return x >= lo && x <= hi; }, range_text(lo, hi),
                          "NUMBER in " + range_text(lo, hi));
}

CLI::Validator above(double lo) {
  return number_validator([lo](double x) { return x > lo; }, "greater than " + show_number(lo),
                          "NUMBER > " + show_number(lo));
}

CLI::Option* add_count(CLI::App& app, const std::string& name, long long& value,
                       const std::string& help, long long lo, long long hi) {
  return add_whole(app, name, value, help, lo, hi);
}
CLI::Option* add_count(CLI::App& app, const std::string& name, long& value, const std::string& help,
                       long lo, long hi) {
  return add_whole(app, name, value, help, lo, hi);
}
CLI::Option* add_count(CLI::App& app, const std::string& name, int& value, const std::string& help,
                       int lo, int hi) {
  return add_whole(app, name, value, help, lo, hi);
}
CLI::Option* add_count(CLI::App& app, const std::string& name, std::uint64_t& value,
                       const std::string& help, std::uint64_t lo, std::uint64_t hi) {
  return add_whole(app, name, value, help, lo, hi);
}

}  // namespace nnm::cli
