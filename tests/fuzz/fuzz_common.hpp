#pragma once
// Shared by the libFuzzer targets: inputs that only a path-taking reader accepts are written to a
// per-process scratch file; InputError (bad input, exit 2 in the tools) is the expected outcome of
// most inputs, anything else escaping is a finding.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>

namespace nnm::fuzz {

inline std::string scratch_file(const uint8_t* data, size_t size, const char* suffix) {
  static const std::string path =
      "/tmp/nnm-fuzz-" + std::to_string(::getpid()) + std::string(suffix);
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) __builtin_trap();
  if (size) std::fwrite(data, 1, size, f);
  std::fclose(f);
  return path;
}

}  // namespace nnm::fuzz
