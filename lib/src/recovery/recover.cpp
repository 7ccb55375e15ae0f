#include "nnm/recovery/recover.hpp"

#include <omp.h>

#include <Eigen/Dense>
#include <chrono>
#include <cmath>
#include <limits>
#include <sstream>
#include <vector>

#include "nnm/core/error.hpp"
#include "nnm/data/block_reduce.hpp"
#include "nnm/linalg/joint_diagonalisation.hpp"
#include "nnm/linalg/whitening.hpp"
#include "nnm/recovery/detector.hpp"
#include "nnm/recovery/metrics.hpp"
#include "nnm/recovery/moments.hpp"

namespace nnm {

void RecoveryOptions::validate() const {
  if (!activation.is_linear_plus_abs())
    throw InputError(
        "spectral recovery needs σ(t) = c1·t + c2·|t| with c1, c2 ≠ 0 (relu or "
        "leaky_relu:ALPHA), not '" +
        activation.name() + "'");
  if (k < 0) throw InputError("RecoveryOptions.k must be ≥ 0 (0 = automatic)");
  if (jennrich_pairs < 1) throw InputError("RecoveryOptions.jennrich_pairs must be ≥ 1");
  if (polish_iterations < 0) throw InputError("RecoveryOptions.polish_iterations must be ≥ 0");
  if (threads < 0) throw InputError("RecoveryOptions.threads must be ≥ 0");
  if (!(min_spectral_gap >= 1)) throw InputError("RecoveryOptions.min_spectral_gap must be ≥ 1");
  if (!(max_off_diagonality > 0))
    throw InputError("RecoveryOptions.max_off_diagonality must be > 0");
  if (!(symmetry_z > 0) || !(symmetry_effect >= 0))
    throw InputError("RecoveryOptions.symmetry_z must be > 0 and symmetry_effect ≥ 0");
}

const char* to_string(RecoveryStatus s) {
  switch (s) {
    case RecoveryStatus::success:
      return "success";
    case RecoveryStatus::not_symmetric:
      return "not_symmetric";
    case RecoveryStatus::rank_deficient:
      return "rank_deficient";
    case RecoveryStatus::k_too_large:
      return "k_too_large";
    case RecoveryStatus::too_few_samples:
      return "too_few_samples";
    case RecoveryStatus::no_spectral_gap:
      return "no_spectral_gap";
    case RecoveryStatus::diagonalisation_failed:
      return "diagonalisation_failed";
    case RecoveryStatus::poor_fit:
      return "poor_fit";
  }
  return "unknown";
}

std::string RecoverySummary::brief_report() const {
  std::ostringstream o;
  o << "spectral recovery: " << to_string(status) << "\n"
    << "  n = " << n << ", d = " << d << ", m = " << m << ", k = " << k
    << (k_automatic ? " (automatic)" : "") << ", passes = " << passes << "\n"
    << "  symmetry: max z = " << symmetry_max_z << " (" << symmetry_worst
    << "), max effect = " << symmetry_max_effect << "\n"
    << "  detector gap = " << spectral_gap << ", Jennrich off-diagonality = " << off_diagonality
    << "\n"
    << "  cond(E[xx']) = " << cond_inputs << ", cond(reduced E[yx']) = " << cond_outputs
    << ", cond(W) = " << cond_W << "\n"
    << "  unexplained variance: model " << fit_residual << " (spectral estimate "
    << spectral_fit_residual << "), best affine fit " << linear_residual << "\n"
    << "  time: moments " << seconds_moments << " s, detector " << seconds_detector
    << " s, decomposition " << seconds_decomposition << " s, output fit " << seconds_output_fit
    << " s, total " << seconds_total << " s\n";
  if (!message.empty()) o << "  " << message << "\n";
  return o.str();
}

namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

/// Sets OpenMP's thread count for a scope and restores it afterwards.
class ThreadScope {
 public:
  explicit ThreadScope(int threads) : saved_(omp_get_max_threads()) {
    if (threads > 0) omp_set_num_threads(threads);
  }
  ~ThreadScope() { omp_set_num_threads(saved_); }

