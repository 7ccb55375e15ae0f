#include "nnm/data/npy.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>

#include "data/chunk_rows.hpp"
#include "data/csv_columns.hpp"
#include "nnm/core/error.hpp"

namespace nnm {
namespace {

static_assert(std::endian::native == std::endian::little, "the .npy writer assumes little endian");

constexpr std::string_view kMagic = "\x93NUMPY";
/// Longest header accepted (numpy's own limit is 10000 bytes for untrusted files; structured
/// arrays with long field lists stay far below this).
constexpr std::uint64_t kMaxHeaderBytes = 1 << 20;

// A value of the Python literal subset .npy headers use: strings, whole numbers, booleans,
// tuples, lists and dicts.
struct Literal {
  enum Kind { string, integer, boolean, tuple, list, dict } kind = integer;
  std::string text;
  std::uint64_t number = 0;
  bool flag = false;
  std::vector<Literal> items;  // tuple and list items; dict keys and values alternate
};

class LiteralParser {
 public:
  LiteralParser(std::string_view text, const std::string& name) : s_(text), name_(name) {}

  Literal parse() {
    Literal v = value(0);
    skip_blanks();
    if (pos_ != s_.size()) fail("unexpected text after the header dictionary");
    return v;
  }

  [[noreturn]] void fail(const std::string& what) const {
    throw InputError(located(name_, 0, "bad .npy header: " + what));
  }

 private:
  void skip_blanks() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\n' || s_[pos_] == '\t')) ++pos_;
  }
  char peek() {
    skip_blanks();
    if (pos_ >= s_.size()) fail("the header dictionary ends early");
    return s_[pos_];
  }
  void expect(char c) {
    if (peek() != c) fail(std::string("expected '") + c + "' at byte " + std::to_string(pos_));
    ++pos_;
  }

  Literal value(int depth) {
    if (depth > 8) fail("nested too deeply");
    const char c = peek();
    if (c == '\'' || c == '"') return quoted(c);
    if (c >= '0' && c <= '9') return integer();
    if (c == '(' || c == '[') return sequence(c, depth);
    if (c == '{') return dictionary(depth);
    for (const auto& [word, flag] : {std::pair{"True", true}, std::pair{"False", false}})
      if (s_.substr(pos_, std::strlen(word)) == word) {
        pos_ += std::strlen(word);
        Literal v;
        v.kind = Literal::boolean;
        v.flag = flag;
        return v;
      }
    fail("unexpected character at byte " + std::to_string(pos_));
  }

  Literal quoted(char quote) {
    Literal v;
    v.kind = Literal::string;
    const std::size_t close = s_.find(quote, pos_ + 1);
    if (close == std::string_view::npos) fail("unterminated string");
    v.text = std::string(s_.substr(pos_ + 1, close - pos_ - 1));
    if (v.text.find('\\') != std::string::npos) fail("escapes in strings are not supported");
    pos_ = close + 1;
    return v;
  }

  Literal integer() {
    Literal v;
    std::uint64_t n = 0;
    while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') {
      const auto digit = static_cast<std::uint64_t>(s_[pos_++] - '0');
      if (n > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) fail("number too large");
      n = n * 10 + digit;
    }
    if (pos_ < s_.size() && s_[pos_] == 'L') ++pos_;  // Python 2 long
    v.number = n;
    return v;
  }

  Literal sequence(char open, int depth) {
    Literal v;
    v.kind = open == '(' ? Literal::tuple : Literal::list;
    const char close = open == '(' ? ')' : ']';
    ++pos_;
    while (peek() != close) {
      if (v.items.size() > 100000) fail("too many items");
      v.items.push_back(value(depth + 1));
      if (peek() == ',')
        ++pos_;
      else if (peek() != close)
        fail(std::string("expected ',' or '") + close + "' at byte " + std::to_string(pos_));
    }
    ++pos_;
    return v;
  }

