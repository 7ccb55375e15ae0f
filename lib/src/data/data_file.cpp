#include "nnm/data/data_file.hpp"

#include <algorithm>
#include <cctype>
#include <limits>

#include "data/generate_in_order.hpp"
#include "nnm/core/error.hpp"
#include "nnm/data/hdf5.hpp"
#include "nnm/data/npy.hpp"

namespace nnm {
namespace {

std::string lower_extension(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  const std::size_t dot = path.find_last_of('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  std::string ext = path.substr(dot);
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

// Fills blocks of rows in parallel and hands them to `write` in row order (in_order_batches).
template <class Write>
void generate_in_order(Eigen::Index d, Eigen::Index m, std::uint64_t n, const SampleFill& fill,
                       Write&& write) {
  std::vector<Eigen::MatrixXd> xs(detail::kGenerateBatch), ys(detail::kGenerateBatch);
  detail::in_order_batches(
      n,
      [&](std::size_t slot, std::uint64_t first, Eigen::Index rows) {
        xs[slot].resize(rows, d);
        ys[slot].resize(rows, m);
        fill(first, xs[slot], ys[slot]);
      },
      [&](std::size_t slot) { write(xs[slot], ys[slot]); });
}

}  // namespace

DataFormat data_format(const std::string& path, DataFormat requested) {
  if (requested != DataFormat::automatic) return requested;
  const std::string ext = lower_extension(path);
  if (ext == ".npy") return DataFormat::npy;
  if (ext == ".h5" || ext == ".hdf5" || ext == ".hdf" || ext == ".he5") return DataFormat::h5;
  if (ext == ".npz")
    throw InputError(located(path, 0,
                             ".npz archives are not supported: save one array with numpy.save (a "
                             "structured array with fields x and y, or a 2-D array and "
                             "--y-cols), or use HDF5"));
  return DataFormat::csv;
}

std::unique_ptr<SampleSource> open_stream(const std::string& path, const DataOptions& options) {
  options.validate();
  switch (data_format(path, options.format)) {
    case DataFormat::npy:
      return std::make_unique<NpySource>(path, options.columns);
    case DataFormat::h5:
      return std::make_unique<Hdf5Source>(path, options.columns);
    default:
      return std::make_unique<CsvSource>(path, options.columns);
  }
}

std::unique_ptr<HeldSource> open_samples(const std::string& path, const DataOptions& options) {
  return std::make_unique<HeldSource>(open_stream(path, options), options.memory_budget,
                                      options.hold);
}

std::uint64_t count_data_rows(const std::string& path, const DataOptions& options) {
  options.validate();
  switch (data_format(path, options.format)) {
    case DataFormat::npy:
      return NpySource(path, options.columns).rows();
    case DataFormat::h5:
      return Hdf5Source(path, options.columns).rows();
    default:
      break;
  }
  CsvReader reader(path, options.columns);
  const std::uint64_t rows = reader.skip_rows(std::numeric_limits<std::uint64_t>::max());
  if (rows == 0) {  // what read() says of such a file
    Eigen::MatrixXd X, Y;
    reader.read(1, X, Y);
  }
  return rows;
}

Dataset read_data(const std::string& path, const DataOptions& options) {
  if (data_format(path, options.format) == DataFormat::csv) return read_csv(path, options.columns);
  const auto source = open_stream(path, options);
  Dataset all;
  std::vector<std::pair<Eigen::MatrixXd, Eigen::MatrixXd>> chunks;
  Eigen::Index n = 0;
  source->for_each_chunk(
      [&](const Eigen::Ref<const Eigen::MatrixXd>& X, const Eigen::Ref<const Eigen::MatrixXd>& Y) {
        chunks.emplace_back(X, Y);
        n += X.rows();
      });
  all.X.resize(n, source->dim());
  all.Y.resize(n, source->output_dim());
  Eigen::Index at = 0;
  for (const auto& [X, Y] : chunks) {
    all.X.middleRows(at, X.rows()) = X;
    if (Y.cols() > 0) all.Y.middleRows(at, Y.rows()) = Y;  // no storage to offset otherwise
    at += X.rows();
  }
  return all;
}

void write_data(const std::string& path, DataFormat format, const Dataset& data) {
  const auto rows = static_cast<std::uint64_t>(data.X.rows());
  switch (data_format(path, format)) {
    case DataFormat::npy: {
      NpyWriter writer(path, rows, data.X.cols(), data.Y.cols());
      writer.write(data.X, data.Y);
      writer.commit();
      return;
    }
    case DataFormat::h5: {
      Hdf5Writer writer(path, rows, data.X.cols(), data.Y.cols());
      writer.write(data.X, data.Y);
      writer.commit();
      return;
    }
    default:
      write_csv(path, data);
  }
}

void write_generated(const std::string& path, DataFormat format, Eigen::Index d, Eigen::Index m,
                     std::uint64_t n, const SampleFill& fill) {
  switch (data_format(path, format)) {
    case DataFormat::npy: {
      NpyWriter writer(path, n, d, m);
      generate_in_order(d, m, n, fill, [&](const auto& X, const auto& Y) { writer.write(X, Y); });
      writer.commit();
      return;
    }
    case DataFormat::h5: {
      Hdf5Writer writer(path, n, d, m);
      generate_in_order(d, m, n, fill, [&](const auto& X, const auto& Y) { writer.write(X, Y); });
      writer.commit();
      return;
    }
    default:
      write_generated_csv(path, d, m, n, fill);
  }
}

}  // namespace nnm
