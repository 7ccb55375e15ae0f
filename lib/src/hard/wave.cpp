#include "nnm/hard/wave.hpp"

#include <algorithm>
#include <boost/math/special_functions/erf.hpp>
#include <cmath>
#include <numbers>

#include "hard/family_base.hpp"
#include "nnm/core/error.hpp"
#include "nnm/core/random.hpp"
#include "nnm/data/model_io.hpp"
#include "nnm/hard/combinatorics.hpp"
#include "nnm/sq/schemes.hpp"

namespace nnm {

namespace {

bool is_triangle(const Activation& a) { return a.kind() == Activation::Kind::relu; }

/// Step height and effective sharpness of σ as a step: sigmoid 1 and s; tanh = 2σ(2u) − 1.
double step_height(const WaveOptions& o) {
  return o.activation.kind() == Activation::Kind::tanh ? 2.0 : 1.0;
}
double step_sharpness(const WaveOptions& o) {
  return o.activation.kind() == Activation::Kind::tanh ? 2.0 * o.sharpness : o.sharpness;
}

/// Σ over odd n of b_n φ_n · weight(n), b_n = 2/(nπ) the square wave's sine coefficients and
/// φ_n = x/sinh(x), x = nπ²/(s h), the logistic smoothing of harmonic n.
template <class Weight>
double harmonic_sum(const WaveOptions& o, Weight weight) {
  const double x1 = std::numbers::pi * std::numbers::pi / (step_sharpness(o) * o.period);
  double sum = 0.0;
  for (long n = 1; n < 20'000'000; n += 2) {
    const double x = x1 * static_cast<double>(n);
    if (x > 745.0) break;  // x/sinh(x) underflows: every later term is 0
    const double phi = x < 1e-8 ? 1.0 : x / std::sinh(x);
    sum += weight(n, 2.0 / (static_cast<double>(n) * std::numbers::pi) * phi);
  }
  return sum;
}

}  // namespace

void WaveOptions::validate() const {
  using K = Activation::Kind;
  if (d < 2) throw InputError("wave: d must be at least 2, got " + std::to_string(d));
  if (activation.kind() != K::sigmoid && activation.kind() != K::tanh && !is_triangle(activation))
    throw InputError("wave: activation must be sigmoid, tanh or relu (triangle wave), got " +
                     activation.name());
  if (!(sharpness > 0.0 && std::isfinite(sharpness)))
    throw InputError("wave: sharpness must be > 0");
  if (!(period > 0.0 && std::isfinite(period))) throw InputError("wave: period must be > 0");
  if (!(range >= 0.0 && std::isfinite(range))) throw InputError("wave: range must be >= 0");
  if (!(tolerance > 0.0 && tolerance < 1.0)) throw InputError("wave: tolerance must be in (0, 1)");
  if (units != 0 && (units < 1 || units % 2 == 0 || units > 10001))
    throw InputError("wave: units must be an odd number from 1 to 10001, got " +
                     std::to_string(units));
  if (!(delta >= 0.0 && std::isfinite(delta))) throw InputError("wave: delta must be ≥ 0");
  if (units == 0 && !(cover() / period <= 5000))
    throw InputError(
        "wave: the cover must span at most 5000 periods (lower d, range or raise "
        "the period)");
}

double WaveOptions::projection_sd() const {
  if (spacing == Spacing::normalised) return 1.0;
  const double norm = std::sqrt(static_cast<double>(index_set == IndexSet::half ? d / 2 : d));
  return norm * (1.0 + delta);  // ‖a + δ‖a‖g‖ ≤ (1 + δ)‖a‖
}

double WaveOptions::cover() const {
  if (range > 0.0) return range;
  // Outside the cover ψ_J is a constant step, off ψ_∞ by at most `gap`; the tail mass beyond z
  // standard deviations, P(|Z| > z) = erfc(z/√2), must keep gap²·P ≤ τ²·E[ψ_∞²].
  const double rms = wave_oscillation_rms(*this);
  const double gap = is_triangle(activation) ? 1.0 : step_height(*this);
  const double mass = std::max(tolerance * tolerance * rms * rms / (gap * gap), 1e-300);
  const double z = std::max(std::sqrt(2.0) * boost::math::erfc_inv(std::min(mass, 1.0)),
                            std::sqrt(2.0 * std::log(1.0 / (tolerance * tolerance))));
  // Inside the cover the missing units' tails, ~e^{−s·(R − |t|)}, must also fall below τ·rms.
  const double transition =
      is_triangle(activation)
          ? 0.0
          : std::log(2.0 * step_height(*this) / (tolerance * rms)) / step_sharpness(*this);
  return z * projection_sd() + std::max(transition, 0.0);
}

long WaveOptions::half_width() const {
  return units > 0 ? (units - 1) / 2 : static_cast<long>(std::ceil(cover() / period));
}

double WaveProfile::operator()(const Activation& sigma, double t) const {
  double sum = constant;
  for (const auto& u : units) sum += u.weight * sigma(u.scale * t + u.bias);
  return sum;
}

WaveProfile wave_profile(const WaveOptions& o) {
  o.validate();
  const long J = o.half_width();
  const double h = o.period;
  WaveProfile p;
  if (is_triangle(o.activation)) {
    // Kinks at t_j = −Jh + jh: slopes +1, −1, +1, … between them, 0 outside; height h, so the
    // weights carry 1/h for height 1, and the constant centres the wave on 0.
    for (long j = 0; j <= 2 * J; ++j) {
      const double c = (j == 0 || j == 2 * J) ? 1.0 : (j % 2 ? -2.0 : 2.0);
      p.units.push_back({c / h, 1.0, -(-static_cast<double>(J) * h + static_cast<double>(j) * h)});
    }
    if (J == 0) p.units.clear();
    p.constant = -0.5;
    return p;
  }
  double alternating = 0.0;
  for (long j = -J; j <= J; ++j) {
    const double sign = (j % 2 == 0) ? 1.0 : -1.0;
    p.units.push_back({sign, o.sharpness, -o.sharpness * static_cast<double>(j) * h});
    alternating += sign;
  }
  // The interior levels average to (σ(∞) + σ(−∞))/2 · Σ(−1)^j; subtract that.
  p.constant = -0.5 * (o.activation(1e3) + o.activation(-1e3)) * alternating;
  return p;
}

double wave_amplitude(const WaveOptions& o) {
  o.validate();
  if (is_triangle(o.activation)) return 1.0;
  // The smoothed square wave peaks mid-plateau, where harmonic n has sign (−1)^((n−1)/2).
  const double half = harmonic_sum(o, [](long n, double b) { return n % 4 == 1 ? b : -b; });
  return 2.0 * step_height(o) * half;
}

double wave_oscillation_rms(const WaveOptions& o) {
  if (is_triangle(o.activation)) return std::sqrt(1.0 / 12.0);
  const double mean_square = harmonic_sum(o, [](long, double b) { return 0.5 * b * b; });
  return step_height(o) * std::sqrt(mean_square);
}

double wave_cutoff_error(const WaveOptions& o) {
  const WaveProfile cut = wave_profile(o);
  // ψ_∞ stands in as a wave whose cover reaches 12 standard deviations (the law's mass beyond is
  // below 1e-32), evaluated on a trapezoid grid fine enough for the sharpest transition.
  const double sd = o.projection_sd();
  WaveOptions wide = o;
  wide.units = 2 * (o.half_width() + static_cast<long>(std::ceil(12.0 * sd / o.period)) + 2) + 1;
  wide.range = 0.0;
  const WaveProfile full = wave_profile(wide);
  const double step =
      std::min(o.period, is_triangle(o.activation) ? o.period : 1.0 / step_sharpness(o)) / 16.0;
  double diff = 0.0, norm = 0.0;
  for (double t = -12.0 * sd; t <= 12.0 * sd; t += step) {
    const double w = std::exp(-0.5 * (t / sd) * (t / sd));
    const double f = full(o.activation, t), g = cut(o.activation, t);
    diff += w * (f - g) * (f - g);
    norm += w * f * f;
  }
  return norm > 0.0 ? std::sqrt(diff / norm) : INFINITY;
}

Network wave_member(const WaveOptions& o, const Eigen::VectorXd& a) {
  const WaveProfile p = wave_profile(o);
  if (a.size() != o.d) throw InputError("wave: direction has the wrong dimension");
  const double norm = a.norm();
  if (!(norm > 0.0)) throw InputError("wave: direction is zero");
  const double along = o.spacing == WaveOptions::Spacing::raw ? 1.0 : 1.0 / norm;
  const auto units = static_cast<Eigen::Index>(p.units.size());
  Network net;
  net.activation = o.activation;
  net.W = Eigen::MatrixXd::Zero(std::max<Eigen::Index>(units, 1), o.d);
  net.A = Eigen::MatrixXd::Zero(1, net.W.rows());
  net.b = Eigen::VectorXd::Zero(net.W.rows());
  for (Eigen::Index j = 0; j < units; ++j) {
    net.W.row(j) = (p.units[j].scale * along) * a.transpose();
    net.b[j] = p.units[j].bias;
    net.A(0, j) = p.units[j].weight;
  }
  net.c = Eigen::VectorXd::Constant(1, p.constant);
  return net;
}

namespace {

/// The unperturbed direction at overlap distance i from the first member: half-sets share
/// d/2 − i elements with {1 … d/2}; sign vectors differ from (1, …, 1) in their last i entries.
Eigen::VectorXd direction_at_distance(const WaveOptions& o, Eigen::Index i) {
  Eigen::VectorXd a = Eigen::VectorXd::Zero(o.d);
  if (o.index_set == WaveOptions::IndexSet::half) {
    a.segment(i, o.d / 2).setOnes();
  } else {
    a.setOnes();
    a.tail(i).setConstant(-1.0);
  }
  return a;
}

/// c(i) = ⟨f_0, f_i⟩/⟨f_0, f_0⟩ and a bound on its error, for i = 0 … distances − 1.
void overlap_correlations(const WaveOptions& o, const InputLaw& law, const CorrelationOptions& co,
                          Eigen::Index distances, Eigen::VectorXd& c, Eigen::VectorXd& e) {
  const Network base = wave_member(o, direction_at_distance(o, 0));
  const CorrelationValue norm = correlation(base, base, law, co);
  c.resize(distances);
  e.resize(distances);
  for (Eigen::Index i = 0; i < distances; ++i) {
    const CorrelationValue v =
        i == 0 ? norm : correlation(base, wave_member(o, direction_at_distance(o, i)), law, co);
    c[i] = v.value / norm.value;
    e[i] = v.error / norm.value + std::abs(c[i]) * norm.error / norm.value;
  }
}

FamilyLambda johnson_lambda(const WaveOptions& o, const Eigen::VectorXd& c,
                            const Eigen::VectorXd& e) {
  const int n = static_cast<int>(o.d), k = n / 2;
  const SchemeSpectrum s = johnson_spectrum(n, k, c, e);
  Eigen::Index top = 0;
  s.eigenvalues.maxCoeff(&top);
  const double certified = (s.eigenvalues + s.errors).maxCoeff();
  // j = 0 is the all-ones mode, the members' mean correlation times M: a part shared by all
  // members (the cover's constant edge steps) lifts it, however small, since M = C(n, n/2).
  return {s.eigenvalues[top], certified - s.eigenvalues[top], true,
          "Johnson scheme J(" + std::to_string(n) + ", " + std::to_string(k) +
              "): exact eigenvalues of the overlap-determined Gram matrix; largest at j = " +
              std::to_string(top) + (top == 0 ? " (the all-ones mode)" : "")};
}

/// Sign vectors with a₁ = +1: the Gram matrix is E + O, the parts of f even and odd under
/// a ↦ −a, whose spectra are half the even- and odd-degree Krawtchouk sums of the full cube.
FamilyLambda half_cube_lambda(const WaveOptions& o, const Eigen::VectorXd& c,
                              const Eigen::VectorXd& e) {
  const int n = static_cast<int>(o.d);
  const SchemeSpectrum s = hamming_spectrum(n, c, e);
  double top[2] = {0.0, 0.0}, bound[2] = {0.0, 0.0}, parity_size[2] = {0.0, 0.0};
  for (int j = 0; j <= n; ++j) {
    top[j % 2] = std::max(top[j % 2], s.eigenvalues[j] / 2.0);
    bound[j % 2] = std::max(bound[j % 2], (s.eigenvalues[j] + s.errors[j]) / 2.0);
  }
  for (int i = 0; i <= n; ++i)
    for (int p = 0; p < 2; ++p)
      parity_size[p] =
          std::max(parity_size[p], std::abs(c[i] + (p ? -1.0 : 1.0) * c[n - i]) / 2.0 - e[i]);
  const bool exact = parity_size[0] <= 1e-12 || parity_size[1] <= 1e-12;
  return {top[0] + top[1], bound[0] + bound[1] - top[0] - top[1], exact,
          "half-cube of the Hamming scheme H(" + std::to_string(n) +
              ", 2): Krawtchouk sums for the parts of f even and odd in a" +
              (exact ? "" : " (their sum bounds λ_max)")};
}

class WaveFamily final : public detail::FamilyWith<WaveOptions> {
 public:
  explicit WaveFamily(const WaveOptions& o) : FamilyWith(o, "wave") {}
  Eigen::Index dim() const override { return o_.d; }
  double size() const override {
    return o_.index_set == WaveOptions::IndexSet::half
               ? binomial(o_.d, o_.d / 2)
               : std::ldexp(1.0, static_cast<int>(o_.d) - 1);
  }

