#include "nnm/sq/hermite.hpp"

#include <algorithm>
#include <boost/math/quadrature/gauss.hpp>
#include <cmath>
#include <numbers>
#include <stdexcept>

namespace nnm {

void normalized_hermite(double z, Eigen::Ref<Eigen::VectorXd> out) {
  const Eigen::Index n = out.size();
  if (n == 0) return;
  out[0] = 1.0;
  if (n == 1) return;
  out[1] = z;
  // He_{m+1} = z He_m − m He_{m−1}, divided through by √((m+1)!).
  for (Eigen::Index m = 1; m + 1 < n; ++m) {
    const auto md = static_cast<double>(m);
    out[m + 1] = (z * out[m] - std::sqrt(md) * out[m - 1]) / std::sqrt(md + 1.0);
  }
}

double relu_hermite_coefficient(int m) {
  const double phi0 = 1.0 / std::sqrt(2.0 * std::numbers::pi);
  if (m < 0) throw std::logic_error("relu_hermite_coefficient: negative degree");
  if (m == 0) return phi0;
  if (m == 1) return 0.5;
  if (m % 2 == 1) return 0.0;
  // He_{m−2}(0)/√(m!) = (−1)^{(m−2)/2} (m−3)!! / √(m!), built as a running product so that no
  // factorial is formed: each step from m to m+2 multiplies by −(m−1)/√((m+1)(m+2)).
  double c = phi0 / std::sqrt(2.0);  // m = 2: He_0(0)/√2!
  for (int j = 2; j < m; j += 2)
    c *= -static_cast<double>(j - 1) / std::sqrt(static_cast<double>(j + 1) * (j + 2));
  return c;
}

double abs_kernel(double rho) {
  rho = std::clamp(rho, -1.0, 1.0);
  return 2.0 / std::numbers::pi * (std::sqrt(1.0 - rho * rho) + rho * std::asin(rho));
}

double linear_abs_kernel(const Activation& sigma, double rho) {
  if (!sigma.is_linear_plus_abs() && sigma.kind() != Activation::Kind::identity)
    throw std::logic_error("linear_abs_kernel: " + sigma.name() + " is not c1·t + c2·|t|");
  const double c1 = sigma.kind() == Activation::Kind::identity ? 1.0 : sigma.linear_coefficient();
  const double c2 = sigma.kind() == Activation::Kind::identity ? 0.0 : sigma.abs_coefficient();
  // E[z|z'|] = 0 by symmetry, so only the squares of the two parts survive.
  return c1 * c1 * rho + c2 * c2 * abs_kernel(rho);
}

HermiteSupport hermite_support(const Activation& sigma) {
  using K = Activation::Kind;
  switch (sigma.kind()) {
    case K::relu:
      return {INT_MAX, 1};
    case K::leaky_relu:
      return {sigma.alpha() == 1.0 ? 0 : INT_MAX, 1};
    case K::abs:
      return {INT_MAX, -1};
    case K::softplus:
      return {INT_MAX, 1};  // softplus(t) − t/2 is even
    case K::sigmoid:
      return {0, INT_MAX};  // sigmoid(t) − ½ is odd
    case K::tanh:
      return {-1, INT_MAX};
    case K::quadratic:
      return {2, -1};
    case K::identity:
      return {-1, 1};
  }
  return {INT_MAX, INT_MAX};
}

void normalized_gegenbauer(int d, double t, Eigen::Ref<Eigen::VectorXd> out) {
  if (d < 3) throw std::logic_error("normalized_gegenbauer: needs d ≥ 3");
  const Eigen::Index n = out.size();
  if (n == 0) return;
  const double lambda = 0.5 * (d - 2);
  // Jacobi-matrix coefficients of the orthonormal family: t q_m = a_{m+1} q_{m+1} + a_m q_{m−1}.
  const auto a = [lambda](double m) {
    return 0.5 * std::sqrt(m * (m + 2 * lambda - 1) / ((m + lambda) * (m + lambda - 1)));
  };
  out[0] = 1.0;
  if (n == 1) return;
  out[1] = t / a(1.0);
  for (Eigen::Index m = 1; m + 1 < n; ++m) {
    const auto md = static_cast<double>(m);
    out[m + 1] = (t * out[m] - a(md) * out[m - 1]) / a(md + 1.0);
  }
}

}  // namespace nnm

