#include "report/report.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>

namespace nnm::report {

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

namespace {

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

}  // namespace

std::string heat_colour(double t) { return hex(viridis(t)); }

std::string series_colour(std::size_t i) { return kPalette[i % kPalette.size()]; }

namespace {

// Escaped SVG/XML text: control characters (not allowed in XML 1.0) become spaces.
std::string xml_text(std::string_view text) {
  std::string clean(text);
  for (char& c : clean) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t' && c != '\n' && c != '\r') || u == 0x7f) c = ' ';
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  }
  return html_escape(clean);
}

// Estimated rendered width of text in a sans-serif font (DejaVu Sans is among the widest).
double text_width(std::string_view text, double font_size) {
  double em = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto u = static_cast<unsigned char>(text[i]);
    if ((u & 0xC0) == 0x80) continue;  // UTF-8 continuation byte
    const char c = text[i];
    if (c == ' ' || c == '.' || c == ',' || c == ':' || c == ';' || c == 'i' || c == 'l' ||
        c == 'j' || c == '\'' || c == '|' || c == '!' || c == 'I' || c == 't' || c == 'f' ||
        c == 'r' || c == '(' || c == ')' || c == '[' || c == ']')
      em += 0.36;
    else if (c == 'm' || c == 'w' || c == 'M' || c == 'W')
      em += 0.9;
    else if (u >= 'A' && u <= 'Z')
      em += 0.7;
    else
      em += 0.62;
  }
  return em * font_size;
}

// SVG coordinate: 2 decimals at most, finite, bounded (a point far outside a fixed range is
// clipped anyway).
std::string coord(double v) {
  if (!std::isfinite(v)) v = v > 0 ? 1e5 : -1e5;  // NaN never gets here: callers skip it
  v = std::clamp(v, -1e5, 1e5);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  if (s == "-0") s = "0";
  return s;
}

// Splits text into lines no wider than max_width (at spaces; a long word keeps its own line).
std::vector<std::string> wrap(std::string_view text, double max_width, double font_size) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    std::size_t j = i;
    while (j < text.size() && text[j] != ' ') ++j;
    if (j == i) break;
    const std::string word(text.substr(i, j - i));
    const std::string candidate = line.empty() ? word : line + " " + word;
    if (!line.empty() && text_width(candidate, font_size) > max_width) {
      lines.push_back(line);
      line = word;
    } else {
      line = candidate;
    }
    i = j;
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

// Shortens text with an ellipsis so that it fits max_width.
std::string fit(std::string text, double max_width, double font_size) {
  if (text_width(text, font_size) <= max_width) return text;
  while (!text.empty() && text_width(text + "…", font_size) > max_width) {
    text.pop_back();
    while (!text.empty() && (static_cast<unsigned char>(text.back()) & 0xC0) == 0x80)
      text.pop_back();
    if (!text.empty() && (static_cast<unsigned char>(text.back()) & 0xC0) == 0xC0) text.pop_back();
  }
  return text + "…";
}

std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 1469598103934665603ull;
  for (const char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

// Element ids are written as the token "@ID@" and replaced, once the SVG is complete, by a hash
// of its content: deterministic, and distinct for distinct figures on one page.
constexpr std::string_view kIdToken = "@ID@";

std::string finish_ids(std::string svg) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "nnm%012llx",
                static_cast<unsigned long long>(fnv1a(svg) & 0xffffffffffffull));
  const std::string id = buf;
  for (std::size_t p = svg.find(kIdToken); p != std::string::npos;
       p = svg.find(kIdToken, p + id.size()))
    svg.replace(p, kIdToken.size(), id);
  return svg;
}

std::string svg_open(double width, double height, std::string_view title) {
  const std::string w = coord(width), h = coord(height);
  std::string s =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + w + "\" height=\"" + h +
      "\" viewBox=\"0 0 " + w + " " + h +
      "\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"11\" role=\"img\">\n";
  if (!title.empty()) s += "<title>" + xml_text(title) + "</title>\n";
  s += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n";
  return s;
}

std::string text_element(double x, double y, std::string_view text, std::string_view extra = {}) {
  std::string s = "<text x=\"" + coord(x) + "\" y=\"" + coord(y) + "\"";
  if (!extra.empty()) s += " " + std::string(extra);
  s += ">" + xml_text(text) + "</text>\n";
  return s;
}

// ============================================================================================
// Axes
// ============================================================================================

