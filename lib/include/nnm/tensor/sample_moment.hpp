#pragma once
// Implicit moment tensors of samples. T(I, u, u) = (1/n) Σ_t w_t (x_tᵀu)² x_t costs O(n·dim) per
// vector and never stores dim^p numbers; the sums run over fixed blocks of samples in parallel and
// are combined in block order, so the result does not depend on the thread count.
//
// Three kinds, each expressed as the raw weighted moment plus a correction built from the low-order
// moments m0 = E[w], m1 = E[w x], m2 = E[w x xᵀ] (so the correction never costs a pass):
//   raw       E[w x^{⊗p}]
//   cumulant  the samples are centred; order 3 is then the third cumulant, and order 4 subtracts
//             the three Isserlis pairings of m2 (the fourth cumulant). Weights must be absent.
//   hermite   E[w He_p(x)] with the Hermite tensors He_3 = x^{⊗3} − sym(x⊗I) and
//             He_4 = x^{⊗4} − sym(x⊗x⊗I) + sym(I⊗I): the score-function moment for x ~ N(0, I).
#include <Eigen/Core>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "nnm/core/enum_names.hpp"
#include "nnm/core/reduction_channel.hpp"

#include "nnm/data/sample_source.hpp"
#include "nnm/linalg/whitening.hpp"
#include "nnm/tensor/operator.hpp"

namespace nnm {

enum class MomentKind { raw, cumulant, hermite };
constexpr auto enum_table(MomentKind) {
  return make_enum_table<MomentKind>("moment kind", {{MomentKind::raw, "raw"},
                                                     {MomentKind::cumulant, "cumulant"},
                                                     {MomentKind::hermite, "hermite"}});
}

/// The moment tensor of samples held in memory (already projected when whitened), in chunks of
/// kSourceChunkRows rows as sample sources deliver them. Every sum over the samples is a
/// block_reduce over those chunks, so the result does not depend on the number of threads; and when
/// the chunks are one rank's share of the rows (a ReductionChannel, nnm/core/reduction_channel.hpp)
/// every sum — the low moments, each contract() and each slices() — runs along the ranks' chain:
/// every rank gets the single-process bits, and every rank must make the same calls.
class SampleMoment final : public TensorOperator {
 public:
  /// samples: n × dim, one sample per row; weights: empty (all 1) or one per sample.
  SampleMoment(Eigen::MatrixXd samples, int order, MomentKind kind, Eigen::VectorXd weights = {});
  /// The chunks of this rank's rows, dim columns each (all of kSourceChunkRows rows but the last,
  /// which only the last rank with rows may have), their weights (none, or one vector per chunk),
  /// and the ranks' channel (null: the chunks are all the samples). A rank may hold no chunk; some
  /// rank must hold samples.
  SampleMoment(std::vector<Eigen::MatrixXd> chunks, std::vector<Eigen::VectorXd> weights,
               Eigen::Index dim, int order, MomentKind kind,
               const ReductionChannel* channel = nullptr);

  int order() const override { return order_; }
  Eigen::Index dim() const override { return dim_; }
  Eigen::MatrixXd contract(const Eigen::MatrixXd& U) const override;
  std::vector<Eigen::MatrixXd> slices(const Eigen::MatrixXd& U) const override;

  MomentKind kind() const { return kind_; }
  /// Samples over all ranks (the n every mean divides by).
  std::uint64_t samples() const { return samples_; }
  /// This rank's (centred, when cumulant) samples, stacked into one matrix (a copy).
  Eigen::MatrixXd data() const;

 private:
  class Chunks;  // the chunks as a SampleSource for block_reduce
  template <class Accumulator>
  Accumulator reduce(Accumulator empty) const;
  void check_chunks() const;
  void correct_contractions(const Eigen::MatrixXd& U, Eigen::MatrixXd& C) const;
  void correct_slice(const Eigen::VectorXd& u, Eigen::MatrixXd& S) const;

  int order_;
  MomentKind kind_;
  Eigen::Index dim_ = 0;
  std::vector<Eigen::MatrixXd> X_;
  std::vector<Eigen::VectorXd> w_;  // empty, or one per chunk
  const ReductionChannel* channel_ = nullptr;
  std::uint64_t samples_ = 0;
  double m0_ = 1.0;     // E[w]
  Eigen::VectorXd m1_;  // E[w x]
  Eigen::MatrixXd m2_;  // E[w x xᵀ]
};

struct SampleMomentOptions {
  int order = 3;  ///< 3 or 4
  MomentKind kind = MomentKind::cumulant;
  /// Whiten to this many dimensions first (0 = stay in the data's coordinates). The whitening uses
  /// the covariance for cumulants and the raw second moment otherwise; not with hermite.
  Eigen::Index whiten_rank = 0;
  /// How to whiten; its rank must be left 0 (whiten_rank is the one place the rank is set).
  WhiteningOptions whitening;
  void validate() const;  ///< throws InputError naming the bad field
};

/// Weights from the outputs of a chunk: w (rows) from Y (rows × output_dim).
using OutputWeights =
    std::function<void(const Eigen::Ref<const Eigen::MatrixXd>& Y, Eigen::Ref<Eigen::VectorXd> w)>;

struct PreparedMoment {
  std::optional<SampleMoment> op;  ///< empty when whitening failed
  bool whitened = false;
  Whitening whitening;        ///< map/unmap between data and operator coordinates
  Eigen::VectorXd mean;       ///< the data mean that was subtracted (zeros if none)
  std::uint64_t samples = 0;  ///< over all ranks
  double seconds = 0.0;
};

/// One pass for the mean and second moment (when centring or whitening), a second pass to collect
/// the (centred, projected) samples and their weights; only n × dim(operator) numbers are kept.
/// When `source` is one rank's share (it has a channel), every rank must call it: the passes' sums,
/// and the operator's, combine all ranks, and each rank keeps only its own rows.
PreparedMoment prepare_moment(const SampleSource& source, const SampleMomentOptions& options,
                              const OutputWeights& weights = {});

}  // namespace nnm
