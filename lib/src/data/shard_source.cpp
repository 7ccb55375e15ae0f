#include "nnm/data/shard_source.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <vector>

#include "nnm/core/error.hpp"
#include "nnm/data/file_list_source.hpp"

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
    : inner_(std::move(inner)), range_(range), channel_(channel) {}

void ShardSource::for_each_chunk(const ChunkVisitor& visit) const {
  const std::uint64_t end =
      range_.to_end ? std::numeric_limits<std::uint64_t>::max() : range_.first + range_.count;
  if (end == range_.first) return;  // a rank with no rows (more ranks than chunks)
  inner_->for_each_chunk_in(range_.first, end, visit);
}

namespace {
void require_regular_file(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode))
    throw InputError(located(path, 0,
                             "is not a regular file: with several processes each one reads its "
                             "own rows of the file, so it must be a file every process can open"));
}
}  // namespace

std::unique_ptr<HeldSource> open_rank_samples(const std::string& path, const DataOptions& options,
                                              const ReductionChannel& channel) {
  return open_rank_samples(std::vector<std::string>{path}, options, channel);
}

std::unique_ptr<HeldSource> open_rank_samples(const std::vector<std::string>& paths,
                                              const DataOptions& options,
                                              const ReductionChannel& channel) {
  const auto files = paths.size();
  const auto rank = static_cast<std::size_t>(channel.rank());
  const auto ranks = static_cast<std::size_t>(channel.ranks());
  // Each rank counts (and checks) its files; the chain adds the counts up: doubles hold them
  // exactly below 2^53 rows.
  std::vector<double> mine(files, 0.0), rows(files, 0.0);
  std::exception_ptr failure;
  try {
    if (paths.empty()) throw InputError("no data files");
    std::unique_ptr<SampleSource> first;
    for (std::size_t i = rank; i < files; i += ranks) {
      require_regular_file(paths[i]);
      if (!first) first = open_stream(paths.front(), options);
      if (i > 0)
        check_same_columns(*first, paths.front(), *open_stream(paths[i], options), paths[i]);
      mine[i] = static_cast<double>(count_data_rows(paths[i], options));
    }
  } catch (...) {
    failure = std::current_exception();
  }
  channel.check(failure);
  channel.receive_running(rows);
  for (std::size_t i = 0; i < files; ++i) rows[i] += mine[i];
  channel.send_running(rows);
  channel.share_total(rows);
  std::vector<std::uint64_t> counts(files);
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < files; ++i) total += counts[i] = static_cast<std::uint64_t>(rows[i]);
  const RowRange share = rank_rows(total, channel.rank(), channel.ranks());
  const std::uint64_t begin = std::min(share.first, total),
                      end = share.to_end ? total : std::min(total, share.first + share.count);
  // The files holding rows [begin, end); a rank with none opens the last file for its columns.
  std::size_t from = files, to = files;
  std::uint64_t offset = 0, from_offset = total - counts.back();
  for (std::size_t i = 0; i < files; offset += counts[i++]) {
    if (offset + counts[i] <= begin || offset >= end) continue;
    if (from == files) from = i, from_offset = offset;
    to = i + 1;
  }
  if (from == files) from = files - 1;
  std::vector<std::string> mine_paths(paths.begin() + static_cast<std::ptrdiff_t>(from),
                                      paths.begin() + static_cast<std::ptrdiff_t>(to));
  std::vector<std::uint64_t> mine_rows(counts.begin() + static_cast<std::ptrdiff_t>(from),
                                       counts.begin() + static_cast<std::ptrdiff_t>(to));
  RowRange local;
  local.first = begin < end ? begin - from_offset : 0;
  local.count = begin < end ? end - begin : 0;
  auto list =
      std::make_unique<FileListSource>(std::move(mine_paths), options, std::move(mine_rows));
  auto shard = std::make_unique<ShardSource>(std::move(list), local, &channel);
  return std::make_unique<HeldSource>(std::move(shard), options.memory_budget, options.hold);
}

}  // namespace nnm