 private:
  int saved_;
};

/// E[σ(Wx) σ(Wx)ᵀ] and E[y σ(Wx)ᵀ]: the normal equations of y on the hidden activations.
class HiddenFitAccumulator {
 public:
  HiddenFitAccumulator(const Network& net, Eigen::Index m)
      : net_(&net),
        hh_(Eigen::MatrixXd::Zero(net.hidden(), net.hidden())),
        yh_(Eigen::MatrixXd::Zero(m, net.hidden())) {}
  void add(const Eigen::Ref<const Eigen::MatrixXd>& X, const Eigen::Ref<const Eigen::MatrixXd>& Y) {
    n_ += static_cast<double>(X.rows());
    const Eigen::MatrixXd h = net_->hidden_activations(X);
    hh_.noalias() += h.transpose() * h;
    yh_.noalias() += Y.transpose() * h;
  }
  void merge(const HiddenFitAccumulator& o) {
    n_ += o.n_;
    hh_ += o.hh_;
    yh_ += o.yh_;
  }
  /// Least-squares output weights: E[yhᵀ] E[hhᵀ]⁻¹.
  Eigen::MatrixXd solve() const {
    return hh_.transpose().ldlt().solve(yh_.transpose()).transpose();
  }
  /// E‖y − A h‖², given E‖y‖².
  double residual(const Eigen::MatrixXd& A, double mean_yy) const {
    return std::max(
        0.0,
        mean_yy + ((A * hh_ * A.transpose()).trace() - 2 * (A * yh_.transpose()).trace()) / n_);
  }

 private:
  const Network* net_;
  double n_ = 0;
  Eigen::MatrixXd hh_, yh_;
};

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

Eigen::MatrixXd inverse_sqrt(const Eigen::MatrixXd& s) {
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(0.5 * (s + s.transpose()));
  return eig.eigenvectors() *
         eig.eigenvalues().cwiseMax(1e-300).cwiseSqrt().cwiseInverse().asDiagonal() *
         eig.eigenvectors().transpose();
}

double condition_number(const Eigen::MatrixXd& m) {
  const Eigen::VectorXd s = Eigen::JacobiSVD<Eigen::MatrixXd>(m).singularValues();
  return s.size() ? s[0] / s[s.size() - 1] : 0.0;
}

std::string odd_statistic_name(Eigen::Index index, Eigen::Index d) {
  const std::string x = "x" + std::to_string(index % d + 1);
  switch (index / d) {
    case 0:
      return x;
    case 1:
      return x + "^3";
    default:
      return x + "*|x|^2/d";
  }
}

/// Fills the summary's symmetry fields; true when some odd statistic is clearly non-zero.
bool check_symmetry(const JointMomentAccumulator& mom, const RecoveryOptions& o,
                    RecoverySummary& s) {
  const Eigen::VectorXd z = mom.odd_z_scores(), effect = mom.odd_effect_sizes();
  Eigen::Index worst = 0;
  s.symmetry_max_z = z.maxCoeff(&worst);
  s.symmetry_max_effect = effect.maxCoeff();
  s.symmetry_worst = odd_statistic_name(worst, s.d);
  for (Eigen::Index i = 0; i < z.size(); ++i)
    if (z[i] > o.symmetry_z && effect[i] > o.symmetry_effect) {
      s.symmetry_worst = odd_statistic_name(i, s.d);
      std::ostringstream msg;
      msg << "the inputs do not look symmetric: E[" << s.symmetry_worst << "] is " << z[i]
          << " standard errors from 0 (effect size " << effect[i]
          << "); spectral recovery assumes x and -x are equally likely. Centre or symmetrise the "
             "inputs (e.g. add each sample's mirror image), or use --force to keep the model.";
      s.message = msg.str();
      return true;
    }
  return false;
}

}  // namespace

