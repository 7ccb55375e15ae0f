// The certified Gram bound for perturbed wave families: it must bound every pair the perturbation
// can produce, collapse to the exact correlations at δ = 0, and give a query bound growing with d.
#include <doctest/doctest.h>

#include <Eigen/Dense>
#include <cmath>
#include <numbers>

#include "nnm/core/error.hpp"
#include "nnm/core/random.hpp"
#include "nnm/data/distributions.hpp"
#include "nnm/hard.hpp"
#include "nnm/sq/bounds.hpp"
#include "nnm/sq/correlation.hpp"

using namespace nnm;

namespace {

/// Normalised correlation of two wave members with directions a and b under N(0, I).
double member_correlation(const WaveOptions& o, const Eigen::VectorXd& a, const Eigen::VectorXd& b,
                          const InputLaw& law) {
  const Network fa = wave_member(o, a), fb = wave_member(o, b);
  const double ab = correlation(fa, fb, law).value;
  return ab / std::sqrt(correlation(fa, fa, law).value * correlation(fb, fb, law).value);
}

/// a moved by δ‖a‖ along cos φ·(−â) + sin φ·e, e the unit vector ⟂ a towards `toward`: φ = 0
/// shrinks a, φ = π stretches it, and φ = arccos δ turns it the most (by arcsin δ).
Eigen::VectorXd moved(const Eigen::VectorXd& a, const Eigen::VectorXd& toward, double delta,
                      double phi) {
  const Eigen::VectorXd unit = a.normalized();
  const Eigen::VectorXd e = (toward - toward.dot(unit) * unit).normalized();
  return a + delta * a.norm() * (-std::cos(phi) * unit + std::sin(phi) * e);
}

/// The (perturbed) direction of a family member, as its truth record states it.
Eigen::VectorXd direction(const HardFamily& family, std::uint64_t index) {
  const nlohmann::json info = family.member(index).info["direction"];
  Eigen::VectorXd v(static_cast<Eigen::Index>(info.size()));
  for (Eigen::Index k = 0; k < v.size(); ++k) v[k] = info[static_cast<std::size_t>(k)];
  return v;
}

Eigen::VectorXd half_set(Eigen::Index d, Eigen::Index first) {
  Eigen::VectorXd a = Eigen::VectorXd::Zero(d);
  a.segment(first, d / 2).setOnes();
  return a;
}

}  // namespace

TEST_CASE(
    "perturbed cosine bound: no perturbation of size δ exceeds it, the worst one attains it") {
  Random rng(7, 0, 0);
  for (double delta : {0.0, 0.05, 0.2}) {
    for (int trial = 0; trial < 200; ++trial) {
      const Eigen::VectorXd a = random_normal_matrix(6, 1, 11, 0, trial);
      const Eigen::VectorXd b = random_normal_matrix(6, 1, 12, 0, trial);
      const double rho0 = std::abs(a.normalized().dot(b.normalized()));
      const Eigen::VectorXd ga = random_normal_matrix(6, 1, 13, 0, trial).normalized();
      const Eigen::VectorXd gb = random_normal_matrix(6, 1, 14, 0, trial).normalized();
      const double shrink = std::abs(rng.uniform());
      const Eigen::VectorXd a2 = a + shrink * delta * a.norm() * ga;
      const Eigen::VectorXd b2 = b + delta * b.norm() * gb;
      CHECK(std::abs(a2.normalized().dot(b2.normalized())) <=
            perturbed_cosine_bound(rho0, delta) + 1e-12);
    }
  }
  // Turning a and b towards each other by arcsin δ each attains the bound.
  const Eigen::VectorXd a = half_set(12, 0), b = half_set(12, 1);
  const double delta = 0.1, phi = std::acos(delta);
  const Eigen::VectorXd a2 = moved(a, b, delta, phi), b2 = moved(b, a, delta, phi);
  CHECK(a2.normalized().dot(b2.normalized()) ==
        doctest::Approx(perturbed_cosine_bound(5.0 / 6.0, delta)).epsilon(1e-12));
  CHECK(perturbed_cosine_bound(0.5, 1.0) == 1.0);
  CHECK_THROWS_AS(perturbed_cosine_bound(1.5, 0.1), InputError);
}

