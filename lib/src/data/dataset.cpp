#include "nnm/data/dataset.hpp"

#include <omp.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "data/csv_columns.hpp"
#include "data/generate_in_order.hpp"
#include "nnm/core/error.hpp"

namespace nnm {
using detail::trim;
namespace {

constexpr std::size_t kReadBlock = std::size_t{1} << 22;
/// Bytes of lines parsed together (in parallel, cut at line ends): large enough that starting the
/// threads costs nothing, small enough that the parsed rows stay a few tens of MB.
constexpr std::size_t kBatchBytes = std::size_t{1} << 23;
/// A batch is cut into one segment per thread, but no segment smaller than this.
constexpr std::size_t kMinSegmentBytes = std::size_t{1} << 18;

std::string shorten(std::string_view s) {
  return s.size() <= 40 ? std::string(s) : std::string(s.substr(0, 37)) + "...";
}

std::string column_name(Eigen::Index j, Eigen::Index d) {
  return std::string(j < d ? "x" : "y").append(std::to_string(j < d ? j + 1 : j - d + 1));
}

/// Parses a whole field as a double: the fast path is from_chars, and anything it rejects gets a
/// second chance through strtod so that every strtod form ("+1", "0x1p3", " 2") is accepted.
bool parse_number(std::string_view field, double& value) {
  const char* first = field.data();
  const char* last = first + field.size();
  const auto [ptr, ec] = std::from_chars(first, last, value);
  if (ec == std::errc() && ptr == last) return true;
  if (field.empty() || field.size() > 200) return false;
  char buf[256];
  std::memcpy(buf, first, field.size());
  buf[field.size()] = '\0';
  char* end = nullptr;
  errno = 0;
  value = std::strtod(buf, &end);
  return end == buf + field.size() && end != buf;
}

CsvOptions with_outputs(bool require_outputs) {
  CsvOptions o;
  o.require_outputs = require_outputs;
  return o;
}

}  // namespace

void CsvOptions::validate() const {
  if (max_line_bytes < 16) throw InputError("CsvOptions: max_line_bytes must be at least 16");
  if (max_columns < 1) throw InputError("CsvOptions: max_columns must be at least 1");
}

CsvReader::CsvReader(std::string path, bool require_outputs)
    : CsvReader(std::move(path), with_outputs(require_outputs)) {}

CsvReader::CsvReader(std::string path, const CsvOptions& options)
    : path_(std::move(path)), options_(options) {
  options_.validate();
  file_ = std::fopen(path_.c_str(), "rb");
  if (!file_) fail(std::string("cannot open: ") + std::strerror(errno));
  struct stat st {};
  if (::fstat(::fileno(file_), &st) == 0 && S_ISDIR(st.st_mode))
    fail("is a directory, not a CSV file");
  // A regular file is mapped whole and parsed in place; a pipe or device is read in blocks.
  const bool regular = ::fstat(::fileno(file_), &st) == 0 && S_ISREG(st.st_mode);
  sized_ = regular;
  if (regular && st.st_size > 0) {
    map_size_ = static_cast<std::size_t>(st.st_size);
    map_ = ::mmap(nullptr, map_size_, PROT_READ, MAP_PRIVATE, ::fileno(file_), 0);
    if (map_ == MAP_FAILED) {
      map_ = nullptr;
    } else {
      ::madvise(map_, map_size_, MADV_SEQUENTIAL);
      std::fclose(file_);
      file_ = nullptr;
      data_ = static_cast<const char*>(map_);
      end_ = map_size_;
      eof_ = true;
    }
  }
  if (!map_) {
    file_left_ = regular ? static_cast<std::uint64_t>(st.st_size) : 0;
    buffer_.resize(regular ? std::min<std::size_t>(kReadBlock, file_left_ + 1) : kReadBlock);
    data_ = buffer_.data();
  }
  parse_header();
}

CsvReader::CsvReader(const CsvText& text, const CsvOptions& options)
    : path_(text.name), options_(options) {
  options_.validate();
  data_ = text.text.data();
  end_ = text.text.size();
  eof_ = true;
  parse_header();
}

CsvReader::~CsvReader() {
  if (file_) std::fclose(file_);
  if (map_) ::munmap(map_, map_size_);
}

void CsvReader::fail(const std::string& what) const {
  throw InputError(located(path_, line_, what));
}

bool CsvReader::refill() {
  if (eof_) return false;
  // Move the partial line to the front and top the buffer up; grow it for long lines, up to the
  // cap.
  std::memmove(buffer_.data(), data_ + begin_, end_ - begin_);
  end_ -= begin_;
  begin_ = 0;
  if (end_ == buffer_.size()) {
    if (buffer_.size() > options_.max_line_bytes) {
      ++line_;
      fail("line longer than " + std::to_string(options_.max_line_bytes) +
           " bytes (the limit; is this a CSV file?)");
    }
    buffer_.resize(std::min(buffer_.size() * 2, options_.max_line_bytes + 1));
    data_ = buffer_.data();
  }
  const std::size_t got = std::fread(buffer_.data() + end_, 1, buffer_.size() - end_, file_);
  if (got == 0) {
    if (std::ferror(file_)) fail(std::string("read error: ") + std::strerror(errno));
    eof_ = true;
  }
  file_left_ -= std::min<std::uint64_t>(file_left_, got);
  end_ += got;
  return true;
}

bool CsvReader::next_line(std::string_view& line) {
  for (;;) {
    const void* nl = std::memchr(data_ + begin_, '\n', end_ - begin_);
    if (nl || (eof_ && begin_ < end_)) {
      const std::size_t stop =
          nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - data_) : end_;
      line = std::string_view(data_ + begin_, stop - begin_);
      begin_ = nl ? stop + 1 : end_;
      ++line_;
      if (line.size() > options_.max_line_bytes)
        fail("line longer than " + std::to_string(options_.max_line_bytes) + " bytes (the limit)");
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      return true;
    }
    if (!refill()) return false;
  }
}

