#include "nnm/tensor/sample_moment.hpp"

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "nnm/core/error.hpp"
#include "nnm/core/parallel_blocks.hpp"
#include "nnm/tensor/accumulators.hpp"

namespace nnm {

SampleMoment::SampleMoment(Eigen::MatrixXd samples, int order, MomentKind kind,
                           Eigen::VectorXd weights)
    : order_(order), kind_(kind), X_(std::move(samples)), w_(std::move(weights)) {
  if (order_ != 3 && order_ != 4) throw InputError("SampleMoment: order must be 3 or 4");
  if (X_.rows() == 0 || X_.cols() == 0) throw InputError("SampleMoment: no samples");
  if (w_.size() != 0 && w_.size() != X_.rows())
    throw InputError("SampleMoment: " + std::to_string(w_.size()) + " weights for " +
                     std::to_string(X_.rows()) + " samples");
  if (kind_ == MomentKind::cumulant && w_.size() != 0)
    throw InputError("SampleMoment: cumulants are unweighted; pass no weights");
  MomentAccumulator low(X_.cols());
  low.add(X_, w_);
  if (kind_ == MomentKind::cumulant) {
    // Centre once here, so that every later pass computes central moments.
    const Eigen::RowVectorXd mu = low.mean().transpose();
    X_.rowwise() -= mu;
    m2_ = low.covariance();
    m1_ = Eigen::VectorXd::Zero(X_.cols());
  } else {
    m0_ = low.mean_weight();
    m1_ = low.mean();
    m2_ = low.second();
  }
}

void SampleMoment::correct_contractions(const Eigen::MatrixXd& U, Eigen::MatrixXd& C) const {
  if (kind_ == MomentKind::raw || (kind_ == MomentKind::cumulant && order_ == 3)) return;
  for (Eigen::Index l = 0; l < U.cols(); ++l) {
    const Eigen::VectorXd u = U.col(l);
    const double uu = u.squaredNorm();
    if (kind_ == MomentKind::cumulant) {  // order 4: minus three pairings of the covariance
      const Eigen::VectorXd mu = m2_ * u;
      C.col(l) -= 3.0 * u.dot(mu) * mu;
    } else if (order_ == 3) {
      C.col(l) -= uu * m1_ + 2.0 * m1_.dot(u) * u;
    } else {
      const Eigen::VectorXd mu = m2_ * u;
      C.col(l) += -3.0 * u.dot(mu) * u - 3.0 * uu * mu + 3.0 * m0_ * uu * u;
    }
  }
}

void SampleMoment::correct_slice(const Eigen::VectorXd& u, Eigen::MatrixXd& S) const {
  if (kind_ == MomentKind::raw || (kind_ == MomentKind::cumulant && order_ == 3)) return;
  const double uu = u.squaredNorm();
  const Eigen::Index d = u.size();
  if (kind_ == MomentKind::cumulant) {
    const Eigen::VectorXd mu = m2_ * u;
    S -= u.dot(mu) * m2_ + 2.0 * mu * mu.transpose();
  } else if (order_ == 3) {
    S -= m1_.dot(u) * Eigen::MatrixXd::Identity(d, d) + m1_ * u.transpose() + u * m1_.transpose();
  } else {
    const Eigen::VectorXd mu = m2_ * u;
    S += (m0_ * uu - u.dot(mu)) * Eigen::MatrixXd::Identity(d, d) - uu * m2_ -
         2.0 * (u * mu.transpose() + mu * u.transpose()) + 2.0 * m0_ * u * u.transpose();
  }
}

Eigen::MatrixXd SampleMoment::contract(const Eigen::MatrixXd& U) const {
  check_rows(U, "SampleMoment::contract");
  ContractionAccumulator acc(order_, U);
  acc.add(X_, w_);
  Eigen::MatrixXd C = acc.mean();
  correct_contractions(U, C);
  return C;
}

std::vector<Eigen::MatrixXd> SampleMoment::slices(const Eigen::MatrixXd& U) const {
  check_rows(U, "SampleMoment::slices");
  const Eigen::Index d = dim(), L = U.cols();
  std::vector<Eigen::MatrixXd> total(static_cast<std::size_t>(L), Eigen::MatrixXd::Zero(d, d));
  const Eigen::Index wave = std::clamp<Eigen::Index>(
      (Eigen::Index{1} << 23) / std::max<Eigen::Index>(L * d * d, 1), 1, 16);
  std::vector<std::vector<Eigen::MatrixXd>> parts(static_cast<std::size_t>(wave));
  reduce_in_blocks(
      X_.rows(), kTensorBlockRows, wave,
      [&](Eigen::Index slot, Eigen::Index first, Eigen::Index rows) {
        auto& part = parts[static_cast<std::size_t>(slot)];
        part.resize(static_cast<std::size_t>(L));
        const auto block = X_.middleRows(first, rows);
        Eigen::ArrayXXd p = (block * U).array();
        if (order_ == 4) p *= p;
        if (w_.size() != 0) p.colwise() *= w_.segment(first, rows).array();
        for (Eigen::Index l = 0; l < L; ++l)
          part[static_cast<std::size_t>(l)].noalias() =
              block.transpose() * (block.array().colwise() * p.col(l)).matrix();
      },
      [&](Eigen::Index slot) {
        const auto& part = parts[static_cast<std::size_t>(slot)];
        for (Eigen::Index l = 0; l < L; ++l)
          total[static_cast<std::size_t>(l)] += part[static_cast<std::size_t>(l)];
      });
  const double n = static_cast<double>(X_.rows());
  for (Eigen::Index l = 0; l < L; ++l) {
    auto& S = total[static_cast<std::size_t>(l)];
    S /= n;
    correct_slice(U.col(l), S);
  }
  return total;
}

void SampleMomentOptions::validate() const {
  if (order != 3 && order != 4) throw InputError("SampleMomentOptions.order must be 3 or 4");
  if (whiten_rank < 0) throw InputError("SampleMomentOptions.whiten_rank must be ≥ 0");
  if (kind == MomentKind::hermite && whiten_rank > 0)
    throw InputError(
        "SampleMomentOptions.whiten_rank: the Hermite (score-function) moment assumes "
        "x ~ N(0, I) in the data's own coordinates and cannot be whitened");
  if (whitening.rank != 0)
    throw InputError(
        "SampleMomentOptions.whitening.rank must be 0: the whitened dimension is whiten_rank");
  whitening.validate();
}

namespace {

/// Pass 1, only when centring or whitening: the mean and the whitening map go into `out`. Returns
/// the number of samples, or −1 when no pass was needed.
Eigen::Index statistics_pass(const SampleSource& source, const SampleMomentOptions& options,
                             PreparedMoment& out) {
  const bool centre = options.kind == MomentKind::cumulant;
  const bool whiten_first = options.whiten_rank > 0;
  if (!centre && !whiten_first) return -1;
  MomentAccumulator stats(source.dim());
  source.for_each_chunk([&](const auto& X, const auto&) { stats.add(X); });
  if (centre) out.mean = stats.mean();
  if (whiten_first) {
    WhiteningOptions w = options.whitening;
    w.rank = options.whiten_rank;
    out.whitening = whiten(centre ? stats.covariance() : stats.second(), w);
    out.whitened = true;
  }
  return static_cast<Eigen::Index>(stats.count());
}

/// The samples (rows) and weights of pass 2, written in place when the count n is known, else
/// kept per chunk and stacked at the end.
struct Collected {
  Eigen::MatrixXd Z;
  Eigen::VectorXd w;
  std::vector<Eigen::MatrixXd> chunks;
  std::vector<Eigen::VectorXd> wchunks;
  Eigen::Index rows = 0;