TEST_CASE("certified gamma bounds the correlation of every sampled perturbed pair (d = 12)") {
  const auto law = make_input_law("gaussian", 12, 1);
  WaveOptions o;
  o.d = 12;
  o.delta = 0.1;
  const WaveCertificate cert = certify_wave_family(o);
  REQUIRE(cert.classes.size() == 6);
  CHECK(cert.classes[0].count == 36.0);  // C(6, 1)²: half-sets sharing 5 of 6 elements
  // Neighbouring half-sets (class 1, the closest pairs), perturbed adversarially (turned towards
  // each other, shrunk, stretched) and at random.
  const Eigen::VectorXd a = half_set(12, 0), b = half_set(12, 1);
  double worst = 0.0;
  for (double phi_a : {0.0, std::acos(0.1), std::numbers::pi})
    for (double phi_b : {0.0, std::acos(0.1), std::numbers::pi})
      worst = std::max(worst, std::abs(member_correlation(o, moved(a, b, o.delta, phi_a),
                                                          moved(b, a, o.delta, phi_b), *law)));
  for (std::uint64_t k = 0; k < 12; ++k) {
    const Eigen::VectorXd ga = random_normal_matrix(12, 1, 21, 0, k).normalized();
    const Eigen::VectorXd gb = random_normal_matrix(12, 1, 22, 0, k).normalized();
    const double c =
        member_correlation(o, a + o.delta * a.norm() * ga, b + o.delta * b.norm() * gb, *law);
    worst = std::max(worst, std::abs(c));
  }
  MESSAGE("class 1: certified gamma " << cert.classes[0].gamma << ", worst sampled |corr| "
                                      << worst);
  CHECK(worst <= cert.classes[0].gamma);
  CHECK(worst <= cert.gamma);
  // Not vacuous either: the worst sampled pair comes within a factor 3 of the bound.
  CHECK(worst >= cert.classes[0].gamma / 3.0);
  // Farther classes: half-sets sharing 3 of 6, turned towards each other.
  const Eigen::VectorXd c3 = half_set(12, 3);
  const double phi = std::acos(o.delta);
  const double far =
      std::abs(member_correlation(o, moved(a, c3, o.delta, phi), moved(c3, a, o.delta, phi), *law));
  CHECK(far <= cert.classes[2].gamma);
}

TEST_CASE("at delta = 0 the certified gamma is the exact correlation of each overlap class") {
  const auto law = make_input_law("gaussian", 12, 1);
  WaveOptions o;
  o.d = 12;
  o.sharpness = 2;  // a soft wave: neighbours correlate visibly
  const WaveCertificate cert = certify_wave_family(o);
  CHECK(cert.grid == 1);
  const Eigen::VectorXd a = half_set(12, 0);
  for (Eigen::Index i = 1; i <= 6; ++i) {
    CAPTURE(i);
    const double exact = std::abs(member_correlation(o, a, half_set(12, i), *law));
    const double gamma = cert.classes[static_cast<std::size_t>(i - 1)].gamma;
    CHECK(gamma >= exact - 1e-12);
    CHECK(gamma <= exact * (1 + 1e-6) + 1e-12);
  }
  CHECK(cert.classes[0].gamma > 1e-5);
  // The row sum bounds the exact λ_max from the Johnson scheme.
  const auto exact_lambda = make_wave_family(o)->family_lambda(*law, {});
  REQUIRE(exact_lambda.has_value());
  CHECK(cert.lambda >= exact_lambda->lambda - 1e-9);
}

TEST_CASE("the certified query bound of the default wave at small delta grows with d") {
  double previous = 0.0;
  for (Eigen::Index d : {12, 16, 20}) {
    CAPTURE(d);
    WaveOptions o;
    o.d = d;
    o.delta = 0.01;
    const auto family = make_wave_family(o);
    const auto f = family->family_lambda(*make_input_law("gaussian", d, 1), {});
    REQUIRE(f.has_value());
    CHECK_FALSE(f->exact);
    CHECK(std::isfinite(f->gamma));
    const double bound = csq_query_lower_bound(family->size(), f->lambda + f->error, 0.1);
    MESSAGE("d = " << d << ": lambda <= " << f->lambda << ", gamma <= " << f->gamma
                   << ", q >= " << bound);
    CHECK(bound > previous);
    previous = bound;
  }
}

