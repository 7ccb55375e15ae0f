#pragma once
// Honest summaries of a handful of seeds: a success rate with its Wilson 95 % interval, and the
// middle of a set of errors with a distribution-free order-statistic interval whose exact coverage
// is reported (with 5 seeds the widest such interval, min to max, covers the population median
// with probability 1 - 2/32 = 93.75 %, not 95 %; the report says so rather than pretending).
#include <cstddef>
#include <vector>

namespace nnm {

/// successes of trials with the Wilson score interval at z = 1.96 (95 %). Empty: rate NaN.
struct RateEstimate {
  std::size_t successes = 0, trials = 0;
  double rate = 0, lo = 0, hi = 1;
};
RateEstimate wilson_interval(std::size_t successes, std::size_t trials,
                             double z = 1.959963984540054);

/// The sample median of the finite values, and [x_(j), x_(n+1-j)] for the largest j whose exact
/// coverage of the population median, 1 - 2 P(Binomial(n, 1/2) < j), is at least `level` (or
/// j = 1, min to max, when no j reaches it; `coverage` then says how much it covers). `values`
/// counts the finite values; NaN: none.
struct MedianEstimate {
  std::size_t values = 0;
  double median = 0, lo = 0, hi = 0, coverage = 0;
};
MedianEstimate median_interval(std::vector<double> values, double level = 0.95);

}  // namespace nnm
