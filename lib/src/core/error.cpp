#include "nnm/core/error.hpp"

namespace nnm {

std::string located(const std::string& file, long line, const std::string& what) {
  if (line > 0) return file + ":" + std::to_string(line) + ": " + what;
  return file + ": " + what;
}

}  // namespace nnm
