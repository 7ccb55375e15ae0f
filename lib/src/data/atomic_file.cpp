#include "nnm/data/atomic_file.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "nnm/core/error.hpp"

namespace nnm {

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)) {
  std::vector<char> name(path_.begin(), path_.end());
  const std::string suffix = ".tmp.XXXXXX";
  name.insert(name.end(), suffix.begin(), suffix.end());
  name.push_back('\0');
  const int fd = ::mkstemp(name.data());
  if (fd < 0)
    throw InputError(located(path_, 0, std::string("cannot write: ") + std::strerror(errno)));
  temp_ = name.data();
  file_ = ::fdopen(fd, "wb");
  if (!file_) {
    ::close(fd);
    std::remove(temp_.c_str());
    throw InputError(located(path_, 0, "cannot open for writing"));
  }
  static constexpr std::size_t kBuffer = 1 << 20;
  std::setvbuf(file_, nullptr, _IOFBF, kBuffer);
}

AtomicFile::~AtomicFile() {
  if (file_) {
    std::fclose(file_);
    std::remove(temp_.c_str());
  }
}

void AtomicFile::write(const char* data, std::size_t size) {
  if (std::fwrite(data, 1, size, file_) != size)
    throw InputError(located(path_, 0, std::string("write failed: ") + std::strerror(errno)));
}

void AtomicFile::commit() {
  const bool ok = std::fflush(file_) == 0 && std::ferror(file_) == 0;
  const int err = errno;
  std::fclose(file_);
  file_ = nullptr;
  // mkstemp creates the file 0600; give it the permissions a plain fopen would.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::chmod(temp_.c_str(), 0666 & ~mask);
  if (!ok || std::rename(temp_.c_str(), path_.c_str()) != 0) {
    std::remove(temp_.c_str());
    throw InputError(
        located(path_, 0, std::string("write failed: ") + std::strerror(ok ? errno : err)));
  }
}

void write_file_atomically(const std::string& path, const std::string& content) {
  AtomicFile f(path);
  f.write(content);
  f.commit();
}

}  // namespace nnm
