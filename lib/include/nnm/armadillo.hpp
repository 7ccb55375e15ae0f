#pragma once
// Armadillo interop: pass arma::mat / arma::vec to the main entry points and get Armadillo objects
// back. Header-only; include it yourself (nnm/nnm.hpp does not) and link Armadillo, e.g. with the
// CMake target nnmoments::armadillo (find_package(nnmoments CONFIG REQUIRED COMPONENTS armadillo)).
//
// Both libraries store dense matrices column-major with no padding, so an arma::mat is an Eigen
// matrix in all but type: arma_view() wraps its memory in an Eigen::Map (no copy), and ArmaSource
// streams its rows to the moment pipelines the way MatrixSource streams an Eigen matrix. Results
// come back as Eigen objects; to_arma() copies them into Armadillo ones.
//
// Same data, same bits: recovering from arma matrices gives exactly the model that recovering
// from Eigen matrices holding the same numbers gives (tests/test_armadillo.cpp checks it). Eigen's
// vectorised sums start at the first aligned address, so the last bits of a column sum depend on
// where the column starts modulo the SIMD alignment. Memory that Armadillo allocated for 128 or
// more elements is aligned like Eigen's, and ArmaSource reads it in place; for anything else
// (small matrices, memory borrowed at an odd offset, samples stored as columns) it copies one chunk
// of rows at a time into a buffer laid out with the alignment the Eigen path would see.
#include <armadillo>

#include <Eigen/Core>
#include <algorithm>
#include <cstdint>
#include <type_traits>

#include "nnm/core/error.hpp"
#include "nnm/core/network.hpp"
#include "nnm/data/sample_source.hpp"
#include "nnm/recovery/recover.hpp"
#include "nnm/tensor/data_cp.hpp"
#include "nnm/tensor/decompose.hpp"
#include "nnm/tensor/ica.hpp"
#include "nnm/tensor/score.hpp"
#include "nnm/tensor/symmetric_tensor.hpp"

namespace nnm {

// ---- views: Armadillo memory seen as Eigen objects (no copy; the Armadillo object must outlive
// the view and must not be resized while it is in use) ----

inline Eigen::Map<const Eigen::MatrixXd> arma_view(const arma::mat& m) {
  return {m.memptr(), static_cast<Eigen::Index>(m.n_rows), static_cast<Eigen::Index>(m.n_cols)};
}
inline Eigen::Map<Eigen::MatrixXd> arma_view(arma::mat& m) {
  return {m.memptr(), static_cast<Eigen::Index>(m.n_rows), static_cast<Eigen::Index>(m.n_cols)};
}
inline Eigen::Map<const Eigen::VectorXd> arma_view(const arma::vec& v) {
  return {v.memptr(), static_cast<Eigen::Index>(v.n_elem)};
}
inline Eigen::Map<Eigen::VectorXd> arma_view(arma::vec& v) {
  return {v.memptr(), static_cast<Eigen::Index>(v.n_elem)};
}
inline Eigen::Map<const Eigen::RowVectorXd> arma_view(const arma::rowvec& v) {
  return {v.memptr(), static_cast<Eigen::Index>(v.n_elem)};
}
inline Eigen::Map<Eigen::RowVectorXd> arma_view(arma::rowvec& v) {
  return {v.memptr(), static_cast<Eigen::Index>(v.n_elem)};
}

// ---- copies back: any Eigen dense expression of doubles to arma::vec (one column at compile
// time), arma::rowvec (one row) or arma::mat (otherwise). Entries are copied exactly. ----

template <typename Derived>
auto to_arma(const Eigen::DenseBase<Derived>& x) {
  static_assert(std::is_same_v<typename Derived::Scalar, double>, "nnm::to_arma: doubles only");
  const auto rows = static_cast<arma::uword>(x.rows()), cols = static_cast<arma::uword>(x.cols());
  if constexpr (Derived::ColsAtCompileTime == 1) {
    arma::vec out(rows, arma::fill::none);
    Eigen::Map<Eigen::VectorXd>(out.memptr(), x.rows()) = x.derived();
    return out;
  } else if constexpr (Derived::RowsAtCompileTime == 1) {
    arma::rowvec out(cols, arma::fill::none);
    Eigen::Map<Eigen::RowVectorXd>(out.memptr(), x.cols()) = x.derived();
    return out;
  } else {
    arma::mat out(rows, cols, arma::fill::none);
    Eigen::Map<Eigen::MatrixXd>(out.memptr(), x.rows(), x.cols()) = x.derived();
    return out;
  }
}

/// A Network with Armadillo members (same shapes and meaning as nnm::Network).
struct ArmaNetwork {
  arma::mat A;  ///< m × k output weights
  arma::mat W;  ///< k × d hidden weights, one row per unit
  arma::vec b;  ///< k hidden biases; empty means none
  arma::vec c;  ///< m output biases; empty means none
  Activation activation;
};

inline ArmaNetwork to_arma(const Network& net) {
  ArmaNetwork out;
  out.A = to_arma(net.A);
  out.W = to_arma(net.W);
  if (net.b.size() > 0) out.b = to_arma(net.b);
  if (net.c.size() > 0) out.c = to_arma(net.c);
  out.activation = net.activation;
  return out;
}

/// Copies into a Network and validates it (throws InputError on inconsistent shapes).
inline Network to_network(const ArmaNetwork& net) {
  Network out;
  out.A = arma_view(net.A);
  out.W = arma_view(net.W);
  if (!net.b.is_empty()) out.b = arma_view(net.b);
  if (!net.c.is_empty()) out.c = arma_view(net.c);
  out.activation = net.activation;
  out.validate();
  return out;
}

/// Outputs of a network for the rows of X (n × d), as an n × m arma::mat. X is read in place.
inline arma::mat forward(const Network& net, const arma::mat& X) {
  return to_arma(net.forward(arma_view(X)));
}

// ---- samples ----

enum class ArmaLayout {
  samples_in_rows,     ///< X is n × d and Y n × m, as everywhere in nnmoments
  samples_in_columns,  ///< X is d × n and Y m × n, as in mlpack (Y may be an arma::rowvec)
};

/// Samples held in Armadillo matrices, streamed like MatrixSource streams Eigen matrices. Keeps
/// references: X and Y must outlive the source. With samples in rows and memory Armadillo
/// allocated (128 elements or more), chunks are views of X and Y; otherwise each chunk is copied
/// (see the top of this header), so memory use stays one chunk whatever n is.
class ArmaSource final : public SampleSource {
 public:
  explicit ArmaSource(const arma::mat& X, ArmaLayout layout = ArmaLayout::samples_in_rows)
      : X_(X), Y_(nullptr), layout_(layout) {}
  ArmaSource(const arma::mat& X, const arma::mat& Y,
             ArmaLayout layout = ArmaLayout::samples_in_rows)
      : X_(X), Y_(&Y), layout_(layout) {
    if (samples(Y) != samples(X))
      throw InputError("ArmaSource: X has " + std::to_string(samples(X)) + " samples but Y has " +
                       std::to_string(samples(Y)));
  }
  // The source keeps references: temporaries would dangle.
  explicit ArmaSource(arma::mat&&, ArmaLayout = ArmaLayout::samples_in_rows) = delete;
  ArmaSource(arma::mat&&, const arma::mat&, ArmaLayout = ArmaLayout::samples_in_rows) = delete;
  ArmaSource(const arma::mat&, arma::mat&&, ArmaLayout = ArmaLayout::samples_in_rows) = delete;

