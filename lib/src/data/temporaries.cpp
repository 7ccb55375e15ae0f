#include "data/temporaries.hpp"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstring>

#include "nnm/data/atomic_file.hpp"

namespace nnm {
namespace detail {
namespace {

constexpr int kSlots = 256;
constexpr std::size_t kPathBytes = 4096;

// A seqlock per slot: `seq` is odd while the path is being written, `live` says whether the slot
// holds a file to remove. A handler copies the path and uses the copy only if `seq` did not move.
struct Slot {
  std::atomic<unsigned> seq{0};
  std::atomic<bool> live{false};
  std::atomic<bool> taken{false};
  char path[kPathBytes] = {};
};
constinit Slot slots[kSlots];  // in zero pages: no start-up cost (1 MB)

// 0: running; 1: a commit is renaming files; 2: a signal is being acted on (the process dies).
std::atomic<int> state{0};
std::atomic<int> pending_signal{0};
std::atomic<const char*> interrupt_message{nullptr};

// The message lives here, not in the caller's string: a signal may arrive while the process is
// destroying its static objects after main() returned, and the handler must not read freed memory.
// Each call writes a fresh buffer before publishing it, so a handler never sees one half-written.
constexpr int kMessageBuffers = 4;
constexpr std::size_t kMessageBytes = 2048;
char message_buffers[kMessageBuffers][kMessageBytes];
std::atomic<unsigned> next_message_buffer{0};

static_assert(std::atomic<unsigned>::is_always_lock_free && std::atomic<int>::is_always_lock_free &&
              std::atomic<bool>::is_always_lock_free);

void remove_live_files() {
  char copy[kPathBytes];
  for (Slot& s : slots) {
    if (!s.live.load()) continue;
    const unsigned before = s.seq.load();
    if (before & 1u) continue;
    std::memcpy(copy, s.path, kPathBytes);
    copy[kPathBytes - 1] = '\0';
    if (s.seq.load() == before && s.live.load()) ::unlink(copy);
  }
}

[[noreturn]] void die(int sig) {
  remove_live_files();
  if (const char* m = interrupt_message.load()) {
    const ssize_t ignored = ::write(STDERR_FILENO, m, std::strlen(m));
    (void)ignored;
  }
  ::signal(sig, SIG_DFL);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, sig);
  ::sigprocmask(SIG_UNBLOCK, &set, nullptr);
  ::raise(sig);
  ::_exit(128 + sig);  // only if the default action did not end the process
}

void on_signal(int sig) {
  int expected = 0;
  if (state.compare_exchange_strong(expected, 2)) die(sig);
  if (expected == 1) pending_signal.store(sig);  // a commit is renaming: it acts on it after
}

}  // namespace

int register_temporary(const std::string& path) {
  if (path.size() >= kPathBytes) return -1;
  for (int i = 0; i < kSlots; ++i) {
    bool free = false;
    if (!slots[i].taken.compare_exchange_strong(free, true)) continue;
    Slot& s = slots[i];
    s.seq.fetch_add(1);
    std::memcpy(s.path, path.c_str(), path.size() + 1);
    s.seq.fetch_add(1);
    s.live.store(true);
    return i;
  }
  return -1;
}

void forget_temporary(int slot) {
  if (slot < 0 || slot >= kSlots) return;
  slots[slot].live.store(false);
  slots[slot].taken.store(false);
}

void enter_commit() {
  for (;;) {
    int expected = 0;
    if (state.compare_exchange_strong(expected, 1)) return;
    ::pause();  // a handler on another thread is ending the process
  }
}

void leave_commit() {
  state.store(0);
  if (const int sig = pending_signal.exchange(0)) on_signal(sig);
}

}  // namespace detail

void remove_temporaries_on_signal(const char* message) {
  const char* kept = nullptr;
  if (message) {
    char* buffer =
        detail::message_buffers[detail::next_message_buffer.fetch_add(1) % detail::kMessageBuffers];
    const std::size_t n = std::min(std::strlen(message), detail::kMessageBytes - 1);
    std::memcpy(buffer, message, n);
    buffer[n] = '\0';
    kept = buffer;
  }
  detail::interrupt_message.store(kept);
  struct sigaction action {};
  action.sa_handler = detail::on_signal;
  sigemptyset(&action.sa_mask);
  for (const int sig : detail::kCleanupSignals) sigaddset(&action.sa_mask, sig);
  for (const int sig : detail::kCleanupSignals) {
    struct sigaction old {};
    // A signal the caller's parent set to be ignored (nohup, `cmd &` in some shells) stays ignored.
    if (::sigaction(sig, nullptr, &old) == 0 && old.sa_handler == SIG_IGN) continue;
    ::sigaction(sig, &action, nullptr);
  }
}

}  // namespace nnm
