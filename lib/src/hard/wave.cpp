#include "nnm/hard/wave.hpp"

#include <cmath>

#include "hard/family_base.hpp"
#include "nnm/core/error.hpp"
#include "nnm/core/random.hpp"
#include "nnm/data/model_io.hpp"
#include "nnm/hard/combinatorics.hpp"

namespace nnm {

namespace {
bool is_triangle(const Activation& a) { return a.kind() == Activation::Kind::relu; }
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
  if (units == 0 && !(range > 0.0 && range / period <= 5000))
    throw InputError("wave: range must be > 0 and cover at most 5000 periods");
  if (units != 0 && (units < 1 || units % 2 == 0 || units > 10001))
    throw InputError("wave: units must be an odd number from 1 to 10001, got " +
                     std::to_string(units));
  if (!(delta >= 0.0 && std::isfinite(delta))) throw InputError("wave: delta must be ≥ 0");
}

long WaveOptions::half_width() const {
  return units > 0 ? (units - 1) / 2 : static_cast<long>(std::ceil(range / period));
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
  const WaveProfile p = wave_profile(o);
  double lo = INFINITY, hi = -INFINITY;
  for (int i = -2000; i <= 2000; ++i) {
    const double v = p(o.activation, o.period * i / 2000.0);
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  return hi - lo;
}

Network wave_member(const WaveOptions& o, const Eigen::VectorXd& a) {
  const WaveProfile p = wave_profile(o);
  if (a.size() != o.d) throw InputError("wave: direction has the wrong dimension");
  const double norm = a.norm();
  if (!(norm > 0.0)) throw InputError("wave: direction is zero");
  const auto units = static_cast<Eigen::Index>(p.units.size());
  Network net;
  net.activation = o.activation;
  net.W.resize(std::max<Eigen::Index>(units, 1), o.d);
  net.A = Eigen::MatrixXd::Zero(1, net.W.rows());
  net.b = Eigen::VectorXd::Zero(net.W.rows());
  net.W.setZero();
  for (Eigen::Index j = 0; j < units; ++j) {
    net.W.row(j) = (p.units[j].scale / norm) * a.transpose();
    net.b[j] = p.units[j].bias;
    net.A(0, j) = p.units[j].weight;
  }
  net.c = Eigen::VectorXd::Constant(1, p.constant);
  return net;
}

namespace {

class WaveFamily final : public detail::FamilyWith<WaveOptions> {
 public:
  explicit WaveFamily(const WaveOptions& o) : FamilyWith(o, "wave") {}
  Eigen::Index dim() const override { return o_.d; }
  double size() const override {
    return o_.index_set == WaveOptions::IndexSet::half ? binomial(o_.d, o_.d / 2)
                                                       : std::ldexp(1.0, static_cast<int>(o_.d));
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
      Random rng(o_.seed, streams::family, index);  // bits beyond 64 coordinates: random
      for (Eigen::Index i = 0; i < o_.d; ++i)
        a[i] = i < 64 ? ((index >> i) & 1 ? -1.0 : 1.0) : rng.sign();
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
            {"units", 2 * o_.half_width() + 1},
            {"index_set", enum_name(o_.index_set)},
            {"delta", o_.delta},
            {"amplitude", wave_amplitude(o_)}};
  }
};

}  // namespace

std::unique_ptr<HardFamily> make_wave_family(const WaveOptions& options) {
  return std::make_unique<WaveFamily>(options);
}

}  // namespace nnm
