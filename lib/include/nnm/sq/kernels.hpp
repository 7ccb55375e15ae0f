#pragma once
// Dual kernels of activations: the correlation of σ along two unit directions under N(0, I).
#include "nnm/core/activation.hpp"

namespace nnm {

/// K_σ(ρ) = E[σ(z)σ(z')] for standard normals with correlation ρ: closed form for relu-like σ,
/// quadrature otherwise.
double activation_kernel(const Activation& sigma, double rho);

}  // namespace nnm
