#include "nnm/data/dataset.hpp"

#include <fmt/format.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "data/csv_columns.hpp"
#include "nnm/core/error.hpp"

namespace nnm {
using detail::trim;
namespace {

constexpr std::size_t kReadBlock = std::size_t{1} << 22;

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
  // A regular file's size bounds the buffer and the rows; a pipe or device is read in blocks.
  const bool regular = ::fstat(::fileno(file_), &st) == 0 && S_ISREG(st.st_mode);
  sized_ = regular;
  file_left_ = regular ? static_cast<std::uint64_t>(st.st_size) : 0;
  buffer_.resize(regular ? std::min<std::size_t>(kReadBlock, file_left_ + 1) : kReadBlock);
  data_ = buffer_.data();
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
  row_.resize(static_cast<std::size_t>(d_ + m_));
}

bool CsvReader::parse_row(std::string_view line) {
  if (trim(line).empty()) return false;
  const std::size_t columns = target_.size();
  const auto take = [&](std::size_t count, std::string_view field) {
    if (count >= columns || target_[count] < 0) return;
    const auto place = static_cast<std::size_t>(target_[count]);
    double v;
    const bool number = parse_number(field, v);
    if (!number || !std::isfinite(v))
      fail("field " + std::to_string(count + 1) + " (" + shorten(names_[count]) + ") is " +
           (number ? "not finite" : "not a number") + ": '" + shorten(field) + "'");
    row_[place] = v;
  };
  std::size_t count = 0;
  if (std::memchr(line.data(), '"', line.size())) {
    count = detail::for_each_field(line, [&](std::size_t i, std::string_view field) {
      take(i, field);
      return true;
    });
  } else {
    for (std::size_t start = 0;; ++count) {
      const std::size_t comma = line.find(',', start);
      if (plain_ || (count < columns && target_[count] >= 0))
        take(count, trim(line.substr(start, comma == line.npos ? line.npos : comma - start)));
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
    ++count;
  }
  if (count != columns)
    fail("expected " + std::to_string(columns) + " fields, found " + std::to_string(count));
  return true;
}

Eigen::Index CsvReader::row_capacity(Eigen::Index max_rows) const {
  // Every row takes at least two bytes a field ("0,"), so what is left of the input bounds the rows
  // to come; a pipe starts small and grows.
  const std::uint64_t left = (file_ ? file_left_ : 0) + (end_ - begin_);
  const auto fields = static_cast<std::uint64_t>(std::max<Eigen::Index>(1, d_ + m_));
  const std::uint64_t bound = (file_ && !sized_) ? 1024 : left / (2 * fields) + 1;
  return static_cast<Eigen::Index>(std::min<std::uint64_t>(static_cast<std::uint64_t>(max_rows),
                                                           std::max<std::uint64_t>(bound, 1)));
}

Eigen::Index CsvReader::read(Eigen::Index max_rows, Eigen::MatrixXd& X, Eigen::MatrixXd& Y) {
  Eigen::Index capacity = row_capacity(max_rows);
  X.resize(capacity, d_);
  Y.resize(capacity, m_);
  Eigen::Index r = 0;
  std::string_view line;
  while (r < max_rows && next_line(line)) {
    if (!parse_row(line)) continue;
    if (r == capacity) {
      capacity = std::min(max_rows, 2 * capacity);
      X.conservativeResize(capacity, Eigen::NoChange);
      Y.conservativeResize(capacity, Eigen::NoChange);
    }
    for (Eigen::Index j = 0; j < d_; ++j) X(r, j) = row_[static_cast<std::size_t>(j)];
    for (Eigen::Index j = 0; j < m_; ++j) Y(r, j) = row_[static_cast<std::size_t>(d_ + j)];
    ++r;
  }
  rows_ += static_cast<std::uint64_t>(r);
  if (r == 0 && rows_ == 0) {
    line_ = 1;
    fail("header but no samples");
  }
  X.conservativeResize(r, d_);
  Y.conservativeResize(r, m_);
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
  struct statvfs fs {};
  if (::fstatvfs(::fileno(file_.handle()), &fs) != 0) return;
  const auto fields = static_cast<std::uint64_t>(std::max<Eigen::Index>(1, d_ + m_));
  const auto free_bytes = static_cast<std::uint64_t>(fs.f_bavail) * fs.f_frsize;
  if (rows <= free_bytes / (2 * fields)) return;
  const auto gb = [](long double bytes) { return fmt::format("{:.3g} GB", bytes / 1e9L); };
  throw InputError(located(file_.path(), 0,
                           fmt::format("{} samples need at least {}; the file system has {} free",
                                       rows, gb(2.0L * fields * rows), gb(free_bytes))));
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
  const std::uint64_t blocks = (n + kGenerateBlock - 1) / kGenerateBlock;
  // Format a batch of blocks in parallel, then write the batch in order; memory stays bounded
  // (16 blocks of text, a few tens of MB).
  const std::uint64_t batch = 16;
  std::vector<std::string> text(batch);
  for (std::uint64_t b0 = 0; b0 < blocks; b0 += batch) {
    const auto count = static_cast<std::int64_t>(std::min(batch, blocks - b0));
#pragma omp parallel for schedule(dynamic)
    for (std::int64_t i = 0; i < count; ++i) {
      const std::uint64_t first = (b0 + static_cast<std::uint64_t>(i)) * kGenerateBlock;
      const auto rows =
          static_cast<Eigen::Index>(std::min<std::uint64_t>(kGenerateBlock, n - first));
      Eigen::MatrixXd X(rows, d), Y(rows, m);
      fill(first, X, Y);
      auto& out = text[static_cast<std::size_t>(i)];
      out.clear();
      append_csv_rows(out, X, Y);
    }
    for (std::int64_t i = 0; i < count; ++i)
      writer.write_formatted(text[static_cast<std::size_t>(i)]);
  }
  writer.commit();
}

}  // namespace nnm
