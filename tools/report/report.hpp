#pragma once
// Report rendering for `nnm demo`: line plots and heat maps as self-contained SVG elements, and a
// self-contained HTML page (inline CSS, no scripts, no external resources) that holds them.
//
// The SVG is written for people reading a figure, not for a plotting library's generality:
// "nice" ticks (1-2-5 steps on linear axes, decades with minor ticks on log axes), a colour-blind
// safe palette (Okabe–Ito) with a distinct marker per series, the legend beside or below the plot
// area (never over the data), numbers with at most 3 significant digits unless a tick needs more.
// Every function is deterministic (same input, same bytes) and never writes "nan" or "inf":
// non-finite points are skipped, and a plot with nothing to draw shows its axes and "no data".
// Element ids (clip paths, patterns, gradients) are derived from a hash of the input, so several
// plots can share one HTML page.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nnm::report {

/// One curve of a line plot. Points are drawn in the given order, joined by a line; a skipped point
/// (non-finite, or non-positive on a log axis) breaks the line.
struct Series {
  std::string label;         ///< legend text; an empty label leaves the series out of the legend
  std::vector<double> x, y;  ///< same size (extra entries of the longer one are ignored)
  std::vector<double>
      y_err;         ///< optional: empty or same size as y; drawn as vertical error bars (±|err|)
  std::string dash;  ///< optional SVG stroke-dasharray, e.g. "6 3"; empty = solid
  /// Optional interval bars from y_lo[i] to y_hi[i] (both the same size as y; used instead of
  /// y_err when given), e.g. a confidence interval that is not symmetric about y.
  std::vector<double> y_lo{}, y_hi{};
  bool line = true;  ///< false: markers only (e.g. one marker per seed)
};

struct LinePlot {
  std::string title, x_label, y_label;
  std::vector<Series> series;
  bool log_x = false, log_y = false;  ///< log axes skip non-positive / non-finite points silently
  std::optional<double> reference_y;  ///< a dashed horizontal guide line (e.g. "trivial error = 1")
  std::string reference_label;        ///< its legend entry
  /// Fixed range; default: from the data (error bars and reference line included) with a margin.
  /// On a log axis a non-positive bound is ignored. Points outside the range are clipped.
  std::optional<double> y_min, y_max;
  int width = 620, height = 380;
  bool integer_x = false;  ///< x is a whole number (k, m, d): ticks only at integers
};

/// A complete `<svg ...>...</svg>` element (with xmlns, width, height and viewBox).
std::string line_plot_svg(const LinePlot& plot);

struct HeatMap {
  std::string title, x_label, y_label, value_label;  ///< value_label names the colour bar
  std::vector<std::string> x_ticks, y_ticks;         ///< column and row labels (row 0 at the top)
  /// values[row][col]; NaN (or a missing entry of a short row) = missing cell, drawn grey and
  /// hatched.
  std::vector<std::vector<double>> values;
  /// Colour scale range (values outside are clamped for the colour; annotations show the value).
  /// If hi <= lo or either is not finite, the range of the finite values is used instead.
  double lo = 0.0, hi = 1.0;
  bool annotate = true;  ///< print each value in its cell (white on dark cells, black on light)
  int cell_width = 70, cell_height = 34;
};

/// A complete `<svg ...>...</svg>` element; its size follows from the cells and labels.
std::string heat_map_svg(const HeatMap& map);

/// Replaces & < > " ' by entities (&amp; &lt; &gt; &quot; &#39;).
std::string html_escape(std::string_view text);

// ---- helpers the plots use, public so that callers (tables, captions) format alike ----

/// Compact decimal text of a number: `significant` significant digits, trailing zeros dropped,
/// exponent form (1.5e-7, 2e+06 → "2e6") only for very small or large magnitudes; "-0" becomes
/// "0"; NaN → "nan" and ±infinity → "inf"/"-inf" (the plots never pass those).
std::string format_number(double value, int significant = 3);

/// The heat-map colour scale (viridis, perceptually ordered, dark → light) at t ∈ [0, 1] (clamped;
/// NaN → 0) as "#rrggbb". heat_colour(0) is the colour of `lo`, heat_colour(1) the colour of `hi`.
std::string heat_colour(double t);

/// The line-plot colour of series i (Okabe–Ito, cycling) as "#rrggbb".
std::string series_colour(std::size_t i);

/// A self-contained HTML page (no external resources, inline CSS only, no scripts).
class HtmlPage {
 public:
  /// The title is used for <title> and as the page's <h1>.
  explicit HtmlPage(std::string title);
  void heading(std::string_view text, int level = 2);  ///< level clamped to 1..6; escaped
  void paragraph(std::string_view text);               ///< escaped
  void raw_html(std::string_view html);                ///< not escaped (caller's responsibility)
  /// An inline <figure> holding the SVG element (its xmlns attribute is dropped: HTML does not need
  /// it, and the page then names no external address), with an escaped <figcaption> if given.
  void svg(std::string_view svg_element, std::string_view caption = {});
  /// A table with a header row; all cells escaped; short rows are padded with empty cells; cells
  /// that read as numbers are right-aligned.
  void table(const std::vector<std::string>& header,
             const std::vector<std::vector<std::string>>& rows);
  void preformatted(std::string_view text);  ///< escaped, in <pre>
  std::string render() const;                ///< the whole document

 private:
  std::string title_;
  std::string body_;
};

}  // namespace nnm::report