  Eigen::Index size() const { return samples(X_); }
  Eigen::Index dim() const override { return features(X_); }
  Eigen::Index output_dim() const override { return Y_ ? features(*Y_) : 0; }
  /// True when chunks are views of the Armadillo memory (no copy at all).
  bool in_place() const {
    return layout_ == ArmaLayout::samples_in_rows && aligned(X_) && (!Y_ || aligned(*Y_));
  }

  void for_each_chunk(const ChunkVisitor& visit) const override {
    const Eigen::Index n = size();
    const bool direct = in_place();
    ChunkBuffer bx, by;
    for (Eigen::Index first = 0; first < n; first += kSourceChunkRows) {
      const Eigen::Index rows = std::min(kSourceChunkRows, n - first);
      if (direct && reads_like_a_fresh_chunk(X_.memptr(), n, first, rows) &&
          (!Y_ || reads_like_a_fresh_chunk(Y_->memptr(), n, first, rows))) {
        const auto X = arma_view(X_).middleRows(first, rows);
        if (Y_)
          visit(X, arma_view(*Y_).middleRows(first, rows));
        else
          visit(X, Eigen::MatrixXd(rows, 0));
      } else {
        const auto X = bx.fill(X_, layout_, first, rows);
        if (Y_)
          visit(X, by.fill(*Y_, layout_, first, rows));
        else
          visit(X, Eigen::MatrixXd(rows, 0));
      }
    }
  }

 private:
  using StridedMap = Eigen::Map<Eigen::MatrixXd, 0, Eigen::OuterStride<>>;

  // Column starts of an Eigen matrix are aligned like those of its first column, which Eigen
  // aligns to EIGEN_MAX_ALIGN_BYTES.
  static bool aligned(const arma::mat& m) {
    return reinterpret_cast<std::uintptr_t>(m.memptr()) % EIGEN_MAX_ALIGN_BYTES == 0;
  }
  Eigen::Index samples(const arma::mat& m) const {
    return static_cast<Eigen::Index>(layout_ == ArmaLayout::samples_in_rows ? m.n_rows : m.n_cols);
  }
  Eigen::Index features(const arma::mat& m) const {
    return static_cast<Eigen::Index>(layout_ == ArmaLayout::samples_in_rows ? m.n_cols : m.n_rows);
  }

