// Passes 1 and 2 of spectral recovery: moments, the symmetry check, whitening, output reduction,
// the detector's kernel and its joint diagonalisation.
#include <Eigen/Dense>
#include <cmath>
#include <limits>
#include <sstream>

#include "nnm/data/block_reduce.hpp"
#include "nnm/linalg/joint_diagonalisation.hpp"
#include "nnm/linalg/whitening.hpp"
#include "nnm/recovery/detector.hpp"
#include "recovery/stages.hpp"

namespace nnm::detail {
namespace {

Eigen::MatrixXd inverse_sqrt(const Eigen::MatrixXd& s) {
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(0.5 * (s + s.transpose()));
  return eig.eigenvectors() *
         eig.eigenvalues().cwiseMax(1e-300).cwiseSqrt().cwiseInverse().asDiagonal() *
         eig.eigenvectors().transpose();
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

}  // namespace

double condition_number(const Eigen::MatrixXd& m) {
  const Eigen::VectorXd s = Eigen::JacobiSVD<Eigen::MatrixXd>(m).singularValues();
  return s.size() ? s[0] / s[s.size() - 1] : 0.0;
}

void RecoveryRun::moments() {
  const auto t = Clock::now();
  mom_.emplace(block_reduce(source_, JointMomentAccumulator(s_.d, s_.m)));
  s_.passes = 1;
  s_.n = mom_->count();
  s_.seconds_moments = seconds_since(t);
}

void RecoveryRun::check_symmetry() {
  const Eigen::VectorXd z = mom_->odd_z_scores(), effect = mom_->odd_effect_sizes();
  Eigen::Index worst = 0;
  s_.symmetry_max_z = z.maxCoeff(&worst);
  s_.symmetry_max_effect = effect.maxCoeff();
  s_.symmetry_worst = odd_statistic_name(worst, s_.d);
  s_.symmetry_significant = s_.symmetry_max_z > o_.symmetry_z;
  for (Eigen::Index i = 0; i < z.size(); ++i)
    if (z[i] > o_.symmetry_z && effect[i] > o_.symmetry_effect) {
      s_.symmetry_worst = odd_statistic_name(i, s_.d);
      std::ostringstream msg;
      msg << "the inputs do not look symmetric: E[" << s_.symmetry_worst << "] is " << z[i]
          << " standard errors from 0 (effect size " << effect[i]
          << "); spectral recovery assumes x and -x are equally likely. Centre or symmetrise the "
             "inputs (e.g. add each sample's mirror image).";
      asymmetric_ = true;
      asymmetry_message_ = msg.str();
      return;
    }
}

StageResult RecoveryRun::whiten_inputs() {
  sigma_ = mom_->second_moment();
  s_.cond_inputs = condition_number(sigma_);
  white_ = Eigen::MatrixXd::Identity(s_.d, s_.d);
  if (o_.whiten) {
    const Whitening w = whiten(sigma_);
    if (!w.usable())
      return Failure{RecoveryStatus::rank_deficient,
                     "the inputs are rank deficient (" + w.summary.message +
                         "): drop constant or duplicated columns, or collect more varied samples"};
    white_ = w.map;
  } else if (Eigen::LLT<Eigen::MatrixXd>(sigma_).info() != Eigen::Success) {
    return Failure{RecoveryStatus::rank_deficient,
                   "E[xx'] is not positive definite: the inputs are rank deficient"};
  }
  sigma_w_ = white_ * sigma_ * white_.transpose();     // I when whitened
  cross_ = mom_->cross_moment() * white_.transpose();  // E[y x̃ᵀ], m × d
  return std::nullopt;
}

StageResult RecoveryRun::reduce_outputs() {
  // Singular values of E[y x̃ᵀ] against its sampling-noise floor give the number of units.
  Eigen::JacobiSVD<Eigen::MatrixXd> cross_svd(cross_, Eigen::ComputeFullU);
  s_.cross_singular_values = cross_svd.singularValues();
  const double entry_var =
      (white_ * mom_->output_weighted_second_moment() * white_.transpose()).trace() /
      static_cast<double>(s_.m * s_.d);
  s_.cross_noise_floor =
      std::sqrt(entry_var / static_cast<double>(s_.n)) *
      (std::sqrt(static_cast<double>(s_.m)) + std::sqrt(static_cast<double>(s_.d)));
  s_.k_automatic = o_.k == 0;
  s_.k = o_.k;
  if (s_.k_automatic) {
    s_.k = 0;
    for (Eigen::Index i = 0; i < s_.cross_singular_values.size(); ++i)
      if (s_.cross_singular_values[i] > 3 * s_.cross_noise_floor) ++s_.k;
    if (s_.k == 0)
      return Failure{RecoveryStatus::no_spectral_gap,
                     "E[yx'] is indistinguishable from sampling noise: no hidden unit is visible"};
  }
  const Eigen::Index k = s_.k, K = vecsym_size(k), D = vecsym_size(s_.d);
  if (s_.n < static_cast<std::uint64_t>(D + s_.d + K))
    return Failure{RecoveryStatus::too_few_samples,
                   "n = " + std::to_string(s_.n) + " samples are fewer than the " +
                       std::to_string(D + s_.d + K) +
                       " the detector needs for d = " + std::to_string(s_.d)};
  reduce_ = s_.m > k ? Eigen::MatrixXd(cross_svd.matrixU().leftCols(k).transpose())
                     : Eigen::MatrixXd::Identity(k, k);
  if (o_.output_whiten) {
    const Eigen::MatrixXd rc = reduce_ * cross_;
    reduce_ = inverse_sqrt(rc * rc.transpose()) * reduce_;
  }
  cross_r_ = reduce_ * cross_;  // = c₁ (reduce·A) W̃ Σ̃: k × d
  s_.cond_outputs = condition_number(cross_r_);
  odd_ = sigma_w_.ldlt().solve(cross_r_.transpose()).transpose();  // s = odd·x̃
  return std::nullopt;
}

StageResult RecoveryRun::detector_kernel() {
  auto t = Clock::now();
  const double c1 = o_.activation.linear_coefficient(), c2 = o_.activation.abs_coefficient();
  const double rho = (c2 / c1) * (c2 / c1);
  const Eigen::Index k = s_.k, K = vecsym_size(k);
  const bool fourth_powers = k == white_.rows();  // see detector.hpp: one equation short otherwise
  const DetectorAccumulator det =
      block_reduce(source_, DetectorAccumulator(white_, reduce_, odd_, rho, fourth_powers));
  s_.passes = 2;
  s_.seconds_detector = seconds_since(t);

  decomposition_start_ = Clock::now();
  Eigen::MatrixXd T = det.detector();
  const Eigen::VectorXd noise_dir =
      det.mean_test_functions().normalized();  // the unknown noise term
  T -= noise_dir * (noise_dir.transpose() * T);
  Eigen::JacobiSVD<Eigen::MatrixXd> tsvd(T, Eigen::ComputeFullV);
  const Eigen::VectorXd sv = tsvd.singularValues();  // descending, K of them
  s_.spectral_gap =
      K > k ? sv[K - k - 1] / std::max(sv[K - k], 1e-300) : std::numeric_limits<double>::infinity();
  const Eigen::Index shown = std::min<Eigen::Index>(2 * k, K);
  s_.detector_singular_values = sv.tail(shown).reverse();
  kernel_.clear();
  for (Eigen::Index l = K - k; l < K; ++l) kernel_.push_back(unvecsym(tsvd.matrixV().col(l), k));
  return std::nullopt;
}

StageResult RecoveryRun::diagonalise(Network& net) {
  JennrichOptions jo;
  jo.pairs = o_.jennrich_pairs;
  jo.seed = o_.seed;
  const JennrichResult jr = jennrich(kernel_, jo);
  s_.off_diagonality = jr.summary.off_diagonality;
  if (!jr.summary.usable())
    return Failure{RecoveryStatus::diagonalisation_failed,
                   "the detector's kernel could not be diagonalised: " + jr.summary.message};

  // U·(reduce·A) is diagonal; U·cross_r = c₁·D·W̃ gives W's rows up to a scale whose sign is fixed
  // by E[σ(w·x)] > 0 (σ ≥ 0 on average for relu and leaky relu).
  Eigen::MatrixXd U = jr.V.inverse();
  const Eigen::VectorXd ybar = reduce_ * mom_->mean_y();
  for (Eigen::Index i = 0; i < s_.k; ++i)
    if (U.row(i).dot(ybar) < 0) U.row(i) = -U.row(i);
  net.activation = o_.activation;
  net.W = (U * cross_r_) * white_;  // back to the original input coordinates
  net.W.rowwise().normalize();
  s_.seconds_decomposition = seconds_since(decomposition_start_);
  return std::nullopt;
}

}  // namespace nnm::detail
