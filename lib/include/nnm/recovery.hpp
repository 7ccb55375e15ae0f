#pragma once
// Umbrella header of nnm/recovery. Spectral recovery of two-layer networks under symmetric inputs
// (Ge, Kuditipudi, Li, Wang, ICLR 2019): moments, the distinguishing-matrix detector, recover() and
// the error metrics.
#include "nnm/recovery/detector.hpp"
#include "nnm/recovery/metrics.hpp"
#include "nnm/recovery/moments.hpp"
#include "nnm/recovery/recover.hpp"
