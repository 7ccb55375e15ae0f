#include "nnm/data/atomic_file.hpp"

#include <fmt/format.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <stdexcept>

#include "data/temporaries.hpp"
#include "nnm/core/error.hpp"

namespace nnm {
namespace {

std::mutex transaction_mutex;
OutputTransaction* open_transaction = nullptr;

std::string error_text() { return std::strerror(errno); }

// Refuses a target that exists and is neither a regular file nor a symbolic link.
void check_target(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return;  // absent (or unreachable: mkstemp will say)
  if (S_ISDIR(st.st_mode)) throw InputError(located(path, 0, "is a directory, not a file"));
  if (!S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode))
    throw InputError(located(path, 0,
                             "is not a regular file (a device, FIFO or socket): nnm writes its "
                             "outputs to regular files only"));
}

// Creates the temporary and registers it before any signal can see it half made.
int make_temporary(std::vector<char>& name, int& slot) {
  sigset_t block, old;
  sigemptyset(&block);
  for (const int sig : detail::kCleanupSignals) sigaddset(&block, sig);
  ::pthread_sigmask(SIG_BLOCK, &block, &old);
  const int fd = ::mkstemp(name.data());
  const int err = errno;
  if (fd >= 0) slot = detail::register_temporary(name.data());
  ::pthread_sigmask(SIG_SETMASK, &old, nullptr);
  errno = err;
  return fd;
}

}  // namespace

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)) {
  check_target(path_);
  std::vector<char> name(path_.begin(), path_.end());
  const std::string suffix = ".tmp.XXXXXX";
  name.insert(name.end(), suffix.begin(), suffix.end());
  name.push_back('\0');
  const int fd = make_temporary(name, slot_);
  if (fd < 0) throw InputError(located(path_, 0, "cannot write: " + error_text()));
  temp_ = name.data();
  file_ = ::fdopen(fd, "wb");
  if (!file_) {
    ::close(fd);
    std::remove(temp_.c_str());
    detail::forget_temporary(slot_);
    throw InputError(located(path_, 0, "cannot open for writing"));
  }
  static constexpr std::size_t kBuffer = 1 << 20;
  std::setvbuf(file_, nullptr, _IOFBF, kBuffer);
}

AtomicFile::~AtomicFile() {
  if (file_) {
    std::fclose(file_);
    std::remove(temp_.c_str());
    detail::forget_temporary(slot_);
  }
}

void AtomicFile::write(const char* data, std::size_t size) {
  if (std::fwrite(data, 1, size, file_) != size)
    throw InputError(located(path_, 0, "write failed: " + error_text()));
}

void AtomicFile::require_space(long double bytes, std::uint64_t samples) {
  struct statvfs fs {};
  if (::fstatvfs(::fileno(file_), &fs) != 0) return;
  const auto free_bytes = static_cast<long double>(fs.f_bavail) * fs.f_frsize;
  if (bytes <= free_bytes) return;
  const auto gb = [](long double b) { return fmt::format("{:.3g} GB", b / 1e9L); };
  throw InputError(located(path_, 0,
                           fmt::format("{} samples need at least {}; the file system has {} free",
                                       samples, gb(bytes), gb(free_bytes))));
}

void AtomicFile::commit() {
  const bool flushed = std::fflush(file_) == 0 && std::ferror(file_) == 0;
  const int flush_error = errno;
  const bool closed = std::fclose(file_) == 0;
  const int close_error = errno;
  file_ = nullptr;
  // mkstemp creates the file 0600; give it the permissions a plain fopen would.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::chmod(temp_.c_str(), 0666 & ~mask);
  if (!flushed || !closed) {
    std::remove(temp_.c_str());
    detail::forget_temporary(slot_);
    throw InputError(located(
        path_, 0,
        std::string("write failed: ") + std::strerror(flushed ? close_error : flush_error)));
  }
  if (OutputTransaction* t = OutputTransaction::active()) {
    t->stage({temp_, path_, slot_});
    slot_ = -1;
    return;
  }
  detail::enter_commit();
  const bool renamed = std::rename(temp_.c_str(), path_.c_str()) == 0;
  const int err = errno;
  if (!renamed) std::remove(temp_.c_str());
  detail::forget_temporary(slot_);
  detail::leave_commit();
  if (!renamed) throw InputError(located(path_, 0, std::string("write failed: ") + strerror(err)));
}

void write_file_atomically(const std::string& path, const std::string& content) {
  AtomicFile f(path);
  f.write(content);
  f.commit();
}

OutputTransaction::OutputTransaction() {
  const std::lock_guard lock(transaction_mutex);
  if (open_transaction) throw std::logic_error("OutputTransaction: one is already open");
  open_transaction = this;
}

OutputTransaction::~OutputTransaction() {
  {
    const std::lock_guard lock(transaction_mutex);
    open_transaction = nullptr;
  }
  for (const Staged& f : files_) {
    std::remove(f.temp.c_str());
    detail::forget_temporary(f.slot);
  }
}

OutputTransaction* OutputTransaction::active() {
  const std::lock_guard lock(transaction_mutex);
  return open_transaction;
}

void OutputTransaction::stage(Staged file) {
  // The same path staged twice: the later content wins, as it would without a transaction.
  for (Staged& f : files_)
    if (f.path == file.path) {
      std::remove(f.temp.c_str());
      detail::forget_temporary(f.slot);
      f = std::move(file);
      return;
    }
  files_.push_back(std::move(file));
}

std::vector<std::string> OutputTransaction::staged() const {
  std::vector<std::string> paths;
  for (const Staged& f : files_) paths.push_back(f.path);
  return paths;
}

void OutputTransaction::commit() {
  detail::enter_commit();
  std::string failure;
  std::size_t done = 0;
  for (; done < files_.size(); ++done) {
    const Staged& f = files_[done];
    if (std::rename(f.temp.c_str(), f.path.c_str()) != 0) {
      failure = located(f.path, 0, "write failed: " + error_text());
      break;
    }
    detail::forget_temporary(f.slot);
  }
  files_.erase(files_.begin(), files_.begin() + static_cast<long>(done));
  detail::leave_commit();
  if (!failure.empty()) throw InputError(failure);  // the destructor removes the rest
}

}  // namespace nnm
