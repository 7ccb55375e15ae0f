#pragma once
// Greedy deflation shared by the power method and SS-HOPM: find one eigenpair of the residual
// tensor, subtract it implicitly, repeat; then refit all weights together by least squares.
#include <functional>

#include "nnm/tensor/cp.hpp"
#include "tensor/cp_detail.hpp"

namespace nnm::detail {

struct EigenCandidate {
  Eigen::VectorXd vector;  ///< unit norm
  double value = 0.0;      ///< T(u, …, u) of the residual tensor
  int iterations = 0;      ///< passes over the tensor spent finding it
  bool converged = true;
};

/// Finds the next component of `residual`; `component` numbers the call (0, 1, …) so the
/// finder can draw fresh random starts.
using ComponentFinder =
    std::function<EigenCandidate(const TensorOperator& residual, Eigen::Index component)>;

/// Runs the loop for options.rank components and fills a CpResult (summary included).
CpResult greedy_deflation(const TensorOperator& t, const CpCommonOptions& options,
                          const char* method, const ComponentFinder& find);

}  // namespace nnm::detail
