#pragma once
// Correlations ⟨f, g⟩_D = E_{x~D}[f(x) g(x)] between two-layer networks, and Gram matrices of
// families of them.
//
// A network output is a sum of ridge functions: units that share a direction (up to sign) add up
// to one profile g_r(⟨u_r, x⟩). Under N(0, I) and on the sphere, the correlation of two ridges
// depends only on ρ = ⟨u_r, u_s⟩ and is a one-dimensional series (Mehler, Funk–Hecke) or a
// two-dimensional integral; only laws without that structure need Monte Carlo.
//
//   closed_form  Gaussian, activations c1·t + c2·|t| (relu, leaky_relu, abs), no hidden biases:
//                the arc-cosine kernel, exact.
//   series       Gaussian: Mehler (Hermite); sphere: Funk–Hecke (Gegenbauer). Each pair carries a
//                rigorous bound on the truncation error from the energy the series misses.
//   quadrature   Gaussian: nested 1-D integrals split at the kinks (accurate reference).
//   monte_carlo  any law: one stream of samples shared by every entry (common random numbers, so
//                the matrix stays positive semidefinite), each entry with its standard error.
//   automatic    closed form when it applies, else series (Gaussian pairs whose tail bound exceeds
//                the tolerance are redone by quadrature), else Monte Carlo.
#include <Eigen/Core>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "nnm/core/activation.hpp"
#include "nnm/core/enum_names.hpp"
#include "nnm/core/network.hpp"
#include "nnm/core/summary.hpp"
#include "nnm/data/distributions.hpp"

namespace nnm {

/// One hidden unit seen along its ridge direction u: weight · σ(scale · ⟨u, x⟩ + bias).
struct RidgeUnit {
  double weight = 0.0, scale = 0.0, bias = 0.0;
};

/// Units sharing a direction; their sum is the profile g(t) = Σ weight σ(scale t + bias).
struct Ridge {
  Eigen::VectorXd direction;  ///< unit vector, first nonzero entry positive
  std::vector<RidgeUnit> units;
  double operator()(const Activation& sigma, double t) const;
  /// t where the profile has a kink or a sharp transition (−bias/scale of each unit).
  std::vector<double> breakpoints() const;
  double max_scale() const;
};

/// One output of a network written as constant + Σ_r g_r(⟨u_r, x⟩).
struct RidgeForm {
  Activation activation;
  double constant = 0.0;  ///< output bias plus units whose weight row is zero
  std::vector<Ridge> ridges;
};

/// Groups the units of output `output` by direction (u and −u share a ridge).
RidgeForm ridge_form(const Network& net, Eigen::Index output = 0);

enum class CorrelationMethod { automatic, closed_form, series, quadrature, monte_carlo };
constexpr auto enum_table(CorrelationMethod) {
  using M = CorrelationMethod;
  return make_enum_table<M>("correlation method", {{M::automatic, "auto"},
                                                   {M::closed_form, "closed"},
                                                   {M::series, "series"},
                                                   {M::quadrature, "quadrature"},
                                                   {M::monte_carlo, "mc"}});
}

struct CorrelationOptions {
  CorrelationMethod method = CorrelationMethod::automatic;
  int terms = 160;          ///< series length (degrees 0 … terms−1)
  double tolerance = 1e-9;  ///< automatic: series pairs with a larger tail bound use quadrature
  std::uint64_t samples = 1'000'000;  ///< Monte Carlo sample count (samples 0 … n−1 of the law)
  /// Throws InputError naming the bad field.
  void validate() const;
};

enum class CorrelationStatus {
  success,     ///< every entry within `tolerance` (deterministic) or a finite standard error (MC)
  inaccurate,  ///< a series bound exceeded the tolerance and no fallback applied; see `error`
};
constexpr auto enum_table(CorrelationStatus) {
  using S = CorrelationStatus;
  return make_enum_table<S>("correlation status",
                            {{S::success, "success"}, {S::inaccurate, "inaccurate"}});
}

struct CorrelationSummary : BasicSummary<CorrelationStatus> {
  CorrelationMethod method = CorrelationMethod::automatic;  ///< the method actually used
  double max_error = 0.0;                                   ///< largest entry of GramResult::error
  std::uint64_t samples = 0;                                ///< Monte Carlo only
  long quadrature_pairs = 0;  ///< ridge pairs redone by quadrature (automatic, Gaussian)
  std::string brief_report() const;
};

struct GramResult {
  Eigen::MatrixXd gram;  ///< G_ij = ⟨f_i, f_j⟩_D
  /// Monte Carlo: standard error of each entry. Deterministic methods: a bound on the truncation
  /// error (0 for closed forms; rounding and quadrature error, ~1e-12, not included).
  Eigen::MatrixXd error;
  CorrelationSummary summary;
};

/// Gram matrix of the members (output 0 of each) under `law`. Gaussian means the law named
/// "gaussian" (N(0, I)); sphere the law named "sphere" (uniform on the sphere of radius √d). The
/// result does not depend on the number of threads.
GramResult gram_matrix(const std::vector<Network>& members, const InputLaw& law,
                       const CorrelationOptions& options = {});

struct CorrelationValue {
  double value = 0.0, error = 0.0;
  CorrelationSummary summary;
};
/// ⟨f, g⟩ under `law` (output 0 of each).
CorrelationValue correlation(const Network& f, const Network& g, const InputLaw& law,
                             const CorrelationOptions& options = {});

/// The Monte Carlo estimator on its own: streams samples in fixed blocks (memory independent of
/// the sample count), in parallel, reducing in block order so the bytes do not depend on threads.
/// With `link`, the Gram matrix of link(f_i(x)) instead (e.g. the conditional means of ±1 labels).
GramResult monte_carlo_gram(const std::vector<Network>& members, const InputLaw& law,
                            std::uint64_t samples,
                            const std::function<double(double)>& link = nullptr);

}  // namespace nnm
