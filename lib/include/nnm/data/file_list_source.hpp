#pragma once
// A data set kept as several files (shards, e.g. one per day or per node): one SampleSource over
// their rows in the order the files are given. Formats may be mixed. Chunks are cut over the rows
// of the whole list, not per file, so the samples give the bits one file holding the same rows
// gives. Every file must have the same inputs and outputs as the first (d and m, and for CSV the
// same header as the first CSV file); a file that differs throws InputError naming both.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "nnm/data/data_file.hpp"
#include "nnm/data/sample_source.hpp"

namespace nnm {

class FileListSource final : public SampleSource {
 public:
  /// Opens every file (its header). `rows`: each file's samples when already counted
  /// (count_data_rows), else empty; a pass over part of the rows counts them when it needs them.
  FileListSource(std::vector<std::string> paths, const DataOptions& options,
                 std::vector<std::uint64_t> rows = {});
  Eigen::Index dim() const override { return parts_.front()->dim(); }
  Eigen::Index output_dim() const override { return parts_.front()->output_dim(); }
  void for_each_chunk(const ChunkVisitor& visit) const override;
  /// Rows [first, end) of the list; only the files that hold some of them are read, each from
  /// its first row in the range (CSV rows before it are skipped unparsed).
  void for_each_chunk_in(std::uint64_t first, std::uint64_t end,
                         const ChunkVisitor& visit) const override;
  /// When every file does (a list of .npy files); one CSV or HDF5 file in it is worth holding.
  bool rereads_cheaply() const override;
  const std::vector<std::string>& paths() const { return paths_; }

 private:
  std::vector<std::string> paths_;
  DataOptions options_;
  std::vector<std::unique_ptr<SampleSource>> parts_;
  mutable std::vector<std::uint64_t> rows_;  // per file; empty until known
};

/// Throws InputError unless `source` (read from `path`) has the columns of `reference` (read
/// from `reference_path`): the same d and m, and for two CSV files the same header.
void check_same_columns(const SampleSource& reference, const std::string& reference_path,
                        const SampleSource& source, const std::string& path);

/// Several files as one data set for multi-pass algorithms (one file: open_samples). Read once
/// when the samples fit options.memory_budget.
std::unique_ptr<HeldSource> open_samples(const std::vector<std::string>& paths,
                                         const DataOptions& options);

/// Several files as one Dataset in memory, rows in the order given (one file: read_data).
Dataset read_data(const std::vector<std::string>& paths, const DataOptions& options);

}  // namespace nnm
