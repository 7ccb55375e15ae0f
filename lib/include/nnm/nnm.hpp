#pragma once
// Umbrella header: the whole nnmoments library. Each module also has its own umbrella
// (nnm/tensor.hpp, nnm/hard.hpp) and every concept its own header.

// Ground floor: randomness, input laws, networks, data and model files.
#include "nnm/activation.hpp"
#include "nnm/atomic_file.hpp"
#include "nnm/dataset.hpp"
#include "nnm/distributions.hpp"
#include "nnm/error.hpp"
#include "nnm/model_io.hpp"
#include "nnm/network.hpp"
#include "nnm/random.hpp"
#include "nnm/teacher.hpp"

// Spectral recovery and the routines it is built from.
#include "nnm/block_reduce.hpp"
#include "nnm/detector.hpp"
#include "nnm/jennrich.hpp"
#include "nnm/matching.hpp"
#include "nnm/metrics.hpp"
#include "nnm/moments.hpp"
#include "nnm/recovery.hpp"
#include "nnm/whitening.hpp"

// Tensor decompositions and tensor learners.
#include "nnm/tensor.hpp"

// Hard families, correlations and the SQ machinery.
#include "nnm/correlation.hpp"
#include "nnm/hard.hpp"
#include "nnm/hermite.hpp"
#include "nnm/sq.hpp"

// The gradient learner: student networks, optimisers, training and its callbacks.
#include "nnm/optimizer.hpp"
#include "nnm/student.hpp"
#include "nnm/train.hpp"
#include "nnm/train_callbacks.hpp"

// Experiment grids, resumable sweeps and the HTML/SVG report they feed.
#include "nnm/experiment.hpp"
#include "nnm/report.hpp"