struct Ticks {
  double lo = 0, hi = 1;      // axis range, in axis units (log10 of the value on log axes)
  std::vector<double> major;  // labelled tick positions, axis units
  std::vector<std::string> labels;
  std::vector<double> minor;  // unlabelled tick positions, axis units
};

// The 1-2-5 step whose number of intervals over `span` is closest to `target` (fewer on a tie).
double nice_step(double span, int target) {
  target = std::max(1, target);
  const double raw = span / target;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double best = 10 * mag, best_miss = std::numeric_limits<double>::infinity();
  for (const double f : {10.0, 5.0, 2.0, 1.0, 0.5}) {
    const double step = f * mag;
    const double miss = std::abs(span / step - target);
    if (miss < best_miss - 1e-9) {
      best = step;
      best_miss = miss;
    }
  }
  return best;
}

// Linear ticks at multiples of a 1-2-5 step inside [lo, hi].
Ticks linear_ticks(double lo, double hi, int target) {
  Ticks t;
  t.lo = lo;
  t.hi = hi;
  const double step = nice_step(hi - lo, target);
  if (!(step > 0) || !std::isfinite(step)) return t;
  const double k0 = std::ceil(lo / step - 1e-9), k1 = std::floor(hi / step + 1e-9);
  if (!(k1 - k0 < 1000)) return t;
  double biggest = 0;
  for (double k = k0; k <= k1; ++k) biggest = std::max(biggest, std::abs(k * step));
  const int sig =
      std::clamp(static_cast<int>(std::floor(std::log10(std::max(biggest, step)) + 1e-9) -
                                  std::floor(std::log10(step) + 1e-9)) +
                     1,
                 1, 15);
  for (double k = k0; k <= k1; ++k) {
    double v = k * step;
    if (std::abs(v) < step * 1e-9) v = 0;
    t.major.push_back(v);
    t.labels.push_back(format_number(v, sig));
  }
  return t;
}

std::string decade_label(int k, bool decimal) {
  if (decimal) return format_number(std::pow(10.0, k), 1);
  if (k == 0) return "1";
  return "1e" + std::to_string(k);
}

// Log ticks on [lo, hi] (log10 units): decades, labelled every `every`-th, minor ticks at 2..9
// when there is room (pixels_per_decade); label_extent: a label's size along the axis (pixels).
Ticks log_ticks(double lo, double hi, int every, double pixels_per_decade, double label_extent) {
  Ticks t;
  t.lo = lo;
  t.hi = hi;
  const int k0 = static_cast<int>(std::ceil(lo - 1e-9)),
            k1 = static_cast<int>(std::floor(hi + 1e-9));
  bool decimal = true;
  for (int k = k0; k <= k1; ++k)
    if (k % every == 0 && (k < -3 || k > 4)) decimal = false;
  for (int k = k0; k <= k1; ++k) {
    if (k % every == 0) {
      t.major.push_back(k);
      t.labels.push_back(decade_label(k, decimal));
    } else {
      t.minor.push_back(k);
    }
  }
  // Short ranges (fewer than three decade labels) also label 2 and 5 times each decade, when
  // there is room for them.
  const bool label_25 = t.major.size() < 3 && pixels_per_decade * 0.3 >= label_extent + 8;
  if (pixels_per_decade >= 30) {
    for (int k = static_cast<int>(std::floor(lo)); k <= static_cast<int>(std::ceil(hi)); ++k)
      for (int m = 2; m <= 9; ++m) {
        const double v = k + std::log10(static_cast<double>(m));
        if (v < lo - 1e-9 || v > hi + 1e-9) continue;
        if (label_25 && (m == 2 || m == 5)) {
          t.major.push_back(v);
          t.labels.push_back(decimal ? format_number(m * std::pow(10.0, k), 1)
                                     : std::to_string(m) + "e" + std::to_string(k));
        } else {
          t.minor.push_back(v);
        }
      }
  }
  if (label_25) {  // keep the labelled ticks in increasing order
    std::vector<std::size_t> order(t.major.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return t.major[a] < t.major[b]; });
    Ticks sorted = t;
    for (std::size_t i = 0; i < order.size(); ++i) {
      sorted.major[i] = t.major[order[i]];
      sorted.labels[i] = t.labels[order[i]];
    }
    t = std::move(sorted);
  }
  return t;
}

