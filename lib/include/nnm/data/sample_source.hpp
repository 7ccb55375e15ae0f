#pragma once
// Where samples come from: memory, a CSV file (re-read on every pass, never held whole), or a
// generator that recomputes rows from their index. A moment pipeline makes one or two passes over
// a source; all sources cut the rows into chunks of the same fixed size so that the same samples
// give the same bits whichever source delivered them.
#include <Eigen/Core>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "nnm/core/parallel_blocks.hpp"
#include "nnm/core/reduction_channel.hpp"
#include "nnm/data/dataset.hpp"

namespace nnm {

/// Rows per chunk handed out by every SampleSource (a multiple of kTensorBlockRows).
inline constexpr Eigen::Index kSourceChunkRows = 16 * kTensorBlockRows;

/// Receives consecutive chunks: X is rows × dim, Y rows × output_dim (possibly 0 columns).
using ChunkVisitor = std::function<void(const Eigen::Ref<const Eigen::MatrixXd>& X,
                                        const Eigen::Ref<const Eigen::MatrixXd>& Y)>;

class SampleSource {
 public:
  virtual ~SampleSource() = default;
  virtual Eigen::Index dim() const = 0;
  virtual Eigen::Index output_dim() const = 0;
  /// One full pass over the samples, in order, in chunks of kSourceChunkRows (the last shorter).
  virtual void for_each_chunk(const ChunkVisitor& visit) const = 0;
  /// A pass over rows [first, end) only (end past the last row: to the end), in chunks of
  /// kSourceChunkRows counted from `first` (the last shorter). This default reads the pass from
  /// the start and drops the chunks before `first`, which must be a multiple of kSourceChunkRows;
  /// the file sources seek to `first` instead (without parsing the rows before it).
  virtual void for_each_chunk_in(std::uint64_t first, std::uint64_t end,
                                 const ChunkVisitor& visit) const;
  /// When the samples are one rank's share of a data set spread over processes: how the ranks
  /// combine their sums (block_reduce uses it). Null for a source that holds all the samples.
  virtual const ReductionChannel* channel() const { return nullptr; }
  /// Whether another pass costs about what a pass over a copy in memory costs (a memory-mapped
  /// binary file): then HeldSource streams (HoldPolicy::automatic), since a copy would add its
  /// size in memory for no speed.
  virtual bool rereads_cheaply() const { return false; }
};

/// Whether rows [first, first + rows) of a column-major matrix at `data` whose columns start
/// `total_rows` apart (its outer stride) can be handed out in place with the bits a chunk of a
/// file gets. Eigen's vectorised sums start at
/// the first aligned address, so the last bits of a column sum depend on where each column starts
/// modulo EIGEN_MAX_ALIGN_BYTES; a chunk read from a file is a fresh rows-row matrix. In place is
/// the same only when every column of the block starts where that matrix's column would.
bool reads_like_a_fresh_chunk(const double* data, Eigen::Index total_rows, Eigen::Index first,
                              Eigen::Index rows);

/// Samples held in memory (rows of X, and of Y when given). Keeps references. Chunks are read in
/// place where that gives a file's bits (reads_like_a_fresh_chunk), else copied one at a time.
class MatrixSource final : public SampleSource {
 public:
  explicit MatrixSource(const Eigen::MatrixXd& X, const Eigen::MatrixXd* Y = nullptr);
  Eigen::Index dim() const override { return X_.cols(); }
  Eigen::Index output_dim() const override { return Y_ ? Y_->cols() : 0; }
  void for_each_chunk(const ChunkVisitor& visit) const override;

 private:
  const Eigen::MatrixXd& X_;
  const Eigen::MatrixXd* Y_;
};

/// A data CSV in the nnm format, streamed; with require_outputs = false an x-only file is fine.
/// The first pass continues the reader that parsed the header, so a pipe (/dev/stdin) gives one
/// pass; a later pass over a pipe throws InputError (hold it in memory: HeldSource).
class CsvSource final : public SampleSource {
 public:
  explicit CsvSource(std::string path, bool require_outputs = false);
  CsvSource(std::string path, const CsvOptions& options);
  Eigen::Index dim() const override { return d_; }
  Eigen::Index output_dim() const override { return m_; }
  void for_each_chunk(const ChunkVisitor& visit) const override;
  /// Skips the lines before row `first` by their line ends (CsvReader::skip_rows), unparsed.
  void for_each_chunk_in(std::uint64_t first, std::uint64_t end,
                         const ChunkVisitor& visit) const override;
  /// The names of the header's columns.
  const std::vector<std::string>& column_names() const { return names_; }

 private:
  std::string path_;
  CsvOptions options_;
  Eigen::Index d_ = 0, m_ = 0;
  bool rereadable_ = true;  // a regular file (not a pipe or device)
  std::vector<std::string> names_;
  mutable std::unique_ptr<CsvReader> first_;  // the header's reader, until the first pass
  mutable bool started_ = false;
  // A reader for a pass: the header's while unused (a pipe can be read once), else a new one.
  std::unique_ptr<CsvReader> pass_reader() const;
};

/// n samples recomputed on every pass by `fill` (e.g. TeacherSampler::fill), which must be a pure
/// function of the row indices; it is called in parallel on blocks of kGenerateBlock rows.
class GeneratedSource final : public SampleSource {
 public:
  GeneratedSource(Eigen::Index d, Eigen::Index m, std::uint64_t n, SampleFill fill);
  Eigen::Index dim() const override { return d_; }
  Eigen::Index output_dim() const override { return m_; }
  void for_each_chunk(const ChunkVisitor& visit) const override;

 private:
  Eigen::Index d_, m_;
  std::uint64_t n_;
  SampleFill fill_;
};

}  // namespace nnm
