#include "nnm/tensor/sample_moment.hpp"

#include <algorithm>
#include <chrono>
#include <exception>
#include <string>
#include <vector>

#include "nnm/core/error.hpp"
#include "nnm/core/parallel_blocks.hpp"
#include "nnm/data/block_reduce.hpp"
#include "nnm/tensor/accumulators.hpp"

namespace nnm {

namespace {

/// A tensor accumulator (add(X, w)) as a block_reduce accumulator; Y is the weight column, or has
/// no columns for unit weights.
template <class Sums>
struct Weighted {
  Sums sums;
  void add(const Eigen::Ref<const Eigen::MatrixXd>& X, const Eigen::Ref<const Eigen::MatrixXd>& Y) {
    if (Y.cols() == 0)
      sums.add(X);
    else
      sums.add(X, Y.col(0));
  }
  void merge(const Weighted& other) { sums.merge(other.sums); }
  void save(StateWriter& out) const { sums.save(out); }
  void load(StateReader& in) { sums.load(in); }
};

/// Cuts samples into chunks of kSourceChunkRows rows, as a sample source would deliver them;
/// `weights` (empty, or one per sample) is only checked here.
std::vector<Eigen::MatrixXd> cut_samples(const Eigen::MatrixXd& samples,
                                         const Eigen::VectorXd& weights) {
  if (weights.size() != 0 && weights.size() != samples.rows())
    throw InputError("SampleMoment: " + std::to_string(weights.size()) + " weights for " +
                     std::to_string(samples.rows()) + " samples");
  std::vector<Eigen::MatrixXd> chunks;
  if (samples.rows() <= kSourceChunkRows) {
    if (samples.rows() > 0) chunks.push_back(samples);
    return chunks;
  }
  for (Eigen::Index at = 0; at < samples.rows(); at += kSourceChunkRows)
    chunks.emplace_back(samples.middleRows(at, std::min(kSourceChunkRows, samples.rows() - at)));
  return chunks;
}

std::vector<Eigen::VectorXd> cut_weights(const Eigen::VectorXd& w) {
  std::vector<Eigen::VectorXd> out;
  for (Eigen::Index at = 0; at < w.size(); at += kSourceChunkRows)
    out.emplace_back(w.segment(at, std::min(kSourceChunkRows, w.size() - at)));
  return out;
}

}  // namespace

class SampleMoment::Chunks final : public SampleSource {
 public:
  explicit Chunks(const SampleMoment& m) : m_(m) {}
  Eigen::Index dim() const override { return m_.dim_; }
  Eigen::Index output_dim() const override { return m_.w_.empty() ? 0 : 1; }
  void for_each_chunk(const ChunkVisitor& visit) const override {
    for (std::size_t c = 0; c < m_.X_.size(); ++c) {
      if (m_.w_.empty())
        visit(m_.X_[c], Eigen::MatrixXd(m_.X_[c].rows(), 0));
      else
        visit(m_.X_[c], m_.w_[c]);
    }
  }
  const ReductionChannel* channel() const override { return m_.channel_; }

