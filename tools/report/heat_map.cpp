// The heat map.
#include "report/report.hpp"
#include "report/svg.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>

namespace nnm::report {
using namespace detail;

// ============================================================================================
// Heat map
// ============================================================================================

std::string heat_map_svg(const HeatMap& map) {
  const double kTitle = 14, kLabel = 12, kTick = 11;
  const double cw = std::max(map.cell_width, 4), ch = std::max(map.cell_height, 4);

  std::size_t cols = map.x_ticks.size(), rows = std::max(map.y_ticks.size(), map.values.size());
  for (const auto& r : map.values) cols = std::max(cols, r.size());
  auto value_at = [&](std::size_t r, std::size_t c) {
    if (r < map.values.size() && c < map.values[r].size()) return map.values[r][c];
    return std::numeric_limits<double>::quiet_NaN();
  };

  // colour range
  double lo = map.lo, hi = map.hi;
  if (!(std::isfinite(lo) && std::isfinite(hi) && hi > lo)) {
    lo = std::numeric_limits<double>::infinity();
    hi = -lo;
    for (const auto& r : map.values)
      for (const double v : r)
        if (std::isfinite(v)) {
          lo = std::min(lo, v);
          hi = std::max(hi, v);
        }
    if (!(lo <= hi)) {
      lo = 0;
      hi = 1;
    } else if (!(hi > lo)) {
      lo -= 0.5;
      hi += 0.5;
    }
  }

  // ---- layout ----
  double y_tick_w = 0;
  for (const auto& t : map.y_ticks) y_tick_w = std::max(y_tick_w, text_width(t, kTick));
  double x_tick_w = 0;
  for (const auto& t : map.x_ticks) x_tick_w = std::max(x_tick_w, text_width(t, kTick));
  const bool rotate_x = x_tick_w > cw - 6;
  const double angle = 40.0 * 3.14159265358979 / 180.0;
  const double x_ticks_h = map.x_ticks.empty() ? 0
                           : rotate_x          ? x_tick_w * std::sin(angle) + kTick
                                               : kTick;

  const double left = 10 + (map.y_label.empty() ? 0 : kLabel + 8) + y_tick_w + 6;
  const double grid_w = cw * static_cast<double>(cols), grid_h = ch * static_cast<double>(rows);
  const double bar_h = std::max(grid_h, 100.0), bar_w = 16;
  const Ticks bt = linear_ticks(lo, hi, std::clamp(static_cast<int>(bar_h / 40), 2, 8));
  double bar_tick_w = 0;
  for (const auto& l : bt.labels) bar_tick_w = std::max(bar_tick_w, text_width(l, kTick));
  const double bar_x = left + grid_w + 16;
  double width =
      bar_x + bar_w + 4 + 4 + bar_tick_w + (map.value_label.empty() ? 0 : 8 + kLabel) + 10;

  std::vector<std::string> title_lines;
  double top = 12;
  if (!map.title.empty()) {
    title_lines = wrap(map.title, std::max(width, 360.0) - 24, kTitle);
    if (title_lines.size() > 3) {
      title_lines.resize(3);
      title_lines[2] = fit(title_lines[2] + " …", std::max(width, 360.0) - 24, kTitle);
    }
    double tw = 0;
    for (const auto& l : title_lines) tw = std::max(tw, text_width(l, kTitle));
    width = std::max(width, tw + 24);
    top = 10 + 17.0 * static_cast<double>(title_lines.size()) + 8;
  }
  if (!map.x_label.empty()) width = std::max(width, left + text_width(map.x_label, kLabel) + 10);
  // rotated x labels can stick out to the left of the first column
  double extra_left = 0;
  if (rotate_x && !map.x_ticks.empty())
    extra_left = std::max(0.0, x_tick_w * std::cos(angle) - cw / 2 - left + 6);
  const double gx = left + extra_left, gy = top;
  const double bx = bar_x + extra_left, by = top;
  width += extra_left;
  const double content_h = std::max(grid_h, bar_h);
  const double height = top + content_h + (grid_h >= bar_h ? 0 : 0) + 6 + x_ticks_h +
                        (map.x_label.empty() ? 0 : 8 + kLabel) + 10;
  const double grid_bottom = gy + grid_h;
  const double below = std::max(grid_bottom, gy) + 6 + x_ticks_h;

  std::string s = svg_open(width, height, map.title);
  s +=
      "<defs>\n<pattern id=\"@ID@-hatch\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\" "
      "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#d9d9d9\"/>"
      "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#9a9a9a\" "
      "stroke-width=\"2\"/></pattern>\n"
      "<linearGradient id=\"@ID@-scale\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">";
  for (int i = 0; i <= 20; ++i)
    s += "<stop offset=\"" + coord(i / 20.0) + "\" stop-color=\"" + heat_colour(i / 20.0) + "\"/>";
  s += "</linearGradient>\n</defs>\n";

  for (std::size_t i = 0; i < title_lines.size(); ++i) {
    double cx = gx + (bx + bar_w - gx) / 2;
    const double half = text_width(title_lines[i], kTitle) / 2;
    cx = std::clamp(cx, half + 10, std::max(half + 10, width - half - 10));
    s += text_element(
        cx, 10 + 14 + 17.0 * static_cast<double>(i), title_lines[i],
        "class=\"title\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\"");
  }

  // cells
  s += "<g class=\"cells\" stroke=\"#ffffff\" stroke-width=\"1\">\n";
  std::string notes;
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t c = 0; c < cols; ++c) {
      const double v = value_at(r, c);
      const double x = gx + cw * static_cast<double>(c), y = gy + ch * static_cast<double>(r);
      const std::string geometry = "x=\"" + coord(x) + "\" y=\"" + coord(y) + "\" width=\"" +
                                   coord(cw) + "\" height=\"" + coord(ch) + "\"";
      const double cx = x + cw / 2, cy = y + ch / 2;
      if (std::isfinite(v)) {
        const double t = (v - lo) / (hi - lo);
        const Rgb colour = viridis(t);
        s += "<rect class=\"cell\" " + geometry + " fill=\"" + hex(colour) + "\"/>\n";
        if (map.annotate && ch >= 10) {
          const std::string label = format_number(v, 3);
          double size = kTick;
          while (size > 7 && text_width(label, size) > cw - 4) size -= 0.5;
          notes +=
              text_element(cx, cy, label,
                           std::string("dy=\"0.35em\" fill=\"") + text_colour_on(colour) + "\"" +
                               (size != kTick ? " font-size=\"" + coord(size) + "\"" : ""));
        }
      } else {
        s += "<rect class=\"cell missing\" " + geometry + " fill=\"url(#@ID@-hatch)\"/>\n";
        if (map.annotate && ch >= 10 && cw >= 24)
          notes += text_element(cx, cy, "n/a", "dy=\"0.35em\" fill=\"#333333\"");
      }
    }
  s += "</g>\n";
  if (!notes.empty()) s += "<g class=\"annotations\" text-anchor=\"middle\">\n" + notes + "</g>\n";
  if (rows == 0 || cols == 0)
    s += text_element(gx + 40, gy + 20, "no data",
                      "class=\"no-data\" font-size=\"14\" fill=\"#888888\"");
  else
    s += "<rect x=\"" + coord(gx) + "\" y=\"" + coord(gy) + "\" width=\"" + coord(grid_w) +
         "\" height=\"" + coord(grid_h) +
         "\" fill=\"none\" stroke=\"#333333\" stroke-width=\"1\"/>\n";

