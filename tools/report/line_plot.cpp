// The line plot: points and their extent, the layout (title, legend, ticks, margins), then the
// drawing, each in its own function. The output is a pure function of the LinePlot.
#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <vector>

#include "report/report.hpp"
#include "report/svg.hpp"

namespace nnm::report {
using namespace detail;

namespace {

constexpr double kTitle = 14, kLabel = 12, kTick = 11, kLegend = 11, kLegendRow = 18;

struct Point {
  double x, y;
  double lo, hi;  // the bar's ends; NaN when none (an infinite end runs off the plot)
};

bool valid(double v, bool log) { return std::isfinite(v) && (!log || v > 0); }

/// The drawable points of every series, cut into runs at skipped points, and their extent.
struct PlotData {
  std::vector<std::vector<std::vector<Point>>> runs;  // series → runs → points
  double x_lo = std::numeric_limits<double>::infinity(), x_hi = -x_lo, y_lo = x_lo, y_hi = -x_lo;
  bool any_point = false, have_ref = false;

  void add(const Point& p, bool log_y) {
    any_point = true;
    x_lo = std::min(x_lo, p.x);
    x_hi = std::max(x_hi, p.x);
    y_lo = std::min(y_lo, p.y);
    y_hi = std::max(y_hi, p.y);
    if (std::isfinite(p.hi)) y_hi = std::max(y_hi, p.hi);
    if (std::isfinite(p.lo) && valid(p.lo, log_y)) y_lo = std::min(y_lo, p.lo);
  }
};

std::vector<std::vector<Point>> series_runs(const Series& se, const LinePlot& plot,
                                            PlotData& data) {
  std::vector<std::vector<Point>> runs;
  const std::size_t n = std::min(se.x.size(), se.y.size());
  const bool has_err = se.y_err.size() == se.y.size();
  const bool has_bars = se.y_lo.size() == se.y.size() && se.y_hi.size() == se.y.size();
  std::vector<Point> run;
  for (std::size_t i = 0; i < n; ++i) {
    const double x = se.x[i], y = se.y[i];
    if (!valid(x, plot.log_x) || !valid(y, plot.log_y)) {
      if (!run.empty()) runs.push_back(std::move(run));
      run.clear();
      continue;
    }
    double lo = std::numeric_limits<double>::quiet_NaN(), hi = lo;
    if (has_bars && !std::isnan(se.y_lo[i]) && !std::isnan(se.y_hi[i]) &&
        se.y_lo[i] != se.y_hi[i]) {
      lo = std::min(se.y_lo[i], se.y_hi[i]);
      hi = std::max(se.y_lo[i], se.y_hi[i]);
    } else if (has_err && std::isfinite(se.y_err[i]) && se.y_err[i] != 0) {
      lo = y - std::abs(se.y_err[i]);
      hi = y + std::abs(se.y_err[i]);
    }
    run.push_back({x, y, lo, hi});
    data.add(run.back(), plot.log_y);
  }
  if (!run.empty()) runs.push_back(std::move(run));
  return runs;
}

PlotData collect(const LinePlot& plot) {
  PlotData data;
  for (const Series& se : plot.series) data.runs.push_back(series_runs(se, plot, data));
  data.have_ref = plot.reference_y && valid(*plot.reference_y, plot.log_y);
  if (data.have_ref && data.any_point) {
    data.y_lo = std::min(data.y_lo, *plot.reference_y);
    data.y_hi = std::max(data.y_hi, *plot.reference_y);
  }
  return data;
}

std::vector<LegendEntry> legend_entries(const LinePlot& plot, bool have_ref) {
  std::vector<LegendEntry> legend;
  for (std::size_t s = 0; s < plot.series.size(); ++s) {
    if (plot.series[s].label.empty()) continue;
    legend.push_back({plot.series[s].label, series_colour(s), plot.series[s].dash, s, true,
                      plot.series[s].line ? 1.8 : 0.0});
  }
  if (have_ref && !plot.reference_label.empty())
    legend.push_back({plot.reference_label, "#666666", "5 4", 0, false, 1.3});
  return legend;
}

/// Where everything goes: margins, the plot area, the legend (right of the plot or in rows
/// below it), the ticks and the value-to-pixel maps.
struct Layout {
  double W = 0, H = 0, top = 12, bottom = 0, left = 0, right = 0;
  std::vector<std::string> title_lines;
  std::vector<LegendEntry> legend;
  bool legend_right = false;
  double legend_w = 0, legend_col_w = 0;
  std::vector<std::vector<std::size_t>> legend_rows;
  double plot_left = 0, plot_right = 0, plot_top = 0, plot_bottom = 0, plot_w = 0, plot_h = 0;
  Ticks xt, yt;
  Mapper mx, my;
  /// The baseline of the x tick labels and, below it, of the x label.
  double below_ticks(const LinePlot& plot) const {
    return plot_bottom + 5 + 3 + kTick + (plot.x_label.empty() ? 0 : 8 + kLabel + 2);
  }
};

void layout_title(const LinePlot& plot, Layout& l) {
  if (plot.title.empty()) return;
  l.title_lines = wrap(plot.title, l.W - 24, kTitle);
  if (l.title_lines.size() > 3) {
    l.title_lines.resize(3);
    l.title_lines[2] = fit(l.title_lines[2] + " …", l.W - 24, kTitle);
  }
  l.top = 10 + 17.0 * static_cast<double>(l.title_lines.size()) + 8;
}

void layout_legend(Layout& l) {
  for (const auto& e : l.legend)
    l.legend_w = std::max(l.legend_w, 34 + text_width(e.label, kLegend));
  l.legend_right = !l.legend.empty();
  const double legend_h = kLegendRow * static_cast<double>(l.legend.size());
  if (l.legend_right && (l.legend_w > 0.32 * l.W || legend_h > l.H - l.top - l.bottom - 10))
    l.legend_right = false;
  if (l.legend.empty() || l.legend_right) return;
  // Below: entries flow in rows, each entry as wide as the widest.
  l.legend_col_w = std::min(l.legend_w + 18, l.W - 24);
  const auto per_row =
      std::max<std::size_t>(1, static_cast<std::size_t>((l.W - 24) / l.legend_col_w));
  for (std::size_t i = 0; i < l.legend.size(); i += per_row) {
    std::vector<std::size_t> row;
    for (std::size_t j = i; j < std::min(l.legend.size(), i + per_row); ++j) row.push_back(j);
    l.legend_rows.push_back(row);
  }
  l.bottom += 8 + kLegendRow * static_cast<double>(l.legend_rows.size());
}

/// The y ticks (they set the left margin).
void layout_y(const LinePlot& plot, const PlotData& data, Layout& l) {
  const auto [ya, yb] = axis_range(data.y_lo, data.y_hi, plot.log_y, plot.y_min, plot.y_max);
  if (plot.log_y) {
    const double decades = yb - ya;
    int every = 1;
    while (decades / every * 18 > l.plot_h) ++every;
    l.yt = log_ticks(ya, yb, every, l.plot_h / decades, kTick + 3);
  } else {
    l.yt = linear_ticks(ya, yb, std::clamp(static_cast<int>(l.plot_h / 45), 3, 8));
  }
  double y_tick_w = 0;
  for (const auto& label : l.yt.labels) y_tick_w = std::max(y_tick_w, text_width(label, kTick));
  l.left = 10 + (plot.y_label.empty() ? 0 : kLabel + 8) + y_tick_w + 5 + 4;
  l.my = Mapper{plot.log_y, ya, yb, l.plot_bottom, l.plot_top};
}

double widest_label(const Ticks& t) {
  double w = 0;
  for (const auto& label : t.labels) w = std::max(w, text_width(label, kTick));
  return w;
}

/// X ticks for a plot area of width plot_w: as many as fit without overlapping labels.
Ticks x_ticks(bool log, double xa, double xb, double plot_w, bool integer) {
  Ticks xt;
  if (log) {
    const double decades = xb - xa;
    for (int every = 1;; ++every) {
      xt = log_ticks(xa, xb, every, plot_w / decades, text_width("0.005", kTick) * 1.2);
      if (decades / every * (widest_label(xt) + 14) <= plot_w || every > 100) break;
    }
    return xt;
  }
  for (int target = std::clamp(static_cast<int>(plot_w / 70), 3, 10);; --target) {
    xt = linear_ticks(xa, xb, target);
    const double spacing =
        xt.major.size() > 1 ? plot_w / ((xb - xa) / (xt.major[1] - xt.major[0])) : plot_w;
    if (spacing >= widest_label(xt) + 14 || target <= 2) break;
  }
  if (integer) {  // a whole-number parameter has no tick at 2.5
    Ticks whole = xt;
    whole.major.clear();
    whole.labels.clear();
    for (std::size_t i = 0; i < xt.major.size(); ++i)
      if (xt.major[i] == std::round(xt.major[i])) {
        whole.major.push_back(xt.major[i]);
        whole.labels.push_back(format_number(xt.major[i], 15));
      }
    return whole;
  }
  return xt;
}

/// The x ticks; the last label may stick out to the right of the plot area by half its width,
/// so the right margin grows until it fits.
void layout_x(const LinePlot& plot, const PlotData& data, Layout& l) {
  const auto [xa, xb] = axis_range(data.x_lo, data.x_hi, plot.log_x, std::nullopt, std::nullopt);
  l.right = l.legend_right ? l.legend_w + 24 : 18;
  l.plot_left = l.left;
  for (int pass = 0; pass < 2; ++pass) {
    l.plot_w = std::max(40.0, l.W - l.left - l.right);
    l.xt = x_ticks(plot.log_x, xa, xb, l.plot_w, plot.integer_x && !plot.log_x);
    if (l.legend_right || l.xt.labels.empty()) break;
    const double half_last = text_width(l.xt.labels.back(), kTick) / 2;
    const Mapper probe{plot.log_x, xa, xb, l.plot_left, l.plot_left + l.plot_w};
    const double overhang = probe.at(l.xt.major.back()) + half_last + 6 - l.W;
    if (overhang <= 0) break;
    l.right += overhang;
  }
  l.plot_right = l.plot_left + l.plot_w;
  l.mx = Mapper{plot.log_x, xa, xb, l.plot_left, l.plot_right};
}

Layout layout(const LinePlot& plot, const PlotData& data) {
  Layout l;
  l.W = std::max(plot.width, 160);
  l.H = std::max(plot.height, 120);
  layout_title(plot, l);
  l.bottom = 8 + 5 + 3 + kTick + (plot.x_label.empty() ? 0 : 8 + kLabel + 2);
  l.legend = legend_entries(plot, data.have_ref);
  layout_legend(l);
  l.plot_top = l.top;
  l.plot_bottom = l.H - l.bottom;
  l.plot_h = std::max(40.0, l.plot_bottom - l.plot_top);
  layout_y(plot, data, l);
  layout_x(plot, data, l);
  return l;
}

std::string line(double x1, double y1, double x2, double y2) {
  return "<line x1=\"" + coord(x1) + "\" y1=\"" + coord(y1) + "\" x2=\"" + coord(x2) + "\" y2=\"" +
         coord(y2) + "\"/>\n";
}

std::string draw_title(const Layout& l) {
  std::string s;
  const double centre = (l.plot_left + l.plot_right) / 2;
  for (std::size_t i = 0; i < l.title_lines.size(); ++i)
    s += text_element(
        centre < l.W / 2 - 40 ? l.W / 2 : centre, 10 + 14 + 17.0 * static_cast<double>(i),
        l.title_lines[i],
        "class=\"title\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\"");
  return s;
}

std::string draw_grid(const Layout& l) {
  std::string s = "<g class=\"grid\" stroke=\"#e3e3e3\" stroke-width=\"1\">\n";
  for (const double u : l.xt.major) s += line(l.mx.at(u), l.plot_top, l.mx.at(u), l.plot_bottom);
  for (const double u : l.yt.major) s += line(l.plot_left, l.my.at(u), l.plot_right, l.my.at(u));
  return s + "</g>\n";
}

std::string draw_ticks(const Layout& l) {
  std::string s = "<g class=\"ticks\" stroke=\"#333333\" stroke-width=\"1\">\n";
  for (const double u : l.xt.major)
    s += line(l.mx.at(u), l.plot_bottom, l.mx.at(u), l.plot_bottom + 5);
  for (const double u : l.xt.minor)
    s += line(l.mx.at(u), l.plot_bottom, l.mx.at(u), l.plot_bottom + 3);
  for (const double u : l.yt.major) s += line(l.plot_left - 5, l.my.at(u), l.plot_left, l.my.at(u));
  for (const double u : l.yt.minor) s += line(l.plot_left - 3, l.my.at(u), l.plot_left, l.my.at(u));
  s += "</g>\n";
  s += "<g class=\"x-tick-labels\" text-anchor=\"middle\" fill=\"#222222\">\n";
  for (std::size_t i = 0; i < l.xt.major.size(); ++i)
    s += text_element(l.mx.at(l.xt.major[i]), l.plot_bottom + 5 + 3 + kTick, l.xt.labels[i]);
  s += "</g>\n";
  s += "<g class=\"y-tick-labels\" text-anchor=\"end\" fill=\"#222222\">\n";
  for (std::size_t i = 0; i < l.yt.major.size(); ++i)
    s += text_element(l.plot_left - 5 - 3, l.my.at(l.yt.major[i]), l.yt.labels[i], "dy=\"0.35em\"");
  return s + "</g>\n";
}

std::string draw_axis_labels(const LinePlot& plot, const Layout& l) {
  std::string s;
  if (!plot.x_label.empty())
    s += text_element((l.plot_left + l.plot_right) / 2, l.plot_bottom + 5 + 3 + kTick + 8 + kLabel,
                      fit(plot.x_label, l.W - 20, kLabel),
                      "class=\"x-label\" text-anchor=\"middle\" font-size=\"12\"");
  if (plot.y_label.empty()) return s;
  const double cx = 10 + kLabel / 2 + 2, cy = (l.plot_top + l.plot_bottom) / 2;
  double size = kLabel;
  while (size > 8 && text_width(plot.y_label, size) > l.plot_h + l.bottom - 10) size -= 0.5;
  return s + text_element(cx, cy, fit(plot.y_label, l.H - 10, size),
                          "class=\"y-label\" text-anchor=\"middle\" dy=\"0.35em\" font-size=\"" +
                              coord(size) + "\" transform=\"rotate(-90 " + coord(cx) + " " +
                              coord(cy) + ")\"");
}

std::string error_bars(const std::vector<std::vector<Point>>& runs, const LinePlot& plot,
                       const Layout& l) {
  std::string bars;
  for (const auto& run : runs)
    for (const Point& p : run) {
      if (std::isnan(p.lo)) continue;
      const double px = l.mx(p.x);
      const double top_v = p.hi, bot_v = p.lo;
      const double py_top = std::isfinite(top_v) ? l.my(top_v) : l.plot_top - 10;
      const double py_bot =
          (std::isfinite(bot_v) && valid(bot_v, plot.log_y)) ? l.my(bot_v) : l.plot_bottom + 10;
      bars += "M" + coord(px) + " " + coord(py_bot) + "V" + coord(py_top) + "M" + coord(px - 3.5) +
              " " + coord(py_top) + "h7M" + coord(px - 3.5) + " " + coord(py_bot) + "h7";
    }
  return bars;
}

std::string draw_series(std::size_t si, const PlotData& data, const LinePlot& plot, const Layout& l,
                        double marker_r) {
  const std::string colour = series_colour(si);
  const auto& runs = data.runs[si];
  std::string s = "<g class=\"series\">\n";
  const std::string bars = error_bars(runs, plot, l);
  if (!bars.empty())
    s += "<path class=\"error-bars\" d=\"" + bars + "\" fill=\"none\" stroke=\"" + colour +
         "\" stroke-width=\"1.2\"/>\n";
  for (const auto& run : runs) {
    if (run.size() < 2 || !plot.series[si].line) continue;
    std::string pts;
    for (const Point& p : run)
      pts += (pts.empty() ? "" : " ") + coord(l.mx(p.x)) + "," + coord(l.my(p.y));
    s += "<polyline points=\"" + pts + "\" fill=\"none\" stroke=\"" + colour +
         "\" stroke-width=\"1.8\" stroke-linejoin=\"round\"";
    if (!plot.series[si].dash.empty())
      s += " stroke-dasharray=\"" + xml_text(plot.series[si].dash) + "\"";
    s += "/>\n";
  }
  s += "<g fill=\"" + colour + "\" stroke=\"#ffffff\" stroke-width=\"0.7\">\n";
  for (const auto& run : runs)
    for (const Point& p : run) s += marker_element(si, l.mx(p.x), l.my(p.y), marker_r, colour);
  return s + "</g>\n</g>\n";
}

std::string draw_data(const LinePlot& plot, const PlotData& data, const Layout& l) {
  std::string s = "<g clip-path=\"url(#@ID@-clip)\">\n";
  if (data.have_ref) {
    const std::string py = coord(l.my(*plot.reference_y));
    s += "<line class=\"reference\" x1=\"" + coord(l.plot_left) + "\" y1=\"" + py + "\" x2=\"" +
         coord(l.plot_right) + "\" y2=\"" + py +
         "\" stroke=\"#666666\" stroke-width=\"1.3\" stroke-dasharray=\"5 4\"/>\n";
  }
  std::size_t total_points = 0;
  for (const auto& r : data.runs)
    for (const auto& run : r) total_points += run.size();
  const double marker_r = total_points > 150 ? 2.2 : 3.5;
  for (std::size_t si = 0; si < data.runs.size(); ++si)
    s += draw_series(si, data, plot, l, marker_r);
  return s + "</g>\n";
}

std::string draw_legend(const LinePlot& plot, const Layout& l) {
  if (l.legend.empty()) return {};
  std::string s = "<g class=\"legend\" font-size=\"11\" fill=\"#222222\">\n";
  if (l.legend_right) {
    const double lx = l.plot_right + 14;
    double ly = l.plot_top + 8;
    for (const auto& e : l.legend) {
      s += legend_sample(e, lx, ly) + text_element(lx + 32, ly, e.label, "dy=\"0.35em\"");
      ly += kLegendRow;
    }
    return s + "</g>\n";
  }
  const double total_w = l.legend_col_w * static_cast<double>(l.legend_rows.front().size());
  const double x0 = std::max(12.0, (l.plot_left + l.plot_right) / 2 - total_w / 2);
  double ly = l.below_ticks(plot) + 8 + kLegendRow / 2;
  for (const auto& row : l.legend_rows) {
    double lx = x0;
    for (const std::size_t i : row) {
      s += legend_sample(l.legend[i], lx, ly);
      s += text_element(lx + 32, ly, fit(l.legend[i].label, l.legend_col_w - 40, kLegend),
                        "dy=\"0.35em\"");
      lx += l.legend_col_w;
    }
    ly += kLegendRow;
  }
  return s + "</g>\n";
}

std::string draw_frame(const PlotData& data, const Layout& l) {
  std::string s = "<rect class=\"frame\" x=\"" + coord(l.plot_left) + "\" y=\"" +
                  coord(l.plot_top) + "\" width=\"" + coord(l.plot_w) + "\" height=\"" +
                  coord(l.plot_h) + "\" fill=\"none\" stroke=\"#333333\" stroke-width=\"1\"/>\n";
  if (!data.any_point)
    s += text_element(
        (l.plot_left + l.plot_right) / 2, (l.plot_top + l.plot_bottom) / 2, "no data",
        "class=\"no-data\" text-anchor=\"middle\" dy=\"0.35em\" font-size=\"14\" fill=\"#888888\"");
  return s;
}

}  // namespace

std::string line_plot_svg(const LinePlot& plot) {
  const PlotData data = collect(plot);
  const Layout l = layout(plot, data);
  std::string s = svg_open(l.W, l.H, plot.title);
  s += "<defs><clipPath id=\"@ID@-clip\"><rect x=\"" + coord(l.plot_left) + "\" y=\"" +
       coord(l.plot_top) + "\" width=\"" + coord(l.plot_w) + "\" height=\"" + coord(l.plot_h) +
       "\"/></clipPath></defs>\n";
  s += draw_title(l) + draw_grid(l) + draw_ticks(l) + draw_axis_labels(plot, l);
  s += draw_data(plot, data, l) + draw_frame(data, l) + draw_legend(plot, l);
  s += "</svg>\n";
  return finish_ids(std::move(s));
}

}  // namespace nnm::report
