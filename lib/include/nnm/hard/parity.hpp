// The orthogonal parity family of GGJKK20 (Goel, Gollakota, Jin, Karmalkar, Klivans, ICML 2020).
#pragma once
// "Superpolynomial lower bounds for learning one-layer neural networks using gradient descent";
// the exact form below is our reconstruction from the abstract:
//   f_S(x) = scale · Σ_{w ∈ {±1}^k} χ(w) σ(⟨w, x_S⟩ / √k),   χ(w) = Π w_i,   S ⊂ [d], |S| = k.
// f_S is odd in every coordinate of S and ignores the rest, so distinct members are exactly
// orthogonal under any law invariant to flipping the sign of each coordinate separately.
// With real labels the bound covers correlational (CSQ) learners only: the statistic
// E[y²(x_i² − 1)] is (2/k)·E[y²] for i ∈ S and 0 otherwise, so d statistical queries find S.
// GGJKK's general-SQ result is for classification: `labels = boolean` gives ±1 labels with mean
// clamp(f_S), for which the bound covers every SQ learner.
#include <memory>
#include <vector>

#include "nnm/core/activation.hpp"
#include "nnm/core/enum_names.hpp"
#include "nnm/core/network.hpp"
#include "nnm/data/distributions.hpp"
#include "nnm/sq/family.hpp"

namespace nnm {

struct ParityOptions {
  Eigen::Index d = 20;
  Eigen::Index k = 4;
  Activation activation{};  ///< relu
  enum class Scale {
    sum,      ///< the plain sum (output weights ±1)
    average,  ///< output weights ±2^{-k}
    unit,     ///< unit L2 norm under N(0, I)
  } scale = Scale::sum;
  /// real: y = f_S(x) (regression; CSQ-hard only). boolean: y = ±1 with E[y | x] = clamp(f_S(x),
  /// −1, 1) (classification, GGJKK's SQ setting as we reconstruct it): clamping is odd, so the
  /// conditional means stay odd in each coordinate of S and exactly orthogonal, and with ±1 labels
  /// every statistical query reduces to a correlational one: the bound covers every SQ learner.
  LabelKind labels = LabelKind::real;
  /// Throws InputError naming the bad field, including when f_S ≡ 0: this happens exactly when σ
  /// has no Hermite coefficient of degree ≥ k with the parity of k (ReLU: odd k ≥ 3; sigmoid and
  /// tanh: even k).
  void validate() const;
};

constexpr auto enum_table(ParityOptions::Scale) {
  using S = ParityOptions::Scale;
  return make_enum_table<S>("parity scale",
                            {{S::sum, "sum"}, {S::average, "average"}, {S::unit, "unit"}});
}

/// Whether a law is known to be invariant under flipping the sign of any one coordinate (product
/// laws of symmetric coordinates, spherically symmetric laws, random K-SAT clauses): the
/// condition under which distinct members are exactly orthogonal. Laws with correlated
/// coordinates (gaussian_cov) or shifted centres (mix2, gmix) are not: members then correlate.
bool flips_each_coordinate(const InputLaw& law);

/// f_S as a network: 2^k hidden units, no biases.
Network parity_member(const ParityOptions& options, const std::vector<Eigen::Index>& subset);

/// E[f_S²] under N(0, I) for the plain sum: 2^k Σ_j C(k, j) (−1)^j K_σ((k − 2j)/k).
double parity_norm2_gaussian(const Activation& sigma, Eigen::Index k);

std::unique_ptr<HardFamily> make_parity_family(const ParityOptions& options);

}  // namespace nnm
