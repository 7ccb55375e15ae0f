#pragma once
// The orthogonal parity family (after Goel, Gollakota, Jin, Karmalkar, Klivans 2020; the exact form
// is our reconstruction):
//   f_S(x) = scale · Σ_{w ∈ {±1}^k} χ(w) σ(⟨w, x_S⟩ / √k),   χ(w) = Π w_i,   S ⊂ [d], |S| = k.
// f_S is odd in every coordinate of S and ignores the rest, so distinct members are exactly
// orthogonal under any law invariant to flipping coordinate signs.
#include <cstdint>
#include <memory>
#include <vector>

#include "nnm/core/activation.hpp"
#include "nnm/core/network.hpp"
#include "nnm/hard/family.hpp"

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
  /// Throws InputError naming the bad field, including when f_S ≡ 0: this happens exactly when σ
  /// has no Hermite coefficient of degree ≥ k with the parity of k (ReLU: odd k ≥ 3; sigmoid and
  /// tanh: even k).
  void validate() const;
};

/// "sum", "average", "unit"; throws InputError otherwise.
ParityOptions::Scale parse_parity_scale(const std::string& name);

/// C(n, r) as a double (exact while it fits 53 bits).
double binomial(Eigen::Index n, Eigen::Index r);
/// The subset of rank `index` (colexicographic order, 0-based) among the k-subsets of [d].
std::vector<Eigen::Index> subset_of_rank(Eigen::Index d, Eigen::Index k, std::uint64_t index);

/// f_S as a network: 2^k hidden units, no biases.
Network parity_member(const ParityOptions& options, const std::vector<Eigen::Index>& subset);

/// K_σ(ρ) = E[σ(z)σ(z')] for standard normals with correlation ρ: closed form for relu-like σ,
/// quadrature otherwise.
double activation_kernel(const Activation& sigma, double rho);
/// E[f_S²] under N(0, I) for the plain sum: 2^k Σ_j C(k, j) (−1)^j K_σ((k − 2j)/k).
double parity_norm2_gaussian(const Activation& sigma, Eigen::Index k);

std::unique_ptr<HardFamily> make_parity_family(const ParityOptions& options);

}  // namespace nnm
