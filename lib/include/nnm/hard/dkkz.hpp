// The planar cancellation family, after DKKZ20 (Diakonikolas, Kane, Kontonis, Zarifis, COLT 2020).
#pragma once
// Not one of the project's seed papers and not reproduced from it: the gadget is our reconstruction
// in its spirit. In the plane,
//   F(z) = Σ_{i<k} (−1)^i |⟨u_i, z⟩|,  u_i = (cos πi/k, sin πi/k),  k even,
// whose angular Fourier modes are all ≡ k (mod 2k). So F is orthogonal to every polynomial of
// degree < k under any rotation-invariant law, yet is a sum of 2k ReLUs. A member is
// f_U(x) = F(U x) for a random U ∈ R^{2×d} with orthonormal rows.
#include <cstdint>
#include <memory>

#include "nnm/core/network.hpp"
#include "nnm/sq/family.hpp"

namespace nnm {

struct DkkzOptions {
  Eigen::Index d = 20;
  Eigen::Index k = 4;  ///< directions (even); 2k ReLU units
  std::uint64_t seed = 1;
  void validate() const;  ///< throws InputError naming the bad field
};

/// F(U x) as a network of 2k ReLUs (|t| = relu(t) + relu(−t)); U is 2 × d with orthonormal rows.
Network dkkz_member(const DkkzOptions& options, const Eigen::MatrixXd& U);

std::unique_ptr<HardFamily> make_dkkz_family(const DkkzOptions& options);

}  // namespace nnm
