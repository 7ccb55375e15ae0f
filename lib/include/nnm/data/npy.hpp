#pragma once
// NumPy .npy files: float32 or float64, little or big endian, C or Fortran order, read through a
// memory map; written as float64, one record [x y] per sample.
//
// Two layouts are read. A plain array of shape (n, c) (or (n,)) has numbered columns 1..c; all are
// inputs unless CsvOptions::x_cols / y_cols pick others ("--y-cols 21:28"). A structured array of
// shape (n,) with fields x (d values) and, optionally, y (m values) — what write_npy produces —
// has columns named x1..xd, y1..ym like a data CSV. Every header field is checked against the
// file's size before any sample is touched; anything malformed throws InputError "file: reason".
#include <Eigen/Core>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "nnm/data/atomic_file.hpp"
#include "nnm/data/dataset.hpp"
#include "nnm/data/sample_source.hpp"

namespace nnm {

/// One column of an .npy file as stored: where its value for row 0 sits and how it is encoded.
struct NpyColumn {
  std::uint64_t offset = 0;  ///< bytes from the start of the data
  bool single = false;       ///< float32 (else float64)
  bool big_endian = false;
};

/// What an .npy header says, checked for consistency (not yet against a file size).
struct NpyHeader {
  int major_version = 1;
  std::uint64_t data_offset = 0;  ///< bytes before the first sample
  std::uint64_t rows = 0;
  std::uint64_t row_stride = 0;    ///< bytes from one row to the next
  std::uint64_t data_bytes = 0;    ///< bytes of samples the header promises
  std::vector<NpyColumn> columns;  ///< in the file's column order
  std::vector<std::string> names;  ///< "x1".."y8" (structured) or "1".."c" (plain)
  bool structured = false;         ///< fields x and y
  bool fortran_order = false;      ///< a plain array stored column by column
};

/// Parses the bytes at the start of a file (at least the whole header). `name` is used in
/// messages. Throws InputError on anything but a well-formed header of a supported dtype.
NpyHeader parse_npy_header(std::string_view bytes, const std::string& name);

/// A read-only memory map of an .npy file, its header validated against the file's size.
class NpyFile {
 public:
  explicit NpyFile(std::string path);
  ~NpyFile();
  NpyFile(const NpyFile&) = delete;
  NpyFile& operator=(const NpyFile&) = delete;

  const std::string& path() const { return path_; }
  const NpyHeader& header() const { return header_; }
  /// The value at (row, column) of the file's own columns, decoded to double.
  double value(std::uint64_t row, std::size_t column) const;
  /// The stored bytes of a row (its columns at their NpyColumn offsets).
  const unsigned char* row_bytes(std::uint64_t row) const {
    return map_ + header_.data_offset + row * header_.row_stride;
  }
  /// Gives back the resident pages of rows before `rows_done` (all of them at the end of a pass).
  void release(std::uint64_t rows_done) const;
  /// A pass begins at `first_row`: release() gives back pages from there (a rank's pass over its
  /// share of the rows never reaches the end of the file, where release() starts over).
  void start_pass(std::uint64_t first_row) const;

 private:
  std::string path_;
  NpyHeader header_;
  const unsigned char* map_ = nullptr;
  std::size_t size_ = 0;
  mutable std::uint64_t released_ = 0;
};

/// An .npy file as a SampleSource: columns picked as in a data CSV (CsvOptions: require_outputs,
/// x_cols, y_cols). Non-finite values throw InputError naming the row and column.
class NpySource final : public SampleSource {
 public:
  NpySource(std::string path, const CsvOptions& options);
  Eigen::Index dim() const override { return d_; }
  Eigen::Index output_dim() const override { return m_; }
  std::uint64_t rows() const { return file_->header().rows; }
  void for_each_chunk(const ChunkVisitor& visit) const override;
  /// For little-endian float64 columns in C order: the file is mapped, and a pass copies its rows
  /// in place about as fast as a held copy serves them (measured in docs/formats.md).
  bool rereads_cheaply() const override;
  /// Reads rows [first, end) directly (nothing before them is touched).
  void for_each_chunk_in(std::uint64_t first, std::uint64_t end,
                         const ChunkVisitor& visit) const override;
  /// Rows [first, first + X.rows()) into X and Y (sized by the caller).
  void read_rows(std::uint64_t first, Eigen::Ref<Eigen::MatrixXd> X,
                 Eigen::Ref<Eigen::MatrixXd> Y) const;

 private:
  std::shared_ptr<NpyFile> file_;
  Eigen::Index d_ = 0, m_ = 0;
  std::vector<std::size_t> x_columns_, y_columns_;  // file columns, in the order used
  bool plain_ = false;  // every column used is little-endian float64 (plain loads)
};

/// Writes n samples as a structured float64 array with fields x (d values) and y (m values), or
/// a plain (n, d) array when m = 0, atomically: nothing appears at `path` until commit().
class NpyWriter {
 public:
  NpyWriter(std::string path, std::uint64_t n, Eigen::Index d, Eigen::Index m);
  /// Appends rows; throws std::logic_error past the n promised.
  void write(const Eigen::Ref<const Eigen::MatrixXd>& X,
             const Eigen::Ref<const Eigen::MatrixXd>& Y);
  /// Throws std::logic_error unless exactly n rows were written.
  void commit();

 private:
  AtomicFile file_;
  std::uint64_t n_, written_ = 0;
  Eigen::Index d_, m_;
  std::vector<double> buffer_;
};

/// The header write_npy gives n samples of d inputs and m outputs (whole, padded to 64 bytes).
std::string npy_header(std::uint64_t n, Eigen::Index d, Eigen::Index m);

}  // namespace nnm
