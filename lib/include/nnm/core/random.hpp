#pragma once
// Counter-based random numbers owned by the library.
//
// Every value is a pure function of (seed, stream, index, draw number): a sample's value does not
// depend on how many threads or processes produced it, nor on the order they ran in. The core is
// Philox4x32-10 (Salmon, Moraes, Dror, Shaw, SC'11); the transforms to normal, gamma and friends
// are our own so that results do not depend on the standard library's distributions.
#include <Eigen/Core>
#include <array>
#include <cstdint>

namespace nnm {

/// Named streams so that independent uses of one seed never share random numbers.
namespace streams {
inline constexpr std::uint32_t inputs = 1;      ///< input samples x_i (index = sample number)
inline constexpr std::uint32_t noise = 2;       ///< output noise ξ_i (index = sample number)
inline constexpr std::uint32_t teacher = 3;     ///< teacher weights (index = which matrix)
inline constexpr std::uint32_t law_params = 4;  ///< parameters of an input law (covariance, means)
inline constexpr std::uint32_t algorithm = 5;   ///< random choices inside an algorithm
inline constexpr std::uint32_t family = 6;      ///< hard-family members
inline constexpr std::uint32_t training = 7;    ///< initialisation and mini-batch order
inline constexpr std::uint32_t labels = 8;      ///< ±1 label coins (index = sample number)
}  // namespace streams

/// One independent sequence, identified by (seed, stream, index). Cheap to construct: make one per
/// sample (index = sample number) rather than sharing one across threads.
class Random {
 public:
  Random(std::uint64_t seed, std::uint32_t stream, std::uint64_t index) noexcept;

  std::uint64_t bits() noexcept;  ///< 64 uniformly random bits
  double uniform() noexcept;      ///< uniform on the open interval (0, 1)
  double uniform(double a, double b) noexcept { return a + (b - a) * uniform(); }
  double normal() noexcept;              ///< standard normal (Box–Muller on our own uniforms)
  double exponential() noexcept;         ///< Exp(1)
  double gamma(double shape) noexcept;   ///< Gamma(shape, 1), Marsaglia–Tsang; shape > 0
  double student_t(double nu) noexcept;  ///< Student-t with nu > 0 degrees of freedom
  double sign() noexcept;                ///< ±1 with probability ½ each
  std::uint64_t below(std::uint64_t n) noexcept;  ///< uniform on {0, …, n−1}, n ≥ 1

 private:
  void refill() noexcept;
  std::array<std::uint32_t, 2> key_;
  std::array<std::uint32_t, 4> counter_;
  std::array<std::uint32_t, 4> block_{};
  int used_ = 4;  // 32-bit words of block_ consumed
  bool have_spare_normal_ = false;
  double spare_normal_ = 0.0;
};

/// rows × cols matrix of iid N(0,1) entries drawn from (seed, stream, index).
Eigen::MatrixXd random_normal_matrix(Eigen::Index rows, Eigen::Index cols, std::uint64_t seed,
                                     std::uint32_t stream, std::uint64_t index);

/// Haar-distributed n × n orthogonal matrix (QR of a Gaussian matrix with the sign fix).
Eigen::MatrixXd random_orthogonal(Eigen::Index n, std::uint64_t seed, std::uint32_t stream,
                                  std::uint64_t index);

}  // namespace nnm
