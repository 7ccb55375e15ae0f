#pragma once
// Hermite and Gegenbauer series: the orthogonal bases in which correlations of ridge functions
// become one-dimensional sums.
//
// Under N(0, I) two unit directions u, v with ⟨u, v⟩ = ρ give
//   E[g(⟨u,x⟩) h(⟨v,x⟩)] = Σ_m ĝ_m ĥ_m ρ^m        (Mehler),
// where ĝ_m = E[g(z) h_m(z)] in the orthonormal Hermite basis h_m = He_m / √(m!). On the sphere the
// same role is played by Gegenbauer polynomials (Funk–Hecke). This header holds the bases and the
// closed forms for ReLU-like activations; correlation.hpp builds the sums.
#include <Eigen/Core>
#include <algorithm>
#include <climits>
#include <functional>
#include <vector>

#include "nnm/core/activation.hpp"

namespace nnm {

/// Orthonormal probabilists' Hermite values h_0(z) … h_n(z), h_m = He_m/√(m!), by the stable
/// three-term recurrence (no factorials, no overflow for large m).
void normalized_hermite(double z, Eigen::Ref<Eigen::VectorXd> out);

/// Hermite coefficient c_m = E[relu(z) h_m(z)], z ~ N(0,1), in closed form:
/// c_0 = 1/√(2π), c_1 = ½, c_m = φ(0) He_{m−2}(0)/√(m!) for m ≥ 2 (zero for odd m ≥ 3).
double relu_hermite_coefficient(int m);

/// E|z||z'| for standard normals with correlation ρ: (2/π)(√(1−ρ²) + ρ arcsin ρ).
double abs_kernel(double rho);
/// E[σ(z)σ(z')] for standard normals with correlation ρ when σ(t) = c1·t + c2·|t| (relu, leaky
/// relu, abs, identity). ReLU: (√(1−ρ²) + (π − arccos ρ)ρ)/(2π). Throws std::logic_error for
/// other activations.
double linear_abs_kernel(const Activation& sigma, double rho);

/// Which Hermite coefficients of σ can be nonzero: degrees up to max_even among the even ones and
/// up to max_odd among the odd ones (−1: none; INT_MAX: infinitely many). ReLU has every even
/// degree but no odd degree above 1; sigmoid and tanh the reverse.
struct HermiteSupport {
  int max_even = -1;
  int max_odd = -1;
  /// True when some coefficient of degree ≥ k with the parity of k can be nonzero.
  bool reaches(int k) const { return (k % 2 == 0 ? max_even : max_odd) >= k; }
};
HermiteSupport hermite_support(const Activation& sigma);

/// Orthonormal Gegenbauer values q_0(t) … q_n(t) for dimension d ≥ 3: orthonormal for the law of
/// t = ⟨u, x⟩ when x is uniform on the unit sphere S^{d−1}, density ∝ (1 − t²)^{(d−3)/2} on [−1,
/// 1].
void normalized_gegenbauer(int d, double t, Eigen::Ref<Eigen::VectorXd> out);

/// A quadrature rule: E[g] ≈ Σ weights_i g(nodes_i).
struct QuadratureRule {
  Eigen::VectorXd nodes, weights;
};

/// Rule for E g(z), z ~ N(0,1): composite Gauss–Legendre on [−12, 12] with panel edges at the
/// given breakpoints (kinks or sharp transitions of g) and panels no wider than max_width. Kinks
/// are why plain Gauss–Hermite is not used: it is only ~1e-3 accurate for ReLU-like integrands.
QuadratureRule gaussian_rule(std::vector<double> breakpoints, double max_width = 0.5);

/// Rule for E g(t) where t = ⟨u, x⟩ and x is uniform on the unit sphere S^{d−1} (d ≥ 3). Built in
/// the angle θ = arccos t, where the density sin^{d−2}θ is smooth, with panel edges at the
/// breakpoints (given in t) and panels no wider than max_width (in θ).
QuadratureRule sphere_rule(int d, std::vector<double> breakpoints, double max_width);

/// Coefficients of g in an orthonormal basis, plus E[g²] so that the energy the truncated series
/// misses (E[g²] − Σ c_m²) is known: it bounds the truncation error of Mehler and Funk–Hecke sums.
struct SeriesCoefficients {
  Eigen::VectorXd c;
  double norm2 = 0.0;
  double tail() const { return std::max(0.0, norm2 - c.squaredNorm()); }
};

/// c_m = E[g(z) h_m(z)], m < terms, z ~ N(0,1), by the rule (kinks of g among its breakpoints).
SeriesCoefficients hermite_coefficients(const std::function<double(double)>& g,
                                        const QuadratureRule& rule, int terms);
/// c_n = E[g(t) q_n(t)], n < terms, t the coordinate of a uniform point on S^{d−1}.
SeriesCoefficients gegenbauer_coefficients(const std::function<double(double)>& g, int d,
                                           const QuadratureRule& rule, int terms);

}  // namespace nnm