  Literal dictionary(int depth) {
    Literal v;
    v.kind = Literal::dict;
    ++pos_;
    while (peek() != '}') {
      if (v.items.size() > 64) fail("too many keys");
      v.items.push_back(value(depth + 1));
      expect(':');
      v.items.push_back(value(depth + 1));
      if (peek() == ',')
        ++pos_;
      else if (peek() != '}')
        fail("expected ',' or '}' at byte " + std::to_string(pos_));
    }
    ++pos_;
    return v;
  }

  std::string_view s_;
  const std::string& name_;
  std::size_t pos_ = 0;
};

std::uint64_t checked_mul(std::uint64_t a, std::uint64_t b, const LiteralParser& p) {
  if (b != 0 && a > std::numeric_limits<std::uint64_t>::max() / b)
    p.fail("the array's size overflows 64 bits");
  return a * b;
}

// A float dtype string: '<f8', '>f4', '=f8', '|f8' (byte order then kind and size).
NpyColumn float_type(const Literal& descr, const LiteralParser& p) {
  if (descr.kind != Literal::string) p.fail("a field's dtype must be a string such as '<f8'");
  const std::string& t = descr.text;
  NpyColumn c;
  if (t.size() == 3 && (t[0] == '<' || t[0] == '>' || t[0] == '=' || t[0] == '|') && t[1] == 'f' &&
      (t[2] == '4' || t[2] == '8')) {
    c.single = t[2] == '4';
    c.big_endian = t[0] == '>';
    return c;
  }
  p.fail("dtype '" + t +
         "' is not float32 or float64 (save the array with .astype(numpy.float64))");
}

std::vector<std::uint64_t> shape_of(const Literal& shape, const LiteralParser& p) {
  if (shape.kind != Literal::tuple) p.fail("'shape' must be a tuple");
  std::vector<std::uint64_t> out;
  for (const Literal& item : shape.items) {
    if (item.kind != Literal::integer) p.fail("'shape' must hold whole numbers");
    out.push_back(item.number);
  }
  return out;
}

const Literal& key(const Literal& dict, std::string_view name, const LiteralParser& p) {
  for (std::size_t i = 0; i + 1 < dict.items.size(); i += 2)
    if (dict.items[i].kind == Literal::string && dict.items[i].text == name)
      return dict.items[i + 1];
  p.fail("no '" + std::string(name) + "' key");
}

std::uint64_t item_bytes(const NpyColumn& c) { return c.single ? 4 : 8; }

// Fields x and y of a structured dtype, each a float or a float sub-array of one dimension.
void structured_columns(const Literal& descr, NpyHeader& h, const LiteralParser& p) {
  std::uint64_t offset = 0;
  const char* expected[] = {"x", "y"};
  if (descr.items.empty() || descr.items.size() > 2)
    p.fail("a structured array must have the fields x and, optionally, y");
  for (std::size_t f = 0; f < descr.items.size(); ++f) {
    const Literal& field = descr.items[f];
    if (field.kind != Literal::tuple || field.items.size() < 2 || field.items.size() > 3 ||
        field.items[0].kind != Literal::string)
      p.fail("a structured dtype's fields must be ('name', 'dtype'[, shape]) tuples");
    if (field.items[0].text != expected[f])
      p.fail("structured field " + std::to_string(f + 1) + " is '" + field.items[0].text +
             "', expected '" + expected[f] + "' (fields x, then y)");
    const NpyColumn type = float_type(field.items[1], p);
    std::uint64_t count = 1;
    if (field.items.size() == 3) {
      const std::vector<std::uint64_t> sub = shape_of(field.items[2], p);
      if (sub.size() != 1 || sub[0] == 0)
        p.fail("field '" + field.items[0].text + "' must hold a non-empty 1-D sub-array");
      count = sub[0];
    }
    if (count > 100000) p.fail("field '" + field.items[0].text + "' has too many columns");
    for (std::uint64_t j = 0; j < count; ++j) {
      NpyColumn c = type;
      c.offset = offset + j * item_bytes(c);
      h.columns.push_back(c);
      h.names.push_back(field.items[0].text + std::to_string(j + 1));
    }
    offset += count * item_bytes(type);
  }
  h.row_stride = offset;
  h.structured = true;
}

