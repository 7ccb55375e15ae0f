#include "nnm/hard/wave_certificate.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include "nnm/core/error.hpp"
#include "nnm/hard/combinatorics.hpp"
#include "nnm/sq/hermite.hpp"

namespace nnm {

double perturbed_cosine_bound(double rho0, double delta) {
  if (!(rho0 >= 0.0 && rho0 <= 1.0)) throw InputError("perturbed cosine: rho0 must be in [0, 1]");
  if (!(delta >= 0.0)) throw InputError("perturbed cosine: delta must be >= 0");
  if (delta >= 1.0) return 1.0;
  // A vector moved by at most δ times its length turns by at most arcsin δ; the angle between
  // two such vectors (or between one and the other's antipode) shrinks by at most twice that.
  return std::cos(std::max(0.0, std::acos(rho0) - 2.0 * std::asin(delta)));
}

void WaveCertificateOptions::validate() const {
  if (!(step > 0.0 && step <= 0.5)) throw InputError("wave certificate: step must be in (0, 0.5]");
  if (max_terms < 2 || max_terms > 100000)
    throw InputError("wave certificate: max_terms must be from 2 to 100000");
  if (!(tail > 0.0 && tail < 1.0)) throw InputError("wave certificate: tail must be in (0, 1)");
  if (max_grid < 1) throw InputError("wave certificate: max_grid must be at least 1");
}

std::string WaveCertificate::method() const {
  char buf[200];
  std::snprintf(buf, sizeof buf,
                "certified: Gershgorin row sum over %zu overlap classes, every pair |corr| <= %.4g "
                "(Mehler + Cauchy-Schwarz, norm n in [%.4g, %.4g] on %ld grid points, %d terms)",
                classes.size(), gamma, norm_lo, norm_hi, grid, terms);
  return buf;
}

namespace {

/// Bounds on ‖ψ''‖∞ and ‖ψ'''‖∞ for the alternating sigmoid (or tanh) wave, whatever its
/// length: at any t the two nearest steps give at most max|σ^(k)| each, the others (at distance
/// ≥ kh, two per k) at most e^{−S k h} each, since |σ''|, |σ'''| ≤ σ' ≤ e^{−|u|} (the factors
/// 1 − 2σ and 1 − 6σ + 6σ² lie in [−1, 1]). tanh(s u) = 2σ(2 s u) − 1.
struct WaveDerivativeBounds {
  double second = 0.0, third = 0.0;
};
WaveDerivativeBounds wave_derivative_bounds(const WaveOptions& o) {
  const bool tanh = o.activation.kind() == Activation::Kind::tanh;
  const double height = tanh ? 2.0 : 1.0, s = tanh ? 2.0 * o.sharpness : o.sharpness;
  const double q = std::exp(-s * o.period), far = 2.0 * q / (1.0 - q);
  const double sigma2_max = std::sqrt(3.0) / 18.0, sigma3_max = 0.125;  // logistic σ'', σ'''
  return {height * s * s * (2.0 * sigma2_max + far), height * s * s * s * (2.0 * sigma3_max + far)};
}

/// σ'(v) and σ''(v) for the logistic function or tanh.
std::pair<double, double> activation_slopes(const Activation& sigma, double v) {
  if (sigma.kind() == Activation::Kind::tanh) {
    const double t = std::tanh(v), d = 1.0 - t * t;
    return {d, -2.0 * t * d};
  }
  const double p = sigma(v), d = p * (1.0 - p);
  return {d, d * (1.0 - 2.0 * p)};
}

/// Σ_{m<K} c_m² ρ^m plus ρ^K times the energy beyond degree K (every term there is ≤ ρ^K c_m²).
double damped_energy(const Eigen::VectorXd& c, double norm2, double rho) {
  double sum = 0.0, power = 1.0;
  for (Eigen::Index m = 0; m < c.size(); ++m) {
    sum += c[m] * c[m] * power;
    power *= rho;
  }
  return sum + power * std::max(0.0, norm2 - c.squaredNorm());
}

/// Hermite coefficients of ψ(n z) and of its n-derivatives z ψ'(n z), z² ψ''(n z), computed
/// together (one recurrence per node), with the functions' squared norms.
struct ProfileSeries {
  Eigen::VectorXd c0, c1, c2;
  double norm0 = 0.0, norm1 = 0.0, norm2 = 0.0;
};
ProfileSeries profile_series(const WaveOptions& o, const WaveProfile& p, double n, int terms) {
  const Activation& sigma = o.activation;
  std::vector<double> cuts;
  double sharpest = 0.0;
  for (const auto& u : p.units) {
    cuts.push_back(-u.bias / (u.scale * n));
    sharpest = std::max(sharpest, std::abs(u.scale) * n);
  }
  // Panels no wider than two transition widths (the integrand is analytic, with poles at distance
  // π/(s n) from the real line) and a fraction of h_K's oscillation.
  const double width =
      std::min({2.0 / std::max(sharpest, 1e-12), 8.0 / std::sqrt(static_cast<double>(terms)), 0.5});
  const QuadratureRule rule = gaussian_rule(cuts, width);
  ProfileSeries s;
  s.c0 = Eigen::VectorXd::Zero(terms);
  s.c1 = Eigen::VectorXd::Zero(terms);
  s.c2 = Eigen::VectorXd::Zero(terms);
  // h_{m+1} = (z h_m − √m h_{m−1}) / √(m + 1), with the roots tabulated once.
  Eigen::VectorXd h(terms), root(terms + 1), inverse_root(terms + 1);
  for (int m = 0; m <= terms; ++m) {
    root[m] = std::sqrt(static_cast<double>(m));
    inverse_root[m] = m > 0 ? 1.0 / root[m] : 0.0;
  }
  for (Eigen::Index i = 0; i < rule.nodes.size(); ++i) {
    const double z = rule.nodes[i], t = n * z;
    double g0 = p.constant, g1 = 0.0, g2 = 0.0;
    for (const auto& u : p.units) {
      const double v = u.scale * t + u.bias;
      const auto [d1, d2] = activation_slopes(sigma, v);
      g0 += u.weight * sigma(v);
      g1 += u.weight * u.scale * d1;
      g2 += u.weight * u.scale * u.scale * d2;
    }
    g1 *= z;
    g2 *= z * z;
    h[0] = 1.0;
    if (terms > 1) h[1] = z;
    for (int m = 1; m + 1 < terms; ++m)
      h[m + 1] = (z * h[m] - root[m] * h[m - 1]) * inverse_root[m + 1];
    const double w = rule.weights[i];
    s.c0 += (w * g0) * h;
    s.c1 += (w * g1) * h;
    s.c2 += (w * g2) * h;
    s.norm0 += w * g0 * g0;
    s.norm1 += w * g1 * g1;
    s.norm2 += w * g2 * g2;
  }
  return s;
}

}  // namespace

WaveGammaBounds certified_wave_gamma(const WaveOptions& o, double norm_lo, double norm_hi,
                                     const std::vector<double>& rhos,
                                     const WaveCertificateOptions& options) {
  o.validate();
  options.validate();
  using K = Activation::Kind;
  if (o.activation.kind() != K::sigmoid && o.activation.kind() != K::tanh)
    throw InputError(
        "wave certificate: needs a sigmoid or tanh wave (the triangle wave's kinks give no "
        "bound on psi'')");
  if (!(norm_lo > 0.0 && norm_lo <= norm_hi && std::isfinite(norm_hi)))
    throw InputError("wave certificate: the norm interval must satisfy 0 < lo <= hi");
  double rho_max = 0.0;
  for (double r : rhos) {
    if (!(r >= 0.0 && r <= 1.0)) throw InputError("wave certificate: every rho must be in [0, 1]");
    rho_max = std::max(rho_max, r);
  }
  WaveGammaBounds out;
  std::vector<double>& gamma = out.gamma;
  gamma.assign(rhos.size(), 0.0);
  if (rhos.empty()) return out;
  const int terms =
      rho_max <= 0.0
          ? 2
          : static_cast<int>(std::clamp(std::ceil(std::log(options.tail) / std::log(rho_max)), 64.0,
                                        static_cast<double>(options.max_terms)));
  const WaveProfile p = wave_profile(o);
  const WaveDerivativeBounds bounds = wave_derivative_bounds(o);
  const double curvature = std::sqrt(3.0) * bounds.second;  // ≥ √(E[z⁴ψ''(nz)²])
  const double jerk = std::sqrt(15.0) * bounds.third;       // ≥ √(E[z⁶ψ'''(nz)²])
  // Grid: each n in [lo, hi] lies within `eta` of a grid point. The spacing is set from the centre,
  // where √D changes at rate √D₁ (D = E ψ(nz)², D₁ = E[z²ψ'(nz)²]).
  long points = 1;
  if (norm_hi > norm_lo) {
    const ProfileSeries centre = profile_series(o, p, 0.5 * (norm_lo + norm_hi), 2);
    const double scale = std::sqrt(centre.norm0 / std::max(centre.norm1, 1e-300));
    const double target = options.step * scale;
    points = static_cast<long>(std::min(std::ceil((norm_hi - norm_lo) / (2.0 * target)),
                                        static_cast<double>(options.max_grid)));
    points = std::max(points, 1L);
  }
  const double eta = (norm_hi - norm_lo) / (2.0 * static_cast<double>(points));
  // Grid points are independent; the maximum is taken afterwards, so any thread count gives the
  // same bytes.
  Eigen::MatrixXd at_point(static_cast<Eigen::Index>(rhos.size()), points);
#pragma omp parallel for schedule(dynamic)
  for (long i = 0; i < points; ++i) {
    const double n = norm_lo + (2.0 * static_cast<double>(i) + 1.0) * eta;
    const ProfileSeries s = profile_series(o, p, n, terms);
    // Within eta of n: √D ≥ √D(n) − √D₁(n) η − C η²/2 (|d√D/dn| ≤ √D₁, |d√D₁/dn| ≤ C).
    const double root_d =
        std::sqrt(s.norm0) - std::sqrt(s.norm1) * eta - 0.5 * curvature * eta * eta;
    for (std::size_t c = 0; c < rhos.size(); ++c) {
      const auto row = static_cast<Eigen::Index>(c);
      if (!(root_d > 0.0)) {
        at_point(row, i) = 1.0;
        continue;
      }
      // A = √N, N = Σ c_m² ρ^m; by Cauchy–Schwarz |dA/dn| ≤ B = √(Σ c_m'² ρ^m),
      // |dB/dn| ≤ E = √(Σ c_m''² ρ^m), |dE/dn| ≤ √(Σ c_m'''²) ≤ jerk. B and E are damped by ρ^m
      // too, so far classes keep tiny margins.
      const double a = std::sqrt(damped_energy(s.c0, s.norm0, rhos[c]));
      const double b = std::sqrt(damped_energy(s.c1, s.norm1, rhos[c]));
      const double e = std::sqrt(damped_energy(s.c2, s.norm2, rhos[c]));
      const double a_max = a + eta * (b + eta * (e / 2.0 + eta * jerk / 6.0));
      at_point(row, i) = std::min(1.0, a_max * a_max / (root_d * root_d));
    }
  }
  for (std::size_t c = 0; c < rhos.size(); ++c)
    gamma[c] = at_point.row(static_cast<Eigen::Index>(c)).maxCoeff();
  out.grid = points;
  out.terms = terms;
  return out;
}

WaveCertificate certify_wave_family(const WaveOptions& o, const WaveCertificateOptions& options) {
  o.validate();
  WaveCertificate cert;
  const bool half = o.index_set == WaveOptions::IndexSet::half;
  const Eigen::Index d = o.d, k = d / 2;
  // Beyond these sizes the members are random index sets (member()), not the whole scheme.
  if (half ? !(binomial(d, k) < std::ldexp(1.0, 62)) : d > 64)
    throw InputError(
        "wave certificate: the family is sampled, not the whole index set, beyond "
        "C(d, d/2) = 2^62 (half) or d = 64 (sign)");
  if (o.spacing == WaveOptions::Spacing::raw) {
    const double norm = std::sqrt(static_cast<double>(half ? k : d));
    cert.norm_lo = norm * std::max(0.0, 1.0 - o.delta);
    cert.norm_hi = norm * (1.0 + o.delta);
  }
  // Overlap classes seen from one member: half-sets sharing k − i elements (|cos| = (k − i)/k,
  // C(k, i) C(d − k, i) of them); sign vectors at Hamming distance i or d − i (one of each ±b is
  // a member: |cos| = (d − 2i)/d, C(d, i) of them, half that when 2i = d).
  const Eigen::Index classes = half ? k : d / 2;
  std::vector<double> rhos;
  for (Eigen::Index i = 1; i <= classes; ++i) {
    WaveOverlapClass c;
    if (half) {
      c.rho0 = static_cast<double>(k - i) / static_cast<double>(k);
      c.count = binomial(k, i) * binomial(d - k, i);
    } else {
      c.rho0 = static_cast<double>(d - 2 * i) / static_cast<double>(d);
      c.count = binomial(d, i) * (2 * i == d ? 0.5 : 1.0);
    }
    c.rho = perturbed_cosine_bound(c.rho0, o.delta);
    rhos.push_back(c.rho);
    cert.classes.push_back(c);
  }
  if (!(cert.norm_lo > 0.0)) {  // δ ≥ 1: a member may vanish, every bound is 1
    for (auto& c : cert.classes) c.gamma = 1.0;
  } else {
    const WaveGammaBounds g = certified_wave_gamma(o, cert.norm_lo, cert.norm_hi, rhos, options);
    for (std::size_t c = 0; c < g.gamma.size(); ++c) cert.classes[c].gamma = g.gamma[c];
    cert.grid = g.grid;
    cert.terms = g.terms;
  }
  for (const auto& c : cert.classes) {
    cert.gamma = std::max(cert.gamma, c.gamma);
    cert.lambda += c.count * c.gamma;
  }
  return cert;
}

}  // namespace nnm
