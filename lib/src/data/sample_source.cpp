#include "nnm/data/sample_source.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cstdint>
#include <stdexcept>

#include "data/chunk_rows.hpp"
#include "nnm/core/error.hpp"

namespace nnm {

static_assert(kSourceChunkRows % kTensorBlockRows == 0 && kSourceChunkRows % kGenerateBlock == 0,
              "chunks must hold whole blocks so that every source rounds alike");

void SampleSource::for_each_chunk_in(std::uint64_t first, std::uint64_t end,
                                     const ChunkVisitor& visit) const {
  const auto chunk = static_cast<std::uint64_t>(kSourceChunkRows);
  if (first % chunk != 0)
    throw std::invalid_argument(
        "SampleSource::for_each_chunk_in: this source starts a range only "
        "at a multiple of kSourceChunkRows");
  if (end <= first) return;
  // Read from the start; hand on the chunks of the range and stop after it.
  struct Done {};
  std::uint64_t at = 0;
  try {
    for_each_chunk([&](const Eigen::Ref<const Eigen::MatrixXd>& X,
                       const Eigen::Ref<const Eigen::MatrixXd>& Y) {
      if (at % chunk != 0)
        throw std::logic_error("SampleSource: a chunk was cut short before the end of the pass");
      const auto rows = static_cast<std::uint64_t>(X.rows());
      if (at >= first && at + rows <= end) {
        visit(X, Y);
      } else if (at >= first && at < end) {  // the range ends inside this chunk
        const auto keep = static_cast<Eigen::Index>(end - at);
        visit(Eigen::MatrixXd(X.topRows(keep)), Eigen::MatrixXd(Y.topRows(keep)));
      }
      at += rows;
      if (at >= end) throw Done{};
    });
  } catch (const Done&) {
  }
}

MatrixSource::MatrixSource(const Eigen::MatrixXd& X, const Eigen::MatrixXd* Y) : X_(X), Y_(Y) {
  if (Y_ && Y_->rows() != X_.rows())
    throw InputError("MatrixSource: X has " + std::to_string(X_.rows()) + " rows but Y has " +
                     std::to_string(Y_->rows()));
}

bool reads_like_a_fresh_chunk(const double* data, Eigen::Index total_rows, Eigen::Index first,
                              Eigen::Index rows) {
  constexpr std::uintptr_t align = EIGEN_MAX_ALIGN_BYTES;
  const auto start = reinterpret_cast<std::uintptr_t>(data + first);
  const auto column_gap = static_cast<std::uintptr_t>(total_rows - rows) * sizeof(double);
  return start % align == 0 && column_gap % align == 0;
}

void MatrixSource::for_each_chunk(const ChunkVisitor& visit) const {
  // One chunk buffer per matrix, reused: only chunks that cannot be read in place are copied
  // (with n a multiple of the alignment's doubles, none is).
  Eigen::MatrixXd x_copy, y_copy;
  const auto chunk = [](const Eigen::MatrixXd& M, Eigen::Index first, Eigen::Index rows,
                        Eigen::MatrixXd& copy) -> Eigen::Ref<const Eigen::MatrixXd> {
    if (M.cols() > 0 && reads_like_a_fresh_chunk(M.data(), M.rows(), first, rows))
      return M.middleRows(first, rows);
    if (M.cols() > 0)
      copy = M.middleRows(first, rows);
    else
      copy.resize(rows, 0);
    return copy;
  };
  for (Eigen::Index first = 0; first < X_.rows(); first += kSourceChunkRows) {
    const Eigen::Index rows = std::min(kSourceChunkRows, X_.rows() - first);
    if (Y_)
      visit(chunk(X_, first, rows, x_copy), chunk(*Y_, first, rows, y_copy));
    else
      visit(chunk(X_, first, rows, x_copy), Eigen::MatrixXd(rows, 0));
  }
}

namespace {
CsvOptions with_outputs(bool require_outputs) {
  CsvOptions o;
  o.require_outputs = require_outputs;
  return o;
}
}  // namespace

CsvSource::CsvSource(std::string path, bool require_outputs)
    : CsvSource(std::move(path), with_outputs(require_outputs)) {}

CsvSource::CsvSource(std::string path, const CsvOptions& options)
    : path_(std::move(path)), options_(options) {
  first_ = std::make_unique<CsvReader>(path_, options_);
  d_ = first_->input_dim();
  m_ = first_->output_dim();
  names_ = first_->column_names();
  struct stat st {};
  rereadable_ = ::stat(path_.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::unique_ptr<CsvReader> CsvSource::pass_reader() const {
  if (started_ && !rereadable_)
    throw InputError(located(path_, 0,
                             "is a pipe or device, which can be read only once, and this method "
                             "passes over the data again (give a memory budget that holds the "
                             "samples, or a regular file)"));
  started_ = true;
  return first_ ? std::move(first_) : std::make_unique<CsvReader>(path_, options_);
}

void CsvSource::for_each_chunk(const ChunkVisitor& visit) const {
  const std::unique_ptr<CsvReader> reader = pass_reader();
  Eigen::MatrixXd X, Y;
  while (reader->read(kSourceChunkRows, X, Y) > 0) visit(X, Y);
}

void CsvSource::for_each_chunk_in(std::uint64_t first, std::uint64_t end,
                                  const ChunkVisitor& visit) const {
  const std::unique_ptr<CsvReader> reader = pass_reader();
  if (reader->skip_rows(first) < first) return;
  Eigen::MatrixXd X, Y;
  for (std::uint64_t at = first; at < end;) {
    const auto want = static_cast<Eigen::Index>(
        std::min<std::uint64_t>(static_cast<std::uint64_t>(kSourceChunkRows), end - at));
    const Eigen::Index got = reader->read(want, X, Y);
    if (got == 0) return;
    visit(X, Y);
    at += static_cast<std::uint64_t>(got);
  }
}

GeneratedSource::GeneratedSource(Eigen::Index d, Eigen::Index m, std::uint64_t n, SampleFill fill)
    : d_(d), m_(m), n_(n), fill_(std::move(fill)) {
  if (d < 1 || m < 0) throw InputError("GeneratedSource: need d ≥ 1 and m ≥ 0");
}

void GeneratedSource::for_each_chunk(const ChunkVisitor& visit) const {
  const auto fill = [this](std::uint64_t first, Eigen::MatrixXd& X, Eigen::MatrixXd& Y) {
    const Eigen::Index rows = X.rows();
    const Eigen::Index blocks = (rows + kGenerateBlock - 1) / kGenerateBlock;
#pragma omp parallel for schedule(dynamic)
    for (Eigen::Index b = 0; b < blocks; ++b) {
      const Eigen::Index at = b * kGenerateBlock, r = std::min(kGenerateBlock, rows - at);
      // With no outputs Y has no storage: a block of it would offset a null pointer.
      Eigen::Map<Eigen::MatrixXd> no_outputs(nullptr, r, 0);
      if (m_ > 0)
        fill_(first + static_cast<std::uint64_t>(at), X.middleRows(at, r), Y.middleRows(at, r));
      else
        fill_(first + static_cast<std::uint64_t>(at), X.middleRows(at, r), no_outputs);
    }
  };
  detail::for_each_filled_chunk(0, n_, d_, m_, fill, visit);
}

}  // namespace nnm