RecoveryResult recover(const SampleSource& source, const RecoveryOptions& o) {
  o.validate();
  const ThreadScope threads(o.threads);
  const auto start = Clock::now();
  RecoveryResult result;
  RecoverySummary& s = result.summary;
  s.d = source.dim();
  s.m = source.output_dim();
  if (s.m < 1) throw InputError("spectral recovery needs output columns y1..ym");
  const double c1 = o.activation.linear_coefficient(), c2 = o.activation.abs_coefficient();
  const auto fail = [&](RecoveryStatus status, const std::string& message) {
    s.status = status;
    s.message = message;
    s.seconds_total = seconds_since(start);
    return result;
  };
  if (o.k > s.d || o.k > s.m)
    return fail(RecoveryStatus::k_too_large,
                "k = " + std::to_string(o.k) +
                    " hidden units cannot be identified from d = " + std::to_string(s.d) +
                    " inputs and m = " + std::to_string(s.m) + " outputs (needs k ≤ d and k ≤ m)");

  // ---- pass 1: moments, symmetry, whitening, output reduction ---------------------------------
  auto t = Clock::now();
  const JointMomentAccumulator mom = block_reduce(source, JointMomentAccumulator(s.d, s.m));
  s.passes = 1;
  s.n = mom.count();
  s.seconds_moments = seconds_since(t);
  const bool asymmetric = check_symmetry(mom, o, s);
  const std::string asymmetry_message = s.message;
  s.message.clear();

  const Eigen::MatrixXd sigma = mom.second_moment();
  s.cond_inputs = condition_number(sigma);
  Eigen::MatrixXd white = Eigen::MatrixXd::Identity(s.d, s.d);
  if (o.whiten) {
    const Whitening w = whiten(sigma);
    if (!w.ok())
      return fail(RecoveryStatus::rank_deficient,
                  "the inputs are rank deficient (" + w.message +
                      "): drop constant or duplicated columns, or collect more varied samples");
    white = w.map;
  } else if (Eigen::LLT<Eigen::MatrixXd>(sigma).info() != Eigen::Success) {
    return fail(RecoveryStatus::rank_deficient,
                "E[xx'] is not positive definite: the inputs are rank deficient");
  }
  const Eigen::MatrixXd sigma_w = white * sigma * white.transpose();     // I when whitened
  const Eigen::MatrixXd cross = mom.cross_moment() * white.transpose();  // E[y x̃ᵀ], m × d

  // Singular values of E[y x̃ᵀ] against its sampling-noise floor give the number of units.
  Eigen::JacobiSVD<Eigen::MatrixXd> cross_svd(cross, Eigen::ComputeFullU);
  s.cross_singular_values = cross_svd.singularValues();
  const double entry_var =
      (white * mom.output_weighted_second_moment() * white.transpose()).trace() /
      static_cast<double>(s.m * s.d);
  s.cross_noise_floor = std::sqrt(entry_var / static_cast<double>(s.n)) *
                        (std::sqrt(static_cast<double>(s.m)) + std::sqrt(static_cast<double>(s.d)));
  s.k_automatic = o.k == 0;
  s.k = o.k;
  if (s.k_automatic) {
    s.k = 0;
    for (Eigen::Index i = 0; i < s.cross_singular_values.size(); ++i)
      if (s.cross_singular_values[i] > 3 * s.cross_noise_floor) ++s.k;
    if (s.k == 0)
      return fail(RecoveryStatus::no_spectral_gap,
                  "E[yx'] is indistinguishable from sampling noise: no hidden unit is visible");
  }
  const Eigen::Index k = s.k, K = vecsym_size(k), D = vecsym_size(s.d);
  if (s.n < static_cast<std::uint64_t>(D + s.d + K))
    return fail(RecoveryStatus::too_few_samples,
                "n = " + std::to_string(s.n) + " samples are fewer than the " +
                    std::to_string(D + s.d + K) +
                    " the detector needs for d = " + std::to_string(s.d));

  Eigen::MatrixXd reduce = s.m > k ? Eigen::MatrixXd(cross_svd.matrixU().leftCols(k).transpose())
                                   : Eigen::MatrixXd::Identity(k, k);
  if (o.output_whiten) {
    const Eigen::MatrixXd rc = reduce * cross;
    reduce = inverse_sqrt(rc * rc.transpose()) * reduce;
  }
  const Eigen::MatrixXd cross_r = reduce * cross;  // = c₁ (reduce·A) W̃ Σ̃: k × d
  s.cond_outputs = condition_number(cross_r);
  const Eigen::MatrixXd odd = sigma_w.ldlt().solve(cross_r.transpose()).transpose();  // s = odd·x̃

  // ---- pass 2: the detector and its kernel ------------------------------------------------------
  t = Clock::now();
  const double rho = (c2 / c1) * (c2 / c1);
  const bool fourth_powers = k == white.rows();  // see detector.hpp: one equation short otherwise
  const DetectorAccumulator det =
      block_reduce(source, DetectorAccumulator(white, reduce, odd, rho, fourth_powers));
  s.passes = 2;
  s.seconds_detector = seconds_since(t);

  t = Clock::now();
  Eigen::MatrixXd T = det.detector();
  const Eigen::VectorXd noise_dir =
      det.mean_test_functions().normalized();  // the unknown noise term
  T -= noise_dir * (noise_dir.transpose() * T);
  Eigen::JacobiSVD<Eigen::MatrixXd> tsvd(T, Eigen::ComputeFullV);
  const Eigen::VectorXd sv = tsvd.singularValues();  // descending, K of them
  s.spectral_gap =
      K > k ? sv[K - k - 1] / std::max(sv[K - k], 1e-300) : std::numeric_limits<double>::infinity();
  const Eigen::Index shown = std::min<Eigen::Index>(2 * k, K);
  s.detector_singular_values = sv.tail(shown).reverse();
  std::vector<Eigen::MatrixXd> kernel;
  for (Eigen::Index l = K - k; l < K; ++l) kernel.push_back(unvecsym(tsvd.matrixV().col(l), k));

  JennrichOptions jo;
  jo.pairs = o.jennrich_pairs;
  jo.seed = o.seed;
  const JennrichResult jr = jennrich(kernel, jo);
  s.off_diagonality = jr.summary.off_diagonality;
  if (jr.summary.status != JennrichStatus::success)
    return fail(RecoveryStatus::diagonalisation_failed,
                "the detector's kernel could not be diagonalised: " + jr.summary.message);

  // U·(reduce·A) is diagonal; U·cross_r = c₁·D·W̃ gives W's rows up to a scale whose sign is fixed
  // by E[σ(w·x)] > 0 (σ ≥ 0 on average for relu and leaky relu).
  Eigen::MatrixXd U = jr.V.inverse();
  const Eigen::VectorXd ybar = reduce * mom.mean_y();
  for (Eigen::Index i = 0; i < k; ++i)
    if (U.row(i).dot(ybar) < 0) U.row(i) = -U.row(i);
  Network& net = result.model;
  net.activation = o.activation;
  net.W = (U * cross_r) * white;  // back to the original input coordinates
  net.W.rowwise().normalize();
  s.seconds_decomposition = seconds_since(t);

  // ---- pass 3 (and polish): output weights by least squares ------------------------------------
  t = Clock::now();
  if (!net.W.allFinite()) {
    result.model = Network{};
    return fail(RecoveryStatus::diagonalisation_failed,
                "the joint diagonalisation returned a singular basis (two units coincide): too few "
                "samples, or k is larger than the number of distinct units");
  }
  HiddenFitAccumulator fit = block_reduce(source, HiddenFitAccumulator(net, s.m));
  net.A = fit.solve();
  ++s.passes;
  double residual = fit.residual(net.A, mom.mean_squared_y());
  const double spectral_residual = residual;
  net = normalise_units(net);
  const double mean_yy = mom.mean_squared_y();
  // Polish: every candidate W gets least-squares output weights, and is kept only if it lowers the
  // training residual, so polishing never makes the fit worse.
  const auto try_candidate = [&](Network candidate) {
    if (!candidate.W.allFinite()) return false;
    const HiddenFitAccumulator cfit = block_reduce(source, HiddenFitAccumulator(candidate, s.m));
    ++s.passes;
    candidate.A = cfit.solve();
    const double cres = cfit.residual(candidate.A, mean_yy);
    if (!candidate.A.allFinite() || !(cres < residual)) return false;
    net = normalise_units(candidate);  // σ is positively homogeneous
    residual = cres;
    return true;
  };
  if (o.polish == RecoveryOptions::Polish::alternate) {
    // Ŵ ← rownorm(Â⁺B̂), with B̂ = AW read off the linear part.
    const Eigen::MatrixXd product =
        mom.cross_moment() * sigma.ldlt().solve(Eigen::MatrixXd::Identity(s.d, s.d)) / c1;
    for (int it = 0; it < o.polish_iterations; ++it) {
      Network candidate = net;
      candidate.W = net.A.completeOrthogonalDecomposition().solve(product);
      candidate.W.rowwise().normalize();
      if (!try_candidate(std::move(candidate))) break;
    }
  } else {
    // Levenberg–Marquardt on W (A fixed within a step, then re-solved): one pass for the
    // Gauss–Newton statistics, one to fit A and score the candidate; a rejected step is retried
    // from the same statistics with more damping.
    double lambda = 1e-3;
    for (int it = 0; it < o.polish_iterations; ++it) {
      const GaussNewtonAccumulator gn = block_reduce(source, GaussNewtonAccumulator(net));
      ++s.passes;
      bool accepted = false;
      for (int attempt = 0; attempt < 4 && !accepted; ++attempt) {
        Network candidate = net;
        candidate.W += gn.step(lambda);
        accepted = try_candidate(std::move(candidate));
        lambda = accepted ? lambda / 3 : lambda * 10;
      }
      if (!accepted) break;
    }
  }
  s.seconds_output_fit = seconds_since(t);
  s.cond_W = condition_number(net.W);
  const double variance = mom.mean_squared_y() - mom.mean_y().squaredNorm();
  s.fit_residual = residual / variance;
  s.spectral_fit_residual = spectral_residual / variance;
  s.linear_residual = mom.affine_residual() / variance;
  s.seconds_total = seconds_since(start);

  // ---- verdict ---------------------------------------------------------------------------------
  std::ostringstream msg;
  if (asymmetric) {
    s.status = RecoveryStatus::not_symmetric;
    s.message = asymmetry_message;
  } else if (s.spectral_gap < o.min_spectral_gap) {
    s.status = RecoveryStatus::no_spectral_gap;
    msg << "the detector's kernel is not separated (gap " << s.spectral_gap << " < "
        << o.min_spectral_gap << "): too few samples for d = " << s.d << ", k = " << k
        << ", or the model assumptions fail (wrong k, non-symmetric inputs, too much noise). "
           "Try more samples or another k; --force keeps the model.";
    s.message = msg.str();
  } else if (s.spectral_fit_residual >= s.linear_residual) {
    // Judged on the spectral estimate: a polish that starts from a wrong estimate can lower the
    // residual into a wrong local minimum, so it does not clear this verdict.
    s.status = RecoveryStatus::poor_fit;
    msg << "the spectral estimate explains the outputs no better than a linear model (unexplained "
           "variance "
        << s.spectral_fit_residual << " vs " << s.linear_residual
        << " for the best affine fit): the kernel was estimated too roughly (k = d and "
           "ill-conditioned W are the hard cases). Try more samples; --force keeps the model.";
    s.message = msg.str();
  } else if (s.off_diagonality > o.max_off_diagonality) {
    s.status = RecoveryStatus::diagonalisation_failed;
    msg << "the kernel basis is not jointly diagonalisable (off-diagonality " << s.off_diagonality
        << " > " << o.max_off_diagonality
        << "): units are nearly parallel or too few samples; "
           "--force keeps the model.";
    s.message = msg.str();
  }
  return result;
}

RecoveryResult recover(const Eigen::MatrixXd& X, const Eigen::MatrixXd& Y,
                       const RecoveryOptions& options) {
  const MatrixSource source(X, &Y);
  return recover(source, options);
}

}  // namespace nnm