std::uint32_t little_endian(const unsigned char* p, int bytes) {
  std::uint32_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

double decode(const unsigned char* p, const NpyColumn& c) {
  if (c.single) {
    std::uint32_t bits;
    std::memcpy(&bits, p, 4);
    if (c.big_endian) bits = __builtin_bswap32(bits);
    return static_cast<double>(std::bit_cast<float>(bits));
  }
  std::uint64_t bits;
  std::memcpy(&bits, p, 8);
  if (c.big_endian) bits = __builtin_bswap64(bits);
  return std::bit_cast<double>(bits);
}

}  // namespace

NpyHeader parse_npy_header(std::string_view bytes, const std::string& name) {
  const auto fail = [&](const std::string& what) {
    throw InputError(located(name, 0, "not a valid .npy file: " + what));
  };
  if (bytes.size() < 10 || bytes.substr(0, 6) != kMagic)
    fail("it does not start with the .npy magic string \\x93NUMPY");
  const auto* u = reinterpret_cast<const unsigned char*>(bytes.data());
  NpyHeader h;
  h.major_version = u[6];
  if (h.major_version < 1 || h.major_version > 3)
    fail("format version " + std::to_string(h.major_version) + " (1 to 3 are read)");
  const int len_bytes = h.major_version == 1 ? 2 : 4;
  if (bytes.size() < static_cast<std::size_t>(8 + len_bytes)) fail("the header is cut short");
  const std::uint64_t header_len = little_endian(u + 8, len_bytes);
  if (header_len > kMaxHeaderBytes) fail("a header of " + std::to_string(header_len) + " bytes");
  h.data_offset = 8 + static_cast<std::uint64_t>(len_bytes) + header_len;
  if (h.data_offset > bytes.size()) fail("the file ends inside its header");
  std::string_view text = bytes.substr(8 + static_cast<std::size_t>(len_bytes), header_len);
  if (text.find('\0') != std::string_view::npos) fail("the header holds a NUL byte");

  const LiteralParser parser(text, name);
  const Literal dict = LiteralParser(text, name).parse();
  if (dict.kind != Literal::dict) parser.fail("the header is not a dictionary");
  if (dict.items.size() != 6)
    parser.fail("the header must have exactly the keys descr, fortran_order and shape");
  const Literal& descr = key(dict, "descr", parser);
  const Literal& fortran = key(dict, "fortran_order", parser);
  if (fortran.kind != Literal::boolean) parser.fail("'fortran_order' must be True or False");
  const std::vector<std::uint64_t> shape = shape_of(key(dict, "shape", parser), parser);

  if (descr.kind == Literal::list) {
    if (shape.size() != 1) parser.fail("a structured array must have one dimension, shape (n,)");
    structured_columns(descr, h, parser);
    h.rows = shape[0];
  } else {
    const NpyColumn type = float_type(descr, parser);
    if (shape.empty() || shape.size() > 2)
      parser.fail("the array must have shape (n, columns) or (n,), not " +
                  std::to_string(shape.size()) + " dimensions");
    h.rows = shape[0];
    const std::uint64_t cols = shape.size() == 2 ? shape[1] : 1;
    if (cols == 0) parser.fail("the array has no columns");
    if (cols > 100000) parser.fail("more than 100000 columns");
    const std::uint64_t item = item_bytes(type);
    // C order: a row's values are adjacent; Fortran order: a column's values are.
    h.row_stride = fortran.flag ? item : checked_mul(cols, item, parser);
    for (std::uint64_t c = 0; c < cols; ++c) {
      NpyColumn col = type;
      col.offset =
          fortran.flag ? checked_mul(checked_mul(c, h.rows, parser), item, parser) : c * item;
      h.columns.push_back(col);
      h.names.push_back(std::to_string(c + 1));
    }
    h.fortran_order = fortran.flag;
    if (fortran.flag) {
      h.data_bytes = checked_mul(checked_mul(h.rows, cols, parser), item, parser);
      return h;
    }
  }
  h.data_bytes = checked_mul(h.rows, h.row_stride, parser);
  return h;
}