 private:
  const SampleMoment& m_;
};

template <class Accumulator>
Accumulator SampleMoment::reduce(Accumulator empty) const {
  return block_reduce(Chunks(*this), Weighted<Accumulator>{std::move(empty)}).sums;
}

SampleMoment::SampleMoment(Eigen::MatrixXd samples, int order, MomentKind kind,
                           Eigen::VectorXd weights)
    : SampleMoment(cut_samples(samples, weights), cut_weights(weights), samples.cols(), order,
                   kind) {}

SampleMoment::SampleMoment(std::vector<Eigen::MatrixXd> chunks,
                           std::vector<Eigen::VectorXd> weights, Eigen::Index dim, int order,
                           MomentKind kind, const ReductionChannel* channel)
    : order_(order),
      kind_(kind),
      dim_(dim),
      X_(std::move(chunks)),
      w_(std::move(weights)),
      channel_(channel) {
  if (order_ != 3 && order_ != 4) throw InputError("SampleMoment: order must be 3 or 4");
  if (kind_ == MomentKind::cumulant && !w_.empty())
    throw InputError("SampleMoment: cumulants are unweighted; pass no weights");
  std::exception_ptr failure;
  try {
    check_chunks();
  } catch (...) {
    if (!channel_) throw;
    failure = std::current_exception();  // every rank must learn of it before the first sum
  }
  if (channel_) channel_->check(failure);
  if (dim_ == 0) throw InputError("SampleMoment: no samples");
  const MomentAccumulator low = reduce(MomentAccumulator(dim_));
  samples_ = low.count();
  if (samples_ == 0) throw InputError("SampleMoment: no samples");
  if (kind_ == MomentKind::cumulant) {
    // Centre once here, so that every later pass computes central moments.
    const Eigen::RowVectorXd mu = low.mean().transpose();
    for (auto& chunk : X_) chunk.rowwise() -= mu;
    m2_ = low.covariance();
    m1_ = Eigen::VectorXd::Zero(dim_);
  } else {
    m0_ = low.mean_weight();
    m1_ = low.mean();
    m2_ = low.second();
  }
}

void SampleMoment::check_chunks() const {
  if (!w_.empty() && w_.size() != X_.size())
    throw InputError("SampleMoment: weights for " + std::to_string(w_.size()) + " chunks, " +
                     std::to_string(X_.size()) + " chunks of samples");
  for (std::size_t c = 0; c < X_.size(); ++c) {
    // Blocks are cut inside each chunk: only whole chunks put them where one process puts them.
    if (c + 1 < X_.size() && X_[c].rows() != kSourceChunkRows)
      throw InputError("SampleMoment: chunk " + std::to_string(c) + " has " +
                       std::to_string(X_[c].rows()) + " rows; all but the last must have " +
                       std::to_string(kSourceChunkRows));
    if (X_[c].cols() != dim_)
      throw InputError("SampleMoment: a chunk of dimension " + std::to_string(X_[c].cols()) +
                       ", expected " + std::to_string(dim_));
    if (!w_.empty() && w_[c].size() != X_[c].rows())
      throw InputError("SampleMoment: " + std::to_string(w_[c].size()) + " weights for " +
                       std::to_string(X_[c].rows()) + " samples");
  }
}

Eigen::MatrixXd SampleMoment::data() const {
  Eigen::Index rows = 0;
  for (const auto& chunk : X_) rows += chunk.rows();
  Eigen::MatrixXd out(rows, dim_);
  Eigen::Index at = 0;
  for (const auto& chunk : X_) {
    out.middleRows(at, chunk.rows()) = chunk;
    at += chunk.rows();
  }
  return out;
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
  Eigen::MatrixXd C = reduce(ContractionAccumulator(order_, U)).mean();
  correct_contractions(U, C);
  return C;
}

std::vector<Eigen::MatrixXd> SampleMoment::slices(const Eigen::MatrixXd& U) const {
  check_rows(U, "SampleMoment::slices");
  std::vector<Eigen::MatrixXd> S = reduce(SliceAccumulator(order_, U)).mean();
  for (Eigen::Index l = 0; l < U.cols(); ++l)
    correct_slice(U.col(l), S[static_cast<std::size_t>(l)]);
  return S;
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

/// MomentAccumulator over a source's inputs, for block_reduce (the outputs are not used).
struct InputMoments {
  MomentAccumulator sums;
  void add(const Eigen::Ref<const Eigen::MatrixXd>& X, const Eigen::Ref<const Eigen::MatrixXd>&) {
    sums.add(X);
  }
  void merge(const InputMoments& other) { sums.merge(other.sums); }
  void save(StateWriter& out) const { sums.save(out); }
  void load(StateReader& in) { sums.load(in); }
};

/// Pass 1, only when centring or whitening: the mean and the whitening map go into `out`. Returns
/// the number of samples (over all ranks), or −1 when no pass was needed.
Eigen::Index statistics_pass(const SampleSource& source, const SampleMomentOptions& options,
                             PreparedMoment& out) {
  const bool centre = options.kind == MomentKind::cumulant;
  const bool whiten_first = options.whiten_rank > 0;
  if (!centre && !whiten_first) return -1;
  const MomentAccumulator stats =
      block_reduce(source, InputMoments{MomentAccumulator(source.dim())}).sums;
  if (centre) out.mean = stats.mean();
  if (whiten_first) {
    WhiteningOptions w = options.whitening;
    w.rank = options.whiten_rank;
    out.whitening = whiten(centre ? stats.covariance() : stats.second(), w);
    out.whitened = true;
  }
  return static_cast<Eigen::Index>(stats.count());
}

/// This rank's samples (rows) and weights after pass 2, chunk by chunk as the source cut them.
struct Collected {
  std::vector<Eigen::MatrixXd> chunks;
  std::vector<Eigen::VectorXd> weights;
};

/// Pass 2: the centred (and, when whitened, projected) samples and their weights. With a channel,
/// a failure on any rank (a bad line) stops every rank here.
Collected collect_pass(const SampleSource& source, const PreparedMoment& prep, Eigen::Index k,
                       const OutputWeights& weights) {
  Collected c;
  const Eigen::RowVectorXd mu = prep.mean.transpose();
  std::exception_ptr failure;
  try {
    source.for_each_chunk([&](const Eigen::Ref<const Eigen::MatrixXd>& X,
                              const Eigen::Ref<const Eigen::MatrixXd>& Y) {
      // A fresh matrix per chunk, as a source's chunks are: the same memory layout (and so the
      // same bits) whichever rank holds it.
      Eigen::MatrixXd Z(X.rows(), k);
      reduce_in_blocks(
          X.rows(), kTensorBlockRows, 16,
          [&](Eigen::Index, Eigen::Index first, Eigen::Index rows) {
            if (prep.whitened)
              Z.middleRows(first, rows).noalias() =
                  (X.middleRows(first, rows).rowwise() - mu) * prep.whitening.map.transpose();
            else
              Z.middleRows(first, rows) = X.middleRows(first, rows).rowwise() - mu;
          },
          [](Eigen::Index) {});
      if (weights) {
        Eigen::VectorXd w(X.rows());
        weights(Y, w);
        c.weights.push_back(std::move(w));
      }
      c.chunks.push_back(std::move(Z));
    });
  } catch (...) {
    if (!source.channel()) throw;
    failure = std::current_exception();
  }
  if (source.channel()) source.channel()->check(failure);
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
  Collected c = collect_pass(source, out, k, weights);
  out.op.emplace(std::move(c.chunks), std::move(c.weights), k, options.order, options.kind,
                 source.channel());
  out.samples = out.op->samples();
  if (n >= 0 && out.samples != static_cast<std::uint64_t>(n))
    throw InputError("the data changed between passes");
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace nnm
