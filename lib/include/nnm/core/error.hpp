#pragma once
// Exceptions for programmer and input errors. "The math did not work" is reported through a
// Summary's status instead (see the algorithm headers), never by throwing.
#include <stdexcept>
#include <string>

namespace nnm {

/// Bad input: a malformed file, an unknown name, an out-of-range option. The message is one line
/// that says where (file:line when there is a file) and what was wrong. The `nnm` tool maps it to
/// exit code 2.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Builds "file:line: what" (or "file: what" when line is 0).
std::string located(const std::string& file, long line, const std::string& what);

}  // namespace nnm
