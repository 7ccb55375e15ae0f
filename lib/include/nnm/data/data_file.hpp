#pragma once
// Data files of any supported format behind one call: CSV (nnm/data/dataset.hpp), NumPy .npy
// (nnm/data/npy.hpp) and HDF5 (nnm/data/hdf5.hpp), chosen by name or by the file's extension.
// Column choice (CsvOptions: require_outputs, x_cols, y_cols) means the same in every format.
#include <cstdint>
#include <memory>
#include <string>

#include "nnm/core/enum_names.hpp"
#include "nnm/data/dataset.hpp"
#include "nnm/data/held_source.hpp"
#include "nnm/data/sample_source.hpp"

namespace nnm {

enum class DataFormat { automatic, csv, npy, h5 };
constexpr auto enum_table(DataFormat) {
  return make_enum_table<DataFormat>("data format", {{DataFormat::automatic, "auto"},
                                                     {DataFormat::csv, "csv"},
                                                     {DataFormat::npy, "npy"},
                                                     {DataFormat::h5, "h5"}});
}

/// `requested`, or for automatic the format the extension names: .npy, .h5/.hdf5/.hdf/.he5,
/// anything else CSV. Throws InputError for an .npz archive (not read: save with numpy.save).
DataFormat data_format(const std::string& path, DataFormat requested = DataFormat::automatic);

struct DataOptions {
  DataFormat format = DataFormat::automatic;
  CsvOptions columns;  ///< which columns are inputs and outputs; the line limits apply to CSV only
  /// Samples are held in memory after the first pass when n·(d+m)·8 bytes fit (0: always stream).
  std::uint64_t memory_budget = default_memory_budget();
  /// automatic: plain .npy files are read in place on every pass instead (HeldSource,
  /// SampleSource::rereads_cheaply); always: every format is held when it fits.
  HoldPolicy hold = HoldPolicy::automatic;
  void validate() const { columns.validate(); }
};

/// A streaming source for the file (every pass reads it again).
std::unique_ptr<SampleSource> open_stream(const std::string& path, const DataOptions& options);
/// The file as a source for multi-pass algorithms: read once when it fits the memory budget, or
/// (a plain .npy file, unless options.hold is always) read in place on every pass.
std::unique_ptr<HeldSource> open_samples(const std::string& path, const DataOptions& options);
/// The samples in the file: from the header for .npy and HDF5; for CSV, the lines that are not
/// blank after the header, found by their line ends without parsing a number.
std::uint64_t count_data_rows(const std::string& path, const DataOptions& options);
/// The whole file in memory.
Dataset read_data(const std::string& path, const DataOptions& options);

/// Writes a data set in `format` (automatic: by extension), atomically.
void write_data(const std::string& path, DataFormat format, const Dataset& data);

/// Generates n samples with `fill` in blocks of kGenerateBlock rows, in parallel, and writes them
/// in order to `path` in `format` (automatic: by extension), atomically: the same bytes for any
/// number of threads.
void write_generated(const std::string& path, DataFormat format, Eigen::Index d, Eigen::Index m,
                     std::uint64_t n, const SampleFill& fill);

}  // namespace nnm
