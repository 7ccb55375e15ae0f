#pragma once
// Teacher networks and the noisy samples they label.
#include <Eigen/Core>
#include <cstdint>

#include "nnm/core/activation.hpp"
#include "nnm/core/network.hpp"
#include "nnm/data/dataset.hpp"
#include "nnm/data/distributions.hpp"

namespace nnm {

struct TeacherOptions {
  Eigen::Index d = 10;  ///< input dimension
  Eigen::Index k = 5;   ///< hidden units (k ≤ d)
  Eigen::Index m = 5;   ///< outputs
  Activation activation{};
  /// 0: W has iid N(0,1) entries. κ ≥ 1: W = Q₁ diag(s) Q₂ᵀ with Haar Q₁, Q₂ and singular
  /// values s geometric from 1 down to 1/κ, so that cond(W) = κ exactly.
  double cond_w = 0.0;
  std::uint64_t seed = 1;

  /// Throws InputError naming the bad field.
  void validate() const;
};

/// A teacher with A (m × k) iid N(0,1) and W as TeacherOptions::cond_w says; no biases.
Network make_teacher(const TeacherOptions& options);

/// Labelled samples (x_i, y_i = f(x_i) + ξ_i) of a network under an input law, generated block by
/// block. x_i and ξ_i depend only on (seed, i); f(x_i) is a matrix product whose last bits may
/// depend on the block's shape, so callers that promise identical bytes for any thread count (the
/// nnm tools do) cut the samples into blocks of a fixed size.
/// Noise is relative: ξ ~ N(0, (η·rms)² I) with rms the root mean square of the clean outputs
/// over the n samples (computed in a first deterministic pass when η > 0).
class TeacherSampler {
 public:
  TeacherSampler(const Network& network, const InputLaw& law, std::uint64_t n, double noise,
                 std::uint64_t seed);

  std::uint64_t size() const { return n_; }
  double noise_sd() const { return noise_sd_; }    ///< η·rms, the noise standard deviation
  double clean_rms() const { return clean_rms_; }  ///< rms of the noiseless outputs

  /// Samples first … first+X.rows()−1 into X (rows × d) and Y (rows × m).
  void fill(std::uint64_t first, Eigen::Ref<Eigen::MatrixXd> X,
            Eigen::Ref<Eigen::MatrixXd> Y) const;
  /// Samples first … first+count−1 in memory, filled in parallel in blocks of kGenerateBlock rows
  /// (the same values, bit for bit, as the rows `nnm generate` writes), for any thread count.
  Dataset sample(std::uint64_t first, std::uint64_t count) const;

 private:
  const Network& network_;
  const InputLaw& law_;
  std::uint64_t n_, seed_;
  double clean_rms_ = 0.0, noise_sd_ = 0.0;
};

}  // namespace nnm
