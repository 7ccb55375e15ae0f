#include "nnm/sq/correlation.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numbers>

#include "nnm/core/error.hpp"
#include "nnm/sq/hermite.hpp"

namespace nnm {

// ---- ridge form -----------------------------------------------------------------------------

double Ridge::operator()(const Activation& sigma, double t) const {
  double sum = 0.0;
  for (const auto& u : units) sum += u.weight * sigma(u.scale * t + u.bias);
  return sum;
}

std::vector<double> Ridge::breakpoints() const {
  std::vector<double> out;
  for (const auto& u : units)
    if (u.scale != 0.0) out.push_back(-u.bias / u.scale);
  return out;
}

double Ridge::max_scale() const {
  double s = 0.0;
  for (const auto& u : units) s = std::max(s, std::abs(u.scale));
  return s;
}

RidgeForm ridge_form(const Network& net, Eigen::Index output) {
  net.validate();
  RidgeForm form;
  form.activation = net.activation;
  if (net.c.size() != 0) form.constant = net.c[output];
  for (Eigen::Index i = 0; i < net.hidden(); ++i) {
    const double a = net.A(output, i), bias = net.b.size() != 0 ? net.b[i] : 0.0;
    if (a == 0.0) continue;
    Eigen::VectorXd w = net.W.row(i).transpose();
    const double norm = w.norm();
    if (norm == 0.0) {
      form.constant += a * net.activation(bias);
      continue;
    }
    w /= norm;
    // Canonical sign: the first clearly nonzero entry is positive, so u and −u share a ridge.
    Eigen::Index lead = 0;
    while (std::abs(w[lead]) < 1e-12) ++lead;
    const double sign = w[lead] > 0 ? 1.0 : -1.0;
    w *= sign;
    auto it = std::find_if(form.ridges.begin(), form.ridges.end(), [&](const Ridge& r) {
      return (r.direction - w).lpNorm<Eigen::Infinity>() < 1e-14;
    });
    if (it == form.ridges.end()) {
      form.ridges.push_back({w, {}});
      it = form.ridges.end() - 1;
    }
    it->units.push_back({a, sign * norm, bias});
  }
  return form;
}

// ---- options and reports --------------------------------------------------------------------

void CorrelationOptions::validate() const {
  if (terms < 1 || terms > 2000)
    throw InputError("correlation terms must be from 1 to 2000, got " + std::to_string(terms));
  if (!(tolerance > 0.0)) throw InputError("correlation tolerance must be > 0");
  if (samples < 2) throw InputError("correlation samples must be at least 2");
}

std::string CorrelationSummary::brief_report() const {
  char buf[256];
  std::snprintf(buf, sizeof buf, "method %s, %s, max %s %.3g%s, %.3f s",
                std::string(enum_name(method)).c_str(), usable() ? "ok" : "INACCURATE",
                method == CorrelationMethod::monte_carlo ? "standard error" : "error bound",
                max_error,
                quadrature_pairs > 0
                    ? (", " + std::to_string(quadrature_pairs) + " pairs by quadrature").c_str()
                    : "",
                seconds);
  std::string s = buf;
  if (!message.empty()) s += "; " + message;
  return s;
}

// ---- deterministic engines ------------------------------------------------------------------

namespace {

enum class Geometry { gaussian, sphere, other };

Geometry geometry_of(const InputLaw& law) {
  if (law.name() == "gaussian") return Geometry::gaussian;
  if (law.name() == "sphere" && law.dim() >= 3) return Geometry::sphere;
  return Geometry::other;
}

bool closed_form_applies(const std::vector<RidgeForm>& forms) {
  for (const auto& f : forms) {
    if (!f.activation.is_linear_plus_abs()) return false;
    for (const auto& r : f.ridges)
      for (const auto& u : r.units)
        if (u.bias != 0.0) return false;
  }
  return true;
}

/// What one ridge contributes, precomputed once.
struct RidgeData {
  const Activation* sigma = nullptr;
  const Ridge* ridge = nullptr;
  SeriesCoefficients series;    // Hermite (Gaussian) or Gegenbauer (sphere) coefficients
  double lin = 0.0, abs = 0.0;  // closed form: the profile is lin·z + abs·|z| in law
  double mean = 0.0;
  double eval(double t) const { return (*ridge)(*sigma, t); }
  // Panels about two transition widths 1/s wide (smooth in between: kinks are panel edges).
  double width() const { return std::min(1.5, 2.0 / std::max(ridge->max_scale(), 1e-300)); }
};

struct Pair {
  double value = 0.0, error = 0.0;
  bool by_quadrature = false;
};

class Engine {
 public:
  Engine(Geometry geometry, CorrelationMethod method, const CorrelationOptions& options, int d)
      : geometry_(geometry),
        method_(method),
        options_(options),
        d_(d),
        radius_(geometry == Geometry::sphere ? std::sqrt(static_cast<double>(d)) : 1.0) {
    if (geometry_ == Geometry::sphere) {
      q_one_.resize(4 * options_.terms);
      normalized_gegenbauer(d_, 1.0, q_one_);
    }
  }

