#include "nnm/learn/optimizer.hpp"

#include <fmt/format.h>
#include <cmath>

#include <numbers>

#include "nnm/core/error.hpp"

namespace nnm {

void OptimizerSettings::validate() const {
  auto fail = [](const char* field, const char* rule, double value) {
    throw InputError(fmt::format("OptimizerSettings: {} must be {}, got {:g}", field, rule, value));
  };
  if (!(momentum >= 0.0 && momentum < 1.0)) fail("momentum", "in [0, 1)", momentum);
  if (!(beta1 >= 0.0 && beta1 < 1.0)) fail("beta1", "in [0, 1)", beta1);
  if (!(beta2 >= 0.0 && beta2 < 1.0)) fail("beta2", "in [0, 1)", beta2);
  if (!(epsilon > 0.0 && std::isfinite(epsilon))) fail("epsilon", "positive and finite", epsilon);
  if (!(weight_decay >= 0.0 && std::isfinite(weight_decay)))
    fail("weight_decay", "non-negative and finite", weight_decay);
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

void LearningRateSchedule::validate() const {
  auto fail = [](const char* field, const char* rule, double value) {
    throw InputError(
        fmt::format("LearningRateSchedule: {} must be {}, got {:g}", field, rule, value));
  };
  if (!(base > 0.0 && std::isfinite(base)))
    fail("base (the learning rate)", "positive and finite", base);
  if (step_epochs < 1) fail("step_epochs", "at least 1", step_epochs);
  if (!(gamma > 0.0 && gamma <= 1.0)) fail("gamma", "in (0, 1]", gamma);
  if (!(final_fraction >= 0.0 && final_fraction <= 1.0))
    fail("final_fraction", "in [0, 1]", final_fraction);
  if (warmup_epochs < 0) fail("warmup_epochs", "non-negative", warmup_epochs);
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
