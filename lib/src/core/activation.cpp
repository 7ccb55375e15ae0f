#include "nnm/core/activation.hpp"

#include <charconv>
#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "nnm/core/error.hpp"

namespace nnm {

Activation::Activation(Kind kind, double alpha) : kind_(kind), alpha_(alpha) {
  if (kind == Kind::leaky_relu && !(alpha >= 0.0 && alpha < 1.0))
    throw InputError(fmt::format("leaky_relu slope must be in [0, 1), got {:g}", alpha));
}

std::vector<std::string> Activation::names() {
  std::vector<std::string> out;
  for (const auto& [kind, name] : enum_table(Kind{}).entries)
    out.push_back(kind == Kind::leaky_relu ? std::string(name) + ":ALPHA" : std::string(name));
  return out;
}

Activation Activation::parse(std::string_view name) {
  const auto colon = name.find(':');
  const std::string_view base = name.substr(0, colon);
  Kind kind;
  try {
    kind = parse_enum<Kind>(base);
  } catch (const InputError&) {
    // The user's whole name, and leaky_relu shown with its parameter.
    throw InputError("unknown activation '" + std::string(name) +
                     "' (valid: " + fmt::format("{}", fmt::join(names(), ", ")) + ")");
  }
  if (kind != Kind::leaky_relu) {
    if (colon != std::string_view::npos)
      throw InputError("unknown activation '" + std::string(name) + "' (only leaky_relu takes a " +
                       "parameter: leaky_relu:ALPHA)");
    return Activation(kind);
  }
  double alpha = 0.01;
  if (colon != std::string_view::npos) {
    const std::string_view arg = name.substr(colon + 1);
    const auto [end, ec] = std::from_chars(arg.data(), arg.data() + arg.size(), alpha);
    if (ec != std::errc() || end != arg.data() + arg.size())
      throw InputError("activation '" + std::string(name) + "': slope is not a number");
  }
  return Activation(Kind::leaky_relu, alpha);
}

std::string Activation::name() const {
  if (kind_ == Kind::leaky_relu) return fmt::format("leaky_relu:{}", alpha_);
  return std::string(enum_name(kind_));
}

double Activation::operator()(double t) const {
  switch (kind_) {
    case Kind::relu:
      return t > 0 ? t : 0.0;
    case Kind::leaky_relu:
      return t > 0 ? t : alpha_ * t;
    case Kind::sigmoid:
      return 1.0 / (1.0 + std::exp(-t));
    case Kind::tanh:
      return std::tanh(t);
    case Kind::softplus:
      return t > 30 ? t : std::log1p(std::exp(t));
    case Kind::abs:
      return std::abs(t);
    case Kind::quadratic:
      return t * t;
    case Kind::identity:
      return t;
  }
  return t;
}

void Activation::apply(Eigen::Ref<Eigen::MatrixXd> z) const {
  switch (kind_) {  // the common cases vectorised, the rest entry by entry
    case Kind::relu:
      z = z.cwiseMax(0.0);
      return;
    case Kind::identity:
      return;
    case Kind::abs:
      z = z.cwiseAbs();
      return;
    case Kind::quadratic:
      z = z.cwiseAbs2();
      return;
    case Kind::leaky_relu:
      z = z.cwiseMax(0.0) + alpha_ * z.cwiseMin(0.0);
      return;
    default:
      z = z.unaryExpr([this](double t) { return (*this)(t); });
      return;
  }
}

double Activation::derivative(double t) const {
  switch (kind_) {
    case Kind::relu:
      return t > 0 ? 1.0 : 0.0;
    case Kind::leaky_relu:
      return t > 0 ? 1.0 : alpha_;
    case Kind::sigmoid: {
      const double s = 1.0 / (1.0 + std::exp(-t));
      return s * (1.0 - s);
    }
    case Kind::tanh: {
      const double th = std::tanh(t);
      return 1.0 - th * th;
    }
    case Kind::softplus:
      return 1.0 / (1.0 + std::exp(-t));
    case Kind::abs:
      return t >= 0 ? 1.0 : -1.0;
    case Kind::quadratic:
      return 2.0 * t;
    case Kind::identity:
      return 1.0;
  }
  return 1.0;
}

void Activation::multiply_by_derivative(const Eigen::Ref<const Eigen::MatrixXd>& z,
                                        Eigen::Ref<Eigen::MatrixXd> g) const {
  switch (kind_) {  // the common cases vectorised, the rest entry by entry
    case Kind::relu:
      g = (z.array() > 0.0).select(g, 0.0);
      return;
    case Kind::identity:
      return;
    case Kind::leaky_relu:
      g = (z.array() > 0.0).select(g, alpha_ * g);
      return;
    default:
      g = g.binaryExpr(z, [this](double gi, double t) { return gi * derivative(t); });
      return;
  }
}

bool Activation::is_linear_plus_abs() const {
  return kind_ == Kind::relu || kind_ == Kind::leaky_relu;
}
double Activation::linear_coefficient() const {
  return kind_ == Kind::leaky_relu ? (1.0 + alpha_) / 2 : kind_ == Kind::relu ? 0.5 : 0.0;
}
double Activation::abs_coefficient() const {
  return kind_ == Kind::leaky_relu ? (1.0 - alpha_) / 2 : kind_ == Kind::relu ? 0.5 : 0.0;
}

}  // namespace nnm