// The axis range (axis units) from the data extent (value units; lo > hi means no data) and
// optional fixed bounds.
std::pair<double, double> axis_range(double lo, double hi, bool log, std::optional<double> fixed_lo,
                                     std::optional<double> fixed_hi) {
  const bool have_data = lo <= hi;
  double a, b;
  if (log) {
    if (have_data) {
      a = std::log10(lo);
      b = std::log10(hi);
      if (b - a < 1e-12) {
        a -= 0.5;
        b += 0.5;
      }
      const double pad = std::max(0.05 * (b - a), 0.05);
      a -= pad;
      b += pad;
      if (std::floor(b) - std::ceil(a) < 1) {  // fewer than two decades inside: widen to decades
        a = std::floor(a);
        b = std::ceil(b);
      }
    } else {
      a = 0;
      b = 1;
    }
    if (fixed_lo && *fixed_lo > 0 && std::isfinite(*fixed_lo)) a = std::log10(*fixed_lo);
    if (fixed_hi && *fixed_hi > 0 && std::isfinite(*fixed_hi)) b = std::log10(*fixed_hi);
    if (!(b > a)) b = a + 1;
  } else {
    if (have_data) {
      a = lo;
      b = hi;
      const double pad = b > a ? 0.05 * (b - a) : (a != 0 ? 0.1 * std::abs(a) : 1.0);
      a -= pad;
      b += pad;
      if (!std::isfinite(b - a)) {
        a = std::max(a, -1e300);
        b = std::min(b, 1e300);
        if (!std::isfinite(b - a)) {
          a /= 4;
          b /= 4;
        }
      }
    } else {
      a = 0;
      b = 1;
    }
    if (fixed_lo && std::isfinite(*fixed_lo)) a = *fixed_lo;
    if (fixed_hi && std::isfinite(*fixed_hi)) b = *fixed_hi;
    if (!(b > a)) b = a + (a != 0 ? std::abs(a) : 1.0);
  }
  return {a, b};
}

struct Mapper {
  bool log = false;
  double lo = 0, hi = 1;      // axis units
  double p_lo = 0, p_hi = 1;  // pixels
  // Pixel of a value (value units). The value must be valid for the axis.
  double operator()(double v) const { return at(log ? std::log10(v) : v); }
  // Pixel of a position in axis units.
  double at(double u) const { return p_lo + (u - lo) / (hi - lo) * (p_hi - p_lo); }
};

// ============================================================================================
// Markers
// ============================================================================================

// A marker path centred at (x, y); the path starts with "M x y" (the point itself).
std::string marker_path(std::size_t shape, double x, double y, double r) {
  const std::string c = "M" + coord(x) + " " + coord(y);
  const std::string R = coord(r), D = coord(2 * r);
  switch (shape % 6) {
    case 0:  // circle
      return c + "m-" + R + " 0a" + R + " " + R + " 0 1 0 " + D + " 0a" + R + " " + R + " 0 1 0 -" +
             D + " 0z";
    case 1: {  // square
      const double s = r * 0.88;
      return c + "m-" + coord(s) + " -" + coord(s) + "h" + coord(2 * s) + "v" + coord(2 * s) +
             "h-" + coord(2 * s) + "z";
    }
    case 2: {  // triangle up
      const double h = r * 1.15;
      return c + "m0 -" + coord(h) + "l" + coord(h * 0.95) + " " + coord(h * 1.6) + "h-" +
             coord(h * 1.9) + "z";
    }
    case 3: {  // diamond
      const double h = r * 1.2;
      return c + "m0 -" + coord(h) + "l" + coord(h) + " " + coord(h) + "l-" + coord(h) + " " +
             coord(h) + "l-" + coord(h) + " -" + coord(h) + "z";
    }
    case 4: {  // triangle down
      const double h = r * 1.15;
      return c + "m0 " + coord(h) + "l" + coord(h * 0.95) + " -" + coord(h * 1.6) + "h-" +
             coord(h * 1.9) + "z";
    }
    default: {  // cross (stroked)
      const double h = r * 0.95;
      return c + "m-" + coord(h) + " -" + coord(h) + "l" + coord(2 * h) + " " + coord(2 * h) +
             "m0 -" + coord(2 * h) + "l-" + coord(2 * h) + " " + coord(2 * h);
    }
  }
}

std::string marker_element(std::size_t shape, double x, double y, double r,
                           const std::string& colour) {
  std::string s = "<path class=\"pt\" d=\"" + marker_path(shape, x, y, r) + "\"";
  if (shape % 6 == 5) s += " fill=\"none\" stroke=\"" + colour + "\" stroke-width=\"1.6\"";
  s += "/>\n";
  return s;
}

