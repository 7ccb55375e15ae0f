#include "nnm/data/held_source.hpp"

#include <unistd.h>

#include <algorithm>

namespace nnm {
namespace {
// A copy made by all threads, column by column (the copy of a large file's samples would
// otherwise be a serial step in a parallel pass).
Eigen::MatrixXd copy(const Eigen::Ref<const Eigen::MatrixXd>& M) {
  Eigen::MatrixXd out(M.rows(), M.cols());
#pragma omp parallel for schedule(static) if (M.size() >= (1 << 16))
  for (Eigen::Index j = 0; j < M.cols(); ++j) out.col(j) = M.col(j);
  return out;
}
}  // namespace

std::uint64_t default_memory_budget() {
  const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGESIZE);
  if (pages <= 0 || page <= 0) return std::uint64_t{1} << 30;  // unknown: 1 GiB
  return static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page) / 4;
}

HeldSource::HeldSource(std::unique_ptr<SampleSource> inner, std::uint64_t budget_bytes,
                       HoldPolicy policy)
    : inner_(std::move(inner)), budget_(budget_bytes), policy_(policy) {}

void HeldSource::for_each_chunk(const ChunkVisitor& visit) const {
  if (state_ == State::held) {
    for (const auto& [X, Y] : chunks_) visit(X, Y);
    ++passes_held_;
    return;
  }
  const bool first = state_ == State::unread;
  bool keep = first && budget_ > 0 && !reads_in_place();
  std::uint64_t bytes = 0, rows = 0;
  chunks_.clear();
  try {
    inner_->for_each_chunk([&](const Eigen::Ref<const Eigen::MatrixXd>& X,
                               const Eigen::Ref<const Eigen::MatrixXd>& Y) {
      const auto r = static_cast<std::uint64_t>(X.rows());
      rows += r;
      bytes += r * static_cast<std::uint64_t>(X.cols() + Y.cols()) * sizeof(double);
      if (keep && bytes > budget_) {
        keep = false;
        chunks_.clear();
        chunks_.shrink_to_fit();
      }
      if (!keep) return visit(X, Y);
      chunks_.emplace_back(copy(X), copy(Y));
      visit(chunks_.back().first, chunks_.back().second);
    });
  } catch (...) {
    chunks_.clear();
    throw;
  }
  ++passes_read_;
  if (!first) return;
  rows_ = rows;
  bytes_ = bytes;
  state_ = keep ? State::held : State::streaming;
}

}  // namespace nnm
