// Axes: "nice" linear and log ticks and axis ranges.
#include "report/report.hpp"
#include "report/svg.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>

namespace nnm::report {
namespace detail {

// ============================================================================================
// Axes
// ============================================================================================

// The 1-2-5 step whose number of intervals over `span` is closest to `target` (fewer on a tie).
double nice_step(double span, int target) {
  target = std::max(1, target);
  const double raw = span / target;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double best = 10 * mag, best_miss = std::numeric_limits<double>::infinity();
  for (const double f : {10.0, 5.0, 2.0, 1.0, 0.5}) {
    const double step = f * mag;
    const double miss = std::abs(span / step - target);
    if (miss < best_miss - 1e-9) {
      best = step;
      best_miss = miss;
    }
  }
  return best;
}

// Linear ticks at multiples of a 1-2-5 step inside [lo, hi].
Ticks linear_ticks(double lo, double hi, int target) {
  Ticks t;
  t.lo = lo;
  t.hi = hi;
  const double step = nice_step(hi - lo, target);
  if (!(step > 0) || !std::isfinite(step)) return t;
  const double k0 = std::ceil(lo / step - 1e-9), k1 = std::floor(hi / step + 1e-9);
  if (!(k1 - k0 < 1000)) return t;
  double biggest = 0;
  for (double k = k0; k <= k1; ++k) biggest = std::max(biggest, std::abs(k * step));
  const int sig =
      std::clamp(static_cast<int>(std::floor(std::log10(std::max(biggest, step)) + 1e-9) -
                                  std::floor(std::log10(step) + 1e-9)) +
                     1,
                 1, 15);
  for (double k = k0; k <= k1; ++k) {
    double v = k * step;
    if (std::abs(v) < step * 1e-9) v = 0;
    t.major.push_back(v);
    t.labels.push_back(format_number(v, sig));
  }
  return t;
}

std::string decade_label(int k, bool decimal) {
  if (decimal) return format_number(std::pow(10.0, k), 1);
  if (k == 0) return "1";
  return "1e" + std::to_string(k);
}

// Log ticks on [lo, hi] (log10 units): decades, labelled every `every`-th, minor ticks at 2..9
// when there is room (pixels_per_decade); label_extent: a label's size along the axis (pixels).
Ticks log_ticks(double lo, double hi, int every, double pixels_per_decade, double label_extent) {
  Ticks t;
  t.lo = lo;
  t.hi = hi;
  const int k0 = static_cast<int>(std::ceil(lo - 1e-9)),
            k1 = static_cast<int>(std::floor(hi + 1e-9));
  bool decimal = true;
  for (int k = k0; k <= k1; ++k)
    if (k % every == 0 && (k < -3 || k > 4)) decimal = false;
  for (int k = k0; k <= k1; ++k) {
    if (k % every == 0) {
      t.major.push_back(k);
      t.labels.push_back(decade_label(k, decimal));
    } else {
      t.minor.push_back(k);
    }
  }
  // Short ranges (fewer than three decade labels) also label 2 and 5 times each decade, when
  // there is room for them.
  const bool label_25 = t.major.size() < 3 && pixels_per_decade * 0.3 >= label_extent + 8;
  if (pixels_per_decade >= 30) {
    for (int k = static_cast<int>(std::floor(lo)); k <= static_cast<int>(std::ceil(hi)); ++k)
      for (int m = 2; m <= 9; ++m) {
        const double v = k + std::log10(static_cast<double>(m));
        if (v < lo - 1e-9 || v > hi + 1e-9) continue;
        if (label_25 && (m == 2 || m == 5)) {
          t.major.push_back(v);
          t.labels.push_back(decimal ? format_number(m * std::pow(10.0, k), 1)
                                     : std::to_string(m) + "e" + std::to_string(k));
        } else {
          t.minor.push_back(v);
        }
      }
  }
  if (label_25) {  // keep the labelled ticks in increasing order
    std::vector<std::size_t> order(t.major.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return t.major[a] < t.major[b]; });
    Ticks sorted = t;
    for (std::size_t i = 0; i < order.size(); ++i) {
      sorted.major[i] = t.major[order[i]];
      sorted.labels[i] = t.labels[order[i]];
    }
    t = std::move(sorted);
  }
  return t;
}

// The axis range (axis units) from the data extent (value units; lo > hi means no data) and
// optional fixed bounds.
std::pair<double, double> axis_range(double lo, double hi, bool log, std::optional<double> fixed_lo,
                                     std::optional<double> fixed_hi) {
  const bool have_data = lo <= hi;
  double a, b;
  if (log) {
    if (have_data) {
      a = std::log10(lo);
      b = std::log10(hi);
      if (b - a < 1e-12) {
        a -= 0.5;
        b += 0.5;
      }
      const double pad = std::max(0.05 * (b - a), 0.05);
      a -= pad;
      b += pad;
      if (std::floor(b) - std::ceil(a) < 1) {  // fewer than two decades inside: widen to decades
        a = std::floor(a);
        b = std::ceil(b);
      }
    } else {
      a = 0;
      b = 1;
    }
    if (fixed_lo && *fixed_lo > 0 && std::isfinite(*fixed_lo)) a = std::log10(*fixed_lo);
    if (fixed_hi && *fixed_hi > 0 && std::isfinite(*fixed_hi)) b = std::log10(*fixed_hi);
    if (!(b > a)) b = a + 1;
  } else {
    if (have_data) {
      a = lo;
      b = hi;
      const double pad = b > a ? 0.05 * (b - a) : (a != 0 ? 0.1 * std::abs(a) : 1.0);
      a -= pad;
      b += pad;
      if (!std::isfinite(b - a)) {
        a = std::max(a, -1e300);
        b = std::min(b, 1e300);
        if (!std::isfinite(b - a)) {
          a /= 4;
          b /= 4;
        }
      }
    } else {
      a = 0;
      b = 1;
    }
    if (fixed_lo && std::isfinite(*fixed_lo)) a = *fixed_lo;
    if (fixed_hi && std::isfinite(*fixed_hi)) b = *fixed_hi;
    if (!(b > a)) b = a + (a != 0 ? std::abs(a) : 1.0);
  }
  return {a, b};
}

}  // namespace detail

}  // namespace nnm::report
