#include "nnm/learn/optimizer.hpp"

#include <cmath>
#include <numbers>

#include "nnm/core/error.hpp"

namespace nnm {

OptimizerKind parse_optimizer(std::string_view name) {
  if (name == "sgd") return OptimizerKind::sgd;
  if (name == "adam") return OptimizerKind::adam;
  throw InputError("unknown optimizer '" + std::string(name) + "' (valid: sgd, adam)");
}

std::string to_string(OptimizerKind kind) { return kind == OptimizerKind::sgd ? "sgd" : "adam"; }

void OptimizerSettings::validate() const {
  if (!(momentum >= 0.0 && momentum < 1.0))
    throw InputError("optimizer: momentum must be in [0, 1), got " + std::to_string(momentum));
  if (!(beta1 >= 0.0 && beta1 < 1.0))
    throw InputError("optimizer: beta1 must be in [0, 1), got " + std::to_string(beta1));
  if (!(beta2 >= 0.0 && beta2 < 1.0))
    throw InputError("optimizer: beta2 must be in [0, 1), got " + std::to_string(beta2));
  if (!(epsilon > 0.0 && std::isfinite(epsilon)))
    throw InputError("optimizer: epsilon must be positive");
  if (!(weight_decay >= 0.0 && std::isfinite(weight_decay)))
    throw InputError("optimizer: weight_decay must be non-negative");
}

Optimizer::Optimizer(const OptimizerSettings& settings, Eigen::Index parameter_count)
    : settings_(settings), first_(Eigen::VectorXd::Zero(parameter_count)) {
  settings_.validate();
  if (settings_.kind == OptimizerKind::adam) second_ = Eigen::VectorXd::Zero(parameter_count);
}

void Optimizer::step(Eigen::Ref<Eigen::VectorXd> theta, const Eigen::Ref<const Eigen::VectorXd>& g,
                     double rate) {
  ++steps_;
  const double decay = settings_.weight_decay;
  if (settings_.kind == OptimizerKind::sgd) {
    const double mu = settings_.momentum;
    if (decay > 0)
      first_ = mu * first_ + g + decay * theta;
    else
      first_ = mu * first_ + g;
    theta -= rate * first_;
    return;
  }
  const double b1 = settings_.beta1, b2 = settings_.beta2;
  const double t = static_cast<double>(steps_);
  const double c1 = 1.0 - std::pow(b1, t), c2 = 1.0 - std::pow(b2, t);
  // θ ← θ − η m̂ / (√v̂ + ε) with the bias corrections m̂ = m / c1, v̂ = v / c2 (as PyTorch).
  const double step = rate / c1;
  const double inv_sqrt_c2 = 1.0 / std::sqrt(c2);
  auto m = first_.array();
  auto v = second_.array();
  if (decay > 0) {
    const Eigen::ArrayXd gd = g.array() + decay * theta.array();
    m = b1 * m + (1 - b1) * gd;
    v = b2 * v + (1 - b2) * gd.square();
  } else {
    m = b1 * m + (1 - b1) * g.array();
    v = b2 * v + (1 - b2) * g.array().square();
  }
  theta.array() -= step * m / (v.sqrt() * inv_sqrt_c2 + settings_.epsilon);
}

ScheduleKind parse_schedule(std::string_view name) {
  if (name == "constant") return ScheduleKind::constant;
  if (name == "step") return ScheduleKind::step;
  if (name == "cosine") return ScheduleKind::cosine;
  throw InputError("unknown learning-rate schedule '" + std::string(name) +
                   "' (valid: constant, step, cosine)");
}

std::string to_string(ScheduleKind kind) {
  switch (kind) {
    case ScheduleKind::constant:
      return "constant";
    case ScheduleKind::step:
      return "step";
    case ScheduleKind::cosine:
      return "cosine";
  }
  return "?";
}

void LearningRateSchedule::validate() const {
  if (!(base > 0.0 && std::isfinite(base)))
    throw InputError("learning rate must be positive and finite, got " + std::to_string(base));
  if (step_epochs < 1) throw InputError("schedule: step_epochs must be at least 1");
  if (!(gamma > 0.0 && gamma <= 1.0)) throw InputError("schedule: gamma must be in (0, 1]");
  if (!(final_fraction >= 0.0 && final_fraction <= 1.0))
    throw InputError("schedule: final_fraction must be in [0, 1]");
  if (warmup_epochs < 0) throw InputError("schedule: warmup_epochs must be non-negative");
}

double LearningRateSchedule::rate(int epoch, int epochs) const {
  if (epoch < warmup_epochs) return base * (epoch + 1) / (warmup_epochs + 1);
  const int e = epoch - warmup_epochs, span = std::max(1, epochs - warmup_epochs);
  switch (kind) {
    case ScheduleKind::constant:
      return base;
    case ScheduleKind::step:
      return base * std::pow(gamma, e / step_epochs);
    case ScheduleKind::cosine: {
      const double f =
          final_fraction + (1 - final_fraction) * 0.5 * (1 + std::cos(std::numbers::pi * e / span));
      return base * f;
    }
  }
  return base;
}

}  // namespace nnm
