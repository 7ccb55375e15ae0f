#include "nnm/sq/kernels.hpp"

#include <algorithm>
#include <cmath>

#include "nnm/data/distributions.hpp"
#include "nnm/sq/correlation.hpp"
#include "nnm/sq/hermite.hpp"

namespace nnm {

double activation_kernel(const Activation& sigma, double rho) {
  if (sigma.is_linear_plus_abs()) return linear_abs_kernel(sigma, rho);
  // Two unit directions in the plane with ⟨u, v⟩ = ρ; the correlation engine integrates exactly.
  rho = std::clamp(rho, -1.0, 1.0);
  Network f, g;
  f.activation = g.activation = sigma;
  f.A = g.A = Eigen::MatrixXd::Ones(1, 1);
  f.W = Eigen::RowVector2d(1.0, 0.0);
  g.W = Eigen::RowVector2d(rho, std::sqrt(1.0 - rho * rho));
  CorrelationOptions options;
  options.method = CorrelationMethod::quadrature;
  return correlation(f, g, *make_input_law("gaussian", 2, 1), options).value;
}

}  // namespace nnm
