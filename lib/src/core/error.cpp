#include "nnm/core/error.hpp"

namespace nnm {

namespace {
bool continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

void append_escaped(std::string& out, unsigned char c) {
  static constexpr char kHex[] = "0123456789abcdef";
  switch (c) {
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    default:
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
  }
}
}  // namespace

std::string one_line(std::string_view text, std::size_t limit) {
  std::size_t keep = text.size();
  if (keep > limit) {
    keep = limit;
    while (keep > 0 && continuation(static_cast<unsigned char>(text[keep]))) --keep;
  }
  std::string out;
  out.reserve(keep + 32);
  for (std::size_t i = 0; i < keep; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7F)
      append_escaped(out, c);
    else
      out += static_cast<char>(c);
  }
  if (keep < text.size()) out += "... (" + std::to_string(text.size() - keep) + " more bytes)";
  return out;
}

std::string located(const std::string& file, long line, const std::string& what) {
  if (line > 0) return file + ":" + std::to_string(line) + ": " + what;
  return file + ": " + what;
}

}  // namespace nnm