struct LegendEntry {
  std::string label;
  std::string colour;
  std::string dash;
  std::size_t shape = 0;
  bool marker = true;
  double line_width = 1.8;
};

std::string legend_sample(const LegendEntry& e, double x, double y) {
  std::string s = "<line x1=\"" + coord(x) + "\" y1=\"" + coord(y) + "\" x2=\"" + coord(x + 26) +
                  "\" y2=\"" + coord(y) + "\" stroke=\"" + e.colour + "\" stroke-width=\"" +
                  coord(e.line_width) + "\"";
  if (!e.dash.empty()) s += " stroke-dasharray=\"" + xml_text(e.dash) + "\"";
  s += "/>\n";
  if (e.marker) {
    std::string m = "<path d=\"" + marker_path(e.shape, x + 13, y, 3.5) + "\"";
    if (e.shape % 6 == 5)
      m += " fill=\"none\" stroke=\"" + e.colour + "\" stroke-width=\"1.6\"";
    else
      m += " fill=\"" + e.colour + "\" stroke=\"#ffffff\" stroke-width=\"0.7\"";
    s += m + "/>\n";
  }
  return s;
}

struct Point {
  double x, y;
  double err;  // NaN when none
};

}  // namespace

// ============================================================================================
// Line plot
// ============================================================================================

