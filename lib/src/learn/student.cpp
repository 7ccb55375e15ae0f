#include "nnm/learn/student.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "nnm/core/error.hpp"
#include "nnm/core/random.hpp"

namespace nnm {

Student::Student(Eigen::Index input_dim, std::vector<Eigen::Index> hidden, Eigen::Index output_dim,
                 Activation activation)
    : input_dim_(input_dim),
      output_dim_(output_dim),
      hidden_(std::move(hidden)),
      activation_(activation) {
  if (input_dim_ < 1) throw InputError("student: input dimension must be at least 1");
  if (output_dim_ < 1) throw InputError("student: output dimension must be at least 1");
  if (hidden_.empty()) throw InputError("student: at least one hidden layer is needed");
  for (const Eigen::Index width : hidden_)
    if (width < 1) throw InputError("student: every hidden width must be at least 1");
  Eigen::Index total = 0;
  for (std::size_t l = 0; l < layer_count(); ++l) {
    offsets_.push_back(total);
    total += fan_out(l) * (fan_in(l) + 1);
  }
  parameters_ = Eigen::VectorXd::Zero(total);
}

Student Student::from_network(const Network& network) {
  network.validate();
  Student s(network.input_dim(), {network.hidden()}, network.output_dim(), network.activation);
  s.weights(0) = network.W;
  s.weights(1) = network.A;
  if (network.b.size()) s.biases(0) = network.b;
  if (network.c.size()) s.biases(1) = network.c;
  return s;
}

Eigen::Index Student::fan_in(std::size_t layer) const {
  return layer == 0 ? input_dim_ : hidden_[layer - 1];
}
Eigen::Index Student::fan_out(std::size_t layer) const {
  return layer < hidden_.size() ? hidden_[layer] : output_dim_;
}

void Student::initialise(std::uint64_t seed) {
  Random rng(seed, streams::training, 0);
  for (std::size_t l = 0; l < layer_count(); ++l) {
    const double bound = 1.0 / std::sqrt(static_cast<double>(fan_in(l)));
    auto W = weights(l);
    for (Eigen::Index j = 0; j < W.cols(); ++j)
      for (Eigen::Index i = 0; i < W.rows(); ++i) W(i, j) = rng.uniform(-bound, bound);
    auto b = biases(l);
    for (Eigen::Index i = 0; i < b.size(); ++i) b[i] = rng.uniform(-bound, bound);
  }
}

Eigen::Map<Eigen::MatrixXd> Student::weights(std::size_t l) {
  return {parameters_.data() + offsets_.at(l), fan_out(l), fan_in(l)};
}
Eigen::Map<const Eigen::MatrixXd> Student::weights(std::size_t l) const {
  return {parameters_.data() + offsets_.at(l), fan_out(l), fan_in(l)};
}
Eigen::Map<Eigen::VectorXd> Student::biases(std::size_t l) {
  return {parameters_.data() + offsets_.at(l) + fan_out(l) * fan_in(l), fan_out(l)};
}
Eigen::Map<const Eigen::VectorXd> Student::biases(std::size_t l) const {
  return {parameters_.data() + offsets_.at(l) + fan_out(l) * fan_in(l), fan_out(l)};
}

void Student::predict_columns(const Eigen::Ref<const Eigen::MatrixXd>& Xt, Eigen::MatrixXd& Yt,
                              StudentWorkspace& ws) const {
  const std::size_t L = hidden_.size();
  ws.pre.resize(L);
  ws.post.resize(L);
  for (std::size_t l = 0; l < L; ++l) {
    auto& z = ws.pre[l];
    if (l == 0)
      z.noalias() = weights(0) * Xt;
    else
      z.noalias() = weights(l) * ws.post[l - 1];
    z.colwise() += biases(l);
    ws.post[l] = z;
    activation_.apply(ws.post[l]);
  }
  Yt.noalias() = weights(L) * ws.post[L - 1];
  Yt.colwise() += biases(L);
}

Eigen::MatrixXd Student::predict(const Eigen::Ref<const Eigen::MatrixXd>& X) const {
  if (X.cols() != input_dim_)
    throw InputError("student: inputs have " + std::to_string(X.cols()) + " columns, the network " +
                     std::to_string(input_dim_) + " inputs");
  StudentWorkspace ws;
  Eigen::MatrixXd Yt;
  predict_columns(X.transpose(), Yt, ws);
  return Yt.transpose();
}

double Student::gradient(const Eigen::Ref<const Eigen::MatrixXd>& Xt,
                         const Eigen::Ref<const Eigen::MatrixXd>& Yt, double scale,
                         Eigen::VectorXd& gradient, StudentWorkspace& ws) const {
  predict_columns(Xt, ws.output, ws);
  ws.output -= Yt;  // residuals r = ŷ − y
  const double sse = ws.output.squaredNorm();
  gradient.resize(parameters_.size());
  const std::size_t L = hidden_.size();
  auto grad_W = [&](std::size_t l) {
    return Eigen::Map<Eigen::MatrixXd>(gradient.data() + offsets_[l], fan_out(l), fan_in(l));
  };
  auto grad_b = [&](std::size_t l) {
    return Eigen::Map<Eigen::VectorXd>(gradient.data() + offsets_[l] + fan_out(l) * fan_in(l),
                                       fan_out(l));
  };
  // d(SSE)/dŷ = 2r; the scale is folded into the first delta so every later product carries it.
  // One delta buffer per layer, so repeated calls reuse their memory instead of reallocating.
  ws.deltas.resize(L + 1);
  ws.deltas[L] = (2.0 * scale) * ws.output;
  for (std::size_t l = L + 1; l-- > 0;) {
    const Eigen::MatrixXd& delta = ws.deltas[l];
    if (l == 0)
      grad_W(l).noalias() = delta * Xt.transpose();
    else
      grad_W(l).noalias() = delta * ws.post[l - 1].transpose();
    grad_b(l) = delta.rowwise().sum();
    if (l == 0) break;
    ws.deltas[l - 1].noalias() = weights(l).transpose() * delta;
    activation_.multiply_by_derivative(ws.pre[l - 1], ws.deltas[l - 1]);
  }
  return sse;
}

Network Student::to_network() const {
  if (hidden_.size() != 1)
    throw std::logic_error("Student::to_network: " + std::to_string(hidden_.size()) +
                           " hidden layers, a two-layer network has one");
  Network net;
  net.W = weights(0);
  net.b = biases(0);
  net.A = weights(1);
  net.c = biases(1);
  net.activation = activation_;
  return net;
}

}  // namespace nnm
