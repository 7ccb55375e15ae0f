#pragma once
// Umbrella header of nnm/core. Ground floor: errors, counter-based randomness, activations,
// two-layer networks and the deterministic parallel block reduction everything else is built on.
#include "nnm/core/activation.hpp"
#include "nnm/core/error.hpp"
#include "nnm/core/network.hpp"
#include "nnm/core/parallel_blocks.hpp"
#include "nnm/core/random.hpp"