  // Rows first … first+rows−1 of the n × cols sample matrix, stored so that column j starts at the
  // same address modulo EIGEN_MAX_ALIGN_BYTES as in an aligned n × cols Eigen matrix: offset ≡
  // first and outer stride ≡ n (mod the alignment in doubles).
  struct ChunkBuffer {
    Eigen::VectorXd storage;
    StridedMap fill(const arma::mat& m, ArmaLayout layout, Eigen::Index first, Eigen::Index rows) {
      // Laid out like a fresh rows-row matrix (a chunk of a file): aligned, columns contiguous.
      const Eigen::Index cols =
          static_cast<Eigen::Index>(layout == ArmaLayout::samples_in_rows ? m.n_cols : m.n_rows);
      const Eigen::Index needed = rows * std::max<Eigen::Index>(cols, 1);
      if (storage.size() < needed) storage.resize(needed);
      StridedMap chunk(storage.data(), rows, cols, Eigen::OuterStride<>(rows));
      if (layout == ArmaLayout::samples_in_rows)
        chunk = arma_view(m).middleRows(first, rows);
      else
        chunk = arma_view(m).middleCols(first, rows).transpose();
      return chunk;
    }
  };

  const arma::mat& X_;
  const arma::mat* Y_;
  ArmaLayout layout_;
};

// ---- the main entry points with samples in Armadillo matrices (n × d and n × m, one sample per
// row, read in place). For mlpack's layout (one sample per column) pass
// ArmaSource(X, Y, ArmaLayout::samples_in_columns) to the SampleSource overloads instead. ----

/// Spectral recovery (nnm/recovery.hpp); to_arma(result.model) gives the model as arma matrices.
inline RecoveryResult recover(const arma::mat& X, const arma::mat& Y,
                              const RecoveryOptions& options = {}) {
  return recover(ArmaSource(X, Y), options);
}

/// ICA by the third or fourth cumulant (nnm/tensor/ica.hpp).
inline IcaResult learn_ica(const arma::mat& X, const IcaOptions& options) {
  return learn_ica(ArmaSource(X), options);
}

/// The score-function learner (nnm/tensor/score.hpp).
inline ScoreResult learn_score(const arma::mat& X, const arma::mat& Y,
                               const ScoreOptions& options) {
  return learn_score(ArmaSource(X, Y), options);
}

/// CP decomposition of the moment tensor of the rows of X (nnm/tensor/data_cp.hpp).
inline DataCpResult decompose_samples(const arma::mat& X, const DataCpOptions& options) {
  return decompose_samples(ArmaSource(X), options);
}

// ---- dense third-order tensors as arma::cube (T(i, j, k) = cube(i, j, k)) ----

/// Copies a d × d × d cube into a SymmetricTensor (symmetry is not checked; see asymmetry()).
inline SymmetricTensor to_tensor(const arma::cube& T) {
  if (T.n_rows != T.n_cols || T.n_rows != T.n_slices || T.n_rows == 0)
    throw InputError("to_tensor: a third-order tensor needs a d × d × d cube, got " +
                     std::to_string(T.n_rows) + " × " + std::to_string(T.n_cols) + " × " +
                     std::to_string(T.n_slices));
  const auto d = static_cast<Eigen::Index>(T.n_rows);
  Eigen::VectorXd entries(d * d * d);
  for (Eigen::Index i = 0; i < d; ++i)
    for (Eigen::Index j = 0; j < d; ++j)
      for (Eigen::Index k = 0; k < d; ++k)
        entries[(i * d + j) * d + k] = T(static_cast<arma::uword>(i), static_cast<arma::uword>(j),
                                         static_cast<arma::uword>(k));
  return SymmetricTensor(3, d, std::move(entries));
}

/// Copies a third-order SymmetricTensor into a d × d × d cube.
inline arma::cube to_arma(const SymmetricTensor& t) {
  if (t.order() != 3) throw InputError("to_arma: only third-order tensors fit in an arma::cube");
  const auto d = static_cast<arma::uword>(t.dim());
  arma::cube out(d, d, d, arma::fill::none);
  for (arma::uword i = 0; i < d; ++i)
    for (arma::uword j = 0; j < d; ++j)
      for (arma::uword k = 0; k < d; ++k)
        out(i, j, k) = t(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j),
                         static_cast<Eigen::Index>(k));
  return out;
}

/// CP decomposition of a dense third-order tensor given as a cube (nnm/tensor/decompose.hpp).
inline CpResult decompose(const arma::cube& T, const CpOptions& options) {
  return decompose(to_tensor(T), options);
}

}  // namespace nnm