  // tick labels
  s += "<g class=\"y-tick-labels\" text-anchor=\"end\" fill=\"#222222\">\n";
  for (std::size_t r = 0; r < map.y_ticks.size(); ++r)
    s += text_element(gx - 6, gy + ch * (static_cast<double>(r) + 0.5), map.y_ticks[r],
                      "dy=\"0.35em\"");
  s += "</g>\n";
  s += std::string("<g class=\"x-tick-labels\" text-anchor=\"") + (rotate_x ? "end" : "middle") +
       "\" fill=\"#222222\">\n";
  for (std::size_t c = 0; c < map.x_ticks.size(); ++c) {
    const double x = gx + cw * (static_cast<double>(c) + 0.5);
    if (rotate_x) {
      const double y = grid_bottom + 6 + kTick * 0.7;
      s += text_element(x, y, map.x_ticks[c],
                        "transform=\"rotate(-40 " + coord(x) + " " + coord(y) + ")\"");
    } else {
      s += text_element(x, grid_bottom + 6 + kTick, map.x_ticks[c]);
    }
  }
  s += "</g>\n";

  // axis labels
  if (!map.x_label.empty())
    s += text_element(gx + grid_w / 2 < text_width(map.x_label, kLabel) / 2 + 10
                          ? text_width(map.x_label, kLabel) / 2 + 10
                          : gx + grid_w / 2,
                      below + 8 + kLabel, map.x_label,
                      "class=\"x-label\" text-anchor=\"middle\" font-size=\"12\"");
  if (!map.y_label.empty()) {
    const double cx = 10 + kLabel / 2 + 2 + extra_left, cy = gy + grid_h / 2;
    s += text_element(cx, cy, map.y_label,
                      "class=\"y-label\" text-anchor=\"middle\" dy=\"0.35em\" font-size=\"12\" "
                      "transform=\"rotate(-90 " +
                          coord(cx) + " " + coord(cy) + ")\"");
  }

  // colour bar
  s += "<g class=\"colour-bar\">\n<rect x=\"" + coord(bx) + "\" y=\"" + coord(by) + "\" width=\"" +
       coord(bar_w) + "\" height=\"" + coord(bar_h) +
       "\" fill=\"url(#@ID@-scale)\" stroke=\"#333333\" stroke-width=\"0.8\"/>\n";
  const Mapper mb{false, lo, hi, by + bar_h, by};
  for (std::size_t i = 0; i < bt.major.size(); ++i) {
    const double py = mb.at(bt.major[i]);
    s += "<line x1=\"" + coord(bx + bar_w) + "\" y1=\"" + coord(py) + "\" x2=\"" +
         coord(bx + bar_w + 4) + "\" y2=\"" + coord(py) + "\" stroke=\"#333333\"/>\n";
    s += text_element(bx + bar_w + 7, py, bt.labels[i], "dy=\"0.35em\" fill=\"#222222\"");
  }
  if (!map.value_label.empty()) {
    const double cx = bx + bar_w + 8 + bar_tick_w + 6 + kLabel / 2, cy = by + bar_h / 2;
    double size = kLabel;
    while (size > 8 && text_width(map.value_label, size) > bar_h + 20) size -= 0.5;
    s += text_element(cx, cy, map.value_label,
                      "class=\"value-label\" text-anchor=\"middle\" dy=\"0.35em\" font-size=\"" +
                          coord(size) + "\" transform=\"rotate(-90 " + coord(cx) + " " + coord(cy) +
                          ")\"");
  }
  s += "</g>\n</svg>\n";
  return finish_ids(std::move(s));
}

}  // namespace nnm::report
