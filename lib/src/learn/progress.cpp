#include "nnm/learn/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <ostream>

namespace nnm {

std::string format_duration(double seconds) {
  if (!(seconds >= 0) || !std::isfinite(seconds)) return "?";
  const auto s = static_cast<long long>(std::lround(seconds));
  if (s < 60) return fmt::format("{}s", s);
  if (s < 3600) return fmt::format("{}m {:02}s", s / 60, s % 60);
  return fmt::format("{}h {:02}m", s / 3600, (s % 3600) / 60);
}

bool stream_is_terminal(int fd) { return isatty(fd) == 1; }

ProgressLine::ProgressLine(std::ostream& out, bool enabled, double delay_seconds)
    : out_(out),
      enabled_(enabled),
      delay_(delay_seconds),
      start_(std::chrono::steady_clock::now()) {}

ProgressLine::~ProgressLine() { finish(); }

void ProgressLine::start(std::size_t total, std::string label) {
  total_ = total;
  label_ = std::move(label);
  start_ = std::chrono::steady_clock::now();
}

double ProgressLine::elapsed() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

double ProgressLine::eta(std::size_t done) const {
  if (done == 0 || total_ == 0 || done > total_) return -1.0;
  return elapsed() / static_cast<double>(done) * static_cast<double>(total_ - done);
}

void ProgressLine::update(std::size_t done, std::string_view detail) {
  if (!enabled_ || elapsed() < delay_) return;
  constexpr int kWidth = 20;
  const int filled =
      total_ > 0 ? static_cast<int>(kWidth * std::min(done, total_) / total_) : kWidth;
  const double left = eta(done);
  std::string line = fmt::format("{}  {}/{} [{}{}]", label_, done, total_,
                                 std::string(static_cast<std::size_t>(filled), '#'),
                                 std::string(static_cast<std::size_t>(kWidth - filled), '.'));
  if (!detail.empty()) line += fmt::format("  {}", detail.substr(0, 60));
  line += left >= 0 ? "  ETA " + format_duration(left) : "  ETA ?";
  out_ << "\r" << line << "\033[K" << std::flush;
  drawn_ = true;
}

void ProgressLine::finish() {
  if (drawn_) out_ << "\r\033[K" << std::flush;
  drawn_ = false;
}

}  // namespace nnm