  FamilyMember member(std::uint64_t index) const override {
    Eigen::VectorXd a = Eigen::VectorXd::Zero(o_.d);
    nlohmann::json info = {{"index", index}};
    if (o_.index_set == WaveOptions::IndexSet::half) {
      const std::vector<Eigen::Index> subset = member_subset(o_.d, o_.d / 2, index);
      for (auto i : subset) a[i] = 1.0;
      info["subset"] = one_based(subset);
    } else {
      if (static_cast<double>(index) >= size()) throw InputError("wave: member index out of range");
      // a₁ = +1 (one of each antipodal pair); bit i − 1 of the index gives a_{i+1}, random beyond.
      Random rng(o_.seed, streams::family, index);
      a[0] = 1.0;
      for (Eigen::Index i = 1; i < o_.d; ++i)
        a[i] = i <= 63 ? ((index >> (i - 1)) & 1 ? -1.0 : 1.0) : rng.sign();
    }
    if (o_.delta > 0.0) {
      Eigen::VectorXd g = random_normal_matrix(o_.d, 1, o_.seed, streams::family, index);
      a += o_.delta * a.norm() * g / g.norm();
    }
    info["direction"] = vector_to_json(a);
    return {wave_member(o_, a), std::move(info)};
  }

  nlohmann::json parameters() const override {
    return {{"family", "wave"},
            {"d", o_.d},
            {"activation", o_.activation.name()},
            {"sharpness", o_.sharpness},
            {"period", o_.period},
            {"spacing", enum_name(o_.spacing)},
            {"units", 2 * o_.half_width() + 1},
            {"cover", o_.half_width() * o_.period},
            {"tolerance", o_.tolerance},
            {"cutoff_error", wave_cutoff_error(o_)},
            {"index_set", enum_name(o_.index_set)},
            {"delta", o_.delta},
            {"amplitude", wave_amplitude(o_)},
            {"oscillation_rms", wave_oscillation_rms(o_)}};
  }

