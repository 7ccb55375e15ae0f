#include "nnm/data/distributions.hpp"

#include <Eigen/Cholesky>
#include <charconv>
#include <cmath>
#include <optional>

#include "nnm/core/error.hpp"
#include "nnm/core/random.hpp"

namespace nnm {

Eigen::VectorXd InputLaw::mean() const { return Eigen::VectorXd::Zero(dim_); }

void InputLaw::sample(std::uint64_t first, Eigen::Ref<Eigen::MatrixXd> out) const {
  Eigen::VectorXd x(dim_);
  for (Eigen::Index r = 0; r < out.rows(); ++r) {
    Random rng(seed_, streams::inputs, first + static_cast<std::uint64_t>(r));
    draw(rng, x);
    out.row(r) = x.transpose();
  }
}

Eigen::MatrixXd InputLaw::sample(std::uint64_t first, Eigen::Index count) const {
  Eigen::MatrixXd out(count, dim_);
  sample(first, out);
  return out;
}

namespace {

std::string format_number(double v) {
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, res.ptr);
}

Eigen::VectorXd random_unit_vector(Eigen::Index d, std::uint64_t seed, std::uint64_t index) {
  Eigen::VectorXd u = random_normal_matrix(d, 1, seed, streams::law_params, index);
  return u / u.norm();
}

// ---- the laws -------------------------------------------------------------------------------

class Gaussian final : public InputLaw {
 public:
  Gaussian(std::string name, Eigen::VectorXd mean, const Eigen::MatrixXd& cov, std::uint64_t seed)
      : InputLaw(mean.size(), seed), name_(std::move(name)), mean_(std::move(mean)), cov_(cov) {
    Eigen::LLT<Eigen::MatrixXd> llt(cov);
    if (llt.info() != Eigen::Success || cov.rows() != dim() || cov.cols() != dim())
      throw InputError("gaussian law: covariance is not a positive definite " +
                       std::to_string(dim()) + " × " + std::to_string(dim()) + " matrix");
    chol_ = llt.matrixL();
  }
  std::string name() const override { return name_; }
  bool symmetric() const override { return mean_.isZero(0.0); }
  Eigen::VectorXd mean() const override { return mean_; }
  Eigen::MatrixXd covariance() const override { return cov_; }

 protected:
  void draw(Random& rng, Eigen::Ref<Eigen::VectorXd> x) const override {
    Eigen::VectorXd z(dim());
    for (Eigen::Index j = 0; j < dim(); ++j) z[j] = rng.normal();
    x = mean_ + chol_.triangularView<Eigen::Lower>() * z;
  }

 private:
  std::string name_;
  Eigen::VectorXd mean_;
  Eigen::MatrixXd cov_, chol_;
};

/// Laws with iid coordinates drawn by one scalar sampler.
template <class Draw>
class Iid final : public InputLaw {
 public:
  Iid(std::string name, Eigen::Index d, std::uint64_t seed, bool symmetric, double mean,
      double variance, Draw draw_one)
      : InputLaw(d, seed),
        name_(std::move(name)),
        symmetric_(symmetric),
        mean_(mean),
        variance_(variance),
        draw_one_(draw_one) {}
  std::string name() const override { return name_; }
  bool symmetric() const override { return symmetric_; }
  Eigen::VectorXd mean() const override { return Eigen::VectorXd::Constant(dim(), mean_); }
  Eigen::MatrixXd covariance() const override {
    return variance_ * Eigen::MatrixXd::Identity(dim(), dim());
  }

 protected:
  void draw(Random& rng, Eigen::Ref<Eigen::VectorXd> x) const override {
    for (Eigen::Index j = 0; j < dim(); ++j) x[j] = draw_one_(rng);
  }

 private:
  std::string name_;
  bool symmetric_;
  double mean_, variance_;
  Draw draw_one_;
};

template <class Draw>
std::unique_ptr<InputLaw> iid(std::string name, Eigen::Index d, std::uint64_t seed, bool symmetric,
                              double mean, double variance, Draw draw_one) {
  return std::make_unique<Iid<Draw>>(std::move(name), d, seed, symmetric, mean, variance, draw_one);
}

class Sphere final : public InputLaw {
 public:
  Sphere(Eigen::Index d, std::uint64_t seed) : InputLaw(d, seed) {}
  std::string name() const override { return "sphere"; }
  bool symmetric() const override { return true; }
  Eigen::MatrixXd covariance() const override { return Eigen::MatrixXd::Identity(dim(), dim()); }

