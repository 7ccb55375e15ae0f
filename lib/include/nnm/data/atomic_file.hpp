#pragma once
// Output files that appear whole or not at all: written under a temporary name in the same
// directory and renamed into place by commit(). Destroying an uncommitted file removes it, so an
// error or an exception never leaves a partial output behind.
//
// Several outputs that belong together (a data file and its truth, a model and its report) are
// committed as one: while an OutputTransaction is open, AtomicFile::commit() only stages the file,
// and the transaction's commit() renames every staged file at once, holding back SIGINT/SIGTERM
// until the last rename is done. With remove_temporaries_on_signal(), an interrupted process
// removes its temporaries first, so an interruption leaves each output whole or absent.
#include <cstdio>
#include <string>
#include <vector>

namespace nnm {

class AtomicFile {
 public:
  /// Opens a temporary file beside `path`. Throws InputError if the directory is not writable or
  /// `path` exists and is not a regular file (a device such as /dev/null, a FIFO, a socket, a
  /// directory): renaming over it would replace it. A symbolic link at `path` is replaced, never
  /// followed.
  explicit AtomicFile(std::string path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  std::FILE* handle() { return file_; }
  const std::string& path() const { return path_; }
  /// The temporary file's name, for a library that writes the file by name (HDF5).
  const std::string& temp_path() const { return temp_; }
  void write(const char* data, std::size_t size);
  void write(const std::string& s) { write(s.data(), s.size()); }
  /// Throws InputError, before anything large is written, if `bytes` more bytes cannot fit on the
  /// file system ("N samples need at least B GB; the file system has F GB free").
  void require_space(long double bytes, std::uint64_t samples);
  /// Flushes and closes, then renames onto the final path, or, while an OutputTransaction is
  /// open, hands the file to it. Throws InputError on an I/O error (e.g. a full disk).
  void commit();

 private:
  std::string path_, temp_;
  std::FILE* file_ = nullptr;
  int slot_ = -1;  // in the registry of files to remove on a signal
};

/// Writes `content` to `path` atomically.
void write_file_atomically(const std::string& path, const std::string& content);

/// Makes every AtomicFile::commit() of the process, while it is open, a stage: the files are
/// renamed into place together by commit(), or all removed if the transaction is destroyed
/// uncommitted (an exception). One at a time; not for outputs that must appear as they are made
/// (a resumable sweep rewrites its file after every point: use AtomicFile alone there).
class OutputTransaction {
 public:
  OutputTransaction();  ///< throws std::logic_error if one is already open
  ~OutputTransaction();
  OutputTransaction(const OutputTransaction&) = delete;
  OutputTransaction& operator=(const OutputTransaction&) = delete;

  /// Renames every staged file onto its path, in the order staged. A signal that arrives meanwhile
  /// is acted on after the last rename. Throws InputError if a rename fails (the files not yet
  /// renamed are removed).
  void commit();
  /// Paths staged so far.
  std::vector<std::string> staged() const;

  /// The open transaction, or nullptr.
  static OutputTransaction* active();

 private:
  friend class AtomicFile;
  struct Staged {
    std::string temp, path;
    int slot;
  };
  void stage(Staged file);
  std::vector<Staged> files_;
};

/// Installs handlers for SIGINT, SIGTERM, SIGHUP and SIGPIPE that remove every temporary file (and
/// lock file) of the process, write `message` (if not null) to stderr, and end the process by the
/// same signal, so a shell sees exit status 130 for SIGINT, 143 for SIGTERM, 141 for SIGPIPE.
/// Signals that were ignored when the process started stay ignored. The message is copied (up to
/// 2047 bytes), so the caller's string need not outlive the call. Call early, from the main thread;
/// a later call replaces the message.
void remove_temporaries_on_signal(const char* message = nullptr);

}  // namespace nnm