NpyFile::NpyFile(std::string path) : path_(std::move(path)) {
  const int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    throw InputError(located(path_, 0, std::string("cannot open: ") + std::strerror(errno)));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw InputError(located(path_, 0, "is not a regular file (an .npy file is memory-mapped)"));
  }
  size_ = static_cast<std::size_t>(st.st_size);
  if (size_ == 0) {
    ::close(fd);
    throw InputError(located(path_, 0, "empty file (expected an .npy array)"));
  }
  void* map = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
  const int err = errno;
  ::close(fd);
  if (map == MAP_FAILED)
    throw InputError(located(path_, 0, std::string("cannot map: ") + std::strerror(err)));
  map_ = static_cast<const unsigned char*>(map);
  ::madvise(map, size_, MADV_SEQUENTIAL);
  try {
    header_ = parse_npy_header(std::string_view(reinterpret_cast<const char*>(map_), size_), path_);
    const std::uint64_t have = size_ - header_.data_offset;
    if (have != header_.data_bytes)
      throw InputError(located(path_, 0,
                               "not a valid .npy file: the header promises " +
                                   std::to_string(header_.data_bytes) +
                                   " bytes of samples but the file holds " + std::to_string(have) +
                                   (have < header_.data_bytes ? " (truncated?)" : "")));
    if (header_.rows == 0) throw InputError(located(path_, 0, "the array has no samples (0 rows)"));
  } catch (...) {
    ::munmap(const_cast<unsigned char*>(map_), size_);
    throw;
  }
}

NpyFile::~NpyFile() { ::munmap(const_cast<unsigned char*>(map_), size_); }

void NpyFile::start_pass(std::uint64_t first_row) const {
  const auto page = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
  const bool by_rows = !header_.fortran_order || header_.columns.size() == 1;
  released_ = by_rows ? (header_.data_offset + first_row * header_.row_stride) / page * page : 0;
}

void NpyFile::release(std::uint64_t rows_done) const {
  // Pages of rows already decoded leave the resident set (the page cache keeps them); a
  // Fortran-order file's columns each span the whole file, so it gives back nothing until the end.
  const auto page = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
  const bool by_rows = !header_.fortran_order || header_.columns.size() == 1;
  const std::uint64_t end = rows_done >= header_.rows ? size_
                            : by_rows ? header_.data_offset + rows_done * header_.row_stride
                                      : 0;
  const std::uint64_t done = end / page * page;
  if (done > released_) {
    ::madvise(const_cast<unsigned char*>(map_) + released_, done - released_, MADV_DONTNEED);
    released_ = done;
  }
  if (rows_done >= header_.rows) released_ = 0;  // the next pass starts again
}

double NpyFile::value(std::uint64_t row, std::size_t column) const {
  const NpyColumn& c = header_.columns[column];
  return decode(map_ + header_.data_offset + row * header_.row_stride + c.offset, c);
}

NpySource::NpySource(std::string path, const CsvOptions& options)
    : file_(std::make_shared<NpyFile>(std::move(path))) {
  options.validate();
  const NpyHeader& h = file_->header();
  const auto fail = [&](const std::string& what) {
    throw InputError(located(file_->path(), 0, what));
  };
  detail::CsvLayout layout;
  if (h.structured || !options.x_cols.empty() || !options.y_cols.empty()) {
    layout = detail::csv_layout(h.names, options, fail);
  } else {
    // A plain array without a column choice: every column is an input.
    layout.d = static_cast<long>(h.columns.size());
    for (std::size_t c = 0; c < h.columns.size(); ++c) layout.target.push_back(static_cast<int>(c));
  }
  d_ = layout.d;
  m_ = layout.m;
  if (options.require_outputs && m_ == 0)
    fail(h.structured ? "no output field y (the structured array has only x)"
                      : "a plain array has no named outputs: pick the output columns with "
                        "--y-cols (y_cols), e.g. --y-cols " +
                            std::to_string(h.columns.size()) +
                            ", or save a structured array "
                            "with fields x and y");
  x_columns_.assign(static_cast<std::size_t>(d_), 0);
  y_columns_.assign(static_cast<std::size_t>(m_), 0);
  for (std::size_t c = 0; c < layout.target.size(); ++c) {
    const int t = layout.target[c];
    if (t < 0) continue;
    if (t < d_)
      x_columns_[static_cast<std::size_t>(t)] = c;
    else
      y_columns_[static_cast<std::size_t>(t - d_)] = c;
  }
  // Little-endian float64 columns (what write_npy produces) are plain loads on a little-endian
  // machine; only other encodings pay for the general decode of each value.
  const auto native = [&](std::size_t c) {
    return !h.columns[c].single && !h.columns[c].big_endian;
  };
  plain_ = std::endian::native == std::endian::little &&
           std::all_of(x_columns_.begin(), x_columns_.end(), native) &&
           std::all_of(y_columns_.begin(), y_columns_.end(), native);
}

