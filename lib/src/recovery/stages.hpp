#pragma once
// The stages of recover() (private, not installed). Each stage reads what the earlier ones left
// in RecoveryRun, fills its part of the summary, and returns a Failure when its assumption does not
// hold; recover() runs them in order and turns the first failure into the summary's status (the
// asymmetry verdict of pass 1 wins over any of them).
#include <Eigen/Core>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "nnm/core/flat_state.hpp"
#include "nnm/recovery/moments.hpp"
#include "nnm/recovery/recover.hpp"

namespace nnm::detail {

using Clock = std::chrono::steady_clock;
inline double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

struct Failure {
  RecoveryStatus status;
  std::string message;
};
using StageResult = std::optional<Failure>;

double condition_number(const Eigen::MatrixXd& m);  ///< largest / smallest singular value

/// E[σ(Wx) σ(Wx)ᵀ] and E[y σ(Wx)ᵀ]: the normal equations of y on the hidden activations.
class HiddenFitAccumulator {
 public:
  HiddenFitAccumulator(const Network& net, Eigen::Index m);
  void add(const Eigen::Ref<const Eigen::MatrixXd>& X, const Eigen::Ref<const Eigen::MatrixXd>& Y);
  void merge(const HiddenFitAccumulator& o);
  void save(StateWriter& out) const { out << n_ << hh_ << yh_ << hx_; }
  void load(StateReader& in) { in >> n_ >> hh_ >> yh_ >> hx_; }
  /// Least-squares output weights: E[yhᵀ] E[hhᵀ]⁻¹.
  Eigen::MatrixXd solve() const;
  /// E‖y − A h‖², given E‖y‖².
  double residual(const Eigen::MatrixXd& A, double mean_yy) const;
  /// E[h xᵀ] (k × d).
  Eigen::MatrixXd hidden_cross() const { return hx_ / n_; }

 private:
  const Network* net_;
  double n_ = 0;
  Eigen::MatrixXd hh_, yh_, hx_;
};

class RecoveryRun {
 public:
  RecoveryRun(const SampleSource& source, const RecoveryOptions& options, RecoverySummary& summary)
      : source_(source), o_(options), s_(summary) {}

  // pass 1 and what follows from it (stages.cpp)
  void moments();         ///< E[xxᵀ], E[yxᵀ], E[y], odd statistics
  void check_symmetry();  ///< sets asymmetric() and the asymmetry message
  StageResult whiten_inputs();
  StageResult reduce_outputs();  ///< chooses k, checks n, reduces and whitens the outputs
  // pass 2 (stages.cpp)
  StageResult detector_kernel();
  StageResult diagonalise(Network& net);
  // pass 3 and the polish (polish.cpp)
  StageResult fit_outputs(Network& net);
  void polish(Network& net);
  void finish_fit(const Network& net);  ///< residuals, cond(W), output-fit time

  /// Reports the start of a stage to RecoveryOptions::progress, if set.
  void begin(std::string_view stage) {
    if (o_.progress) o_.progress(++stages_begun_, kStages + o_.polish_iterations, stage);
  }
  /// Stages before the polish: moments, whitening, outputs, detector, diagonalisation, fit.
  static constexpr int kStages = 6;

  bool asymmetric() const { return asymmetric_; }
  const std::string& asymmetry_message() const { return asymmetry_message_; }

 private:
  bool try_candidate(Network candidate, Network& net);
  void polish_alternate(Network& net);
  void polish_gauss_newton(Network& net);

  const SampleSource& source_;
  const RecoveryOptions& o_;
  RecoverySummary& s_;
  std::optional<JointMomentAccumulator> mom_;
  bool asymmetric_ = false;
  int stages_begun_ = 0;
  std::string asymmetry_message_;
  Eigen::MatrixXd sigma_, white_, sigma_w_, cross_, cross_u_;
  Eigen::MatrixXd reduce_, cross_r_, odd_;
  std::vector<Eigen::MatrixXd> kernel_;
  Clock::time_point decomposition_start_, fit_start_;
  double residual_ = 0, spectral_residual_ = 0;
};

}  // namespace nnm::detail
