#pragma once
// Private helpers shared by the CP decompositions (not installed): the common end of every
// method's summary, least-squares weights, and the random-index layout of the methods.
#include <Eigen/Core>
#include <cstdint>

#include "nnm/tensor/cp.hpp"

namespace nnm::detail {

/// Fills in what every method reports in the same way: the fit residual (and poor_fit when it
/// exceeds the limit, unless the status already says something worse) and the elapsed time.
void finish_summary(const TensorOperator& t, int order, const CpCommonOptions& options,
                    double seconds, CpResult& result);

/// Normalises the columns of `factors`, then sets λ to the least-squares weights
/// (Gram^{∘p}) λ = (T(a_j, …, a_j))_j and fixes signs (λ > 0 at odd order; largest entry of a_j
/// positive at even order) so results are canonical.
void fit_weights(const TensorOperator& t, Eigen::MatrixXd& factors, Eigen::VectorXd& weights);

/// Index ranges of streams::algorithm used by the decompositions, disjoint from each other and
/// from the small indices nnm::jennrich uses for its random pairs.
namespace cp_index {
inline constexpr std::uint64_t power = std::uint64_t{1} << 32;     // + component
inline constexpr std::uint64_t sshopm = std::uint64_t{2} << 32;    // + component
inline constexpr std::uint64_t jennrich = std::uint64_t{3} << 32;  // contraction vectors
inline constexpr std::uint64_t als = std::uint64_t{4} << 32;       // + restart
inline constexpr std::uint64_t probes = std::uint64_t{5} << 32;    // residual probes
inline constexpr std::uint64_t learner = std::uint64_t{6} << 32;   // learners' own draws
}  // namespace cp_index

/// dim × count matrix of random unit vectors, a pure function of (seed, index).
Eigen::MatrixXd random_unit_columns(Eigen::Index dim, Eigen::Index count, std::uint64_t seed,
                                    std::uint64_t index);

}  // namespace nnm::detail
