#include "nnm/core/error.hpp"

#include <algorithm>

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
/// Length of the well-formed UTF-8 character starting at text[i] (1 … 4), or 0 when the bytes
/// there are not one: a stray continuation byte, an overlong form, a surrogate, a code point above
/// U+10FFFF or a sequence cut short.
std::size_t utf8_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t j) { return static_cast<unsigned char>(text[j]); };
  const unsigned char c = byte(i);
  std::size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;  // the range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    length = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    length = 3;
    if (c == 0xE0) low = 0xA0;
    if (c == 0xED) high = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    length = 4;
    if (c == 0xF0) low = 0x90;
    if (c == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (i + length > text.size() || byte(i + 1) < low || byte(i + 1) > high) return 0;
  for (std::size_t j = i + 2; j < i + length; ++j)
    if (!continuation(byte(j))) return 0;
  return length;
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
  for (std::size_t i = 0; i < keep;) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (c < 0x20 || c == 0x7F)
        append_escaped(out, c);
      else
        out += static_cast<char>(c);
      ++i;
      continue;
    }
    // Bytes that are not UTF-8 (a binary file read as text) would make the message itself
    // undecodable (Python raises on it), and the C1 controls U+0080 … U+009F act on terminals.
    const std::size_t length = utf8_length(text.substr(0, keep), i);
    const bool c1_control =
        length == 2 && c == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0;
    if (length == 0 || c1_control) {
      for (std::size_t j = i; j < i + std::max<std::size_t>(length, 1); ++j)
        append_escaped(out, static_cast<unsigned char>(text[j]));
      i += std::max<std::size_t>(length, 1);
    } else {
      out.append(text.substr(i, length));
      i += length;
    }
  }
  if (keep < text.size()) out += "... (" + std::to_string(text.size() - keep) + " more bytes)";
  return out;
}

std::string located(const std::string& file, long line, const std::string& what) {
  if (line > 0) return file + ":" + std::to_string(line) + ": " + what;
  return file + ": " + what;
}

}  // namespace nnm
