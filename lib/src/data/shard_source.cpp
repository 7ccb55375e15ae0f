#include "nnm/data/shard_source.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include <vector>

#include "nnm/core/error.hpp"
#include "nnm/data/hdf5.hpp"
#include "nnm/data/npy.hpp"

namespace nnm {

RowRange rank_rows(std::uint64_t n, int rank, int ranks) {
  if (ranks < 1 || rank < 0 || rank >= ranks)
    throw std::invalid_argument("rank_rows: rank " + std::to_string(rank) + " of " +
                                std::to_string(ranks));
  const auto chunk = static_cast<std::uint64_t>(kSourceChunkRows);
  const std::uint64_t chunks = (n + chunk - 1) / chunk;
  const auto r = static_cast<std::uint64_t>(rank), N = static_cast<std::uint64_t>(ranks);
  const std::uint64_t begin = chunks * r / N, end = chunks * (r + 1) / N;
  RowRange out;
  out.first = begin * chunk;
  out.count = (end - begin) * chunk;
  out.to_end = rank == ranks - 1;
  return out;
}

ShardSource::ShardSource(std::unique_ptr<SampleSource> inner, RowRange range,
                         const ReductionChannel* channel)
    : inner_(std::move(inner)), range_(range), channel_(channel) {
  if (range_.first % static_cast<std::uint64_t>(kSourceChunkRows) != 0 ||
      (!range_.to_end && range_.count % static_cast<std::uint64_t>(kSourceChunkRows) != 0))
    throw std::invalid_argument("ShardSource: the range must hold whole chunks");
}

void ShardSource::for_each_chunk(const ChunkVisitor& visit) const {
  const std::uint64_t end =
      range_.to_end ? std::numeric_limits<std::uint64_t>::max() : range_.first + range_.count;
  if (end == range_.first) return;  // a rank with no rows (more ranks than chunks)
  if (const auto* npy = dynamic_cast<const NpySource*>(inner_.get())) {
    const std::uint64_t stop = std::min(end, npy->rows());
    Eigen::MatrixXd X, Y;
    for (std::uint64_t first = range_.first; first < stop; first += kSourceChunkRows) {
      const auto rows =
          static_cast<Eigen::Index>(std::min<std::uint64_t>(kSourceChunkRows, stop - first));
      X.resize(rows, dim());
      Y.resize(rows, output_dim());
      npy->read_rows(first, X, Y);
      visit(X, Y);
    }
    return;
  }
  // Any other source: read from the start, hand on the chunks of the range, stop after it.
  struct Done {};
  std::uint64_t at = 0;
  try {
    inner_->for_each_chunk([&](const Eigen::Ref<const Eigen::MatrixXd>& X,
                               const Eigen::Ref<const Eigen::MatrixXd>& Y) {
      if (at % static_cast<std::uint64_t>(kSourceChunkRows) != 0)
        throw std::logic_error("ShardSource: the source cut a chunk short before its end");
      if (at >= range_.first && at < end) visit(X, Y);
      at += static_cast<std::uint64_t>(X.rows());
      if (at >= end) throw Done{};
    });
  } catch (const Done&) {
  }
}

std::uint64_t data_rows_estimate(const std::string& path, const DataOptions& options) {
  switch (data_format(path, options.format)) {
    case DataFormat::npy:
      return NpySource(path, options.columns).rows();
    case DataFormat::h5:
      return Hdf5Source(path, options.columns).rows();
    default:
      break;
  }
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) return 0;  // the reader says why when it opens the file
  std::vector<char> buffer(std::size_t{1} << 20);
  std::uint64_t lines = 0;
  bool last_open = false;  // the last line has no newline
  for (;;) {
    const std::size_t got = std::fread(buffer.data(), 1, buffer.size(), file);
    if (got == 0) break;
    lines += static_cast<std::uint64_t>(std::count(buffer.data(), buffer.data() + got, '\n'));
    last_open = buffer[got - 1] != '\n';
  }
  std::fclose(file);
  lines += last_open ? 1 : 0;
  return lines > 0 ? lines - 1 : 0;  // the header
}

std::unique_ptr<HeldSource> open_rank_samples(const std::string& path, const DataOptions& options,
                                              const ReductionChannel& channel) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode))
    throw InputError(located(path, 0,
                             "is not a regular file: with several processes each one reads its "
                             "own rows of the file, so it must be a file every process can open"));
  const RowRange range =
      rank_rows(data_rows_estimate(path, options), channel.rank(), channel.ranks());
  auto shard = std::make_unique<ShardSource>(open_stream(path, options), range, &channel);
  return std::make_unique<HeldSource>(std::move(shard), options.memory_budget);
}

}  // namespace nnm
