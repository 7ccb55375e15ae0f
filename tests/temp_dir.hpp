#pragma once
// A scratch directory for one test case, removed with everything in it when the case ends.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace nnm::test {

struct TempDir {
  std::filesystem::path path;
  /// `prefix` names the suite; the process id keeps concurrent test processes apart.
  explicit TempDir(const std::string& prefix = "nnm_test_")
      : path(std::filesystem::temp_directory_path() / (prefix + std::to_string(::getpid()))) {
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  /// The path of `name` inside the directory (nothing is created).
  std::string name(const std::string& name) const { return (path / name).string(); }
  std::string operator/(const std::string& file) const { return name(file); }
  /// Writes `content` to `name` and returns its path.
  std::string file(const std::string& name, const std::string& content) const {
    const auto p = (path / name).string();
    std::ofstream(p, std::ios::binary) << content;
    return p;
  }
  std::size_t entries() const {
    return static_cast<std::size_t>(std::distance(std::filesystem::directory_iterator(path), {}));
  }
};

}  // namespace nnm::test
