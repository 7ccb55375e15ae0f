#pragma once
// Data sets in the CSV format of the nnm tools: a header x1,…,xd,y1,…,ym, then one sample per row
// (other headers with CsvOptions: an index column, quoted names, columns picked by name).
//
// The reader streams: it hands out blocks of rows so a file larger than memory is read in one pass.
// A regular file is memory-mapped and its lines are parsed in parallel, a batch of about 8 MB at a
// time cut at line ends: the numbers, and the first error reported, are the same for any number of
// threads. Every malformed input throws InputError with "file:line: what was wrong".
#include <Eigen/Core>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "nnm/data/atomic_file.hpp"

namespace nnm {

struct Dataset {
  Eigen::MatrixXd X;  ///< n × d inputs, one sample per row
  Eigen::MatrixXd Y;  ///< n × m outputs (m may be 0 for input-only files)
};

/// How a data CSV is read. The header names the columns; by default they are x1..xd then y1..ym,
/// optionally after an index column (an unnamed first column, or "Unnamed: 0", as pandas'
/// `to_csv` writes). Names may be quoted ("x1"), and so may fields.
struct CsvOptions {
  /// A file without output columns is an error; without it, an input-only file is accepted.
  bool require_outputs = true;
  /// The input and output columns, each a comma-separated list of column names, 1-based column
  /// numbers and inclusive ranges FIRST:LAST of either ("x1:x8", "2:9", "age,height,3"). Empty:
  /// the header's x1..xd and y1..ym. Given one without the other, the other is every column not
  /// named and not the index column. Columns not selected are skipped unread.
  std::string x_cols, y_cols;
  /// Longest line accepted, in bytes: a longer one is an error at once (memory stays bounded).
  std::size_t max_line_bytes = std::size_t{64} << 20;
  /// Most columns a header may have.
  std::size_t max_columns = 100000;
  /// Throws InputError naming the bad field.
  void validate() const;
};

/// CSV text already in memory (a fuzzer, a test, a string from elsewhere); `name` stands for the
/// file name in messages. The text must outlive the reader.
struct CsvText {
  std::string_view text;
  std::string name = "<memory>";
};

class CsvReader {
 public:
  /// Opens the file and parses the header.
  CsvReader(std::string path, const CsvOptions& options);
  /// Reads from memory; no copy is made.
  CsvReader(const CsvText& text, const CsvOptions& options);
  /// With require_outputs, a file without y columns is an error.
  explicit CsvReader(std::string path, bool require_outputs = true);
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  const std::string& path() const { return path_; }
  Eigen::Index input_dim() const { return d_; }
  Eigen::Index output_dim() const { return m_; }
  std::uint64_t rows_read() const { return rows_; }
  /// The header's column names, as written (unquoted).
  const std::vector<std::string>& column_names() const { return names_; }

  /// Moves past up to `rows` samples without parsing them: each line end is found and a line that
  /// is not blank counts as a sample (as read() would count it, malformed or not). Line numbers in
  /// later messages stay the file's own. Returns the samples skipped (fewer at the end of file).
  std::uint64_t skip_rows(std::uint64_t rows);

  /// Reads up to max_rows samples into X (resized to rows × d) and Y (rows × m). Returns the number
  /// of rows read; 0 means the end of the file. A file with a header and no samples throws.
  /// Memory grows with the rows actually read (and one parsed batch), not with max_rows.
  Eigen::Index read(Eigen::Index max_rows, Eigen::MatrixXd& X, Eigen::MatrixXd& Y);

 private:
  struct Segment;
  bool next_line(std::string_view& line);  // false at end of file
  bool refill();                           // false at end of file
  bool next_batch(std::size_t& stop);      // [begin_, stop) holds whole lines; false at the end
  void parse_batch(std::size_t stop);      // parses [begin_, stop) into pending_, in parallel
  void parse_segment(Segment& segment) const;
  void release_read_pages();  // gives back the map's pages before begin_
  void parse_header();
  /// Parses one line into row[0 … d+m); false for a blank line. A malformed line sets `error`.
  bool parse_row(std::string_view line, double* row, std::string& error) const;
  /// A row of plain numbers (every one read whole by from_chars, single commas between, the
  /// right count); false leaves anything else to parse_row.
  bool parse_plain_row(std::string_view line, double* row) const;
  [[noreturn]] void fail(const std::string& what) const;

