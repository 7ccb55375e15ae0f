#pragma once
// Umbrella header of the hard-families module: the families whose members gradient (CSQ) learners,
// and for some of them every statistical-query learner, provably struggle with, and the factory
// that builds any of them from typed options.
#include "nnm/hard/coloring.hpp"
#include "nnm/hard/combinatorics.hpp"
#include "nnm/hard/dkkz.hpp"
#include "nnm/hard/edge_list.hpp"
#include "nnm/hard/family.hpp"
#include "nnm/hard/member_sampler.hpp"
#include "nnm/hard/natural.hpp"
#include "nnm/hard/parity.hpp"
#include "nnm/hard/single_relu_maxcut.hpp"
#include "nnm/hard/wave.hpp"
#include "nnm/hard/wave_certificate.hpp"