void CsvReader::parse_header() {
  std::string_view line;
  if (!next_line(line)) {
    line_ = 0;
    fail("empty file (expected a header x1,...,xd,y1,...,ym)");
  }
  if (line.size() >= 3 && std::memcmp(line.data(), "\xEF\xBB\xBF", 3) == 0) line.remove_prefix(3);
  const auto fail_here = [this](const std::string& what) { fail(what); };
  names_ = detail::split_header(line, options_.max_columns, fail_here);
  const detail::CsvLayout layout = detail::csv_layout(names_, options_, fail_here);
  d_ = layout.d;
  m_ = layout.m;
  target_ = layout.target;
  if (options_.require_outputs && m_ == 0)
    fail("no output columns: the header must list x1..xd then y1..ym");
  plain_ = true;
  for (std::size_t c = 0; c < target_.size(); ++c) plain_ = plain_ && target_[c] == int(c);
}

bool CsvReader::parse_plain_row(std::string_view line, double* row) const {
  // Where this succeeds parse_row reads the same fields (no blanks, quotes or other number forms
  // in them) through the same from_chars, so the values are the same bits.
  const char* p = line.data();
  const char* const end = p + line.size();
  const std::size_t columns = target_.size();
  for (std::size_t c = 0; c < columns; ++c) {
    double v;
    const auto [ptr, ec] = std::from_chars(p, end, v);
    if (ec != std::errc() || ptr == p || !std::isfinite(v)) return false;
    if (c + 1 < columns) {
      if (ptr == end || *ptr != ',') return false;
      p = ptr + 1;
    } else if (ptr != end) {
      return false;
    }
    row[c] = v;
  }
  return true;
}

