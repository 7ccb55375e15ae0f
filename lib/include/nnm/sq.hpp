#pragma once
// Umbrella header of nnm/sq. The statistical-query machinery: Hermite expansions, correlations and
// Gram matrices of families under an input law, and the query lower bounds they imply.
#include "nnm/sq/bounds.hpp"
#include "nnm/sq/correlation.hpp"
#include "nnm/sq/hermite.hpp"
