// The self-contained HTML page.
#include "report/report.hpp"
#include "report/svg.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>

namespace nnm::report {
// ============================================================================================
// HTML page
// ============================================================================================

namespace {

constexpr std::string_view kStyle = R"(
body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1a1a1a;
       background: #ffffff; max-width: 980px; margin: 2em auto; padding: 0 1.2em;
       line-height: 1.5; }
h1, h2, h3, h4 { line-height: 1.25; margin: 1.6em 0 0.5em; }
h1 { font-size: 1.8em; margin-top: 0.5em; border-bottom: 1px solid #ddd; padding-bottom: 0.3em; }
h2 { font-size: 1.4em; border-bottom: 1px solid #eee; padding-bottom: 0.2em; }
p { margin: 0.6em 0; }
figure { margin: 1.5em 0; text-align: center; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 0.9em; color: #444; max-width: 720px; margin: 0.4em auto 0;
             text-align: left; }
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
