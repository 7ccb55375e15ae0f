#include "nnm/data/dataset.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "nnm/core/error.hpp"

namespace nnm {
namespace {

constexpr std::size_t kReadBlock = std::size_t{1} << 22;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string column_name(Eigen::Index j, Eigen::Index d) {
  return std::string(j < d ? "x" : "y").append(std::to_string(j < d ? j + 1 : j - d + 1));
}

std::string shorten(std::string_view s) {
  return s.size() <= 40 ? std::string(s) : std::string(s.substr(0, 37)) + "...";
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

}  // namespace

CsvReader::CsvReader(std::string path, bool require_outputs) : path_(std::move(path)) {
  file_ = std::fopen(path_.c_str(), "rb");
  if (!file_) fail(std::string("cannot open: ") + std::strerror(errno));
  buffer_.resize(kReadBlock);
  parse_header();
  if (require_outputs && m_ == 0)
    fail("no output columns: the header must list x1..xd then y1..ym");
  row_.resize(static_cast<std::size_t>(d_ + m_));
}

CsvReader::~CsvReader() {
  if (file_) std::fclose(file_);
}

void CsvReader::fail(const std::string& what) const {
  throw InputError(located(path_, line_, what));
}

bool CsvReader::next_line(std::string_view& line) {
  for (;;) {
    const char* data = buffer_.data();
    const void* nl = std::memchr(data + begin_, '\n', end_ - begin_);
    if (nl || (eof_ && begin_ < end_)) {
      const std::size_t stop =
          nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - data) : end_;
      line = std::string_view(data + begin_, stop - begin_);
      begin_ = nl ? stop + 1 : end_;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      ++line_;
      return true;
    }
    if (eof_) return false;
    // Move the partial line to the front and top the buffer up; grow it for very long lines.
    std::memmove(buffer_.data(), data + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
    if (end_ == buffer_.size()) buffer_.resize(buffer_.size() * 2);
    const std::size_t got = std::fread(buffer_.data() + end_, 1, buffer_.size() - end_, file_);
    if (got == 0) {
      if (std::ferror(file_)) fail(std::string("read error: ") + std::strerror(errno));
      eof_ = true;
    }
    end_ += got;
  }
}

void CsvReader::parse_header() {
  std::string_view line;
  if (!next_line(line)) {
    line_ = 0;
    fail("empty file (expected a header x1,...,xd,y1,...,ym)");
  }
  if (line.size() >= 3 && std::memcmp(line.data(), "\xEF\xBB\xBF", 3) == 0) line.remove_prefix(3);
  std::vector<std::string_view> names;
  for (std::size_t start = 0;;) {
    const std::size_t comma = line.find(',', start);
    names.push_back(
        trim(line.substr(start, comma == std::string_view::npos ? line.npos : comma - start)));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  // Expect x1..xd then y1..ym, each numbered from 1 in order.
  Eigen::Index d = 0, m = 0;
  for (const auto name : names) {
    const bool is_x = !name.empty() && name[0] == 'x';
    const bool is_y = !name.empty() && name[0] == 'y';
    const Eigen::Index expected = is_x ? d + 1 : m + 1;
    if ((is_x && m > 0) || (!is_x && !is_y) || name.substr(1) != std::to_string(expected)) {
      const std::string want = (is_y || m > 0) ? column_name(d + m, d) : column_name(d, d + 1);
      fail("bad header: column " + std::to_string(d + m + 1) + " is '" + shorten(name) +
           "', expected '" + want + "' (the header lists x1..xd then y1..ym)");
    }
    (is_x ? d : m) += 1;
  }
  if (d == 0) fail("bad header: no input columns x1..xd");
  d_ = d;
  m_ = m;
}

Eigen::Index CsvReader::read(Eigen::Index max_rows, Eigen::MatrixXd& X, Eigen::MatrixXd& Y) {
  X.resize(max_rows, d_);
  Y.resize(max_rows, m_);
  const auto fields = static_cast<std::size_t>(d_ + m_);
  Eigen::Index r = 0;
  std::string_view line;
  while (r < max_rows && next_line(line)) {
    if (trim(line).empty()) continue;
    std::size_t count = 0, start = 0;
    for (;;) {
      const std::size_t comma = line.find(',', start);
      const std::string_view field =
          trim(line.substr(start, comma == std::string_view::npos ? line.npos : comma - start));
      if (count < fields) {
        double v;
        if (!parse_number(field, v))
          fail("field " + std::to_string(count + 1) + " (" +
               column_name(static_cast<Eigen::Index>(count), d_) + ") is not a number: '" +
               shorten(field) + "'");
        if (!std::isfinite(v))
          fail("field " + std::to_string(count + 1) + " (" +
               column_name(static_cast<Eigen::Index>(count), d_) + ") is not finite: '" +
               shorten(field) + "'");
        row_[count] = v;
      }
      ++count;
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
    if (count != fields)
      fail("expected " + std::to_string(fields) + " fields, found " + std::to_string(count));
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

Dataset read_csv(const std::string& path, bool require_outputs) {
  CsvReader reader(path, require_outputs);
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

void write_csv(const std::string& path, const Dataset& data) {
  CsvWriter w(path, data.X.cols(), data.Y.cols());
  w.write(data.X, data.Y);
  w.commit();
}

void write_generated_csv(const std::string& path, Eigen::Index d, Eigen::Index m, std::uint64_t n,
                         const SampleFill& fill) {
  CsvWriter writer(path, d, m);
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
