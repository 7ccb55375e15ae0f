#pragma once
// Umbrella header of nnm/linalg. Linear algebra the recovery builds on: whitening, joint
// diagonalisation and factor matching.
#include "nnm/linalg/joint_diagonalisation.hpp"
#include "nnm/linalg/matching.hpp"
#include "nnm/linalg/whitening.hpp"