bool CsvReader::parse_row(std::string_view line, double* row, std::string& error) const {
  if (trim(line).empty()) return false;
  const std::size_t columns = target_.size();
  // Returns false (and sets error) for a field that is not a finite number.
  const auto take = [&](std::size_t count, std::string_view field) {
    if (count >= columns || target_[count] < 0) return true;
    double v;
    const bool number = parse_number(field, v);
    if (!number || !std::isfinite(v)) {
      error = "field " + std::to_string(count + 1) + " (" + shorten(names_[count]) + ") is " +
              (number ? "not finite" : "not a number") + ": '" + shorten(field) + "'";
      return false;
    }
    row[target_[count]] = v;
    return true;
  };
  std::size_t count = 0;
  if (std::memchr(line.data(), '"', line.size())) {
    bool good = true;
    count = detail::for_each_field(
        line, [&](std::size_t i, std::string_view field) { return good = take(i, field); });
    if (!good) return true;
  } else {
    for (std::size_t start = 0;; ++count) {
      const std::size_t comma = line.find(',', start);
      if (plain_ || (count < columns && target_[count] >= 0))
        if (!take(count, trim(line.substr(start, comma == line.npos ? line.npos : comma - start))))
          return true;
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
    ++count;
  }
  if (count != columns)
    error = "expected " + std::to_string(columns) + " fields, found " + std::to_string(count);
  return true;
}

// Lines [begin, end) of the input (whole lines), parsed by one thread.
struct CsvReader::Segment {
  std::size_t begin = 0, end = 0;
  std::vector<double> values;  // rows × (d + m), row-major
  long lines = 0;              // lines seen (to the error's line when there is one)
  std::string error;           // the first malformed line's problem, at line `lines`
};

void CsvReader::parse_segment(Segment& seg) const {
  // Locals, moved into `seg` at the end: the segments sit side by side in one vector, and a
  // thread writing its segment's fields on every line would keep stealing the other threads'
  // cache line (false sharing made two threads slower than one).
  const auto width = static_cast<std::size_t>(d_ + m_);
  std::vector<double> values = std::move(seg.values);  // a spare buffer, or none
  values.clear();
  values.reserve((seg.end - seg.begin) / (2 * std::max<std::size_t>(1, width)) * width / 4);
  std::string error;
  long lines = 0;
  std::size_t pos = seg.begin;
  while (pos < seg.end && error.empty()) {
    const void* nl = std::memchr(data_ + pos, '\n', seg.end - pos);
    const std::size_t stop =
        nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - data_) : seg.end;
    std::string_view line(data_ + pos, stop - pos);
    pos = nl ? stop + 1 : seg.end;
    ++lines;
    if (line.size() > options_.max_line_bytes) {
      error = "line longer than " + std::to_string(options_.max_line_bytes) + " bytes (the limit)";
      break;
    }
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::size_t at = values.size();
    values.resize(at + width);
    if (plain_ && parse_plain_row(line, values.data() + at)) continue;
    if (!parse_row(line, values.data() + at, error)) values.resize(at);
  }
  seg.values = std::move(values);
  seg.error = std::move(error);
  seg.lines = lines;
}

bool CsvReader::next_batch(std::size_t& stop) {
  for (;;) {
    const std::size_t avail = end_ - begin_;
    if (avail > 0) {
      // Up to the last line end within kBatchBytes, or the first one after it (a long line, but
      // no further than the line limit: a 2 GB line is refused after reading 64 MB of it).
      const std::size_t limit = std::min(avail, kBatchBytes);
      const void* nl = ::memrchr(data_ + begin_, '\n', limit);
      const std::size_t longest = std::min(avail, options_.max_line_bytes + 1);
      if (!nl && limit < longest) nl = std::memchr(data_ + begin_ + limit, '\n', longest - limit);
      if (!nl && longest < avail) {
        ++line_;
        fail("line longer than " + std::to_string(options_.max_line_bytes) + " bytes (the limit)");
      }
      if (nl) {
        stop = static_cast<std::size_t>(static_cast<const char*>(nl) - data_) + 1;
        return true;
      }
      if (eof_) {
        stop = end_;  // the last line, without a newline
        return true;
      }
    } else if (eof_) {
      return false;
    }
    if (!refill()) return false;
  }
}

void CsvReader::release_read_pages() {
  if (!map_) return;
  // Pages already read leave this process's resident memory (the page cache keeps them), so a
  // pass over a large file holds one batch, not the whole file.
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  const std::size_t done = begin_ / page * page;
  if (done > released_) {
    ::madvise(static_cast<char*>(map_) + released_, done - released_, MADV_DONTNEED);
    released_ = done;
  }
}

void CsvReader::retire_front() {
  // Never more spares than buffers were pending at once (about one chunk of rows).
  spare_.push_back(std::move(pending_.front()));
  pending_.pop_front();
  pending_head_ = 0;
}

