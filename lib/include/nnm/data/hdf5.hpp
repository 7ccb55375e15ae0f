#pragma once
// HDF5 data files: a 2-D dataset `x` (n × d) and, optionally, `y` (n × m) at the root, float32 or
// float64, read in row slabs of kSourceChunkRows (so a file larger than memory streams) and written
// as chunked float64 datasets. Columns are named x1..xd, y1..ym, so CsvOptions::x_cols / y_cols
// pick columns as in a data CSV. HDF5 support is optional at build time: without it every
// function here throws InputError "built without HDF5".
#include <Eigen/Core>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "nnm/data/dataset.hpp"
#include "nnm/data/sample_source.hpp"

namespace nnm {

/// Whether this build reads and writes HDF5 files.
bool hdf5_available();

class Hdf5Source final : public SampleSource {
 public:
  Hdf5Source(std::string path, const CsvOptions& options);
  ~Hdf5Source() override;
  Eigen::Index dim() const override { return d_; }
  Eigen::Index output_dim() const override { return m_; }
  std::uint64_t rows() const { return rows_; }
  void for_each_chunk(const ChunkVisitor& visit) const override;
  /// Reads the hyperslabs of rows [first, end) directly (nothing before them is read).
  void for_each_chunk_in(std::uint64_t first, std::uint64_t end,
                         const ChunkVisitor& visit) const override;

 private:
  std::string path_;
  CsvOptions options_;
  std::uint64_t rows_ = 0;
  Eigen::Index file_d_ = 0, file_m_ = 0;  // columns of the datasets x and y
  Eigen::Index d_ = 0, m_ = 0;
  std::vector<Eigen::Index> x_columns_, y_columns_;  // of [x y], in the order used
};

/// Writes n samples as datasets x (n × d) and y (n × m; none when m = 0), float64, chunked, to a
/// temporary file renamed into place by commit().
class Hdf5Writer {
 public:
  Hdf5Writer(std::string path, std::uint64_t n, Eigen::Index d, Eigen::Index m);
  ~Hdf5Writer();
  Hdf5Writer(const Hdf5Writer&) = delete;
  Hdf5Writer& operator=(const Hdf5Writer&) = delete;
  void write(const Eigen::Ref<const Eigen::MatrixXd>& X,
             const Eigen::Ref<const Eigen::MatrixXd>& Y);
  void commit();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace nnm
