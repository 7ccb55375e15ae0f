#include "experiments/statistics.hpp"

#include <algorithm>
#include <cmath>

namespace nnm {

RateEstimate wilson_interval(std::size_t successes, std::size_t trials, double z) {
  RateEstimate r{successes, trials, NAN, NAN, NAN};
  if (trials == 0) return r;
  const double n = static_cast<double>(trials), p = static_cast<double>(successes) / n;
  const double z2 = z * z, centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const double half = z / (1 + z2 / n) * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n));
  r.rate = p;
  r.lo = successes == 0 ? 0.0 : std::max(0.0, centre - half);
  r.hi = successes == trials ? 1.0 : std::min(1.0, centre + half);
  return r;
}

MedianEstimate median_interval(std::vector<double> values, double level) {
  values.erase(
      std::remove_if(values.begin(), values.end(), [](double v) { return !std::isfinite(v); }),
      values.end());
  MedianEstimate m{values.size(), NAN, NAN, NAN, 0};
  if (values.empty()) return m;
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size(), h = n / 2;
  m.median = n % 2 ? values[h] : 0.5 * (values[h - 1] + values[h]);
  // P(Binomial(n, 1/2) < j), accumulated term by term in log space (n is a few seeds to a few
  // thousand rows).
  auto below = [n](std::size_t j) {
    double sum = 0;
    for (std::size_t i = 0; i < j; ++i)
      sum += std::exp(std::lgamma(n + 1.0) - std::lgamma(i + 1.0) - std::lgamma(n - i + 1.0) -
                      static_cast<double>(n) * std::log(2.0));
    return sum;
  };
  std::size_t j = 1;
  while (j + 1 <= (n + 1) / 2 && 1 - 2 * below(j + 1) >= level) ++j;
  m.lo = values[j - 1];
  m.hi = values[n - j];
  m.coverage = std::max(0.0, 1 - 2 * below(j));
  return m;
}

}  // namespace nnm