TEST_CASE("sign-vector waves: the certificate bounds sampled perturbed pairs (d = 9)") {
  const auto law = make_input_law("gaussian", 9, 1);
  WaveOptions o;
  o.d = 9;
  o.sharpness = 2;
  o.index_set = WaveOptions::IndexSet::sign;
  o.delta = 0.05;
  const WaveCertificate cert = certify_wave_family(o);
  REQUIRE(cert.classes.size() == 4);
  double total = 0;
  for (const auto& c : cert.classes) total += c.count;
  CHECK(total == 255.0);  // every other member of the 2^8
  const auto family = make_wave_family(o);
  double worst = 0.0;
  for (std::uint64_t i = 0; i < 6; ++i)
    for (std::uint64_t j = i + 1; j < 6; ++j) {
      worst = std::max(worst, std::abs(member_correlation(o, direction(*family, i),
                                                          direction(*family, j), *law)));
    }
  CHECK(worst <= cert.gamma);
  // The closest pair (Hamming distance 1), turned towards each other.
  Eigen::VectorXd a = Eigen::VectorXd::Ones(9), b = a;
  b[8] = -1;
  double close = 0.0;
  for (double phi : {0.0, 0.5 * std::acos(o.delta), std::acos(o.delta)})
    close = std::max(close, std::abs(member_correlation(o, moved(a, b, o.delta, phi),
                                                        moved(b, a, o.delta, phi), *law)));
  MESSAGE("sign, class 1: certified gamma " << cert.classes[0].gamma << ", turned pair " << close);
  CHECK(close <= cert.classes[0].gamma);
  // Norm and angle share one perturbation budget, which the certificate bounds separately.
  CHECK(close >= cert.classes[0].gamma / 10.0);
}

TEST_CASE("the certificate refuses what it cannot bound") {
  WaveOptions o;
  o.d = 12;
  o.delta = 0.1;
  o.activation = Activation(Activation::Kind::relu);
  CHECK_THROWS_AS(certify_wave_family(o), InputError);
  CHECK_FALSE(make_wave_family(o)->family_lambda(*make_input_law("gaussian", 12, 1), {}));
  o.activation = Activation(Activation::Kind::sigmoid);
  CHECK_FALSE(make_wave_family(o)->family_lambda(*make_input_law("laplace", 12, 1), {}));
  WaveCertificateOptions bad;
  bad.step = 0;
  CHECK_THROWS_AS(certify_wave_family(o, bad), InputError);
}

TEST_CASE("the norm grid's margins: pairs at the extreme cosine and every norm stay below gamma") {
  // Two members with equal norm n and cos exactly ρ̄ correlate by Σ c_m(n)² ρ̄^m / Σ c_m(n)²:
  // the quantity the certificate bounds over the norm interval. Its sup over a fine scan of n
  // must lie below γ̄, also for an 8-point grid (wide Lipschitz margins), and near γ̄ for the
  // default grid.
  const auto law = make_input_law("gaussian", 12, 1);
  WaveOptions o;
  o.d = 12;
  o.delta = 0.1;
  const double root = std::sqrt(6.0), lo = root * 0.9, hi = root * 1.1;
  const double rho = perturbed_cosine_bound(5.0 / 6.0, o.delta);
  const WaveGammaBounds fine = certified_wave_gamma(o, lo, hi, {rho});
  WaveCertificateOptions coarse_options;
  coarse_options.max_grid = 8;
  const WaveGammaBounds coarse = certified_wave_gamma(o, lo, hi, {rho}, coarse_options);
  CHECK(coarse.grid == 8);
  CHECK(fine.grid > 10);
  Eigen::VectorXd u = Eigen::VectorXd::Zero(12), v = Eigen::VectorXd::Zero(12);
  u[0] = 1.0;
  v[0] = rho;
  v[1] = std::sqrt(1.0 - rho * rho);
  double sup = 0.0;
  for (int k = 0; k <= 8; ++k) {
    const double n = lo + (hi - lo) * k / 8.0;
    sup = std::max(sup, std::abs(member_correlation(o, n * u, n * v, *law)));
  }
  MESSAGE("scan " << sup << ", fine grid " << fine.gamma[0] << ", 8 points " << coarse.gamma[0]);
  CHECK(sup <= fine.gamma[0]);
  CHECK(sup <= coarse.gamma[0]);
  CHECK(coarse.gamma[0] > fine.gamma[0]);  // wider margins, still a bound
  CHECK(sup >= fine.gamma[0] / 1.1);
}

TEST_CASE("a tanh wave of sharpness s certifies like the sigmoid wave of sharpness 2s") {
  // tanh(s u) = 2σ(2 s u) − 1: the same wave up to a factor 2, so the same normalised Gram, and
  // the derivative bounds scale alike.
  WaveOptions sigmoid;
  sigmoid.d = 12;
  sigmoid.delta = 0.02;
  WaveOptions tanh = sigmoid;
  tanh.activation = Activation(Activation::Kind::tanh);
  tanh.sharpness = sigmoid.sharpness / 2;
  const WaveCertificate a = certify_wave_family(sigmoid), b = certify_wave_family(tanh);
  REQUIRE(a.classes.size() == b.classes.size());
  for (std::size_t c = 0; c < a.classes.size(); ++c)
    CHECK(b.classes[c].gamma == doctest::Approx(a.classes[c].gamma).epsilon(1e-9).scale(1e-300));
  CHECK(b.lambda == doctest::Approx(a.lambda).epsilon(1e-12));
}
