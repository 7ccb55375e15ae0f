#include "nnm/linalg/matching.hpp"

#include <limits>

#include "nnm/core/error.hpp"

namespace nnm {

std::vector<Eigen::Index> max_weight_matching(const Eigen::MatrixXd& score) {
  const Eigen::Index r = score.rows(), c = score.cols();
  if (r > c) throw InputError("max_weight_matching: more rows than columns");
  if (!score.allFinite()) throw InputError("max_weight_matching: scores must be finite");
  // Shortest augmenting paths with row/column potentials, minimising cost = −score.
  // Index 0 is a sentinel column; rows and columns are 1-based inside.
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> u(r + 1, 0.0), v(c + 1, 0.0);
  std::vector<Eigen::Index> row_of(c + 1, 0), way(c + 1, 0);
  for (Eigen::Index i = 1; i <= r; ++i) {
    row_of[0] = i;
    Eigen::Index j0 = 0;
    std::vector<double> minv(c + 1, inf);
    std::vector<char> used(c + 1, 0);
    do {
      used[j0] = 1;
      const Eigen::Index i0 = row_of[j0];
      double delta = inf;
      Eigen::Index j1 = 0;
      for (Eigen::Index j = 1; j <= c; ++j) {
        if (used[j]) continue;
        const double cur = -score(i0 - 1, j - 1) - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (Eigen::Index j = 0; j <= c; ++j) {
        if (used[j]) {
          u[row_of[j]] += delta;
          v[j] -= delta;
        } else {
          minv[j] -= delta;
        }
      }
      j0 = j1;
    } while (row_of[j0] != 0);
    do {  // flip the augmenting path
      const Eigen::Index j1 = way[j0];
      row_of[j0] = row_of[j1];
      j0 = j1;
    } while (j0 != 0);
  }
  std::vector<Eigen::Index> assignment(r, -1);
  for (Eigen::Index j = 1; j <= c; ++j)
    if (row_of[j] != 0) assignment[row_of[j] - 1] = j - 1;
  return assignment;
}

}  // namespace nnm