bool NpySource::rereads_cheaply() const {
  // Measured for plain loads of rows stored one after another (C order); a Fortran-order file,
  // or one that needs decoding, is held under the budget as before.
  return plain_ && !file_->header().fortran_order;
}

void NpySource::read_rows(std::uint64_t first, Eigen::Ref<Eigen::MatrixXd> X,
                          Eigen::Ref<Eigen::MatrixXd> Y) const {
  const Eigen::Index rows = X.rows();
  const NpyHeader& h = file_->header();
  std::vector<std::uint64_t> x_at(x_columns_.size()), y_at(y_columns_.size());
  for (std::size_t j = 0; j < x_at.size(); ++j) x_at[j] = h.columns[x_columns_[j]].offset;
  for (std::size_t j = 0; j < y_at.size(); ++j) y_at[j] = h.columns[y_columns_[j]].offset;
  // Rows in parallel; the first non-finite value (lowest row, then column) is reported.
  std::uint64_t bad = std::numeric_limits<std::uint64_t>::max();
  // Tiles of rows that stay in the first-level cache, copied a column at a time (row by row, each
  // row's values went to d + m places far apart).
  constexpr Eigen::Index kTile = 64;
  const Eigen::Index tiles = (rows + kTile - 1) / kTile;
  const auto fill = [&](auto load) {
#pragma omp parallel for schedule(static) reduction(min : bad)
    for (Eigen::Index t = 0; t < tiles; ++t) {
      const Eigen::Index first_row = t * kTile, count = std::min(kTile, rows - first_row);
      // The file row of the tile's first row, named here: clang cannot capture the enclosing
      // function's parameter into the lambda below inside this generic lambda's parallel region.
      const std::uint64_t tile_start = first + static_cast<std::uint64_t>(first_row);
      const auto copy_column = [&](double* out, std::size_t column, std::uint64_t at) {
        for (Eigen::Index i = 0; i < count; ++i) {
          const std::uint64_t row = tile_start + static_cast<std::uint64_t>(i);
          out[i] = load(row, file_->row_bytes(row), column, at);
          if (!std::isfinite(out[i]))
            bad = std::min(bad, static_cast<std::uint64_t>(first_row + i));
        }
      };
      for (std::size_t j = 0; j < x_columns_.size(); ++j)
        copy_column(&X(first_row, static_cast<Eigen::Index>(j)), x_columns_[j], x_at[j]);
      for (std::size_t j = 0; j < y_columns_.size(); ++j)
        copy_column(&Y(first_row, static_cast<Eigen::Index>(j)), y_columns_[j], y_at[j]);
    }
  };
  if (plain_)
    fill([](std::uint64_t, const unsigned char* bytes, std::size_t, std::uint64_t at) {
      double v;
      std::memcpy(&v, bytes + at, sizeof v);
      return v;
    });
  else
    fill([&](std::uint64_t row, const unsigned char*, std::size_t column, std::uint64_t) {
      return file_->value(row, column);
    });
  if (bad == std::numeric_limits<std::uint64_t>::max()) {
    file_->release(first + static_cast<std::uint64_t>(rows));
    return;
  }
  const auto r = static_cast<Eigen::Index>(bad);
  for (Eigen::Index j = 0; j < X.cols() + Y.cols(); ++j) {
    const double v = j < X.cols() ? X(r, j) : Y(r, j - X.cols());
    if (std::isfinite(v)) continue;
    const std::size_t c = j < X.cols() ? x_columns_[static_cast<std::size_t>(j)]
                                       : y_columns_[static_cast<std::size_t>(j - X.cols())];
    throw InputError(located(file_->path(), 0,
                             "row " + std::to_string(first + bad + 1) + ", column '" +
                                 file_->header().names[c] + "' is not finite (" +
                                 std::to_string(v) + ")"));
  }
}

