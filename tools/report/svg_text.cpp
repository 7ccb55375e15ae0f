// SVG text: measure, escape, wrap, fit; element ids; the <svg> opening.
#include "report/report.hpp"
#include "report/svg.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>

namespace nnm::report {
namespace detail {

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

std::string text_element(double x, double y, std::string_view text, std::string_view extra) {
  std::string s = "<text x=\"" + coord(x) + "\" y=\"" + coord(y) + "\"";
  if (!extra.empty()) s += " " + std::string(extra);
  s += ">" + xml_text(text) + "</text>\n";
  return s;
}

}  // namespace detail

}  // namespace nnm::report
