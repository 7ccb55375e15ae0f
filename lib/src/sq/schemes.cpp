#include "nnm/sq/schemes.hpp"

#include <cmath>
#include <stdexcept>

namespace nnm {

namespace {

long double choose(int n, int r) {
  if (r < 0 || n < 0 || r > n) return 0.0L;
  long double c = 1.0L;
  for (int i = 1; i <= r; ++i) c = c * (n - r + i) / i;
  return c;
}

template <class Poly>
SchemeSpectrum spectrum(int eigenspaces, int distances, const Eigen::VectorXd& c,
                        const Eigen::VectorXd& e, Poly poly) {
  if (c.size() != distances || e.size() != distances)
    throw std::invalid_argument("scheme spectrum: c and e need one entry per distance");
  SchemeSpectrum s{Eigen::VectorXd::Zero(eigenspaces), Eigen::VectorXd::Zero(eigenspaces)};
  for (int j = 0; j < eigenspaces; ++j) {
    long double value = 0.0L, error = 0.0L;
    for (int i = 0; i < distances; ++i) {
      const double p = poly(i, j);
      value += static_cast<long double>(c[i]) * p;
      error += static_cast<long double>(e[i]) * std::abs(p);
    }
    s.eigenvalues[j] = static_cast<double>(value);
    s.errors[j] = static_cast<double>(error);
  }
  return s;
}

}  // namespace

double eberlein(int n, int k, int i, int j) {
  long double sum = 0.0L;
  for (int s = 0; s <= i; ++s)
    sum += (s % 2 ? -1.0L : 1.0L) * choose(j, s) * choose(k - j, i - s) * choose(n - k - j, i - s);
  return static_cast<double>(sum);
}

double krawtchouk(int n, int i, int j) {
  long double sum = 0.0L;
  for (int s = 0; s <= i; ++s) sum += (s % 2 ? -1.0L : 1.0L) * choose(j, s) * choose(n - j, i - s);
  return static_cast<double>(sum);
}

SchemeSpectrum johnson_spectrum(int n, int k, const Eigen::VectorXd& c, const Eigen::VectorXd& e) {
  if (2 * k > n) throw std::invalid_argument("johnson_spectrum: needs 2k <= n");
  return spectrum(k + 1, k + 1, c, e, [&](int i, int j) { return eberlein(n, k, i, j); });
}

SchemeSpectrum hamming_spectrum(int n, const Eigen::VectorXd& c, const Eigen::VectorXd& e) {
  return spectrum(n + 1, n + 1, c, e, [&](int i, int j) { return krawtchouk(n, i, j); });
}

}  // namespace nnm