std::uint64_t CsvReader::skip_rows(std::uint64_t rows) {
  std::uint64_t skipped = 0;
  const auto width = static_cast<std::size_t>(d_ + m_);
  while (skipped < rows && pending_rows_ > 0) {  // rows parsed already
    const std::size_t left = pending_.front().size() / width - pending_head_;
    const auto take = static_cast<std::size_t>(std::min<std::uint64_t>(left, rows - skipped));
    skipped += take;
    pending_rows_ -= take;
    pending_head_ += take;
    if (pending_head_ * width == pending_.front().size()) retire_front();
  }
  // A blank line is one that read() drops: nothing but blanks and tabs once a final '\r' is gone
  // (next_line removes it).
  std::string_view line;
  while (skipped < rows && next_line(line))
    if (!trim(line).empty()) ++skipped;
  rows_ += skipped;
  release_read_pages();
  return skipped;
}

void CsvReader::parse_batch(std::size_t stop) {
  // One segment per thread, cut at line ends; each thread parses its own lines.
  const std::size_t bytes = stop - begin_;
  const auto threads = static_cast<std::size_t>(std::max(1, omp_get_max_threads()));
  const std::size_t count = std::clamp<std::size_t>(bytes / kMinSegmentBytes, 1, threads);
  std::vector<Segment> segments(count);
  for (auto& seg : segments)
    if (!spare_.empty()) {
      seg.values = std::move(spare_.back());
      spare_.pop_back();
    }
  std::size_t at = begin_;
  for (std::size_t i = 0; i < count; ++i) {
    segments[i].begin = at;
    std::size_t cut = i + 1 == count ? stop : begin_ + bytes / count * (i + 1);
    if (cut < at) cut = at;
    if (i + 1 < count) {
      const void* nl = cut < stop ? std::memchr(data_ + cut, '\n', stop - cut) : nullptr;
      cut = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - data_) + 1 : stop;
    }
    segments[i].end = at = cut;
  }
#pragma omp parallel for schedule(static, 1) if (count > 1)
  for (std::size_t i = 0; i < count; ++i) parse_segment(segments[i]);
  begin_ = stop;
  release_read_pages();
  // Rows in file order; the first malformed line of the batch is the file's first.
  const auto width = static_cast<std::size_t>(d_ + m_);
  for (std::size_t i = 0; i < count; ++i) {
    line_ += segments[i].lines;
    if (!segments[i].error.empty()) fail(segments[i].error);
    if (segments[i].values.empty()) continue;
    pending_rows_ += segments[i].values.size() / width;
    pending_.push_back(std::move(segments[i].values));
  }
}

Eigen::Index CsvReader::read(Eigen::Index max_rows, Eigen::MatrixXd& X, Eigen::MatrixXd& Y) {
  const auto width = static_cast<std::size_t>(d_ + m_);
  std::size_t stop = 0;
  while (pending_rows_ < static_cast<std::size_t>(max_rows) && next_batch(stop)) parse_batch(stop);
  const auto r = static_cast<Eigen::Index>(
      std::min<std::size_t>(pending_rows_, static_cast<std::size_t>(max_rows)));
  X.resize(r, d_);
  Y.resize(r, m_);
  for (Eigen::Index done = 0; done < r;) {
    const std::vector<double>& front = pending_.front();
    const auto take = static_cast<Eigen::Index>(
        std::min(front.size() / width - pending_head_, static_cast<std::size_t>(r - done)));
    const double* rows = front.data() + pending_head_ * width;
    // Transposed in tiles of rows that stay in the first-level cache, a column at a time (row by
    // row, each row's values went to d + m places far apart).
    constexpr Eigen::Index kTile = 64;
    const Eigen::Index tiles = (take + kTile - 1) / kTile;
#pragma omp parallel for schedule(static) if (take >= 4096)
    for (Eigen::Index t = 0; t < tiles; ++t) {
      const Eigen::Index first = t * kTile, count = std::min(kTile, take - first);
      const double* tile = rows + static_cast<std::size_t>(first) * width;
      for (Eigen::Index j = 0; j < d_ + m_; ++j) {
        double* out = j < d_ ? &X(done + first, j) : &Y(done + first, j - d_);
        for (Eigen::Index i = 0; i < count; ++i)
          out[i] = tile[static_cast<std::size_t>(i) * width + static_cast<std::size_t>(j)];
      }
    }
    done += take;
    pending_rows_ -= static_cast<std::size_t>(take);
    pending_head_ += static_cast<std::size_t>(take);
    if (pending_head_ * width == front.size()) retire_front();
  }
  rows_ += static_cast<std::uint64_t>(r);
  if (r == 0 && rows_ == 0) {
    line_ = 1;
    fail("header but no samples");
  }
  return r;
}

