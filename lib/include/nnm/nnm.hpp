#pragma once
// Umbrella header: the whole nnmoments library.
#include "nnm/activation.hpp"
#include "nnm/atomic_file.hpp"
#include "nnm/dataset.hpp"
#include "nnm/distributions.hpp"
#include "nnm/error.hpp"
#include "nnm/model_io.hpp"
#include "nnm/network.hpp"
#include "nnm/random.hpp"
#include "nnm/teacher.hpp"