std::string line_plot_svg(const LinePlot& plot) {
  const double W = std::max(plot.width, 160), H = std::max(plot.height, 120);
  const double kTitle = 14, kLabel = 12, kTick = 11, kLegend = 11;

  // ---- valid points and the data extent ----
  auto valid = [](double v, bool log) { return std::isfinite(v) && (!log || v > 0); };
  const double inf = std::numeric_limits<double>::infinity();
  double x_lo = inf, x_hi = -inf, y_lo = inf, y_hi = -inf;
  std::vector<std::vector<std::vector<Point>>> runs(plot.series.size());  // series → runs → points
  bool any_point = false;
  for (std::size_t s = 0; s < plot.series.size(); ++s) {
    const Series& se = plot.series[s];
    const std::size_t n = std::min(se.x.size(), se.y.size());
    const bool has_err = se.y_err.size() == se.y.size();
    std::vector<Point> run;
    for (std::size_t i = 0; i < n; ++i) {
      const double x = se.x[i], y = se.y[i];
      if (!valid(x, plot.log_x) || !valid(y, plot.log_y)) {
        if (!run.empty()) runs[s].push_back(std::move(run));
        run.clear();
        continue;
      }
      double err = std::numeric_limits<double>::quiet_NaN();
      if (has_err && std::isfinite(se.y_err[i]) && se.y_err[i] != 0) err = std::abs(se.y_err[i]);
      run.push_back({x, y, err});
      any_point = true;
      x_lo = std::min(x_lo, x);
      x_hi = std::max(x_hi, x);
      y_lo = std::min(y_lo, y);
      y_hi = std::max(y_hi, y);
      if (!std::isnan(err)) {
        if (std::isfinite(y + err)) y_hi = std::max(y_hi, y + err);
        if (std::isfinite(y - err) && valid(y - err, plot.log_y)) y_lo = std::min(y_lo, y - err);
      }
    }
    if (!run.empty()) runs[s].push_back(std::move(run));
  }
  const bool have_ref = plot.reference_y && valid(*plot.reference_y, plot.log_y);
  if (have_ref && any_point) {
    y_lo = std::min(y_lo, *plot.reference_y);
    y_hi = std::max(y_hi, *plot.reference_y);
  }

  // ---- legend entries ----
  std::vector<LegendEntry> legend;
  for (std::size_t s = 0; s < plot.series.size(); ++s) {
    if (plot.series[s].label.empty()) continue;
    legend.push_back({plot.series[s].label, series_colour(s), plot.series[s].dash, s, true, 1.8});
  }
  if (have_ref && !plot.reference_label.empty())
    legend.push_back({plot.reference_label, "#666666", "5 4", 0, false, 1.3});

  // ---- layout ----
  double top = 12;
  std::vector<std::string> title_lines;
  if (!plot.title.empty()) {
    title_lines = wrap(plot.title, W - 24, kTitle);
    if (title_lines.size() > 3) {
      title_lines.resize(3);
      title_lines[2] = fit(title_lines[2] + " …", W - 24, kTitle);
    }
    top = 10 + 17.0 * static_cast<double>(title_lines.size()) + 8;
  }
  double bottom = 8 + 5 + 3 + kTick + (plot.x_label.empty() ? 0 : 8 + kLabel + 2);

  double legend_w = 0;
  for (const auto& e : legend) legend_w = std::max(legend_w, 34 + text_width(e.label, kLegend));
  const double legend_row = 18;
  bool legend_right = !legend.empty();
  double legend_h = legend_row * static_cast<double>(legend.size());
  if (legend_right && (legend_w > 0.32 * W || legend_h > H - top - bottom - 10))
    legend_right = false;
  // Below: entries flow in rows, each entry as wide as the widest.
  std::vector<std::vector<std::size_t>> legend_rows;
  double legend_col_w = 0;
  if (!legend.empty() && !legend_right) {
    legend_col_w = std::min(legend_w + 18, W - 24);
    const auto per_row =
        std::max<std::size_t>(1, static_cast<std::size_t>((W - 24) / legend_col_w));
    for (std::size_t i = 0; i < legend.size(); i += per_row) {
      std::vector<std::size_t> row;
      for (std::size_t j = i; j < std::min(legend.size(), i + per_row); ++j) row.push_back(j);
      legend_rows.push_back(row);
    }
    bottom += 8 + legend_row * static_cast<double>(legend_rows.size());
  }

  const double plot_top = top;
  const double plot_bottom = H - bottom;
  const double plot_h = std::max(40.0, plot_bottom - plot_top);

  // y ticks (they set the left margin)
  const auto [ya, yb] = axis_range(y_lo, y_hi, plot.log_y, plot.y_min, plot.y_max);
  Ticks yt;
  if (plot.log_y) {
    const double decades = yb - ya;
    int every = 1;
    while (decades / every * 18 > plot_h) ++every;
    yt = log_ticks(ya, yb, every, plot_h / decades, kTick + 3);
  } else {
    yt = linear_ticks(ya, yb, std::clamp(static_cast<int>(plot_h / 45), 3, 8));
  }
  double y_tick_w = 0;
  for (const auto& l : yt.labels) y_tick_w = std::max(y_tick_w, text_width(l, kTick));
  const double left = 10 + (plot.y_label.empty() ? 0 : kLabel + 8) + y_tick_w + 5 + 4;

  const auto [xa, xb] = axis_range(x_lo, x_hi, plot.log_x, std::nullopt, std::nullopt);
  // The last x tick label may stick out to the right of the plot area by half its width.
  double right = legend_right ? legend_w + 24 : 18;
  const double plot_left = left;
  double plot_w = W - left - right;
  Ticks xt;
  for (int pass = 0; pass < 2; ++pass) {
    plot_w = std::max(40.0, W - left - right);
    if (plot.log_x) {
      const double decades = xb - xa;
      int every = 1;
      for (;; ++every) {
        xt = log_ticks(xa, xb, every, plot_w / decades, text_width("0.005", kTick) * 1.2);
        double w = 0;
        for (const auto& l : xt.labels) w = std::max(w, text_width(l, kTick));
        if (decades / every * (w + 14) <= plot_w || every > 100) break;
      }
    } else {
      for (int target = std::clamp(static_cast<int>(plot_w / 70), 3, 10);; --target) {
        xt = linear_ticks(xa, xb, target);
        double w = 0;
        for (const auto& l : xt.labels) w = std::max(w, text_width(l, kTick));
        const double spacing =
            xt.major.size() > 1 ? plot_w / ((xb - xa) / (xt.major[1] - xt.major[0])) : plot_w;
        if (spacing >= w + 14 || target <= 2) break;
      }
    }
    if (legend_right || xt.labels.empty()) break;
    const double half_last = text_width(xt.labels.back(), kTick) / 2;
    const Mapper probe{plot.log_x, xa, xb, plot_left, plot_left + plot_w};
    const double overhang = probe.at(xt.major.back()) + half_last + 6 - W;
    if (overhang <= 0) break;
    right += overhang;
  }
  const double plot_right = plot_left + plot_w;

  const Mapper mx{plot.log_x, xa, xb, plot_left, plot_right};
  const Mapper my{plot.log_y, ya, yb, plot_bottom, plot_top};

  // ---- drawing ----
  std::string s = svg_open(W, H, plot.title);
  s += "<defs><clipPath id=\"@ID@-clip\"><rect x=\"" + coord(plot_left) + "\" y=\"" +
       coord(plot_top) + "\" width=\"" + coord(plot_w) + "\" height=\"" + coord(plot_h) +
       "\"/></clipPath></defs>\n";

  // title
  for (std::size_t i = 0; i < title_lines.size(); ++i)
    s += text_element(
        (plot_left + plot_right) / 2 < W / 2 - 40 ? W / 2 : (plot_left + plot_right) / 2,
        10 + 14 + 17.0 * static_cast<double>(i), title_lines[i],
        "class=\"title\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\"");

  // grid
  s += "<g class=\"grid\" stroke=\"#e3e3e3\" stroke-width=\"1\">\n";
  for (const double u : xt.major) {
    const std::string px = coord(mx.at(u));
    s += "<line x1=\"" + px + "\" y1=\"" + coord(plot_top) + "\" x2=\"" + px + "\" y2=\"" +
         coord(plot_bottom) + "\"/>\n";
  }
  for (const double u : yt.major) {
    const std::string py = coord(my.at(u));
    s += "<line x1=\"" + coord(plot_left) + "\" y1=\"" + py + "\" x2=\"" + coord(plot_right) +
         "\" y2=\"" + py + "\"/>\n";
  }
  s += "</g>\n";

  // ticks
  s += "<g class=\"ticks\" stroke=\"#333333\" stroke-width=\"1\">\n";
  for (const double u : xt.major) {
    const std::string px = coord(mx.at(u));
    s += "<line x1=\"" + px + "\" y1=\"" + coord(plot_bottom) + "\" x2=\"" + px + "\" y2=\"" +
         coord(plot_bottom + 5) + "\"/>\n";
  }
  for (const double u : xt.minor) {
    const std::string px = coord(mx.at(u));
    s += "<line x1=\"" + px + "\" y1=\"" + coord(plot_bottom) + "\" x2=\"" + px + "\" y2=\"" +
         coord(plot_bottom + 3) + "\"/>\n";
  }
  for (const double u : yt.major) {
    const std::string py = coord(my.at(u));
    s += "<line x1=\"" + coord(plot_left - 5) + "\" y1=\"" + py + "\" x2=\"" + coord(plot_left) +
         "\" y2=\"" + py + "\"/>\n";
  }
  for (const double u : yt.minor) {
    const std::string py = coord(my.at(u));
    s += "<line x1=\"" + coord(plot_left - 3) + "\" y1=\"" + py + "\" x2=\"" + coord(plot_left) +
         "\" y2=\"" + py + "\"/>\n";
  }
  s += "</g>\n";

  // tick labels
  s += "<g class=\"x-tick-labels\" text-anchor=\"middle\" fill=\"#222222\">\n";
  for (std::size_t i = 0; i < xt.major.size(); ++i)
    s += text_element(mx.at(xt.major[i]), plot_bottom + 5 + 3 + kTick, xt.labels[i]);
  s += "</g>\n";
  s += "<g class=\"y-tick-labels\" text-anchor=\"end\" fill=\"#222222\">\n";
  for (std::size_t i = 0; i < yt.major.size(); ++i)
    s += text_element(plot_left - 5 - 3, my.at(yt.major[i]), yt.labels[i], "dy=\"0.35em\"");
  s += "</g>\n";

  // axis labels
  if (!plot.x_label.empty())
    s += text_element((plot_left + plot_right) / 2, plot_bottom + 5 + 3 + kTick + 8 + kLabel,
                      fit(plot.x_label, W - 20, kLabel),
                      "class=\"x-label\" text-anchor=\"middle\" font-size=\"12\"");
  if (!plot.y_label.empty()) {
    const double cx = 10 + kLabel / 2 + 2, cy = (plot_top + plot_bottom) / 2;
    double size = kLabel;
    while (size > 8 && text_width(plot.y_label, size) > plot_h + bottom - 10) size -= 0.5;
    s += text_element(cx, cy, fit(plot.y_label, H - 10, size),
                      "class=\"y-label\" text-anchor=\"middle\" dy=\"0.35em\" font-size=\"" +
                          coord(size) + "\" transform=\"rotate(-90 " + coord(cx) + " " + coord(cy) +
                          ")\"");
  }

  // data
  s += "<g clip-path=\"url(#@ID@-clip)\">\n";
  if (have_ref) {
    const std::string py = coord(my(*plot.reference_y));
    s += "<line class=\"reference\" x1=\"" + coord(plot_left) + "\" y1=\"" + py + "\" x2=\"" +
         coord(plot_right) + "\" y2=\"" + py +
         "\" stroke=\"#666666\" stroke-width=\"1.3\" stroke-dasharray=\"5 4\"/>\n";
  }
  std::size_t total_points = 0;
  for (const auto& r : runs)
    for (const auto& run : r) total_points += run.size();
  for (std::size_t si = 0; si < runs.size(); ++si) {
    const std::string colour = series_colour(si);
    const Series& se = plot.series[si];
    s += "<g class=\"series\">\n";
    // error bars
    std::string bars;
    for (const auto& run : runs[si])
      for (const Point& p : run) {
        if (std::isnan(p.err)) continue;
        const double px = mx(p.x);
        const double top_v = p.y + p.err, bot_v = p.y - p.err;
        const double py_top = std::isfinite(top_v) ? my(top_v) : plot_top - 10;
        const double py_bot =
            (std::isfinite(bot_v) && valid(bot_v, plot.log_y)) ? my(bot_v) : plot_bottom + 10;
        bars += "M" + coord(px) + " " + coord(py_bot) + "V" + coord(py_top) + "M" +
                coord(px - 3.5) + " " + coord(py_top) + "h7M" + coord(px - 3.5) + " " +
                coord(py_bot) + "h7";
      }
    if (!bars.empty())
      s += "<path class=\"error-bars\" d=\"" + bars + "\" fill=\"none\" stroke=\"" + colour +
           "\" stroke-width=\"1.2\"/>\n";
    // lines
    for (const auto& run : runs[si]) {
      if (run.size() < 2) continue;
      std::string pts;
      for (const Point& p : run)
        pts += (pts.empty() ? "" : " ") + coord(mx(p.x)) + "," + coord(my(p.y));
      s += "<polyline points=\"" + pts + "\" fill=\"none\" stroke=\"" + colour +
           "\" stroke-width=\"1.8\" stroke-linejoin=\"round\"";
      if (!se.dash.empty()) s += " stroke-dasharray=\"" + xml_text(se.dash) + "\"";
      s += "/>\n";
    }
    // markers
    const double r = total_points > 150 ? 2.2 : 3.5;
    s += "<g fill=\"" + colour + "\" stroke=\"#ffffff\" stroke-width=\"0.7\">\n";
    for (const auto& run : runs[si])
      for (const Point& p : run) s += marker_element(si, mx(p.x), my(p.y), r, colour);
    s += "</g>\n</g>\n";
  }
  s += "</g>\n";

  // frame
  s += "<rect class=\"frame\" x=\"" + coord(plot_left) + "\" y=\"" + coord(plot_top) +
       "\" width=\"" + coord(plot_w) + "\" height=\"" + coord(plot_h) +
       "\" fill=\"none\" stroke=\"#333333\" stroke-width=\"1\"/>\n";

  if (!any_point)
    s += text_element(
        (plot_left + plot_right) / 2, (plot_top + plot_bottom) / 2, "no data",
        "class=\"no-data\" text-anchor=\"middle\" dy=\"0.35em\" font-size=\"14\" fill=\"#888888\"");

  // legend
  if (!legend.empty()) {
    s += "<g class=\"legend\" font-size=\"11\" fill=\"#222222\">\n";
    if (legend_right) {
      const double lx = plot_right + 14;
      double ly = plot_top + 8;
      for (const auto& e : legend) {
        s += legend_sample(e, lx, ly);
        s += text_element(lx + 32, ly, e.label, "dy=\"0.35em\"");
        ly += legend_row;
      }
    } else {
      const double total_w = legend_col_w * static_cast<double>(legend_rows.front().size());
      const double x0 = std::max(12.0, (plot_left + plot_right) / 2 - total_w / 2);
      double ly = plot_bottom + 5 + 3 + kTick + (plot.x_label.empty() ? 0 : 8 + kLabel + 2) + 8 +
                  legend_row / 2;
      for (const auto& row : legend_rows) {
        double lx = x0;
        for (const std::size_t i : row) {
          s += legend_sample(legend[i], lx, ly);
          s += text_element(lx + 32, ly, fit(legend[i].label, legend_col_w - 40, kLegend),
                            "dy=\"0.35em\"");
          lx += legend_col_w;
        }
        ly += legend_row;
      }
    }
    s += "</g>\n";
  }
  s += "</svg>\n";
  return finish_ids(std::move(s));
}

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