  std::string path_;
  CsvOptions options_;
  std::FILE* file_ = nullptr;
  void* map_ = nullptr;  // a regular file, memory-mapped whole
  std::size_t map_size_ = 0;
  std::size_t released_ = 0;     // bytes of the map at its start given back (MADV_DONTNEED)
  bool sized_ = false;           // a regular file, whose size is known
  std::uint64_t file_left_ = 0;  // bytes of it not yet read
  std::vector<char> buffer_;
  const char* data_ = nullptr;       // buffer_.data(), or the text of a CsvText
  std::size_t begin_ = 0, end_ = 0;  // unread bytes of data_
  bool eof_ = false;
  long line_ = 0;
  Eigen::Index d_ = 0, m_ = 0;
  std::uint64_t rows_ = 0;
  std::vector<std::string> names_;  // of every column in the header
  std::vector<int> target_;         // per column: its place in row_, or -1 to skip
  bool plain_ = true;               // every column is used, in order (the fast path)
  // Parsed rows not yet handed out: each segment's rows (row-major) as parsed, in file order, so
  // that no row is copied before read() hands it out.
  std::deque<std::vector<double>> pending_;
  std::size_t pending_head_ = 0;  // rows of pending_.front() already handed out
  std::size_t pending_rows_ = 0;  // rows in pending_ not yet handed out
  // Buffers of rows handed out, reused by the next batches: fresh memory for every batch cost a
  // page fault per 4 KB of parsed rows.
  std::vector<std::vector<double>> spare_;
  void retire_front();  // pending_.front() is done: into spare_
};

/// Reads a whole file into memory (use CsvReader to stream large files).
Dataset read_csv(const std::string& path, bool require_outputs = true);
Dataset read_csv(const std::string& path, const CsvOptions& options);
Dataset read_csv(const CsvText& text, const CsvOptions& options);

/// The header line for d inputs and m outputs, without the newline.
std::string csv_header(Eigen::Index d, Eigen::Index m);
/// Appends rows of [X Y] to `out`, numbers in shortest round-trip form (reading them back gives
/// the same doubles bit for bit).
void append_csv_rows(std::string& out, const Eigen::Ref<const Eigen::MatrixXd>& X,
                     const Eigen::Ref<const Eigen::MatrixXd>& Y);

/// Writes a data file atomically: nothing appears at `path` until commit().
class CsvWriter {
 public:
  CsvWriter(std::string path, Eigen::Index d, Eigen::Index m);
  void write(const Eigen::Ref<const Eigen::MatrixXd>& X,
             const Eigen::Ref<const Eigen::MatrixXd>& Y);
  /// Writes rows already formatted by append_csv_rows().
  void write_formatted(const std::string& rows) { file_.write(rows); }
  void commit() { file_.commit(); }
  /// Throws InputError if `rows` more rows cannot fit on the file system (each field takes at
  /// least two bytes).
  void check_space(std::uint64_t rows);

 private:
  AtomicFile file_;
  Eigen::Index d_, m_;
};

void write_csv(const std::string& path, const Dataset& data);

/// Fills rows first … first+X.rows()−1 of a generated data set.
using SampleFill = std::function<void(std::uint64_t first, Eigen::Ref<Eigen::MatrixXd> X,
                                      Eigen::Ref<Eigen::MatrixXd> Y)>;
/// Rows per block of write_generated_csv(): fixed, so the bytes never depend on the thread count.
inline constexpr Eigen::Index kGenerateBlock = 4096;
/// Generates n samples with `fill` in blocks of kGenerateBlock rows, in parallel, and writes them
/// in order to an atomic CSV file: the same bytes for any number of threads.
void write_generated_csv(const std::string& path, Eigen::Index d, Eigen::Index m, std::uint64_t n,
                         const SampleFill& fill);

}  // namespace nnm
