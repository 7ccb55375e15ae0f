#pragma once
// Private pieces of the report's SVG drawing (not installed): text measure and escaping, colours,
// axes and ticks, markers and legend samples. Shared by line_plot.cpp and heat_map.cpp.
#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace nnm::report::detail {

// ---- colours (colours.cpp) ----
struct Rgb {
  double r, g, b;  // 0..255
};

// Viridis (matplotlib), sampled at t = 0, 0.1, ..., 1; interpolated linearly in between.
constexpr std::array<Rgb, 11> kViridis{{{0x44, 0x01, 0x54},
                                        {0x48, 0x24, 0x75},
                                        {0x41, 0x44, 0x87},
                                        {0x35, 0x5f, 0x8d},
                                        {0x2a, 0x78, 0x8e},
                                        {0x21, 0x91, 0x8c},
                                        {0x22, 0xa8, 0x84},
                                        {0x44, 0xbf, 0x70},
                                        {0x7a, 0xd1, 0x51},
                                        {0xbd, 0xdf, 0x26},
                                        {0xfd, 0xe7, 0x25}}};

// Okabe–Ito, reordered so that the first colours are the most distinct on white (yellow last).
constexpr std::array<const char*, 8> kPalette{"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                              "#E69F00", "#56B4E9", "#000000", "#F0E442"};

Rgb viridis(double t);
std::string hex(const Rgb& c);
/// Black or white, whichever contrasts more with the background.
const char* text_colour_on(const Rgb& background);

// ---- SVG text (svg_text.cpp) ----
/// Escaped SVG/XML text: control characters (not allowed in XML 1.0) become spaces.
std::string xml_text(std::string_view text);
/// Estimated rendered width of text in a sans-serif font (DejaVu Sans is among the widest).
double text_width(std::string_view text, double font_size);
/// SVG coordinate: 2 decimals at most, finite, bounded.
std::string coord(double v);
/// Splits text into lines no wider than max_width (at spaces; a long word keeps its own line).
std::vector<std::string> wrap(std::string_view text, double max_width, double font_size);
/// Shortens text with an ellipsis so that it fits max_width.
std::string fit(std::string text, double max_width, double font_size);
/// Element ids are written as the token "@ID@" and replaced, once the SVG is complete, by a hash
/// of its content: deterministic, and distinct for distinct figures on one page.
inline constexpr std::string_view kIdToken = "@ID@";
std::string finish_ids(std::string svg);
std::string svg_open(double width, double height, std::string_view title);
std::string text_element(double x, double y, std::string_view text, std::string_view extra = {});

// ---- axes (axes.cpp) ----
struct Ticks {
  double lo = 0, hi = 1;      // axis range, in axis units (log10 of the value on log axes)
  std::vector<double> major;  // labelled tick positions, axis units
  std::vector<std::string> labels;
  std::vector<double> minor;  // unlabelled tick positions, axis units
};

/// The 1-2-5 step whose number of intervals over `span` is closest to `target`.
double nice_step(double span, int target);
/// Linear ticks at multiples of a 1-2-5 step inside [lo, hi].
Ticks linear_ticks(double lo, double hi, int target);
/// Log ticks on [lo, hi] (log10 units), labelled every `every`-th decade.
Ticks log_ticks(double lo, double hi, int every, double pixels_per_decade, double label_extent);
/// The axis range (axis units) from the data extent (value units; lo > hi means no data) and
/// optional fixed bounds.
std::pair<double, double> axis_range(double lo, double hi, bool log, std::optional<double> fixed_lo,
                                     std::optional<double> fixed_hi);
struct Mapper {
  bool log = false;
  double lo = 0, hi = 1;      // axis units
  double p_lo = 0, p_hi = 1;  // pixels
  // Pixel of a value (value units). The value must be valid for the axis.
  double operator()(double v) const { return at(log ? std::log10(v) : v); }
  // Pixel of a position in axis units.
  double at(double u) const { return p_lo + (u - lo) / (hi - lo) * (p_hi - p_lo); }
};

// ---- markers and legend samples (legend.cpp) ----
/// A marker path centred at (x, y); the path starts with "M x y" (the point itself).
std::string marker_path(std::size_t shape, double x, double y, double r);
std::string marker_element(std::size_t shape, double x, double y, double r,
                           const std::string& colour);
struct LegendEntry {
  std::string label;
  std::string colour;
  std::string dash;
  std::size_t shape = 0;
  bool marker = true;
  double line_width = 1.8;
};

std::string legend_sample(const LegendEntry& e, double x, double y);

}  // namespace nnm::report::detail
