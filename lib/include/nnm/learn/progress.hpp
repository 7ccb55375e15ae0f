#pragma once
// The one progress display of the library and the nnm tools: a single line on a terminal,
// redrawn in place,
//   "sweep symmetry-break  12/28 [#########.........]  shift 0.5 seed 2  ETA 1m 20s"
// with the remaining time estimated from the mean time per finished step. It stays silent for
// the first `delay` seconds (short runs print nothing), when disabled (--quiet), and when its
// stream is not a terminal, so logs and pipes never receive carriage returns.
#include <chrono>
#include <cstddef>
#include <iosfwd>
#include <string>
#include <string_view>

namespace nnm {

/// "45s", "3m 05s", "2h 10m": a duration for humans.
std::string format_duration(double seconds);

class ProgressLine {
 public:
  /// Draws on `out` when `enabled`; pass `stream_is_terminal(fd)` and the caller's --quiet.
  ProgressLine(std::ostream& out, bool enabled, double delay_seconds = 2.0);
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;
  ~ProgressLine();

  /// Starts the clock (again) for `total` steps; `label` leads the line.
  void start(std::size_t total, std::string label);
  /// `done` of the total steps are finished; `detail` says what runs now (may be empty).
  void update(std::size_t done, std::string_view detail = {});
  /// Clears the line if one was drawn (the final result is the caller's to print).
  void finish();

  bool enabled() const { return enabled_; }
  double elapsed() const;
  /// The estimated seconds left after `done` of `total` steps, or a negative number when unknown.
  double eta(std::size_t done) const;

 private:
  std::ostream& out_;
  bool enabled_, drawn_ = false;
  double delay_;
  std::size_t total_ = 0;
  std::string label_;
  std::chrono::steady_clock::time_point start_;
};

/// Whether a file descriptor is a terminal (isatty); for `enabled` above.
bool stream_is_terminal(int fd);

}  // namespace nnm
