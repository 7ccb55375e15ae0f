#include "nnm/core/random.hpp"

#include <Eigen/QR>
#include <cmath>
#include <numbers>

namespace nnm {
namespace {

constexpr std::uint32_t kPhiloxM0 = 0xD2511F53u, kPhiloxM1 = 0xCD9E8D57u;
constexpr std::uint32_t kWeyl0 = 0x9E3779B9u, kWeyl1 = 0xBB67AE85u;

inline void mulhilo(std::uint32_t a, std::uint32_t b, std::uint32_t& hi, std::uint32_t& lo) {
  const std::uint64_t p = std::uint64_t{a} * b;
  hi = static_cast<std::uint32_t>(p >> 32);
  lo = static_cast<std::uint32_t>(p);
}

std::array<std::uint32_t, 4> philox4x32_10(std::array<std::uint32_t, 4> c,
                                           std::array<std::uint32_t, 2> k) {
  for (int round = 0; round < 10; ++round) {
    std::uint32_t hi0, lo0, hi1, lo1;
    mulhilo(kPhiloxM0, c[0], hi0, lo0);
    mulhilo(kPhiloxM1, c[2], hi1, lo1);
    c = {hi1 ^ c[1] ^ k[0], lo1, hi0 ^ c[3] ^ k[1], lo0};
    k[0] += kWeyl0;
    k[1] += kWeyl1;
  }
  return c;
}

}  // namespace

Random::Random(std::uint64_t seed, std::uint32_t stream, std::uint64_t index) noexcept
    : key_{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)},
      counter_{0u, static_cast<std::uint32_t>(index), static_cast<std::uint32_t>(index >> 32),
               stream} {}

void Random::refill() noexcept {
  block_ = philox4x32_10(counter_, key_);
  ++counter_[0];  // 2^32 blocks of 128 bits per (seed, stream, index): far more than any use
  used_ = 0;
}

std::uint64_t Random::bits() noexcept {
  if (used_ > 2) refill();
  const std::uint64_t v = (std::uint64_t{block_[used_]} << 32) | block_[used_ + 1];
  used_ += 2;
  return v;
}

double Random::uniform() noexcept {
  // 53 random bits, shifted by half an ulp so that 0 and 1 are never returned.
  return (static_cast<double>(bits() >> 11) + 0.5) * 0x1.0p-53;
}

double Random::normal() noexcept {
  if (have_spare_normal_) {
    have_spare_normal_ = false;
    return spare_normal_;
  }
  const double r = std::sqrt(-2.0 * std::log(uniform()));
  const double theta = 2.0 * std::numbers::pi * uniform();
  spare_normal_ = r * std::sin(theta);
  have_spare_normal_ = true;
  return r * std::cos(theta);
}

double Random::exponential() noexcept { return -std::log(uniform()); }

double Random::gamma(double shape) noexcept {
  if (shape < 1.0) {  // boost to shape + 1, then scale by U^{1/shape}
    const double g = gamma(shape + 1.0);
    return g * std::pow(uniform(), 1.0 / shape);
  }
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    double z, v;
    do {
      z = normal();
      v = 1.0 + c * z;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = uniform();
    if (u < 1.0 - 0.0331 * z * z * z * z) return d * v;
    if (std::log(u) < 0.5 * z * z + d * (1.0 - v + std::log(v))) return d * v;
  }
}

double Random::student_t(double nu) noexcept {
  const double z = normal();
  const double chi2 = 2.0 * gamma(0.5 * nu);
  return z / std::sqrt(chi2 / nu);
}

double Random::sign() noexcept { return (bits() >> 63) ? 1.0 : -1.0; }

std::uint64_t Random::below(std::uint64_t n) noexcept {
  // Rejection sampling avoids the modulo bias.
  const std::uint64_t limit = ~std::uint64_t{0} - (~std::uint64_t{0} % n);
  std::uint64_t v;
  do v = bits();
  while (v >= limit);
  return v % n;
}

Eigen::MatrixXd random_normal_matrix(Eigen::Index rows, Eigen::Index cols, std::uint64_t seed,
                                     std::uint32_t stream, std::uint64_t index) {
  Random rng(seed, stream, index);
  Eigen::MatrixXd m(rows, cols);
  for (Eigen::Index i = 0; i < rows; ++i)
    for (Eigen::Index j = 0; j < cols; ++j) m(i, j) = rng.normal();
  return m;
}

Eigen::MatrixXd random_orthogonal(Eigen::Index n, std::uint64_t seed, std::uint32_t stream,
                                  std::uint64_t index) {
  const Eigen::MatrixXd g = random_normal_matrix(n, n, seed, stream, index);
  Eigen::HouseholderQR<Eigen::MatrixXd> qr(g);
  Eigen::MatrixXd q = qr.householderQ();
  // Multiply column j by sign(R_jj): without it Q is not Haar distributed (Mezzadri 2007).
  const Eigen::MatrixXd& r = qr.matrixQR();
  for (Eigen::Index j = 0; j < n; ++j)
    if (r(j, j) < 0) q.col(j) = -q.col(j);
  return q;
}

}  // namespace nnm