void NpySource::for_each_chunk(const ChunkVisitor& visit) const {
  for_each_chunk_in(0, rows(), visit);
}

void NpySource::for_each_chunk_in(std::uint64_t first, std::uint64_t end,
                                  const ChunkVisitor& visit) const {
  file_->start_pass(first);
  detail::for_each_filled_chunk(
      first, std::min(end, rows()), d_, m_,
      [&](std::uint64_t at, Eigen::MatrixXd& X, Eigen::MatrixXd& Y) { read_rows(at, X, Y); },
      visit);
}

std::string npy_header(std::uint64_t n, Eigen::Index d, Eigen::Index m) {
  std::string dict = m > 0
                         ? "{'descr': [('x', '<f8', (" + std::to_string(d) + ",)), ('y', '<f8', (" +
                               std::to_string(m) + ",))], 'fortran_order': False, 'shape': (" +
                               std::to_string(n) + ",), }"
                         : "{'descr': '<f8', 'fortran_order': False, 'shape': (" +
                               std::to_string(n) + ", " + std::to_string(d) + "), }";
  // Version 1.0 (a 2-byte length) unless the header is too long for it; data aligned to 64 bytes.
  const bool v1 = dict.size() + 12 < 65536;
  const std::size_t prefix = v1 ? 10 : 12;
  const std::size_t total = (prefix + dict.size() + 1 + 63) / 64 * 64;
  dict.append(total - prefix - dict.size() - 1, ' ');
  dict.push_back('\n');
  std::string out(kMagic);
  out.push_back(static_cast<char>(v1 ? 1 : 2));
  out.push_back('\0');
  const std::size_t len = dict.size();
  for (std::size_t i = 0; i < (v1 ? 2u : 4u); ++i) out.push_back(static_cast<char>(len >> (8 * i)));
  return out + dict;
}

NpyWriter::NpyWriter(std::string path, std::uint64_t n, Eigen::Index d, Eigen::Index m)
    : file_(std::move(path)), n_(n), d_(d), m_(m) {
  const std::string header = npy_header(n, d, m);
  file_.require_space(static_cast<long double>(header.size()) +
                          8.0L * static_cast<long double>(d + m) * static_cast<long double>(n),
                      n);
  file_.write(header);
}

void NpyWriter::write(const Eigen::Ref<const Eigen::MatrixXd>& X,
                      const Eigen::Ref<const Eigen::MatrixXd>& Y) {
  if (X.cols() != d_ || Y.cols() != m_ || X.rows() != Y.rows())
    throw std::logic_error("NpyWriter::write: block shape does not match the header");
  if (written_ + static_cast<std::uint64_t>(X.rows()) > n_)
    throw std::logic_error("NpyWriter::write: more rows than the header promises");
  const Eigen::Index width = d_ + m_;
  buffer_.resize(static_cast<std::size_t>(X.rows() * width));
  for (Eigen::Index r = 0; r < X.rows(); ++r) {
    double* row = buffer_.data() + r * width;
    for (Eigen::Index j = 0; j < d_; ++j) row[j] = X(r, j);
    for (Eigen::Index j = 0; j < m_; ++j) row[d_ + j] = Y(r, j);
  }
  file_.write(reinterpret_cast<const char*>(buffer_.data()), buffer_.size() * sizeof(double));
  written_ += static_cast<std::uint64_t>(X.rows());
}

void NpyWriter::commit() {
  if (written_ != n_)
    throw std::logic_error("NpyWriter::commit: " + std::to_string(written_) + " rows written, " +
                           std::to_string(n_) + " promised");
  file_.commit();
}

}  // namespace nnm
