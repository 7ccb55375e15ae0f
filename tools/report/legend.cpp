// Markers (one shape per series) and legend samples.
#include "report/report.hpp"
#include "report/svg.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>

namespace nnm::report {
namespace detail {

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

}  // namespace detail

}  // namespace nnm::report
