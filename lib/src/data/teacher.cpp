#include "nnm/data/teacher.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "nnm/core/error.hpp"
#include "nnm/core/random.hpp"

namespace nnm {

void TeacherOptions::validate() const {
  if (d < 1) throw InputError("teacher: d must be at least 1, got " + std::to_string(d));
  if (k < 1) throw InputError("teacher: k must be at least 1, got " + std::to_string(k));
  if (m < 1) throw InputError("teacher: m must be at least 1, got " + std::to_string(m));
  if (k > d)
    throw InputError("teacher: k = " + std::to_string(k) + " exceeds d = " + std::to_string(d) +
                     " (W must have full row rank)");
  if (!(cond_w == 0.0 || cond_w >= 1.0) || !std::isfinite(cond_w))
    throw InputError("teacher: cond-w must be 0 (iid W) or at least 1");
}

Network make_teacher(const TeacherOptions& o) {
  o.validate();
  Network net;
  net.activation = o.activation;
  net.A = random_normal_matrix(o.m, o.k, o.seed, streams::teacher, 0);
  if (o.cond_w == 0.0) {
    net.W = random_normal_matrix(o.k, o.d, o.seed, streams::teacher, 1);
  } else {
    const Eigen::MatrixXd q1 = random_orthogonal(o.k, o.seed, streams::teacher, 2);
    const Eigen::MatrixXd q2 = random_orthogonal(o.d, o.seed, streams::teacher, 3);
    Eigen::VectorXd s(o.k);
    for (Eigen::Index i = 0; i < o.k; ++i)
      s[i] = o.k == 1 ? 1.0
                      : std::pow(o.cond_w, -static_cast<double>(i) / static_cast<double>(o.k - 1));
    // Scale so that rows have unit norm on average, like an iid N(0,1/d)·√d teacher.
    s *= std::sqrt(static_cast<double>(o.k) / s.squaredNorm());
    net.W = q1 * s.asDiagonal() * q2.leftCols(o.k).transpose();
  }
  return net;
}

namespace {
constexpr Eigen::Index kRmsBlock = 4096;  // fixed, so the sum's rounding never depends on threads
}

TeacherSampler::TeacherSampler(const Network& network, const InputLaw& law, std::uint64_t n,
                               double noise, std::uint64_t seed)
    : network_(network), law_(law), n_(n), seed_(seed) {
  network.validate();
  if (law.dim() != network.input_dim())
    throw InputError("input law has dimension " + std::to_string(law.dim()) +
                     " but the network expects " + std::to_string(network.input_dim()));
  if (n == 0) throw InputError("the number of samples n must be at least 1");
  if (!(noise >= 0.0) || !std::isfinite(noise))
    throw InputError("noise must be a finite number ≥ 0");
  if (noise == 0.0) return;

  // First pass: sum of squared clean outputs, one partial sum per fixed block, added in order.
  const auto blocks = static_cast<std::int64_t>((n + kRmsBlock - 1) / kRmsBlock);
  std::vector<double> partial(static_cast<std::size_t>(blocks));
#pragma omp parallel for schedule(dynamic)
  for (std::int64_t b = 0; b < blocks; ++b) {
    const std::uint64_t first = static_cast<std::uint64_t>(b) * kRmsBlock;
    const auto rows = static_cast<Eigen::Index>(std::min<std::uint64_t>(kRmsBlock, n - first));
    const Eigen::MatrixXd X = law.sample(first, rows);
    partial[static_cast<std::size_t>(b)] = network.forward(X).squaredNorm();
  }
  double total = 0.0;
  for (double p : partial) total += p;
  clean_rms_ =
      std::sqrt(total / (static_cast<double>(n) * static_cast<double>(network.output_dim())));
  noise_sd_ = noise * clean_rms_;
  // A normal draw stays within 9 standard deviations (53-bit uniforms); past that y would overflow.
  if (!std::isfinite(16 * (noise_sd_ + clean_rms_)))
    throw InputError("noise is too large: the outputs would overflow a double");
}

void TeacherSampler::fill(std::uint64_t first, Eigen::Ref<Eigen::MatrixXd> X,
                          Eigen::Ref<Eigen::MatrixXd> Y) const {
  law_.sample(first, X);
  Y = network_.forward(X);
  if (noise_sd_ == 0.0) return;
  for (Eigen::Index r = 0; r < Y.rows(); ++r) {
    Random rng(seed_, streams::noise, first + static_cast<std::uint64_t>(r));
    for (Eigen::Index j = 0; j < Y.cols(); ++j) Y(r, j) += noise_sd_ * rng.normal();
  }
}

Dataset TeacherSampler::sample(std::uint64_t first, std::uint64_t count) const {
  const auto n = static_cast<Eigen::Index>(count);
  Dataset data{Eigen::MatrixXd(n, network_.input_dim()), Eigen::MatrixXd(n, network_.output_dim())};
  const Eigen::Index blocks = (n + kGenerateBlock - 1) / kGenerateBlock;
#pragma omp parallel for schedule(static)
  for (Eigen::Index b = 0; b < blocks; ++b) {
    const Eigen::Index at = b * kGenerateBlock, rows = std::min(kGenerateBlock, n - at);
    fill(first + static_cast<std::uint64_t>(at), data.X.middleRows(at, rows),
         data.Y.middleRows(at, rows));
  }
  return data;
}

}  // namespace nnm