// ============================================================================================
// HTML page
// ============================================================================================

namespace {

constexpr std::string_view kStyle = R"(
body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1a1a1a;
       background: #ffffff; max-width: 980px; margin: 2em auto; padding: 0 1.2em; line-height: 1.5; }
h1, h2, h3, h4 { line-height: 1.25; margin: 1.6em 0 0.5em; }
h1 { font-size: 1.8em; margin-top: 0.5em; border-bottom: 1px solid #ddd; padding-bottom: 0.3em; }
h2 { font-size: 1.4em; border-bottom: 1px solid #eee; padding-bottom: 0.2em; }
p { margin: 0.6em 0; }
figure { margin: 1.5em 0; text-align: center; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 0.9em; color: #444; max-width: 720px; margin: 0.4em auto 0; text-align: left; }
.table-wrap { overflow-x: auto; margin: 1em 0; }
table { border-collapse: collapse; margin: 0 auto; font-size: 0.92em; }
th, td { border: 1px solid #c8c8c8; padding: 0.3em 0.7em; text-align: left; }
th { background: #eef1f5; }
tbody tr:nth-child(even) { background: #f7f7f7; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
pre { background: #f6f6f6; border: 1px solid #e2e2e2; padding: 0.7em 1em; overflow-x: auto;
      font-size: 0.88em; line-height: 1.35; }
)";

bool looks_numeric(const std::string& cell) {
  std::size_t a = cell.find_first_not_of(" \t"), b = cell.find_last_not_of(" \t");
  if (a == std::string::npos) return false;
  std::string t = cell.substr(a, b - a + 1);
  if (!t.empty() && t.back() == '%') t.pop_back();
  if (t.empty()) return false;
  const char* begin = t.c_str();
  char* end = nullptr;
  std::strtod(begin, &end);
  return end == begin + t.size();
}

}  // namespace

HtmlPage::HtmlPage(std::string title) : title_(std::move(title)) {}

void HtmlPage::heading(std::string_view text, int level) {
  const std::string l = std::to_string(std::clamp(level, 1, 6));
  body_ += "<h" + l + ">" + html_escape(text) + "</h" + l + ">\n";
}

void HtmlPage::paragraph(std::string_view text) { body_ += "<p>" + html_escape(text) + "</p>\n"; }

void HtmlPage::raw_html(std::string_view html) {
  body_ += html;
  if (!html.empty() && html.back() != '\n') body_ += '\n';
}

void HtmlPage::svg(std::string_view svg_element, std::string_view caption) {
  std::string element(svg_element);
  const std::size_t open_end = element.find('>');
  constexpr std::string_view kXmlns = " xmlns=\"http://www.w3.org/2000/svg\"";
  const std::size_t p = element.find(kXmlns);
  if (p != std::string::npos && p < open_end) element.erase(p, kXmlns.size());
  while (!element.empty() && (element.back() == '\n' || element.back() == ' ')) element.pop_back();
  body_ += "<figure>\n" + element + "\n";
  if (!caption.empty()) body_ += "<figcaption>" + html_escape(caption) + "</figcaption>\n";
  body_ += "</figure>\n";
}

void HtmlPage::table(const std::vector<std::string>& header,
                     const std::vector<std::vector<std::string>>& rows) {
  std::size_t cols = header.size();
  for (const auto& r : rows) cols = std::max(cols, r.size());
  std::string t = "<div class=\"table-wrap\"><table>\n";
  if (!header.empty()) {
    t += "<thead><tr>";
    for (std::size_t c = 0; c < cols; ++c)
      t += "<th>" + (c < header.size() ? html_escape(header[c]) : "") + "</th>";
    t += "</tr></thead>\n";
  }
  t += "<tbody>\n";
  for (const auto& r : rows) {
    t += "<tr>";
    for (std::size_t c = 0; c < cols; ++c) {
      const std::string cell = c < r.size() ? r[c] : std::string();
      t += looks_numeric(cell) ? "<td class=\"num\">" : "<td>";
      t += html_escape(cell) + "</td>";
    }
    t += "</tr>\n";
  }
  t += "</tbody>\n</table></div>\n";
  body_ += t;
}

void HtmlPage::preformatted(std::string_view text) {
  body_ += "<pre>" + html_escape(text) + "</pre>\n";
}

std::string HtmlPage::render() const {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
      html_escape(title_) + "</title>\n<style>" + std::string(kStyle) +
      "</style>\n</head>\n<body>\n";
  out += "<h1>" + html_escape(title_) + "</h1>\n";
  out += body_;
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace nnm::report