namespace nnm {
namespace {

constexpr double kGaussianCutoff = 12.0;  // φ(12) ≈ 5e-32: the mass beyond is far below rounding

/// Sorted, deduplicated panel edges covering [lo, hi] with every breakpoint inside as an edge and
/// no panel wider than max_width.
std::vector<double> panel_edges(std::vector<double> cuts, double lo, double hi, double max_width) {
  cuts.push_back(lo);
  cuts.push_back(hi);
  std::erase_if(cuts, [&](double c) { return !(c >= lo && c <= hi); });
  std::sort(cuts.begin(), cuts.end());
  std::vector<double> edges{cuts.front()};
  for (std::size_t i = 1; i < cuts.size(); ++i) {
    const double a = edges.back(), b = cuts[i];
    if (b - a < 1e-12) continue;
    const auto pieces = static_cast<int>(std::ceil((b - a) / max_width));
    for (int p = 1; p <= pieces; ++p) edges.push_back(p == pieces ? b : a + (b - a) * p / pieces);
  }
  return edges;
}

/// Composite 20-point Gauss–Legendre (Boost's nodes) over the panels, times a density.
template <class Density>
QuadratureRule composite_rule(const std::vector<double>& edges, Density density) {
  using GL = boost::math::quadrature::gauss<double, 20>;
  const auto& x = GL::abscissa();  // the 10 non-negative nodes of the 20-point rule
  const auto& w = GL::weights();
  const auto panels = static_cast<Eigen::Index>(edges.size()) - 1;
  QuadratureRule rule;
  rule.nodes.resize(panels * 20);
  rule.weights.resize(panels * 20);
  Eigen::Index k = 0;
  for (Eigen::Index p = 0; p < panels; ++p) {
    const double mid = 0.5 * (edges[p + 1] + edges[p]), half = 0.5 * (edges[p + 1] - edges[p]);
    for (std::size_t i = 0; i < x.size(); ++i)
      for (const double sgn : {-1.0, 1.0}) {
        rule.nodes[k] = mid + sgn * half * x[i];
        rule.weights[k] = half * w[i] * density(rule.nodes[k]);
        ++k;
      }
  }
  return rule;
}

template <class Basis>
SeriesCoefficients series_coefficients(const std::function<double(double)>& g,
                                       const QuadratureRule& rule, int terms, Basis basis) {
  SeriesCoefficients out;
  out.c = Eigen::VectorXd::Zero(terms);
  Eigen::VectorXd q(terms);
  for (Eigen::Index i = 0; i < rule.nodes.size(); ++i) {
    const double gv = g(rule.nodes[i]);
    if (gv == 0.0) continue;
    basis(rule.nodes[i], q);
    out.c += rule.weights[i] * gv * q;
    out.norm2 += rule.weights[i] * gv * gv;
  }
  return out;
}

}  // namespace

QuadratureRule gaussian_rule(std::vector<double> breakpoints, double max_width) {
  const double inv_sqrt_2pi = 1.0 / std::sqrt(2.0 * std::numbers::pi);
  return composite_rule(
      panel_edges(std::move(breakpoints), -kGaussianCutoff, kGaussianCutoff, max_width),
      [&](double z) { return inv_sqrt_2pi * std::exp(-0.5 * z * z); });
}

QuadratureRule sphere_rule(int d, std::vector<double> breakpoints, double max_width) {
  if (d < 3) throw std::logic_error("sphere_rule: needs d ≥ 3");
  for (double& b : breakpoints) b = std::acos(std::clamp(b, -1.0, 1.0));
  QuadratureRule rule =
      composite_rule(panel_edges(std::move(breakpoints), 0.0, std::numbers::pi, max_width),
                     [d](double theta) { return std::pow(std::sin(theta), d - 2); });
  // Normalise by the rule's own total so constants integrate to exactly 1, then map θ to t.
  rule.weights /= rule.weights.sum();
  rule.nodes = rule.nodes.array().cos();
  return rule;
}

SeriesCoefficients hermite_coefficients(const std::function<double(double)>& g,
                                        const QuadratureRule& rule, int terms) {
  return series_coefficients(
      g, rule, terms, [](double z, Eigen::Ref<Eigen::VectorXd> q) { normalized_hermite(z, q); });
}

SeriesCoefficients gegenbauer_coefficients(const std::function<double(double)>& g, int d,
                                           const QuadratureRule& rule, int terms) {
  return series_coefficients(g, rule, terms, [d](double t, Eigen::Ref<Eigen::VectorXd> q) {
    normalized_gegenbauer(d, t, q);
  });
}

}  // namespace nnm