  RidgeData prepare(const Activation& sigma, const Ridge& ridge) const {
    RidgeData r;
    r.sigma = &sigma;
    r.ridge = &ridge;
    if (method_ == CorrelationMethod::closed_form) {
      for (const auto& u : ridge.units) {
        r.lin += sigma.linear_coefficient() * u.weight * u.scale;
        r.abs += sigma.abs_coefficient() * u.weight * std::abs(u.scale);
      }
      r.mean = r.abs * std::sqrt(2.0 / std::numbers::pi);
      return r;
    }
    // Panels also resolve the oscillations of the highest basis function kept.
    const double terms = options_.terms;
    if (geometry_ == Geometry::gaussian) {
      r.series = hermite_coefficients(
          [&](double z) { return r.eval(z); },
          gaussian_rule(ridge.breakpoints(), std::min(r.width(), 8.0 / std::sqrt(terms))),
          options_.terms);
    } else {
      std::vector<double> cuts = ridge.breakpoints();
      for (double& c : cuts) c /= radius_;
      r.series = gegenbauer_coefficients(
          [&](double t) { return r.eval(radius_ * t); }, d_,
          sphere_rule(d_, cuts, std::min(r.width() / radius_, 4.0 / terms)), options_.terms);
    }
    r.mean = r.series.c[0];
    return r;
  }

  Pair pair(const RidgeData& g, const RidgeData& h) const {
    const double rho = std::clamp(g.ridge->direction.dot(h.ridge->direction), -1.0, 1.0);
    if (method_ == CorrelationMethod::closed_form)
      return {g.lin * h.lin * rho + g.abs * h.abs * abs_kernel(rho), 0.0, false};
    if (std::abs(rho) > 1.0 - 1e-12) return {aligned(g, h, rho > 0 ? 1.0 : -1.0), 0.0, false};
    if (method_ == CorrelationMethod::quadrature) return {nested(g, h, rho), 0.0, true};
    Pair p = series(g, h, rho);
    if (method_ == CorrelationMethod::automatic && geometry_ == Geometry::gaussian &&
        p.error > options_.tolerance)
      return {nested(g, h, rho), 0.0, true};
    return p;
  }

 private:
  Pair series(const RidgeData& g, const RidgeData& h, double rho) const {
    const int n = options_.terms;
    Pair p;
    if (geometry_ == Geometry::gaussian) {
      double power = 1.0;
      for (int m = 0; m < n; ++m, power *= rho) p.value += g.series.c[m] * h.series.c[m] * power;
      p.error = std::abs(power) * std::sqrt(g.series.tail() * h.series.tail());
    } else {
      // Funk–Hecke: the degree-m parts correlate through P_m(ρ) = q_m(ρ)/q_m(1). |P_m(ρ)| decays
      // like m^{−(d−2)/2} for |ρ| < 1; its largest value over degrees n … 4n−1 stands in for the
      // whole tail's (the envelope keeps decreasing), and |P_m| ≤ 1 always holds.
      Eigen::VectorXd q(4 * n);
      normalized_gegenbauer(d_, rho, q);
      for (int m = 0; m < n; ++m) p.value += g.series.c[m] * h.series.c[m] * q[m] / q_one_[m];
      double envelope = 0.0;
      for (int m = n; m < 4 * n && std::isfinite(q_one_[m]) && std::isfinite(q[m]); ++m)
        envelope = std::max(envelope, std::abs(q[m] / q_one_[m]));
      p.error = std::min(envelope, 1.0) * std::sqrt(g.series.tail() * h.series.tail());
    }
    return p;
  }

