// Networks with natural (random) weights, after DV20 (Daniely, Vardi, NeurIPS 2020).
#pragma once
// "Hardness of learning neural networks with natural weights", and a random K-SAT clause input law
// in the spirit of the one their hardness uses. The paper's exact encoding of clauses was not
// available to us: here a clause input x_C ∈ {0, ±1}^d has K random coordinates set to random signs
// (the literals) and the rest 0. The same networks on Gaussian inputs are the easy contrast.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "nnm/core/activation.hpp"
#include "nnm/core/enum_names.hpp"
#include "nnm/data/distributions.hpp"
#include "nnm/sq/family.hpp"

namespace nnm {

struct NaturalOptions {
  Eigen::Index d = 20;
  Eigen::Index k = 4;  ///< hidden units
  Eigen::Index m = 1;  ///< outputs
  Activation activation{};
  /// normal: W iid N(0, 1/d), A iid N(0, 1/k); uniform: the same variances, uniform entries.
  enum class Weights { normal, uniform } weights = Weights::normal;
  std::uint64_t seed = 1;
  void validate() const;  ///< throws InputError naming the bad field
};

constexpr auto enum_table(NaturalOptions::Weights) {
  using W = NaturalOptions::Weights;
  return make_enum_table<W>("natural weights", {{W::normal, "normal"}, {W::uniform, "uniform"}});
}

/// Random network number `index` (a pure function of seed and index).
Network natural_network(const NaturalOptions& options, std::uint64_t index);

std::unique_ptr<HardFamily> make_natural_family(const NaturalOptions& options);

/// Random K-SAT clause inputs: K distinct coordinates chosen uniformly, each ±1 with probability
/// ½, the others 0. Symmetric; covariance (K/d) I. Named "ksat:K".
std::unique_ptr<InputLaw> make_ksat_law(Eigen::Index d, Eigen::Index clause_size,
                                        std::uint64_t seed);

/// make_input_law() plus the laws of this module ("ksat[:K]", default K = 3).
std::unique_ptr<InputLaw> make_family_input_law(std::string_view name, Eigen::Index d,
                                                std::uint64_t seed);

}  // namespace nnm
