// Pass 3 of spectral recovery and the optional polish: output weights by least squares, then
// refinement steps on W that are kept only when they lower the training residual.
#include <Eigen/Dense>
#include <vector>

#include "nnm/data/block_reduce.hpp"
#include "nnm/recovery/metrics.hpp"
#include "recovery/stages.hpp"

namespace nnm::detail {
namespace {

/// Gauss–Newton statistics for W with A held fixed, at the current network: for the square loss
/// of y − A σ(Wx), Jᵀr (k × d) and the blocks S_ii' = Σ σ'_i σ'_i' x xᵀ of JᵀJ, whose (i, i') block
/// is (AᵀA)_ii' S_ii'. Everything is a dense product over the block.
class GaussNewtonAccumulator {
 public:
  explicit GaussNewtonAccumulator(const Network& net)
      : net_(&net),
        jtr_(Eigen::MatrixXd::Zero(net.hidden(), net.input_dim())),
        blocks_(static_cast<std::size_t>(net.hidden() * net.hidden()),
                Eigen::MatrixXd::Zero(net.input_dim(), net.input_dim())) {}
  void add(const Eigen::Ref<const Eigen::MatrixXd>& X, const Eigen::Ref<const Eigen::MatrixXd>& Y) {
    const Eigen::Index k = net_->hidden();
    const Eigen::MatrixXd z = X * net_->W.transpose();
    Eigen::MatrixXd h = z;
    net_->activation.apply(h);
    const double slope_neg =
        net_->activation.kind() == Activation::Kind::leaky_relu ? net_->activation.alpha() : 0.0;
    const Eigen::MatrixXd slope =
        z.unaryExpr([slope_neg](double v) { return v > 0 ? 1.0 : slope_neg; });
    const Eigen::MatrixXd r = Y - h * net_->A.transpose();
    jtr_.noalias() += (slope.cwiseProduct(r * net_->A)).transpose() * X;
    for (Eigen::Index i = 0; i < k; ++i)
      for (Eigen::Index j = i; j < k; ++j) {
        const Eigen::MatrixXd weighted = slope.col(i).cwiseProduct(slope.col(j)).asDiagonal() * X;
        blocks_[static_cast<std::size_t>(i * k + j)].noalias() += weighted.transpose() * X;
      }
  }
  void merge(const GaussNewtonAccumulator& o) {
    jtr_ += o.jtr_;
    for (std::size_t b = 0; b < blocks_.size(); ++b) blocks_[b] += o.blocks_[b];
  }
  void save(StateWriter& out) const { out << jtr_ << blocks_; }
  void load(StateReader& in) { in >> jtr_ >> blocks_; }
  /// The Levenberg–Marquardt step ΔW (k × d) for damping λ (relative to the diagonal of JᵀJ).
  Eigen::MatrixXd step(double lambda) const {
    const Eigen::Index k = net_->hidden(), d = net_->input_dim();
    const Eigen::MatrixXd ata = net_->A.transpose() * net_->A;
    Eigen::MatrixXd jtj(k * d, k * d);
    for (Eigen::Index i = 0; i < k; ++i)
      for (Eigen::Index j = i; j < k; ++j) {
        const Eigen::MatrixXd b = ata(i, j) * blocks_[static_cast<std::size_t>(i * k + j)];
        jtj.block(i * d, j * d, d, d) = b;
        jtj.block(j * d, i * d, d, d) = b.transpose();
      }
    jtj.diagonal() *= 1.0 + lambda;
    Eigen::VectorXd g(k * d);
    for (Eigen::Index i = 0; i < k; ++i) g.segment(i * d, d) = jtr_.row(i).transpose();
    const Eigen::VectorXd delta = jtj.ldlt().solve(g);
    Eigen::MatrixXd out(k, d);
    for (Eigen::Index i = 0; i < k; ++i) out.row(i) = delta.segment(i * d, d).transpose();
    return out;
  }

