#pragma once
// An exclusive lock that keeps two processes from writing the same output at once (two
// `nnm sweep --out r.csv`, two `nnm demo --out dir`): flock(2) on a lock file beside the output.
// The kernel drops the lock when its holder exits, however it exits, so a lock file left by a
// killed process never blocks anyone; the holder removes the file when it is done.
#include <string>

namespace nnm {

class FileLock {
 public:
  /// Takes the lock on `lock_path` (created if missing) for the output `target`, without waiting.
  /// Throws InputError naming `target` and the holder's process id if another process holds it, or
  /// if the lock file cannot be created.
  FileLock(std::string lock_path, std::string target);
  /// The usual lock for an output file: "<target>.lock".
  explicit FileLock(const std::string& target) : FileLock(target + ".lock", target) {}
  ~FileLock();  ///< removes the lock file and releases the lock
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
  int fd_ = -1;
  int slot_ = -1;  // in the registry of files to remove on a signal
};

}  // namespace nnm
