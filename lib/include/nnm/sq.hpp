#pragma once
// Umbrella header of nnm/sq. The statistical-query machinery: Hermite expansions, correlations and
// Gram matrices of families under an input law, the query lower bounds they imply, and the whole
// analysis that `nnm sq` runs.
#include "nnm/sq/analysis.hpp"
#include "nnm/sq/bounds.hpp"
#include "nnm/sq/correlation.hpp"
#include "nnm/sq/family.hpp"
#include "nnm/sq/hermite.hpp"
#include "nnm/sq/kernels.hpp"