namespace {
Dataset read_all(CsvReader& reader) {
  Dataset all;
  all.X.resize(0, reader.input_dim());
  all.Y.resize(0, reader.output_dim());
  Eigen::MatrixXd X, Y;
  while (const Eigen::Index r = reader.read(1 << 16, X, Y)) {
    const Eigen::Index n = all.X.rows();
    all.X.conservativeResize(n + r, Eigen::NoChange);
    all.Y.conservativeResize(n + r, Eigen::NoChange);
    all.X.bottomRows(r) = X;
    all.Y.bottomRows(r) = Y;
  }
  return all;
}
}  // namespace

Dataset read_csv(const std::string& path, bool require_outputs) {
  return read_csv(path, with_outputs(require_outputs));
}

Dataset read_csv(const std::string& path, const CsvOptions& options) {
  CsvReader reader(path, options);
  return read_all(reader);
}

Dataset read_csv(const CsvText& text, const CsvOptions& options) {
  CsvReader reader(text, options);
  return read_all(reader);
}

std::string csv_header(Eigen::Index d, Eigen::Index m) {
  std::string h;
  for (Eigen::Index j = 0; j < d + m; ++j) {
    if (j) h += ',';
    h += column_name(j, d);
  }
  return h;
}

void append_csv_rows(std::string& out, const Eigen::Ref<const Eigen::MatrixXd>& X,
                     const Eigen::Ref<const Eigen::MatrixXd>& Y) {
  char buf[32];
  for (Eigen::Index r = 0; r < X.rows(); ++r) {
    for (Eigen::Index j = 0; j < X.cols() + Y.cols(); ++j) {
      const double v = j < X.cols() ? X(r, j) : Y(r, j - X.cols());
      const auto res = std::to_chars(buf, buf + sizeof buf, v);
      if (j) out.push_back(',');
      out.append(buf, res.ptr);
    }
    out.push_back('\n');
  }
}

CsvWriter::CsvWriter(std::string path, Eigen::Index d, Eigen::Index m)
    : file_(std::move(path)), d_(d), m_(m) {
  file_.write(csv_header(d, m) + "\n");
}

void CsvWriter::write(const Eigen::Ref<const Eigen::MatrixXd>& X,
                      const Eigen::Ref<const Eigen::MatrixXd>& Y) {
  if (X.cols() != d_ || Y.cols() != m_ || X.rows() != Y.rows())
    throw std::invalid_argument("CsvWriter::write: block shape does not match the header");
  std::string rows;
  append_csv_rows(rows, X, Y);
  file_.write(rows);
}

void CsvWriter::check_space(std::uint64_t rows) {
  // Every field takes at least two bytes ("0,"): a file that cannot fit is refused before it is
  // started, instead of running for hours (or forever: --n 9e18) and then failing.
  const auto fields = static_cast<long double>(std::max<Eigen::Index>(1, d_ + m_));
  file_.require_space(2.0L * fields * static_cast<long double>(rows), rows);
}

void write_csv(const std::string& path, const Dataset& data) {
  CsvWriter w(path, data.X.cols(), data.Y.cols());
  w.write(data.X, data.Y);
  w.commit();
}

void write_generated_csv(const std::string& path, Eigen::Index d, Eigen::Index m, std::uint64_t n,
                         const SampleFill& fill) {
  CsvWriter writer(path, d, m);
  writer.check_space(n);
  // Rows formatted in parallel, a batch of blocks at a time, and written in order.
  std::vector<std::string> text(detail::kGenerateBatch);
  detail::in_order_batches(
      n,
      [&](std::size_t slot, std::uint64_t first, Eigen::Index rows) {
        Eigen::MatrixXd X(rows, d), Y(rows, m);
        fill(first, X, Y);
        text[slot].clear();
        append_csv_rows(text[slot], X, Y);
      },
      [&](std::size_t slot) { writer.write_formatted(text[slot]); });
  writer.commit();
}

}  // namespace nnm