  HardnessClaim claim() const override {
    return {LearnerClass::csq,
            "the bound computed here is correlational (CSQ: gradient descent on the square "
            "loss); SVWX17 state an SQ lower bound for their construction, not checked here"};
  }

  std::string why_no_family_lambda(const InputLaw& law) const override {
    if (o_.delta != 0.0)
      return "perturbed directions (delta > 0): the Gram matrix depends on more than the overlaps, "
             "so no scheme diagonalises it and no certified bound on its lambda_max is computed "
             "(a lambda or gamma of sampled members bounds nothing)";
    return "the law " + law.name() +
           " is not rotation invariant (gaussian or sphere), so the Gram matrix is not determined "
           "by the overlaps";
  }

  std::optional<FamilyLambda> family_lambda(const InputLaw& law,
                                            const CorrelationOptions& options) const override {
    // The Gram matrix depends only on overlaps when the law is rotation invariant and every
    // member has the same norm (no perturbation).
    if (o_.delta != 0.0 || (law.name() != "gaussian" && law.name() != "sphere")) return {};
    const bool half = o_.index_set == WaveOptions::IndexSet::half;
    Eigen::VectorXd c, e;
    overlap_correlations(o_, law, options, half ? o_.d / 2 + 1 : o_.d + 1, c, e);
    return half ? johnson_lambda(o_, c, e) : half_cube_lambda(o_, c, e);
  }
};

}  // namespace

std::unique_ptr<HardFamily> make_wave_family(const WaveOptions& options) {
  return std::make_unique<WaveFamily>(options);
}

}  // namespace nnm
