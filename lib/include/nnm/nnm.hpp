#pragma once
// Umbrella header: the whole nnmoments library, one module umbrella per layer, lowest first.
// Dependencies point down only: core <- data <- linalg <- recovery, tensor <- sq <- hard <- learn.
#include "nnm/core.hpp"
#include "nnm/data.hpp"
#include "nnm/hard.hpp"
#include "nnm/learn.hpp"
#include "nnm/linalg.hpp"
#include "nnm/recovery.hpp"
#include "nnm/sq.hpp"
#include "nnm/tensor.hpp"
