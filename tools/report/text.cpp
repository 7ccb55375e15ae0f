// Numbers and escaped text for the report, and its colours.
#include "report/report.hpp"
#include "report/svg.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>

namespace nnm::report {
namespace detail {

Rgb viridis(double t) {
  if (!(t >= 0)) t = 0;  // also NaN
  if (t > 1) t = 1;
  const double s = t * (kViridis.size() - 1);
  const std::size_t i = std::min(static_cast<std::size_t>(s), kViridis.size() - 2);
  const double f = s - static_cast<double>(i);
  const Rgb& a = kViridis[i];
  const Rgb& b = kViridis[i + 1];
  return {a.r + f * (b.r - a.r), a.g + f * (b.g - a.g), a.b + f * (b.b - a.b)};
}

std::string hex(const Rgb& c) {
  char buf[8];
  auto byte = [](double v) { return static_cast<int>(std::lround(std::clamp(v, 0.0, 255.0))); };
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", byte(c.r), byte(c.g), byte(c.b));
  return buf;
}

// WCAG relative luminance.
double luminance(const Rgb& c) {
  auto lin = [](double v) {
    v /= 255.0;
    return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

// Black or white, whichever contrasts more with the background.
const char* text_colour_on(const Rgb& background) {
  const double l = luminance(background);
  const double with_white = 1.05 / (l + 0.05), with_black = (l + 0.05) / 0.05;
  return with_white >= with_black ? "#ffffff" : "#000000";
}

}  // namespace detail

// ============================================================================================
// Text and numbers
// ============================================================================================

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string format_number(double value, int significant) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  if (value == 0) return "0";
  significant = std::clamp(significant, 1, 17);
  // Round to the significant digits first (in exponent form), then decide how to print it.
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*e", significant - 1, value);
  const char* e = std::strchr(buf, 'e');
  const int exponent = std::atoi(e + 1);
  std::string out;
  if (exponent < -3 || exponent >= std::max(6, significant)) {
    std::string mantissa(buf, static_cast<std::size_t>(e - buf));
    if (mantissa.find('.') != std::string::npos) {
      while (mantissa.back() == '0') mantissa.pop_back();
      if (mantissa.back() == '.') mantissa.pop_back();
    }
    out = mantissa + "e" + std::to_string(exponent);
  } else {
    const double rounded = std::strtod(buf, nullptr);
    const int decimals = std::max(0, significant - 1 - exponent);
    std::snprintf(buf, sizeof buf, "%.*f", decimals, rounded);
    out = buf;
    if (out.find('.') != std::string::npos) {
      while (out.back() == '0') out.pop_back();
      if (out.back() == '.') out.pop_back();
    }
  }
  if (out == "-0") out = "0";
  return out;
}

std::string heat_colour(double t) { return detail::hex(detail::viridis(t)); }

std::string series_colour(std::size_t i) { return detail::kPalette[i % detail::kPalette.size()]; }

}  // namespace nnm::report
