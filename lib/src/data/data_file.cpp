#include "nnm/data/data_file.hpp"

#include <algorithm>
#include <cctype>

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

// Fills blocks of kGenerateBlock rows in parallel, a batch at a time, and hands them to `write`
// in row order; memory stays bounded (one batch of blocks).
template <class Write>
void generate_in_order(Eigen::Index d, Eigen::Index m, std::uint64_t n, const SampleFill& fill,
                       Write&& write) {
  const std::uint64_t blocks = (n + kGenerateBlock - 1) / kGenerateBlock;
  const std::uint64_t batch = 16;
  std::vector<Eigen::MatrixXd> xs(batch), ys(batch);
  for (std::uint64_t b0 = 0; b0 < blocks; b0 += batch) {
    const auto count = static_cast<std::int64_t>(std::min(batch, blocks - b0));
#pragma omp parallel for schedule(dynamic)
    for (std::int64_t i = 0; i < count; ++i) {
      const std::uint64_t first = (b0 + static_cast<std::uint64_t>(i)) * kGenerateBlock;
      const auto rows =
          static_cast<Eigen::Index>(std::min<std::uint64_t>(kGenerateBlock, n - first));
      auto& X = xs[static_cast<std::size_t>(i)];
      auto& Y = ys[static_cast<std::size_t>(i)];
      X.resize(rows, d);
      Y.resize(rows, m);
      fill(first, X, Y);
    }
    for (std::int64_t i = 0; i < count; ++i)
      write(xs[static_cast<std::size_t>(i)], ys[static_cast<std::size_t>(i)]);
  }
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
  return std::make_unique<HeldSource>(open_stream(path, options), options.memory_budget);
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