 private:
  const Network* net_;
  Eigen::MatrixXd jtr_;
  std::vector<Eigen::MatrixXd> blocks_;  // (i, j) at i·k + j, for j ≥ i
};

}  // namespace

HiddenFitAccumulator::HiddenFitAccumulator(const Network& net, Eigen::Index m)
    : net_(&net),
      hh_(Eigen::MatrixXd::Zero(net.hidden(), net.hidden())),
      yh_(Eigen::MatrixXd::Zero(m, net.hidden())),
      hx_(Eigen::MatrixXd::Zero(net.hidden(), net.input_dim())) {}

void HiddenFitAccumulator::add(const Eigen::Ref<const Eigen::MatrixXd>& X,
                               const Eigen::Ref<const Eigen::MatrixXd>& Y) {
  n_ += static_cast<double>(X.rows());
  const Eigen::MatrixXd h = net_->hidden_activations(X);
  hh_.noalias() += h.transpose() * h;
  yh_.noalias() += Y.transpose() * h;
  hx_.noalias() += h.transpose() * X;
}

void HiddenFitAccumulator::merge(const HiddenFitAccumulator& o) {
  n_ += o.n_;
  hh_ += o.hh_;
  yh_ += o.yh_;
  hx_ += o.hx_;
}

Eigen::MatrixXd HiddenFitAccumulator::solve() const {
  return hh_.transpose().ldlt().solve(yh_.transpose()).transpose();
}

double HiddenFitAccumulator::residual(const Eigen::MatrixXd& A, double mean_yy) const {
  return std::max(
      0.0, mean_yy + ((A * hh_ * A.transpose()).trace() - 2 * (A * yh_.transpose()).trace()) / n_);
}

StageResult RecoveryRun::fit_outputs(Network& net) {
  fit_start_ = Clock::now();
  if (!net.W.allFinite())
    return Failure{RecoveryStatus::diagonalisation_failed,
                   "the joint diagonalisation returned a singular basis (two units coincide): too "
                   "few samples, or k is larger than the number of distinct units"};
  HiddenFitAccumulator fit = block_reduce(source_, HiddenFitAccumulator(net, s_.m));
  net.A = fit.solve();
  ++s_.passes;
  residual_ = fit.residual(net.A, mom_->mean_squared_y());
  spectral_residual_ = residual_;
  // E[σ(Ŵx)xᵀ] − c₁ŴE[xxᵀ] = c₂E[|Ŵx|xᵀ] vanishes for symmetric x; what it is here, through Â,
  // is the part of E[yxᵀ] that the asymmetry adds to the odd part W is read from.
  const Eigen::MatrixXd leak =
      net.A * (fit.hidden_cross() - o_.activation.linear_coefficient() * net.W * sigma_);
  s_.symmetry_bias = leak.norm() / std::max(mom_->cross_moment().norm(), 1e-300);
  net = normalise_units(net);
  return std::nullopt;
}

// Every candidate W gets least-squares output weights, and is kept only if it lowers the training
// residual, so polishing never makes the fit worse.
bool RecoveryRun::try_candidate(Network candidate, Network& net) {
  if (!candidate.W.allFinite()) return false;
  const HiddenFitAccumulator cfit = block_reduce(source_, HiddenFitAccumulator(candidate, s_.m));
  ++s_.passes;
  candidate.A = cfit.solve();
  const double cres = cfit.residual(candidate.A, mom_->mean_squared_y());
  if (!candidate.A.allFinite() || !(cres < residual_)) return false;
  net = normalise_units(candidate);  // σ is positively homogeneous
  residual_ = cres;
  return true;
}

void RecoveryRun::polish(Network& net) {
  if (o_.polish == PolishMethod::alternate)
    polish_alternate(net);
  else
    polish_gauss_newton(net);
}

// Ŵ ← rownorm(Â⁺B̂), with B̂ = AW read off the linear part.
void RecoveryRun::polish_alternate(Network& net) {
  const Eigen::MatrixXd product = mom_->cross_moment() *
                                  sigma_.ldlt().solve(Eigen::MatrixXd::Identity(s_.d, s_.d)) /
                                  o_.activation.linear_coefficient();
  for (int it = 0; it < o_.polish_iterations; ++it) {
    begin("polish");
    Network candidate = net;
    candidate.W = net.A.completeOrthogonalDecomposition().solve(product);
    candidate.W.rowwise().normalize();
    if (!try_candidate(std::move(candidate), net)) break;
  }
}

// Levenberg–Marquardt on W (A fixed within a step, then re-solved): one pass for the Gauss–Newton
// statistics, one to fit A and score the candidate; a rejected step is retried from the same
// statistics with more damping.
void RecoveryRun::polish_gauss_newton(Network& net) {
  double lambda = 1e-3;
  for (int it = 0; it < o_.polish_iterations; ++it) {
    begin("polish");
    const GaussNewtonAccumulator gn = block_reduce(source_, GaussNewtonAccumulator(net));
    ++s_.passes;
    bool accepted = false;
    for (int attempt = 0; attempt < 4 && !accepted; ++attempt) {
      Network candidate = net;
      candidate.W += gn.step(lambda);
      accepted = try_candidate(std::move(candidate), net);
      lambda = accepted ? lambda / 3 : lambda * 10;
    }
    if (!accepted) break;
  }
}

void RecoveryRun::finish_fit(const Network& net) {
  s_.seconds_output_fit = seconds_since(fit_start_);
  s_.cond_W = condition_number(net.W);
  const double variance = mom_->mean_squared_y() - mom_->mean_y().squaredNorm();
  s_.fit_residual = residual_ / variance;
  s_.spectral_fit_residual = spectral_residual_ / variance;
  s_.linear_residual = mom_->affine_residual() / variance;
}

}  // namespace nnm::detail