 protected:
  void draw(Random& rng, Eigen::Ref<Eigen::VectorXd> x) const override {
    double norm2;
    do {
      for (Eigen::Index j = 0; j < dim(); ++j) x[j] = rng.normal();
      norm2 = x.squaredNorm();
    } while (norm2 == 0.0);
    x *= std::sqrt(static_cast<double>(dim()) / norm2);
  }
};

/// Equal-weight mixture of N(±μ_j, s² I): symmetric by construction.
class SymmetricMixture final : public InputLaw {
 public:
  SymmetricMixture(std::string name, Eigen::MatrixXd centres, double s, std::uint64_t seed)
      : InputLaw(centres.rows(), seed),
        name_(std::move(name)),
        centres_(std::move(centres)),
        s_(s) {}
  std::string name() const override { return name_; }
  bool symmetric() const override { return true; }
  Eigen::MatrixXd covariance() const override {
    const auto c = static_cast<double>(centres_.cols());
    return s_ * s_ * Eigen::MatrixXd::Identity(dim(), dim()) + centres_ * centres_.transpose() / c;
  }

 protected:
  void draw(Random& rng, Eigen::Ref<Eigen::VectorXd> x) const override {
    const auto j =
        static_cast<Eigen::Index>(rng.below(static_cast<std::uint64_t>(centres_.cols())));
    const double sign = rng.sign();
    for (Eigen::Index i = 0; i < dim(); ++i) x[i] = sign * centres_(i, j) + s_ * rng.normal();
  }

 private:
  std::string name_;
  Eigen::MatrixXd centres_;
  double s_;
};

// ---- the catalogue --------------------------------------------------------------------------

std::string valid_names() {
  std::string s;
  for (const auto& info : input_law_catalogue()) s += (s.empty() ? "" : ", ") + info.pattern;
  return s;
}

/// Parses the optional ":VALUE" of a law name; nullopt when absent.
std::optional<double> parameter(std::string_view name, std::string_view arg) {
  if (arg.empty()) return std::nullopt;
  double v = 0;
  const auto [end, ec] = std::from_chars(arg.data(), arg.data() + arg.size(), v);
  if (ec != std::errc() || end != arg.data() + arg.size() || !std::isfinite(v))
    throw InputError("input law '" + std::string(name) + "': parameter '" + std::string(arg) +
                     "' is not a number");
  return v;
}

}  // namespace

const std::vector<InputLawInfo>& input_law_catalogue() {
  static const std::vector<InputLawInfo> catalogue = {
      {"gaussian", "N(0, I)", true},
      {"gaussian_cov[:KAPPA]",
       "N(0, Σ), Σ random with condition number KAPPA (default 10), mean eigenvalue 1", true},
      {"uniform", "uniform on the cube [−√3, √3]^d (unit variance)", true},
      {"rademacher", "independent ±1 coordinates", true},
      {"laplace", "independent Laplace coordinates with unit variance", true},
      {"student_t[:NU]", "independent Student-t coordinates, NU > 2 degrees of freedom (default 5)",
       true},
      {"sphere", "uniform on the sphere of radius √d", true},
      {"mix2[:R]", "½N(μ, ¼I) + ½N(−μ, ¼I), μ a random direction of length R (default 1)", true},
      {"gmix[:C]", "symmetrised mixture of N(±μ_j, ¼I), C random unit centres (default 3)", true},
      {"shifted_gaussian[:S]", "N(μ, I), μ = S·(1,…,1)/√d (default S = 1); NOT symmetric", false},
      {"exponential", "independent centred Exp(1) − 1 coordinates; NOT symmetric", false},
  };
  return catalogue;
}

std::unique_ptr<InputLaw> make_gaussian_law(const Eigen::VectorXd& mean,
                                            const Eigen::MatrixXd& covariance, std::uint64_t seed) {
  return std::make_unique<Gaussian>("gaussian_given", mean, covariance, seed);
}

