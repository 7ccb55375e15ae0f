#include "nnm/data/file_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "data/temporaries.hpp"
#include "nnm/core/error.hpp"

namespace nnm {
namespace {

// The process id written in the lock file by its holder ("" if unreadable).
std::string holder_of(int fd) {
  char buf[32] = {};
  const ssize_t got = ::pread(fd, buf, sizeof buf - 1, 0);
  std::string s(buf, got > 0 ? static_cast<std::size_t>(got) : 0);
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s.find_first_not_of("0123456789") == std::string::npos ? s : std::string();
}

}  // namespace

FileLock::FileLock(std::string lock_path, std::string target) : path_(std::move(lock_path)) {
  // A holder removes the file while it still holds the lock, so a process that opened the old
  // file may lock an unlinked inode: then the path names another file (or none), and it retries.
  for (int attempt = 0; attempt < 100; ++attempt) {
    fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0666);
    if (fd_ < 0)
      throw InputError(
          located(target, 0, "cannot create the lock file " + path_ + ": " + std::strerror(errno)));
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      const int err = errno;
      const std::string pid = err == EWOULDBLOCK ? holder_of(fd_) : std::string();
      ::close(fd_);
      fd_ = -1;
      if (err != EWOULDBLOCK)
        throw InputError(located(target, 0, "cannot lock " + path_ + ": " + std::strerror(err)));
      throw InputError(located(target, 0,
                               "another nnm process" + (pid.empty() ? "" : " (pid " + pid + ")") +
                                   " is writing it (lock file " + path_ +
                                   "); wait for it to finish"));
    }
    struct stat held {
    }, named{};
    if (::fstat(fd_, &held) == 0 && ::stat(path_.c_str(), &named) == 0 &&
        held.st_dev == named.st_dev && held.st_ino == named.st_ino)
      break;
    ::close(fd_);
    fd_ = -1;
  }
  if (fd_ < 0)
    throw InputError(located(target, 0, "cannot lock " + path_ + " (it keeps changing)"));
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd_, 0) == 0) {
    const ssize_t ignored = ::pwrite(fd_, pid.data(), pid.size(), 0);
    (void)ignored;
  }
  slot_ = detail::register_temporary(path_);
}

FileLock::~FileLock() {
  detail::forget_temporary(slot_);
  ::unlink(path_.c_str());  // while still holding the lock: see the constructor
  ::close(fd_);
}

}  // namespace nnm
