#include "nnm/data/file_list_source.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <utility>

#include "nnm/core/error.hpp"

namespace nnm {
namespace {

// Cuts pieces of any size, arriving in row order, into chunks of kSourceChunkRows rows (the last
// shorter). A whole chunk that arrives on a chunk boundary goes through uncopied.
class Rechunker {
 public:
  Rechunker(Eigen::Index d, Eigen::Index m, const ChunkVisitor& visit)
      : d_(d), m_(m), visit_(visit) {}

  void add(const Eigen::Ref<const Eigen::MatrixXd>& X, const Eigen::Ref<const Eigen::MatrixXd>& Y) {
    if (fill_ == 0 && X.rows() == kSourceChunkRows) return visit_(X, Y);
    for (Eigen::Index at = 0; at < X.rows();) {
      if (fill_ == 0) {
        X_.resize(kSourceChunkRows, d_);
        Y_.resize(kSourceChunkRows, m_);
      }
      const Eigen::Index take = std::min(kSourceChunkRows - fill_, X.rows() - at);
      X_.middleRows(fill_, take) = X.middleRows(at, take);
      if (m_ > 0) Y_.middleRows(fill_, take) = Y.middleRows(at, take);  // no storage otherwise
      fill_ += take;
      at += take;
      if (fill_ == kSourceChunkRows) {
        visit_(X_, Y_);
        fill_ = 0;
      }
    }
  }

  // The last, shorter chunk, as a matrix of its own size (so its columns start where a file's
  // last chunk's do, and sums over it round alike).
  void finish() {
    if (fill_ == 0) return;
    const Eigen::MatrixXd X = X_.topRows(fill_);
    const Eigen::MatrixXd Y =
        m_ > 0 ? Eigen::MatrixXd(Y_.topRows(fill_)) : Eigen::MatrixXd(fill_, 0);
    fill_ = 0;
    visit_(X, Y);
  }

 private:
  Eigen::Index d_, m_;
  const ChunkVisitor& visit_;
  Eigen::MatrixXd X_, Y_;
  Eigen::Index fill_ = 0;
};

}  // namespace

void check_same_columns(const SampleSource& reference, const std::string& reference_path,
                        const SampleSource& source, const std::string& path) {
  if (source.dim() != reference.dim() || source.output_dim() != reference.output_dim())
    throw InputError(
        located(path, 0,
                "has d = " + std::to_string(source.dim()) + " inputs and m = " +
                    std::to_string(source.output_dim()) + " outputs, but " + reference_path +
                    " (the first file of the data set) has d = " + std::to_string(reference.dim()) +
                    " and m = " + std::to_string(reference.output_dim())));
  const auto* a = dynamic_cast<const CsvSource*>(&reference);
  const auto* b = dynamic_cast<const CsvSource*>(&source);
  if (!a || !b || a->column_names() == b->column_names()) return;
  const auto& x = a->column_names();
  const auto& y = b->column_names();
  std::size_t c = 0;
  while (c < x.size() && c < y.size() && x[c] == y[c]) ++c;
  const auto name = [](const std::vector<std::string>& names, std::size_t i) {
    return i < names.size() ? "'" + names[i] + "'" : std::string("missing");
  };
  throw InputError(located(path, 1,
                           "the header differs from " + reference_path + "'s: column " +
                               std::to_string(c + 1) + " is " + name(y, c) + " here and " +
                               name(x, c) + " there (the files of a data set share one header)"));
}

FileListSource::FileListSource(std::vector<std::string> paths, const DataOptions& options,
                               std::vector<std::uint64_t> rows)
    : paths_(std::move(paths)), options_(options), rows_(std::move(rows)) {
  if (paths_.empty()) throw InputError("FileListSource: no data files");
  if (!rows_.empty() && rows_.size() != paths_.size())
    throw std::invalid_argument("FileListSource: one row count per file");
  const SampleSource* csv = nullptr;  // the first CSV file, whose header the others must have
  std::size_t csv_at = 0;
  for (std::size_t i = 0; i < paths_.size(); ++i) {
    parts_.push_back(open_stream(paths_[i], options_));
    check_same_columns(*parts_.front(), paths_.front(), *parts_.back(), paths_[i]);
    if (!dynamic_cast<const CsvSource*>(parts_.back().get())) continue;
    if (csv)
      check_same_columns(*csv, paths_[csv_at], *parts_.back(), paths_[i]);
    else
      csv = parts_.back().get(), csv_at = i;
  }
}

bool FileListSource::rereads_cheaply() const {
  return std::all_of(parts_.begin(), parts_.end(),
                     [](const auto& part) { return part->rereads_cheaply(); });
}

void FileListSource::for_each_chunk(const ChunkVisitor& visit) const {
  Rechunker chunks(dim(), output_dim(), visit);
  for (const auto& part : parts_)
    part->for_each_chunk([&](const Eigen::Ref<const Eigen::MatrixXd>& X,
                             const Eigen::Ref<const Eigen::MatrixXd>& Y) { chunks.add(X, Y); });
  chunks.finish();
}

void FileListSource::for_each_chunk_in(std::uint64_t first, std::uint64_t end,
                                       const ChunkVisitor& visit) const {
  if (rows_.empty())
    for (const auto& path : paths_) rows_.push_back(count_data_rows(path, options_));
  Rechunker chunks(dim(), output_dim(), visit);
  std::uint64_t offset = 0;  // of file i's first row in the list
  for (std::size_t i = 0; i < parts_.size() && offset < end; offset += rows_[i++]) {
    const std::uint64_t from = std::max(first, offset), to = std::min(end, offset + rows_[i]);
    if (from >= to) continue;
    parts_[i]->for_each_chunk_in(
        from - offset, to - offset,
        [&](const Eigen::Ref<const Eigen::MatrixXd>& X,
            const Eigen::Ref<const Eigen::MatrixXd>& Y) { chunks.add(X, Y); });
  }
  chunks.finish();
}

std::unique_ptr<HeldSource> open_samples(const std::vector<std::string>& paths,
                                         const DataOptions& options) {
  if (paths.size() == 1) return open_samples(paths.front(), options);
  return std::make_unique<HeldSource>(std::make_unique<FileListSource>(paths, options),
                                      options.memory_budget, options.hold);
}

Dataset read_data(const std::vector<std::string>& paths, const DataOptions& options) {
  if (paths.size() == 1) return read_data(paths.front(), options);
  const FileListSource source(paths, options);
  std::vector<Dataset> chunks;
  Eigen::Index n = 0;
  source.for_each_chunk(
      [&](const Eigen::Ref<const Eigen::MatrixXd>& X, const Eigen::Ref<const Eigen::MatrixXd>& Y) {
        chunks.push_back({X, Y});
        n += X.rows();
      });
  Dataset all{Eigen::MatrixXd(n, source.dim()), Eigen::MatrixXd(n, source.output_dim())};
  Eigen::Index at = 0;
  for (const Dataset& c : chunks) {
    all.X.middleRows(at, c.X.rows()) = c.X;
    if (c.Y.cols() > 0) all.Y.middleRows(at, c.Y.rows()) = c.Y;  // no storage to offset otherwise
    at += c.X.rows();
  }
  return all;
}

}  // namespace nnm