std::unique_ptr<InputLaw> make_input_law(std::string_view name, Eigen::Index d,
                                         std::uint64_t seed) {
  if (d < 1) throw InputError("input dimension must be at least 1, got " + std::to_string(d));
  const auto colon = name.find(':');
  const std::string_view base = name.substr(0, colon);
  const std::string_view arg =
      colon == std::string_view::npos ? std::string_view{} : name.substr(colon + 1);
  const auto p = parameter(name, arg);
  const auto no_parameter = [&] {
    if (p) throw InputError("input law '" + std::string(base) + "' takes no parameter");
  };
  const auto full = [&](double v) { return std::string(base) + ":" + format_number(v); };
  const Eigen::VectorXd zero = Eigen::VectorXd::Zero(d);
  const Eigen::MatrixXd eye = Eigen::MatrixXd::Identity(d, d);

  if (base == "gaussian") {
    no_parameter();
    return std::make_unique<Gaussian>("gaussian", zero, eye, seed);
  }
  if (base == "gaussian_cov") {
    const double kappa = p.value_or(10.0);
    if (!(kappa >= 1.0)) throw InputError("input law gaussian_cov: KAPPA must be ≥ 1");
    // Eigenvalues geometric between 1 and 1/κ, rescaled to mean 1, in a random basis.
    Eigen::VectorXd ev(d);
    for (Eigen::Index j = 0; j < d; ++j)
      ev[j] = d == 1 ? 1.0 : std::pow(kappa, -static_cast<double>(j) / static_cast<double>(d - 1));
    ev *= static_cast<double>(d) / ev.sum();
    const Eigen::MatrixXd q = random_orthogonal(d, seed, streams::law_params, 0);
    const Eigen::MatrixXd cov = q * ev.asDiagonal() * q.transpose();
    return std::make_unique<Gaussian>(full(kappa), zero, 0.5 * (cov + cov.transpose()), seed);
  }
  if (base == "uniform") {
    no_parameter();
    return iid("uniform", d, seed, true, 0.0, 1.0,
               [](Random& r) { return r.uniform(-std::sqrt(3.0), std::sqrt(3.0)); });
  }
  if (base == "rademacher") {
    no_parameter();
    return iid("rademacher", d, seed, true, 0.0, 1.0, [](Random& r) { return r.sign(); });
  }
  if (base == "laplace") {
    no_parameter();
    return iid("laplace", d, seed, true, 0.0, 1.0,
               [](Random& r) { return r.sign() * r.exponential() / std::sqrt(2.0); });
  }
  if (base == "student_t") {
    const double nu = p.value_or(5.0);
    if (!(nu > 2.0))
      throw InputError("input law student_t: NU must be > 2 (finite variance), got " +
                       format_number(nu));
    return iid(full(nu), d, seed, true, 0.0, nu / (nu - 2.0),
               [nu](Random& r) { return r.student_t(nu); });
  }
  if (base == "sphere") {
    no_parameter();
    return std::make_unique<Sphere>(d, seed);
  }
  if (base == "mix2") {
    const double radius = p.value_or(1.0);
    if (!(radius >= 0.0)) throw InputError("input law mix2: R must be ≥ 0");
    Eigen::MatrixXd centre = radius * random_unit_vector(d, seed, 0);
    return std::make_unique<SymmetricMixture>(full(radius), centre, 0.5, seed);
  }
  if (base == "gmix") {
    const double c = p.value_or(3.0);
    if (!(c >= 1.0 && c <= 1000.0 && c == std::floor(c)))
      throw InputError("input law gmix: C must be a whole number from 1 to 1000");
    Eigen::MatrixXd centres(d, static_cast<Eigen::Index>(c));
    for (Eigen::Index j = 0; j < centres.cols(); ++j)
      centres.col(j) = random_unit_vector(d, seed, static_cast<std::uint64_t>(j) + 1);
    return std::make_unique<SymmetricMixture>(full(c), centres, 0.5, seed);
  }
  if (base == "shifted_gaussian") {
    const double shift = p.value_or(1.0);
    const Eigen::VectorXd mu =
        Eigen::VectorXd::Constant(d, shift / std::sqrt(static_cast<double>(d)));
    return std::make_unique<Gaussian>(full(shift), mu, eye, seed);
  }
  if (base == "exponential") {
    no_parameter();
    return iid("exponential", d, seed, false, 0.0, 1.0,
               [](Random& r) { return r.exponential() - 1.0; });
  }
  throw InputError("unknown input law '" + std::string(name) + "' (valid: " + valid_names() + ")");
}

}  // namespace nnm
