#pragma once
// Output files that appear whole or not at all: written under a temporary name in the same
// directory and renamed into place by commit(). Destroying an uncommitted file removes it, so an
// error or an exception never leaves a partial output behind.
#include <cstdio>
#include <string>

namespace nnm {

class AtomicFile {
 public:
  /// Opens a temporary file beside `path`. Throws InputError if the directory is not writable.
  explicit AtomicFile(std::string path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  std::FILE* handle() { return file_; }
  const std::string& path() const { return path_; }
  void write(const char* data, std::size_t size);
  void write(const std::string& s) { write(s.data(), s.size()); }
  /// Flushes, closes and renames onto the final path. Throws InputError on an I/O error.
  void commit();

 private:
  std::string path_, temp_;
  std::FILE* file_ = nullptr;
};

/// Writes `content` to `path` atomically.
void write_file_atomically(const std::string& path, const std::string& content);

}  // namespace nnm
