#pragma once
// Exceptions for programmer and input errors. "The math did not work" is reported through a
// Summary's status instead (see the algorithm headers), never by throwing.
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace nnm {

/// The longest message an InputError carries; longer ones are cut (see one_line()).
inline constexpr std::size_t kMaxMessageBytes = 1000;

/// Makes `text` safe for one line of a terminal and valid UTF-8: control bytes (NUL, newline,
/// escape, the C1 controls, …) and bytes that are not UTF-8 become \n, \t, \r or \xHH, and
/// anything past `limit` bytes is cut (on a UTF-8 character boundary) with "... (N more bytes)".
/// Printable ASCII and well-formed UTF-8 pass unchanged.
std::string one_line(std::string_view text, std::size_t limit = kMaxMessageBytes);

/// Bad input: a malformed file, an unknown name, an out-of-range option. The message is one line
/// that says where (file:line when there is a file) and what was wrong; whatever text it quotes
/// from the input is escaped and cut to kMaxMessageBytes by one_line(). The `nnm` tool maps it to
/// exit code 2.
class InputError : public std::runtime_error {
 public:
  explicit InputError(const std::string& what) : std::runtime_error(one_line(what)) {}
  explicit InputError(const char* what) : InputError(std::string(what)) {}
};

/// Builds "file:line: what" (or "file: what" when line is 0).
std::string located(const std::string& file, long line, const std::string& what);

}  // namespace nnm
