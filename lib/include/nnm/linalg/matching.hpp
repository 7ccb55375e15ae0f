#pragma once
// Optimal assignment (the Hungarian algorithm, O(r²c)): matches the hidden units of two networks.
#include <Eigen/Core>
#include <vector>

namespace nnm {

/// For an r × c score matrix with r ≤ c, returns for each row i the column assignment[i] such that
/// the columns are distinct and Σ_i score(i, assignment[i]) is as large as possible.
std::vector<Eigen::Index> max_weight_matching(const Eigen::MatrixXd& score);

}  // namespace nnm
