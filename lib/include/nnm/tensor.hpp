#pragma once
// Umbrella header for nnm/tensor: implicit symmetric moment tensors, their CP decompositions
// (power method, SS-HOPM, Jennrich, ALS) and the two learners built on them (ICA, score function).
#include "nnm/tensor/accumulators.hpp"
#include "nnm/tensor/als.hpp"
#include "nnm/tensor/cp.hpp"
#include "nnm/tensor/data_cp.hpp"
#include "nnm/tensor/decompose.hpp"
#include "nnm/tensor/ica.hpp"
#include "nnm/tensor/jennrich.hpp"
#include "nnm/tensor/operator.hpp"
#include "nnm/tensor/power.hpp"
#include "nnm/tensor/sample_moment.hpp"
#include "nnm/tensor/score.hpp"
#include "nnm/tensor/sshopm.hpp"
#include "nnm/tensor/symmetric_tensor.hpp"
