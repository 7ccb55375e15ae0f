// Report rendering: SVG line plots and heat maps, and the HTML page that holds them.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <regex>
#include <string>
#include <vector>

#include "report/report.hpp"

using namespace nnm::report;

namespace {

// A small XML well-formedness checker: balanced and properly nested tags, quoted attributes, no raw
// '<' in text, '&' only as an entity. HTML void elements (meta, br, ...) and <!DOCTYPE> are allowed
// when html = true. Returns an empty string when well-formed, else what is wrong.
std::string xml_problem(const std::string& doc, bool html = false) {
  static const std::vector<std::string> kVoid{"meta", "br", "hr", "img", "link", "input"};
  std::vector<std::string> stack;
  auto check_entities = [](const std::string& text) -> std::string {
    for (std::size_t i = text.find('&'); i != std::string::npos; i = text.find('&', i + 1)) {
      const std::size_t semi = text.find(';', i);
      if (semi == std::string::npos || semi - i > 8) return "bare & in: " + text.substr(i, 20);
      const std::string name = text.substr(i + 1, semi - i - 1);
      const bool named =
          name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos";
      const bool numeric =
          name.size() > 1 && name[0] == '#' &&
          std::all_of(name.begin() + 1, name.end(), [](char c) { return std::isdigit(c); });
      if (!named && !numeric) return "unknown entity &" + name + ";";
    }
    return {};
  };
  std::size_t i = 0;
  while (i < doc.size()) {
    const std::size_t lt = doc.find('<', i);
    const std::string text = doc.substr(i, (lt == std::string::npos ? doc.size() : lt) - i);
    if (text.find('>') != std::string::npos) return "raw > in text: " + text.substr(0, 40);
    if (auto p = check_entities(text); !p.empty()) return p;
    if (lt == std::string::npos) break;
    if (doc.compare(lt, 4, "<!--") == 0) {
      const std::size_t end = doc.find("-->", lt);
      if (end == std::string::npos) return "unterminated comment";
      i = end + 3;
      continue;
    }
    if (html && doc.compare(lt, 9, "<!DOCTYPE") == 0) {
      i = doc.find('>', lt) + 1;
      continue;
    }
    // Scan the tag, honouring quoted attribute values (which may contain '>').
    std::size_t j = lt + 1;
    const bool closing = j < doc.size() && doc[j] == '/';
    if (closing) ++j;
    const std::size_t name_start = j;
    while (j < doc.size() &&
           (std::isalnum(static_cast<unsigned char>(doc[j])) || doc[j] == '-' || doc[j] == ':'))
      ++j;
    const std::string name = doc.substr(name_start, j - name_start);
    if (name.empty()) return "bad tag at offset " + std::to_string(lt);
    bool self_closing = false;
    for (;;) {
      while (j < doc.size() && std::isspace(static_cast<unsigned char>(doc[j]))) ++j;
      if (j >= doc.size()) return "unterminated tag <" + name;
      if (doc[j] == '>') {
        ++j;
        break;
      }
      if (doc[j] == '/' && j + 1 < doc.size() && doc[j + 1] == '>') {
        self_closing = true;
        j += 2;
        break;
      }
      if (closing) return "attributes in closing tag </" + name;
      const std::size_t attr_start = j;
      while (j < doc.size() && (std::isalnum(static_cast<unsigned char>(doc[j])) || doc[j] == '-' ||
                                doc[j] == ':' || doc[j] == '_'))
        ++j;
      if (j == attr_start) return "bad attribute in <" + name + " at offset " + std::to_string(j);
      const std::string attr = doc.substr(attr_start, j - attr_start);
      if (j >= doc.size() || doc[j] != '=')
        return "attribute " + attr + " without value in <" + name;
      ++j;
      if (j >= doc.size() || doc[j] != '"') return "unquoted attribute " + attr + " in <" + name;
      const std::size_t end = doc.find('"', j + 1);
      if (end == std::string::npos) return "unterminated attribute " + attr;
      const std::string value = doc.substr(j + 1, end - j - 1);
      if (value.find('<') != std::string::npos) return "raw < in attribute " + attr;
      if (auto p = check_entities(value); !p.empty()) return p;
      j = end + 1;
    }
    if (closing) {
      if (stack.empty() || stack.back() != name)
        return "</" + name + "> does not close <" +
               (stack.empty() ? std::string("nothing") : stack.back()) + ">";
      stack.pop_back();
    } else if (!self_closing &&
               !(html && std::find(kVoid.begin(), kVoid.end(), name) != kVoid.end())) {
      stack.push_back(name);
    }
    i = j;
  }
  if (!stack.empty()) return "unclosed <" + stack.back() + ">";
  return {};
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The contents of the <text> elements inside the first <g class="CLASS"> group.
std::vector<std::string> group_texts(const std::string& svg, const std::string& cls) {
  std::vector<std::string> out;
  const std::size_t g = svg.find("<g class=\"" + cls + "\"");
  if (g == std::string::npos) return out;
  const std::size_t end = svg.find("</g>", g);
  for (std::size_t p = svg.find("<text", g); p != std::string::npos && p < end;
       p = svg.find("<text", p + 1)) {
    const std::size_t a = svg.find('>', p) + 1, b = svg.find("</text>", a);
    out.push_back(svg.substr(a, b - a));
  }
  return out;
}

struct Xy {
  double x, y;
};

// Centres of the point markers (<path class="pt" d="Mx y...">), in document order.
std::vector<Xy> markers(const std::string& svg) {
  std::vector<Xy> out;
  const std::string key = "<path class=\"pt\" d=\"M";
  for (std::size_t p = svg.find(key); p != std::string::npos; p = svg.find(key, p + 1)) {
    const char* s = svg.c_str() + p + key.size();
    char* end = nullptr;
    const double x = std::strtod(s, &end);
    const double y = std::strtod(end, nullptr);
    out.push_back({x, y});
  }
  return out;
}

std::size_t count(const std::string& hay, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
  return n;
}

// The fill colours of the heat-map cells (<rect class="cell..." ... fill="...">), row by row.
std::vector<std::string> cell_fills(const std::string& svg) {
  std::vector<std::string> out;
  for (std::size_t p = svg.find("<rect class=\"cell"); p != std::string::npos;
       p = svg.find("<rect class=\"cell", p + 1)) {
    const std::size_t f = svg.find("fill=\"", p) + 6;
    out.push_back(svg.substr(f, svg.find('"', f) - f));
  }
  return out;
}

LinePlot simple_plot() {
  LinePlot p;
  p.title = "t";
  p.x_label = "x";
  p.y_label = "y";
  Series s;
  s.label = "s";
  s.x = {1, 2, 3, 4, 5};
  s.y = {3, 1, 2, 5, 4};
  p.series.push_back(s);
  return p;
}

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

}  // namespace

TEST_SUITE("report") {
  TEST_CASE("the XML checker itself catches malformed documents") {
    CHECK(xml_problem("<svg><g><text x=\"1\">a &amp; b</text></g><rect/></svg>").empty());
    CHECK_FALSE(xml_problem("<svg><g></svg>").empty());
    CHECK_FALSE(xml_problem("<svg><text>a < b</text></svg>").empty());
    CHECK_FALSE(xml_problem("<svg><text>a & b</text></svg>").empty());
    CHECK_FALSE(xml_problem("<svg width=10></svg>").empty());
    CHECK_FALSE(xml_problem("<svg><g></h></g></svg>").empty());
  }

  TEST_CASE("format_number is compact") {
    CHECK(format_number(0.1 + 0.2) == "0.3");
    CHECK(format_number(0.30000000000000004, 3) == "0.3");
    CHECK(format_number(1.0) == "1");
    CHECK(format_number(2.5) == "2.5");
    CHECK(format_number(100) == "100");
    CHECK(format_number(123456) == "123000");
    CHECK(format_number(1234567) == "1.23e6");
    CHECK(format_number(0.00123) == "0.00123");
    CHECK(format_number(0.000123) == "1.23e-4");
    CHECK(format_number(-0.0) == "0");
    CHECK(format_number(-1.5e-7) == "-1.5e-7");
    CHECK(format_number(0.999999) == "1");
    CHECK(format_number(3.14159, 5) == "3.1416");
    CHECK(format_number(1000000.5, 8) == "1000000.5");
  }

  TEST_CASE("html_escape") {
    CHECK(html_escape("a<b>&\"c'd") == "a&lt;b&gt;&amp;&quot;c&#39;d");
    CHECK(html_escape("plain text") == "plain text");
    CHECK(html_escape("") == "");
    CHECK(html_escape("&amp;") == "&amp;amp;");
  }

  TEST_CASE("a line plot is well-formed SVG with size, viewBox, font and escaped text") {
    LinePlot p = simple_plot();
    p.title = "W_err <spectral & SGD>";
    p.series[0].label = "n < 10 & \"quoted\"";
    p.x_label = "x'<";
    p.reference_y = 2.5;
    p.reference_label = "ref <1>";
    p.series[0].y_err = {0.1, 0.2, 0.3, 0.4, 0.5};
    const std::string svg = line_plot_svg(p);
    CHECK(xml_problem(svg) == "");
    CHECK(svg.rfind("<svg ", 0) == 0);
    CHECK(svg.find("</svg>") != std::string::npos);
    CHECK(svg.find("width=\"620\" height=\"380\" viewBox=\"0 0 620 380\"") != std::string::npos);
    CHECK(svg.find("sans-serif") != std::string::npos);
    CHECK(svg.find("W_err &lt;spectral &amp; SGD&gt;") != std::string::npos);
    CHECK(svg.find("n &lt; 10 &amp; &quot;quoted&quot;") != std::string::npos);
    CHECK(svg.find("ref &lt;1&gt;") != std::string::npos);
    CHECK(svg.find("x&#39;&lt;") != std::string::npos);
    CHECK(svg.find("<spectral") == std::string::npos);
    CHECK(svg.find("class=\"reference\"") != std::string::npos);
    CHECK(svg.find("class=\"error-bars\"") != std::string::npos);
    CHECK(svg.find("class=\"legend\"") != std::string::npos);
    CHECK(markers(svg).size() == 5);
  }

  TEST_CASE("the legend is outside the plot area") {
    LinePlot p = simple_plot();
    for (int i = 0; i < 3; ++i) p.series.push_back(p.series[0]);
    const std::string svg = line_plot_svg(p);
    const std::size_t f = svg.find("class=\"frame\"");
    REQUIRE(f != std::string::npos);
    auto attr = [&](std::size_t from, const std::string& name) {
      return std::stod(svg.substr(svg.find(name + "=\"", from) + name.size() + 2));
    };
    const double right = attr(f, "x") + attr(f, "width"), bottom = attr(f, "y") + attr(f, "height");
    const std::size_t g = svg.find("<g class=\"legend\"");
    REQUIRE(g != std::string::npos);
    const std::size_t t = svg.find("<text", g);
    CHECK((attr(t, "x") > right || attr(t, "y") > bottom));
    // Long labels move the legend below the plot area.
    for (auto& s : p.series) s.label = "a rather long legend label that would squeeze the plot";
    const std::string below = line_plot_svg(p);
    const std::size_t f2 = below.find("class=\"frame\"");
    const double bottom2 = std::stod(below.substr(below.find("y=\"", f2) + 3)) +
                           std::stod(below.substr(below.find("height=\"", f2) + 8));
    const std::size_t t2 = below.find("<text", below.find("<g class=\"legend\""));
    CHECK(std::stod(below.substr(below.find("y=\"", t2) + 3)) > bottom2);
    CHECK(xml_problem(below) == "");
  }

  TEST_CASE("larger y maps to a smaller SVG y coordinate") {
    for (const bool log : {false, true}) {
      CAPTURE(log);
      LinePlot p = simple_plot();
      p.log_y = log;
      const std::vector<Xy> m = markers(line_plot_svg(p));
      REQUIRE(m.size() == 5);
      const auto& y = p.series[0].y;
      for (std::size_t i = 0; i < 5; ++i)
        for (std::size_t j = 0; j < 5; ++j)
          if (y[i] > y[j]) CHECK(m[i].y < m[j].y);
      for (std::size_t i = 0; i + 1 < 5; ++i)
        CHECK(m[i].x < m[i + 1].x);  // x increases to the right
    }
  }

  TEST_CASE("linear ticks are 1-2-5 steps with compact labels") {
    for (const double top : {0.3, 1.0, 7.0, 15.0, 42.0, 1234.0, 2.5e-3, 98765.0}) {
      CAPTURE(top);
      LinePlot p = simple_plot();
      p.series[0].y = {0.1 * top, 0.2 * top, 0.3 * top / 0.3, (0.1 + 0.2) * top, 0.05 * top};
      const std::string svg = line_plot_svg(p);
      const auto labels = group_texts(svg, "y-tick-labels");
      REQUIRE(labels.size() >= 3);
      CHECK(labels.size() <= 10);
      std::vector<double> v;
      for (const auto& l : labels) {
        CHECK(l.size() <= 6);  // e.g. "0.25", never "0.30000000000000004"
        v.push_back(std::stod(l));
      }
      const double step = v[1] - v[0];
      const double mantissa = step / std::pow(10.0, std::floor(std::log10(step) + 1e-9));
      CHECK((std::abs(mantissa - 1) < 1e-6 || std::abs(mantissa - 2) < 1e-6 ||
             std::abs(mantissa - 5) < 1e-6));
      for (std::size_t i = 1; i < v.size(); ++i)
        CHECK(v[i] - v[i - 1] == doctest::Approx(step).epsilon(1e-6));
      for (const double t : v)
        CHECK(std::abs(t / step - std::round(t / step)) < 1e-6);  // multiples of the step
      CHECK(group_texts(svg, "x-tick-labels").size() >= 3);
    }
  }

  TEST_CASE("integer x axes have no ticks between whole numbers (k, m, d)") {
    LinePlot p = simple_plot();
    p.series[0].x = {2, 4, 6};
    p.series[0].y = {0.1, 0.5, 1};
    p.width = 900;  // room for ticks every 0.5 on an ordinary axis
    const auto plain = group_texts(line_plot_svg(p), "x-tick-labels");
    CHECK(std::any_of(plain.begin(), plain.end(),
                      [](const std::string& l) { return l.find('.') != std::string::npos; }));
    p.integer_x = true;
    const auto whole = group_texts(line_plot_svg(p), "x-tick-labels");
    REQUIRE(whole.size() >= 3);
    for (const auto& l : whole) CHECK(l.find('.') == std::string::npos);
  }

  TEST_CASE("interval bars span y_lo to y_hi; a markers-only series draws no line") {
    LinePlot p = simple_plot();
    p.y_min = 0.0;
    p.y_max = 10.0;
    p.series[0].y_lo = {2, 0.5, 1, 4, 3};
    p.series[0].y_hi = {8, 1.5, 3, 6, 5};
    const std::string svg = line_plot_svg(p);
    CHECK(xml_problem(svg).empty());
    CHECK(svg.find("class=\"error-bars\"") != std::string::npos);
    CHECK(svg.find("<polyline") != std::string::npos);
    // Bars run from y_lo to y_hi: the first (2 to 8) is six times as long as the second (0.5 to
    // 1.5) on this linear axis.
    const std::size_t d = svg.find("d=\"M", svg.find("class=\"error-bars\""));
    const std::string path = svg.substr(d + 3, svg.find('"', d + 3) - d - 3);
    std::vector<double> lengths;
    const std::regex bar(R"(M[-0-9.]+ ([-0-9.]+)V([-0-9.]+))");
    for (auto it = std::sregex_iterator(path.begin(), path.end(), bar);
         it != std::sregex_iterator(); ++it)
      lengths.push_back(std::stod((*it)[1]) - std::stod((*it)[2]));
    REQUIRE(lengths.size() == 5);
    CHECK(lengths[0] > 0);
    CHECK(lengths[0] / lengths[1] == doctest::Approx(6).epsilon(0.02));
    Series dots = p.series[0];
    dots.line = false;
    dots.y_lo.clear();
    dots.y_hi.clear();
    p.series = {dots};
    const std::string markers = line_plot_svg(p);
    CHECK(markers.find("<polyline") == std::string::npos);
    CHECK(markers.find("class=\"pt\"") != std::string::npos);
  }

  TEST_CASE("log axes skip non-positive points and put decade ticks across the data") {
    LinePlot p;
    p.log_x = p.log_y = true;
    Series s;
    s.label = "s";
    s.x = {-1, 0, 1, 10, 100, 1000, 5};
    s.y = {1, 1, 0.01, 0.1, 10, -3, 0};
    p.series.push_back(s);
    const std::string svg = line_plot_svg(p);
    CHECK(xml_problem(svg) == "");
    CHECK(markers(svg).size() == 3);  // (1, 0.01), (10, 0.1), (100, 10)
    CHECK(group_texts(svg, "y-tick-labels") == std::vector<std::string>{"0.01", "0.1", "1", "10"});
    CHECK(group_texts(svg, "x-tick-labels") == std::vector<std::string>{"1", "10", "100"});
    CHECK(lower(svg).find("nan") == std::string::npos);

    // Many decades: labels in exponent form, every decade from below the data to above it.
    LinePlot q;
    q.log_y = true;
    Series t;
    t.x = {1, 2, 3};
    t.y = {2e-6, 3e-2, 500};
    q.series.push_back(t);
    const auto labels = group_texts(line_plot_svg(q), "y-tick-labels");
    CHECK(labels == std::vector<std::string>{"1e-6", "1e-5", "1e-4", "1e-3", "1e-2", "1e-1", "1",
                                             "1e1", "1e2", "1e3"});
    REQUIRE(labels.size() >= 2);
    CHECK(std::stod(labels.front()) <= 2e-6);
    CHECK(std::stod(labels.back()) >= 500);
    // Every marker inside the frame.
    const std::string svg_q = line_plot_svg(q);
    const auto m = markers(svg_q);
    const std::size_t f = svg_q.find("class=\"frame\"");
    const double top = std::stod(svg_q.substr(svg_q.find("y=\"", f) + 3));
    const double bottom = top + std::stod(svg_q.substr(svg_q.find("height=\"", f) + 8));
    for (const auto& pt : m) CHECK((pt.y >= top && pt.y <= bottom));

    // Less than a decade of data: the axis widens to whole decades.
    LinePlot r;
    r.log_y = true;
    Series u;
    u.x = {1, 2};
    u.y = {0.3, 0.5};
    r.series.push_back(u);
    const auto short_labels = group_texts(line_plot_svg(r), "y-tick-labels");
    REQUIRE(short_labels.size() >= 2);
    CHECK(short_labels.front() == "0.1");
    CHECK(short_labels.back() == "1");
  }

  TEST_CASE("nan and inf never reach the SVG; an empty plot says no data") {
    LinePlot p;
    p.title = "bad values";
    Series s;
    s.label = "s";
    s.x = {1, 2, kNaN, 4, kInf};
    s.y = {kInf, 2, 3, -kInf, 5};
    s.y_err = {1, kNaN, kInf, 1, 1};
    p.series.push_back(s);
    p.reference_y = kNaN;
    p.y_max = kInf;
    for (const bool log : {false, true}) {
      p.log_x = p.log_y = log;
      const std::string svg = line_plot_svg(p);
      CHECK(xml_problem(svg) == "");
      CHECK(lower(svg).find("nan") == std::string::npos);
      CHECK(lower(svg).find("inf") == std::string::npos);
      CHECK(markers(svg).size() == 1);
    }
    LinePlot empty;
    empty.series.push_back(Series{"nothing", {kNaN}, {1.0}, {}, {}});
    const std::string svg = line_plot_svg(empty);
    CHECK(xml_problem(svg) == "");
    CHECK(svg.find("no data") != std::string::npos);
    CHECK(svg.find("class=\"frame\"") != std::string::npos);
    CHECK(group_texts(svg, "x-tick-labels").size() >= 2);
    CHECK(line_plot_svg(LinePlot{}).find("no data") != std::string::npos);
    // A series with data has no "no data" note.
    CHECK(line_plot_svg(simple_plot()).find("no data") == std::string::npos);
  }

  TEST_CASE("a fixed y range is used, and different plots get different element ids") {
    LinePlot p = simple_plot();
    p.y_min = 0;
    p.y_max = 10;
    const auto labels = group_texts(line_plot_svg(p), "y-tick-labels");
    REQUIRE(!labels.empty());
    CHECK(labels.front() == "0");
    CHECK(labels.back() == "10");
    auto clip_id = [](const std::string& svg) {
      const std::size_t a = svg.find("clipPath id=\"") + 13;
      return svg.substr(a, svg.find('"', a) - a);
    };
    CHECK(clip_id(line_plot_svg(p)) == clip_id(line_plot_svg(p)));
    CHECK(clip_id(line_plot_svg(p)) != clip_id(line_plot_svg(simple_plot())));
    CHECK(line_plot_svg(p) == line_plot_svg(p));
  }

  TEST_CASE("heat map cells take the colour of their value") {
    CHECK(heat_colour(0) == "#440154");
    CHECK(heat_colour(1) == "#fde725");
    CHECK(heat_colour(-3) == heat_colour(0));
    CHECK(heat_colour(7) == heat_colour(1));
    CHECK(heat_colour(kNaN) == heat_colour(0));
    CHECK(heat_colour(0.5) != heat_colour(0.4));

    HeatMap h;
    h.title = "W_err <d & k>";
    h.x_label = "k";
    h.y_label = "d";
    h.value_label = "error";
    h.x_ticks = {"a<", "b", "c"};
    h.y_ticks = {"r0", "r1"};
    h.lo = 2;
    h.hi = 4;
    h.values = {{2, 4, 3}, {-10, 100, kNaN}};
    const std::string svg = heat_map_svg(h);
    CHECK(xml_problem(svg) == "");
    CHECK(lower(svg).find("nan") == std::string::npos);
    CHECK(lower(svg).find("inf") == std::string::npos);
    const auto fills = cell_fills(svg);
    REQUIRE(fills.size() == 6);
    CHECK(fills[0] == heat_colour(0));  // lo → first palette colour
    CHECK(fills[1] == heat_colour(1));  // hi → last palette colour
    CHECK(fills[2] == heat_colour(0.5));
    CHECK(fills[3] == heat_colour(0));       // clamped
    CHECK(fills[4] == heat_colour(1));       // clamped
    CHECK(fills[5].rfind("url(#", 0) == 0);  // missing: hatched
    CHECK(count(svg, "class=\"cell missing\"") == 1);
    CHECK(svg.find("W_err &lt;d &amp; k&gt;") != std::string::npos);
    CHECK(svg.find("a&lt;") != std::string::npos);
    CHECK(svg.find("class=\"colour-bar\"") != std::string::npos);
    CHECK(svg.find(">error</text>") != std::string::npos);
    // Annotations: the value, white on the dark end, black on the light end.
    const auto notes = group_texts(svg, "annotations");
    REQUIRE(notes.size() == 6);
    CHECK(notes[0] == "2");
    CHECK(notes[3] == "-10");
    CHECK(notes[5] == "n/a");
    const std::size_t g = svg.find("<g class=\"annotations\"");
    const std::size_t first = svg.find("<text", g), second = svg.find("<text", first + 1);
    CHECK(svg.substr(first, second - first).find("fill=\"#ffffff\"") != std::string::npos);
    CHECK(svg.substr(second, svg.find("<text", second + 1) - second).find("fill=\"#000000\"") !=
          std::string::npos);
    h.annotate = false;
    CHECK(svg.find("class=\"annotations\"") != std::string::npos);
    CHECK(heat_map_svg(h).find("class=\"annotations\"") == std::string::npos);
  }

  TEST_CASE("heat map edge cases stay well-formed") {
    HeatMap empty;
    const std::string e = heat_map_svg(empty);
    CHECK(xml_problem(e) == "");
    CHECK(e.find("no data") != std::string::npos);
    HeatMap ragged;
    ragged.values = {{1}, {1, 2, 3}};
    ragged.lo = kNaN;  // falls back to the data range
    const std::string r = heat_map_svg(ragged);
    CHECK(xml_problem(r) == "");
    CHECK(cell_fills(r).size() == 6);
    CHECK(count(r, "class=\"cell missing\"") == 2);
    CHECK(cell_fills(r)[3] == heat_colour(0));
    CHECK(cell_fills(r)[5] == heat_colour(1));
    CHECK(lower(r).find("nan") == std::string::npos);
  }

  TEST_CASE("HtmlPage renders a self-contained document with the pieces in order") {
    HtmlPage page("Report <1> & co");
    page.heading("Section <A>");
    page.paragraph("x < y & z");
    page.svg(line_plot_svg(simple_plot()), "Figure 1: a <plot>");
    page.table({"name", "value"}, {{"a<b", "0.5"}, {"only"}});
    page.preformatted("line 1\n<line 2>");
    page.raw_html("<p class=\"raw\">raw</p>");
    const std::string html = page.render();
    CHECK(xml_problem(html, true) == "");
    CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
    CHECK(html.find("<meta charset=\"utf-8\">") != std::string::npos);
    CHECK(html.find("<style>") != std::string::npos);
    CHECK(lower(html).find("<script") == std::string::npos);
    CHECK(html.find("http") ==
          std::string::npos);  // no external resources, not even the SVG namespace
    CHECK(html.find("<link") == std::string::npos);
    const std::vector<std::string> pieces{"<title>Report &lt;1&gt; &amp; co</title>",
                                          "<h1>Report &lt;1&gt; &amp; co</h1>",
                                          "<h2>Section &lt;A&gt;</h2>",
                                          "<p>x &lt; y &amp; z</p>",
                                          "<figure>",
                                          "<svg ",
                                          "</svg>",
                                          "<figcaption>Figure 1: a &lt;plot&gt;</figcaption>",
                                          "</figure>",
                                          "<th>name</th><th>value</th>",
                                          "<td>a&lt;b</td><td class=\"num\">0.5</td>",
                                          "<td>only</td><td></td>",
                                          "<pre>line 1\n&lt;line 2&gt;</pre>",
                                          "<p class=\"raw\">raw</p>",
                                          "</body>",
                                          "</html>"};
    std::size_t at = 0;
    for (const auto& piece : pieces) {
      CAPTURE(piece);
      const std::size_t p = html.find(piece, at);
      REQUIRE(p != std::string::npos);
      at = p + piece.size();
    }
    page.heading("deep", 9);
    CHECK(page.render().find("<h6>deep</h6>") != std::string::npos);
  }
}