  /// ρ = ±1: both profiles see the same coordinate, a one-dimensional integral.
  double aligned(const RidgeData& g, const RidgeData& h, double sign) const {
    std::vector<double> cuts = g.ridge->breakpoints();
    for (double c : h.ridge->breakpoints()) cuts.push_back(sign * c);
    const double width = std::min(g.width(), h.width());
    if (geometry_ == Geometry::gaussian) {
      const QuadratureRule rule = gaussian_rule(cuts, width);
      double sum = 0.0;
      for (Eigen::Index i = 0; i < rule.nodes.size(); ++i)
        sum += rule.weights[i] * g.eval(rule.nodes[i]) * h.eval(sign * rule.nodes[i]);
      return sum;
    }
    for (double& c : cuts) c /= radius_;
    const QuadratureRule rule = sphere_rule(d_, cuts, width / radius_);
    double sum = 0.0;
    for (Eigen::Index i = 0; i < rule.nodes.size(); ++i) {
      const double t = radius_ * rule.nodes[i];
      sum += rule.weights[i] * g.eval(t) * h.eval(sign * t);
    }
    return sum;
  }

  /// E[g(z₁) H(z₁)] with H(z₁) = E[h(ρz₁ + βz₂)], β = √(1−ρ²), both integrals split at kinks.
  double nested(const RidgeData& g, const RidgeData& h, double rho) const {
    const double beta = std::sqrt(1.0 - rho * rho);
    std::vector<double> outer_cuts = g.ridge->breakpoints();
    if (std::abs(rho) > 1e-3)
      for (double c : h.ridge->breakpoints()) outer_cuts.push_back(c / rho);
    const QuadratureRule outer = gaussian_rule(outer_cuts, std::min(g.width(), h.width()));
    double sum = 0.0;
    for (Eigen::Index i = 0; i < outer.nodes.size(); ++i) {
      const double gz = g.eval(outer.nodes[i]);
      if (gz != 0.0) sum += outer.weights[i] * gz * inner(h, rho * outer.nodes[i], beta);
    }
    return sum;
  }

  /// E[h(α + βz)], z ~ N(0,1): closed form per unit for c1·t + c2·|t|, else quadrature.
  double inner(const RidgeData& h, double alpha, double beta) const {
    const Activation& sigma = *h.sigma;
    if (sigma.is_linear_plus_abs()) {
      const double c1 = sigma.linear_coefficient(), c2 = sigma.abs_coefficient();
      double sum = 0.0;
      for (const auto& u : h.ridge->units) {
        const double m = u.scale * alpha + u.bias, v = std::abs(u.scale) * beta;
        double abs_mean = std::abs(m);  // E|m + vz|
        if (v > 0.0) {
          const double r = m / v;
          abs_mean = m * std::erf(r / std::numbers::sqrt2) +
                     2.0 * v * std::exp(-0.5 * r * r) / std::sqrt(2.0 * std::numbers::pi);
        }
        sum += u.weight * (c1 * m + c2 * abs_mean);
      }
      return sum;
    }
    std::vector<double> cuts = h.ridge->breakpoints();
    for (double& c : cuts) c = (c - alpha) / beta;
    const QuadratureRule rule = gaussian_rule(cuts, h.width() / std::max(beta, 1e-3));
    double sum = 0.0;
    for (Eigen::Index i = 0; i < rule.nodes.size(); ++i)
      sum += rule.weights[i] * h.eval(alpha + beta * rule.nodes[i]);
    return sum;
  }

