#pragma once
// Pointwise activation functions σ of a network layer, parsed from names such as "leaky_relu:0.1".
#include <Eigen/Core>
#include <string>
#include <string_view>
#include <vector>

#include "nnm/core/enum_names.hpp"

namespace nnm {

class Activation {
 public:
  enum class Kind { relu, leaky_relu, sigmoid, tanh, softplus, abs, quadratic, identity };

  Activation() = default;
  explicit Activation(Kind kind, double alpha = 0.0);

  /// Parses "relu", "leaky_relu:ALPHA", "sigmoid", ... Throws InputError listing the valid names.
  static Activation parse(std::string_view name);
  /// The names parse() accepts, as shown to users.
  static std::vector<std::string> names();

  Kind kind() const { return kind_; }
  double alpha() const { return alpha_; }  ///< negative-side slope of leaky_relu
  std::string name() const;                ///< round-trips through parse()

  double operator()(double t) const;
  /// σ applied to every entry, in place.
  void apply(Eigen::Ref<Eigen::MatrixXd> z) const;
  /// σ'(t); at a kink (relu, leaky_relu and abs at 0) the right derivative.
  double derivative(double t) const;
  /// g ⊙= σ'(z) entry by entry: backpropagation through the activation.
  void multiply_by_derivative(const Eigen::Ref<const Eigen::MatrixXd>& z,
                              Eigen::Ref<Eigen::MatrixXd> g) const;

  /// σ(t) = c1·t + c2·|t|: true for relu and leaky_relu (the activations spectral recovery covers).
  bool is_linear_plus_abs() const;
  double linear_coefficient() const;  ///< c1 of the decomposition above
  double abs_coefficient() const;     ///< c2 of the decomposition above

 private:
  Kind kind_ = Kind::relu;
  double alpha_ = 0.0;
};

/// Names of the kinds; leaky_relu is written "leaky_relu:ALPHA" by Activation::name().
constexpr auto enum_table(Activation::Kind) {
  using K = Activation::Kind;
  return make_enum_table<K>("activation", {{K::relu, "relu"},
                                           {K::leaky_relu, "leaky_relu"},
                                           {K::sigmoid, "sigmoid"},
                                           {K::tanh, "tanh"},
                                           {K::softplus, "softplus"},
                                           {K::abs, "abs"},
                                           {K::quadratic, "quadratic"},
                                           {K::identity, "identity"}});
}

}  // namespace nnm
