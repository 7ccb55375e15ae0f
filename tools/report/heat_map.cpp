// The heat map: the colour range, the layout (cells, rotated tick labels, title, colour bar),
// then the drawing, each in its own function. The output is a pure function of the HeatMap.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <tuple>
#include <vector>

#include "report/report.hpp"
#include "report/svg.hpp"

namespace nnm::report {
using namespace detail;

namespace {

constexpr double kTitle = 14, kLabel = 12, kTick = 11, kBarW = 16;
const double kAngle = 40.0 * 3.14159265358979 / 180.0;

double value_at(const HeatMap& map, std::size_t r, std::size_t c) {
  if (r < map.values.size() && c < map.values[r].size()) return map.values[r][c];
  return std::numeric_limits<double>::quiet_NaN();
}

/// The colour range: the map's own, or the finite values' when that is not a proper range.
std::pair<double, double> colour_range(const HeatMap& map) {
  double lo = map.lo, hi = map.hi;
  if (std::isfinite(lo) && std::isfinite(hi) && hi > lo) return {lo, hi};
  lo = std::numeric_limits<double>::infinity();
  hi = -lo;
  for (const auto& r : map.values)
    for (const double v : r)
      if (std::isfinite(v)) {
        lo = std::min(lo, v);
        hi = std::max(hi, v);
      }
  if (!(lo <= hi)) return {0.0, 1.0};
  if (!(hi > lo)) return {lo - 0.5, hi + 0.5};
  return {lo, hi};
}

double widest(const std::vector<std::string>& labels, double size) {
  double w = 0;
  for (const auto& l : labels) w = std::max(w, text_width(l, size));
  return w;
}

struct HeatLayout {
  double cw = 0, ch = 0, lo = 0, hi = 1;
  std::size_t rows = 0, cols = 0;
  bool rotate_x = false;
  double x_tick_w = 0, x_ticks_h = 0, left = 0, grid_w = 0, grid_h = 0, bar_h = 0;
  double bar_tick_w = 0, width = 0, height = 0, top = 12, extra_left = 0;
  double gx = 0, gy = 0, bx = 0, by = 0, grid_bottom = 0, below = 0;
  Ticks bt;
  std::vector<std::string> title_lines;
};

void layout_title(const HeatMap& map, HeatLayout& l) {
  if (map.title.empty()) return;
  l.title_lines = wrap(map.title, std::max(l.width, 360.0) - 24, kTitle);
  if (l.title_lines.size() > 3) {
    l.title_lines.resize(3);
    l.title_lines[2] = fit(l.title_lines[2] + " …", std::max(l.width, 360.0) - 24, kTitle);
  }
  // Bold text runs about 10 % wider than text_width's regular-weight estimate.
  l.width = std::max(l.width, 1.1 * widest(l.title_lines, kTitle) + 24);
  l.top = 10 + 17.0 * static_cast<double>(l.title_lines.size()) + 8;
}

/// Cell grid, tick labels (rotated when wider than a cell) and the colour bar to its right.
void layout_grid(const HeatMap& map, HeatLayout& l) {
  l.cw = std::max(map.cell_width, 4);
  l.ch = std::max(map.cell_height, 4);
  l.rows = std::max(map.y_ticks.size(), map.values.size());
  l.cols = map.x_ticks.size();
  for (const auto& r : map.values) l.cols = std::max(l.cols, r.size());
  l.x_tick_w = widest(map.x_ticks, kTick);
  l.rotate_x = l.x_tick_w > l.cw - 6;
  l.x_ticks_h = map.x_ticks.empty() ? 0
                : l.rotate_x        ? l.x_tick_w * std::sin(kAngle) + kTick
                                    : kTick;
  l.left = 10 + (map.y_label.empty() ? 0 : kLabel + 8) + widest(map.y_ticks, kTick) + 6;
  l.grid_w = l.cw * static_cast<double>(l.cols);
  l.grid_h = l.ch * static_cast<double>(l.rows);
  l.bar_h = std::max(l.grid_h, 100.0);
  l.bt = linear_ticks(l.lo, l.hi, std::clamp(static_cast<int>(l.bar_h / 40), 2, 8));
  l.bar_tick_w = widest(l.bt.labels, kTick);
  l.width = l.left + l.grid_w + 16 + kBarW + 4 + 4 + l.bar_tick_w +
            (map.value_label.empty() ? 0 : 8 + kLabel) + 10;
}

HeatLayout layout(const HeatMap& map) {
  HeatLayout l;
  std::tie(l.lo, l.hi) = colour_range(map);
  layout_grid(map, l);
  layout_title(map, l);
  if (!map.x_label.empty())
    l.width = std::max(l.width, l.left + text_width(map.x_label, kLabel) + 10);
  // rotated x labels can stick out to the left of the first column
  if (l.rotate_x && !map.x_ticks.empty())
    l.extra_left = std::max(0.0, l.x_tick_w * std::cos(kAngle) - l.cw / 2 - l.left + 6);
  l.gx = l.left + l.extra_left;
  l.gy = l.top;
  l.bx = l.left + l.grid_w + 16 + l.extra_left;
  l.by = l.top;
  l.width += l.extra_left;
  l.height = l.top + std::max(l.grid_h, l.bar_h) + 6 + l.x_ticks_h +
             (map.x_label.empty() ? 0 : 8 + kLabel) + 10;
  l.grid_bottom = l.gy + l.grid_h;
  l.below = std::max(l.grid_bottom, l.gy) + 6 + l.x_ticks_h;
  return l;
}

std::string draw_defs() {
  std::string s =
      "<defs>\n<pattern id=\"@ID@-hatch\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\" "
      "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#d9d9d9\"/>"
      "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#9a9a9a\" "
      "stroke-width=\"2\"/></pattern>\n"
      "<linearGradient id=\"@ID@-scale\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">";
  for (int i = 0; i <= 20; ++i)
    s += "<stop offset=\"" + coord(i / 20.0) + "\" stop-color=\"" + heat_colour(i / 20.0) + "\"/>";
  return s + "</linearGradient>\n</defs>\n";
}

std::string draw_title(const HeatLayout& l) {
  std::string s;
  for (std::size_t i = 0; i < l.title_lines.size(); ++i) {
    double cx = l.gx + (l.bx + kBarW - l.gx) / 2;
    const double half = 1.1 * text_width(l.title_lines[i], kTitle) / 2;
    cx = std::clamp(cx, half + 10, std::max(half + 10, l.width - half - 10));
    s += text_element(
        cx, 10 + 14 + 17.0 * static_cast<double>(i), l.title_lines[i],
        "class=\"title\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\"");
  }
  return s;
}

/// One cell's rectangle; its annotation (value or "n/a") is appended to `notes`.
std::string draw_cell(const HeatMap& map, const HeatLayout& l, std::size_t r, std::size_t c,
                      std::string& notes) {
  const double v = value_at(map, r, c);
  const double x = l.gx + l.cw * static_cast<double>(c), y = l.gy + l.ch * static_cast<double>(r);
  const std::string geometry = "x=\"" + coord(x) + "\" y=\"" + coord(y) + "\" width=\"" +
                               coord(l.cw) + "\" height=\"" + coord(l.ch) + "\"";
  const double cx = x + l.cw / 2, cy = y + l.ch / 2;
  if (!std::isfinite(v)) {
    if (map.annotate && l.ch >= 10 && l.cw >= 24)
      notes += text_element(cx, cy, "n/a", "dy=\"0.35em\" fill=\"#333333\"");
    return "<rect class=\"cell missing\" " + geometry + " fill=\"url(#@ID@-hatch)\"/>\n";
  }
  const Rgb colour = viridis((v - l.lo) / (l.hi - l.lo));
  if (map.annotate && l.ch >= 10) {
    const std::string label = format_number(v, 3);
    double size = kTick;
    while (size > 7 && text_width(label, size) > l.cw - 4) size -= 0.5;
    notes += text_element(cx, cy, label,
                          std::string("dy=\"0.35em\" fill=\"") + text_colour_on(colour) + "\"" +
                              (size != kTick ? " font-size=\"" + coord(size) + "\"" : ""));
  }
  return "<rect class=\"cell\" " + geometry + " fill=\"" + hex(colour) + "\"/>\n";
}

std::string draw_cells(const HeatMap& map, const HeatLayout& l) {
  std::string s = "<g class=\"cells\" stroke=\"#ffffff\" stroke-width=\"1\">\n", notes;
  for (std::size_t r = 0; r < l.rows; ++r)
    for (std::size_t c = 0; c < l.cols; ++c) s += draw_cell(map, l, r, c, notes);
  s += "</g>\n";
  if (!notes.empty()) s += "<g class=\"annotations\" text-anchor=\"middle\">\n" + notes + "</g>\n";
  if (l.rows == 0 || l.cols == 0)
    return s + text_element(l.gx + 40, l.gy + 20, "no data",
                            "class=\"no-data\" font-size=\"14\" fill=\"#888888\"");
  return s + "<rect x=\"" + coord(l.gx) + "\" y=\"" + coord(l.gy) + "\" width=\"" +
         coord(l.grid_w) + "\" height=\"" + coord(l.grid_h) +
         "\" fill=\"none\" stroke=\"#333333\" stroke-width=\"1\"/>\n";
}

std::string draw_tick_labels(const HeatMap& map, const HeatLayout& l) {
  std::string s = "<g class=\"y-tick-labels\" text-anchor=\"end\" fill=\"#222222\">\n";
  for (std::size_t r = 0; r < map.y_ticks.size(); ++r)
    s += text_element(l.gx - 6, l.gy + l.ch * (static_cast<double>(r) + 0.5), map.y_ticks[r],
                      "dy=\"0.35em\"");
  s += "</g>\n";
  s += std::string("<g class=\"x-tick-labels\" text-anchor=\"") + (l.rotate_x ? "end" : "middle") +
       "\" fill=\"#222222\">\n";
  for (std::size_t c = 0; c < map.x_ticks.size(); ++c) {
    const double x = l.gx + l.cw * (static_cast<double>(c) + 0.5);
    if (l.rotate_x) {
      const double y = l.grid_bottom + 6 + kTick * 0.7;
      s += text_element(x, y, map.x_ticks[c],
                        "transform=\"rotate(-40 " + coord(x) + " " + coord(y) + ")\"");
    } else {
      s += text_element(x, l.grid_bottom + 6 + kTick, map.x_ticks[c]);
    }
  }
  return s + "</g>\n";
}

std::string draw_axis_labels(const HeatMap& map, const HeatLayout& l) {
  std::string s;
  if (!map.x_label.empty()) {
    const double half = text_width(map.x_label, kLabel) / 2;
    s += text_element(l.gx + l.grid_w / 2 < half + 10 ? half + 10 : l.gx + l.grid_w / 2,
                      l.below + 8 + kLabel, map.x_label,
                      "class=\"x-label\" text-anchor=\"middle\" font-size=\"12\"");
  }
  if (map.y_label.empty()) return s;
  const double cx = 10 + kLabel / 2 + 2 + l.extra_left, cy = l.gy + l.grid_h / 2;
  return s + text_element(cx, cy, map.y_label,
                          "class=\"y-label\" text-anchor=\"middle\" dy=\"0.35em\" font-size=\"12\" "
                          "transform=\"rotate(-90 " +
                              coord(cx) + " " + coord(cy) + ")\"");
}

std::string draw_colour_bar(const HeatMap& map, const HeatLayout& l) {
  std::string s = "<g class=\"colour-bar\">\n<rect x=\"" + coord(l.bx) + "\" y=\"" + coord(l.by) +
                  "\" width=\"" + coord(kBarW) + "\" height=\"" + coord(l.bar_h) +
                  "\" fill=\"url(#@ID@-scale)\" stroke=\"#333333\" stroke-width=\"0.8\"/>\n";
  const Mapper mb{false, l.lo, l.hi, l.by + l.bar_h, l.by};
  for (std::size_t i = 0; i < l.bt.major.size(); ++i) {
    const double py = mb.at(l.bt.major[i]);
    s += "<line x1=\"" + coord(l.bx + kBarW) + "\" y1=\"" + coord(py) + "\" x2=\"" +
         coord(l.bx + kBarW + 4) + "\" y2=\"" + coord(py) + "\" stroke=\"#333333\"/>\n";
    s += text_element(l.bx + kBarW + 7, py, l.bt.labels[i], "dy=\"0.35em\" fill=\"#222222\"");
  }
  if (!map.value_label.empty()) {
    const double cx = l.bx + kBarW + 8 + l.bar_tick_w + 6 + kLabel / 2, cy = l.by + l.bar_h / 2;
    double size = kLabel;
    while (size > 8 && text_width(map.value_label, size) > l.bar_h + 20) size -= 0.5;
    s += text_element(cx, cy, map.value_label,
                      "class=\"value-label\" text-anchor=\"middle\" dy=\"0.35em\" font-size=\"" +
                          coord(size) + "\" transform=\"rotate(-90 " + coord(cx) + " " + coord(cy) +
                          ")\"");
  }
  return s + "</g>\n";
}

}  // namespace

std::string heat_map_svg(const HeatMap& map) {
  const HeatLayout l = layout(map);
  std::string s = svg_open(l.width, l.height, map.title) + draw_defs() + draw_title(l);
  s += draw_cells(map, l) + draw_tick_labels(map, l) + draw_axis_labels(map, l);
  s += draw_colour_bar(map, l) + "</svg>\n";
  return finish_ids(std::move(s));
}

}  // namespace nnm::report