  Geometry geometry_;
  CorrelationMethod method_;
  const CorrelationOptions& options_;
  int d_;
  double radius_;
  Eigen::VectorXd q_one_;
};

/// Resolves `automatic` and rejects methods the law cannot use.
CorrelationMethod resolve(CorrelationMethod asked, Geometry geometry,
                          const std::vector<RidgeForm>& forms, const InputLaw& law) {
  const std::string law_name = "'" + law.name() + "'";
  switch (asked) {
    case CorrelationMethod::automatic:
      if (geometry == Geometry::gaussian)
        return closed_form_applies(forms) ? CorrelationMethod::closed_form
                                          : CorrelationMethod::automatic;
      return geometry == Geometry::sphere ? CorrelationMethod::series
                                          : CorrelationMethod::monte_carlo;
    case CorrelationMethod::closed_form:
      if (geometry != Geometry::gaussian || !closed_form_applies(forms))
        throw InputError(
            "correlation method 'closed' needs the gaussian law, relu/leaky_relu/abs "
            "units and no hidden biases (law " +
            law_name + ")");
      return asked;
    case CorrelationMethod::series:
      if (geometry == Geometry::other)
        throw InputError(
            "correlation method 'series' needs the gaussian or sphere law (d ≥ 3), "
            "not " +
            law_name);
      return asked;
    case CorrelationMethod::quadrature:
      if (geometry != Geometry::gaussian)
        throw InputError("correlation method 'quadrature' needs the gaussian law, not " + law_name);
      return asked;
    case CorrelationMethod::monte_carlo:
      return asked;
  }
  return asked;
}

}  // namespace

GramResult gram_matrix(const std::vector<Network>& members, const InputLaw& law,
                       const CorrelationOptions& options) {
  options.validate();
  const auto start = std::chrono::steady_clock::now();
  for (const auto& m : members)
    if (m.input_dim() != law.dim())
      throw InputError("gram matrix: a member has input dimension " +
                       std::to_string(m.input_dim()) + " but the law has " +
                       std::to_string(law.dim()));
  const Geometry geometry = geometry_of(law);
  std::vector<RidgeForm> forms;
  forms.reserve(members.size());
  for (const auto& m : members) forms.push_back(ridge_form(m));
  const CorrelationMethod method = resolve(options.method, geometry, forms, law);

  GramResult result;
  if (method == CorrelationMethod::monte_carlo) {
    result = monte_carlo_gram(members, law, options.samples);
  } else {
    const Engine engine(geometry, method, options, static_cast<int>(law.dim()));
    const auto count = static_cast<Eigen::Index>(members.size());
    std::vector<std::vector<RidgeData>> data(members.size());
    Eigen::VectorXd means = Eigen::VectorXd::Zero(count);
#pragma omp parallel for schedule(dynamic)
    for (Eigen::Index i = 0; i < count; ++i) {
      for (const auto& r : forms[i].ridges) {
        data[i].push_back(engine.prepare(forms[i].activation, r));
        means[i] += data[i].back().mean;
      }
    }
    result.gram.resize(count, count);
    result.error.resize(count, count);
    long quadrature_pairs = 0;
    const Eigen::Index entries = count * (count + 1) / 2;
#pragma omp parallel for schedule(dynamic) reduction(+ : quadrature_pairs)
    for (Eigen::Index e = 0; e < entries; ++e) {
      // Entry e of the upper triangle, row by row.
      Eigen::Index i = 0, rest = e;
      while (rest >= count - i) rest -= count - i++;
      const Eigen::Index j = i + rest;
      const double ci = forms[i].constant, cj = forms[j].constant;
      double value = ci * cj + ci * means[j] + cj * means[i], error = 0.0;
      for (const auto& g : data[i])
        for (const auto& h : data[j]) {
          const Pair p = engine.pair(g, h);
          value += p.value;
          error += p.error;
          quadrature_pairs += p.by_quadrature ? 1 : 0;
        }
      result.gram(i, j) = result.gram(j, i) = value;
      result.error(i, j) = result.error(j, i) = error;
    }
    result.summary.quadrature_pairs = method == CorrelationMethod::automatic ? quadrature_pairs : 0;
    result.summary.max_error = count > 0 ? result.error.maxCoeff() : 0.0;
    if (result.summary.max_error > options.tolerance) {
      result.summary.status = CorrelationStatus::inaccurate;
      result.summary.message =
          "series truncation bound exceeds the tolerance; raise the number "
          "of terms or use Monte Carlo";
    }
  }
  result.summary.method =
      method == CorrelationMethod::automatic ? CorrelationMethod::series : method;
  result.summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

CorrelationValue correlation(const Network& f, const Network& g, const InputLaw& law,
                             const CorrelationOptions& options) {
  const GramResult r = gram_matrix({f, g}, law, options);
  return {r.gram(0, 1), r.error(0, 1), r.summary};
}

}  // namespace nnm