  void stack(Eigen::Index k, bool weighted) {
    Z.resize(rows, k);
    if (weighted) w.resize(rows);
    Eigen::Index at = 0;
    for (std::size_t c = 0; c < chunks.size(); ++c) {
      Z.middleRows(at, chunks[c].rows()) = chunks[c];
      if (weighted) w.segment(at, chunks[c].rows()) = wchunks[c];
      at += chunks[c].rows();
      chunks[c].resize(0, 0);
    }
  }
};

/// Pass 2: the centred (and, when whitened, projected) samples and their weights.
Collected collect_pass(const SampleSource& source, const PreparedMoment& prep, Eigen::Index k,
                       Eigen::Index n, const OutputWeights& weights) {
  Collected c;
  if (n >= 0) c.Z.resize(n, k);
  if (n >= 0 && weights) c.w.resize(n);
  const Eigen::RowVectorXd mu = prep.mean.transpose();
  source.for_each_chunk(
      [&](const Eigen::Ref<const Eigen::MatrixXd>& X, const Eigen::Ref<const Eigen::MatrixXd>& Y) {
        Eigen::MatrixXd local;
        const bool direct = n >= 0;
        if (direct && c.rows + X.rows() > n) throw InputError("the data changed between passes");
        if (!direct) local.resize(X.rows(), k);
        auto target = direct ? c.Z.middleRows(c.rows, X.rows()) : local.middleRows(0, X.rows());
        reduce_in_blocks(
            X.rows(), kTensorBlockRows, 16,
            [&](Eigen::Index, Eigen::Index first, Eigen::Index rows) {
              if (prep.whitened)
                target.middleRows(first, rows).noalias() =
                    (X.middleRows(first, rows).rowwise() - mu) * prep.whitening.map.transpose();
              else
                target.middleRows(first, rows) = X.middleRows(first, rows).rowwise() - mu;
            },
            [](Eigen::Index) {});
        if (weights) {
          Eigen::VectorXd wc(X.rows());
          weights(Y, wc);
          if (direct)
            c.w.segment(c.rows, X.rows()) = wc;
          else
            c.wchunks.push_back(std::move(wc));
        }
        if (!direct) c.chunks.push_back(std::move(local));
        c.rows += X.rows();
      });
  if (n < 0) {
    c.stack(k, static_cast<bool>(weights));
  } else if (c.rows != n) {
    throw InputError("the data changed between passes");
  }
  return c;
}

}  // namespace

PreparedMoment prepare_moment(const SampleSource& source, const SampleMomentOptions& options,
                              const OutputWeights& weights) {
  options.validate();
  if (options.kind == MomentKind::hermite && !weights)
    throw InputError("prepare_moment: the Hermite moment E[y·He_p(x)] needs output weights");
  const auto start = std::chrono::steady_clock::now();
  PreparedMoment out;
  out.mean = Eigen::VectorXd::Zero(source.dim());
  const Eigen::Index n = statistics_pass(source, options, out);
  if (out.whitened && !out.whitening.usable()) return out;
  const Eigen::Index k = out.whitened ? options.whiten_rank : source.dim();
  Collected c = collect_pass(source, out, k, n, weights);
  out.samples = static_cast<std::uint64_t>(c.Z.rows());
  out.op.emplace(std::move(c.Z), options.order, options.kind, std::move(c.w));
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace nnm
