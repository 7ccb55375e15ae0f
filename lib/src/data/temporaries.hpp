#pragma once
// Private to the library: the process-wide registry of files to remove if the process is
// interrupted (temporaries of AtomicFile, lock files of FileLock), and the commit gate that lets a
// set of renames finish before a signal is acted on. Everything a signal handler touches here is
// lock-free and async-signal-safe.
#include <signal.h>

#include <array>
#include <string>

namespace nnm::detail {

/// The signals after which no temporary may be left: an interrupt, a kill, a closed terminal, and
/// a reader that went away (`nnm ... 2>&1 | head -1`: the next message raises SIGPIPE).
inline constexpr std::array<int, 4> kCleanupSignals{SIGINT, SIGTERM, SIGHUP, SIGPIPE};

/// Remembers `path` for removal on a signal; returns a slot, or -1 if the registry is full (the
/// file is then simply not removed on a signal).
int register_temporary(const std::string& path);
/// Forgets a slot (after the file was renamed or removed); -1 is ignored.
void forget_temporary(int slot);

/// Brackets a group of renames: a signal of kCleanupSignals that arrives in between is held back
/// until leave_commit(), which then acts on it (removes what is left, dies by the signal).
void enter_commit();
void leave_commit();

}  // namespace nnm::detail
