#include <doctest/doctest.h>

#include <Eigen/Dense>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "nnm/core/error.hpp"
#include "nnm/core/random.hpp"
#include "nnm/data/dataset.hpp"
#include "nnm/data/sample_source.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;

namespace {

struct TempDir : nnm::test::TempDir {
  TempDir() : nnm::test::TempDir("nnm_test_") {}
};

// The message read_csv throws for `content`, with the temporary directory stripped.
std::string csv_error(const TempDir& dir, const std::string& content) {
  const auto p = dir.file("bad.csv", content);
  try {
    nnm::read_csv(p);
  } catch (const nnm::InputError& e) {
    std::string what = e.what();
    return what.substr(what.rfind('/') + 1);
  }
  return "no error";
}

// The message for CSV text read from memory with `options`.
std::string text_error(const std::string& text, const nnm::CsvOptions& options = {}) {
  try {
    nnm::read_csv(nnm::CsvText{text, "mem.csv"}, options);
  } catch (const nnm::InputError& e) {
    return e.what();
  }
  return "no error";
}

nnm::CsvOptions columns(const std::string& x, const std::string& y) {
  nnm::CsvOptions o;
  o.x_cols = x;
  o.y_cols = y;
  return o;
}

}  // namespace

TEST_SUITE("dataset") {
  TEST_CASE("write then read gives the same doubles bit for bit") {
    TempDir dir;
    nnm::Dataset d;
    d.X = nnm::random_normal_matrix(500, 3, 1, 1, 0);
    d.Y = nnm::random_normal_matrix(500, 2, 1, 1, 1);
    d.X(0, 0) = std::numeric_limits<double>::denorm_min();
    d.X(1, 1) = -1e300;
    d.Y(2, 0) = 0.1;
    const auto p = (dir.path / "rt.csv").string();
    nnm::write_csv(p, d);
    const nnm::Dataset back = nnm::read_csv(p);
    CHECK(back.X == d.X);
    CHECK(back.Y == d.Y);
  }

  TEST_CASE("streaming in chunks gives the same rows as reading whole") {
    TempDir dir;
    nnm::Dataset d;
    d.X = nnm::random_normal_matrix(1000, 4, 2, 1, 0);
    d.Y = nnm::random_normal_matrix(1000, 1, 2, 1, 1);
    const auto p = (dir.path / "s.csv").string();
    nnm::write_csv(p, d);
    nnm::CsvReader reader(p);
    Eigen::MatrixXd X, Y;
    Eigen::Index seen = 0;
    while (const auto r = reader.read(137, X, Y)) {
      CHECK(X == d.X.middleRows(seen, r));
      CHECK(Y == d.Y.middleRows(seen, r));
      seen += r;
    }
    CHECK(seen == 1000);
    CHECK(reader.rows_read() == 1000);
  }

  TEST_CASE("CRLF line endings, a UTF-8 BOM, blank lines and strtod forms are accepted") {
    TempDir dir;
    const auto p =
        dir.file("crlf.csv", "\xEF\xBB\xBFx1,x2,y1\r\n1,2,3\r\n\r\n+4, 0x1p3 ,1e-2\r\n5,6,7");
    const nnm::Dataset d = nnm::read_csv(p);
    REQUIRE(d.X.rows() == 3);
    CHECK(d.X(1, 0) == 4.0);
    CHECK(d.X(1, 1) == 8.0);
    CHECK(d.Y(1, 0) == 0.01);
    CHECK(d.Y(2, 0) == 7.0);
  }

  TEST_CASE("every number reads as strtod reads it, on rows of plain numbers and on mixed rows") {
    // Rows of plain numbers take a fast path; a row with one other form (blank, sign, quote, hex)
    // takes the general one. Both must give strtod's double for every field.
    std::mt19937_64 rng(7);
    std::vector<std::string> fields;
    const char* forms[] = {"%.17g", "%.16g", "%.15g", "%.6e", "%g", "%.3f", "%.20e", "%a"};
    for (int i = 0; i < 3000; ++i) {
      const double magnitude = std::ldexp(1.0, static_cast<int>(rng() % 2000) - 1000);
      const double v = (static_cast<double>(rng() >> 11) * 0x1p-53 - 0.5) * magnitude;
      char buf[64];
      std::snprintf(buf, sizeof buf, forms[rng() % 8], v);
      fields.push_back(buf);
    }
    for (const char* edge :
         {"0", "-0", "0.0", "1e-320", "4.9406564584124654e-324", "2.2250738585072011e-308",
          "1.7976931348623157e308", "9007199254740993", "0.1", "123456789012345678901234567890",
          "1e22", "1e23", "-.5", "5.", "0.30000000000000004", "2.4703282292062328e-324"})
      fields.push_back(edge);
    std::string text = "x1,x2,x3,y1\n";
    std::vector<std::string> used;
    for (std::size_t i = 0; i + 4 <= fields.size(); i += 4) {
      for (std::size_t j = 0; j < 4; ++j) {
        std::string f = fields[i + j];
        // Every seventh row carries one field in a form only the general path reads.
        if (i % 28 == 0 && j == i % 3) f = " " + f + "\t";
        if (i % 28 == 4 && j == 1) f = "\"" + f + "\"";
        text += (j ? "," : "") + f;
        used.push_back(fields[i + j]);
      }
      text += i % 8 ? "\n" : "\r\n";
    }
    const nnm::Dataset d = nnm::read_csv(nnm::CsvText{text, "numbers.csv"}, {});
    REQUIRE(static_cast<std::size_t>(d.X.rows()) * 4 == used.size());
    for (std::size_t at = 0; at < used.size(); ++at) {
      const auto r = static_cast<Eigen::Index>(at / 4), c = static_cast<Eigen::Index>(at % 4);
      const double got = c < 3 ? d.X(r, c) : d.Y(r, 0);
      const double want = std::strtod(used[at].c_str(), nullptr);
      if (std::memcmp(&got, &want, sizeof got) != 0) FAIL_CHECK("field '" << used[at] << "'");
    }
    // Plain decimals as data files hold them (15 to 19 significant digits), and decimals on or
    // next to a halfway point between two doubles, where a reader that rounds twice goes wrong.
    std::string plain = "x1,x2,x3,y1\n";
    std::vector<std::string> decimals;
    for (int i = 0; i < 40000; ++i) {
      const double v = std::ldexp(static_cast<double>(rng() >> 11) * 0x1p-53,
                                  static_cast<int>(rng() % 166) - 83);
      char buf[64];
      std::snprintf(buf, sizeof buf,
                    i % 5 == 4   ? "%.18e"
                    : i % 5 == 3 ? "%.19g"
                                 : "%.17g",
                    i % 2 ? -v : v);
      decimals.push_back(buf);
    }
    for (const char* edge :
         {"9007199254740993", "18014398509481986", "36028797018963972", "9007199254740993e-5",
          "4503599627370497.5", "0.000000000000000001", "1e27", "1e-27", "9999999999999999999",
          "1.0000000000000000001", "5e-324", "0.1e1", "1.7976931348623157e308",
          // within half a unit in the 64th bit of a halfway point between two doubles
          "8.891517518845639855e+32", "6.493070109992210449e+12", "2.594690039899867218e+20",
          "3.221782687939247745e+27", "-9.246599845274624529e+30", "4.346787861477948457e+20"})
      decimals.push_back(edge);
    while (decimals.size() % 4) decimals.push_back("0");
    for (std::size_t i = 0; i < decimals.size(); ++i)
      plain += decimals[i] + (i % 4 == 3 ? "\n" : ",");
    const nnm::Dataset e = nnm::read_csv(nnm::CsvText{plain, "decimals.csv"}, {});
    REQUIRE(static_cast<std::size_t>(e.X.rows()) * 4 == decimals.size());
    for (std::size_t at = 0; at < decimals.size(); ++at) {
      const auto r = static_cast<Eigen::Index>(at / 4), c = static_cast<Eigen::Index>(at % 4);
      const double got = c < 3 ? e.X(r, c) : e.Y(r, 0);
      const double want = std::strtod(decimals[at].c_str(), nullptr);
      if (std::memcmp(&got, &want, sizeof got) != 0) FAIL_CHECK("field '" << decimals[at] << "'");
    }
    // Forms from_chars leaves to strtod, and an out-of-range number, in otherwise plain rows.
    CHECK(nnm::read_csv(nnm::CsvText{"x1,y1\n1,+2\n0x1p3,3\n", "m.csv"}, {}).X(1, 0) == 8.0);
    CHECK(text_error("x1,y1\n1,1e400\n").find("not finite") != std::string::npos);
    CHECK(text_error("x1,y1\n1,nan\n").find("not finite") != std::string::npos);
    CHECK(text_error("x1,y1\n1,2,3\n").find("expected 2 fields, found 3") != std::string::npos);
    CHECK(text_error("x1,y1\n1\n").find("expected 2 fields, found 1") != std::string::npos);
    CHECK(text_error("x1,y1\n1,2e\n").find("not a number: '2e'") != std::string::npos);
    CHECK(text_error("x1,y1\n1,,\n").find("not a number") != std::string::npos);
  }

  TEST_CASE("input-only files are accepted only when outputs are not required") {
    TempDir dir;
    const auto p = dir.file("x.csv", "x1,x2\n1,2\n");
    CHECK(nnm::read_csv(p, false).X.rows() == 1);
    CHECK_THROWS_WITH_AS(nnm::read_csv(p, true), doctest::Contains("no output columns"),
                         nnm::InputError);
  }

  TEST_CASE("every malformed file names the file, the line and the problem") {
    TempDir dir;
    CHECK(csv_error(dir, "") == "bad.csv: empty file (expected a header x1,...,xd,y1,...,ym)");
    CHECK(csv_error(dir, "x1,x2,y1\n") == "bad.csv:1: header but no samples");
    CHECK(csv_error(dir, "a,b,c\n1,2,3\n") ==
          "bad.csv:1: bad header: column 1 is 'a', expected 'x1' (the header lists x1..xd then "
          "y1..ym; --x-cols and --y-cols, or CsvOptions::x_cols and y_cols, pick others)");
    CHECK(csv_error(dir, "x1,x3,y1\n1,2,3\n")
              .find("bad.csv:1: bad header: column 2 is 'x3', expected 'x2'") == 0);
    CHECK(csv_error(dir, "x1,y1,x2\n1,2,3\n")
              .find("bad.csv:1: bad header: column 3 is 'x2', expected 'y2'") == 0);
    CHECK(csv_error(dir, "x1,x2,y1\n1,2,3\n1,2\n") == "bad.csv:3: expected 3 fields, found 2");
    CHECK(csv_error(dir, "x1,x2,y1\n1,2,3\n1,2,3,4\n") == "bad.csv:3: expected 3 fields, found 4");
    CHECK(csv_error(dir, "x1,x2,y1\n1,abc,3\n") ==
          "bad.csv:2: field 2 (x2) is not a number: 'abc'");
    CHECK(csv_error(dir, "x1,x2,y1\n1,,3\n") == "bad.csv:2: field 2 (x2) is not a number: ''");
    CHECK(csv_error(dir, "x1,x2,y1\n1,2,nan\n") == "bad.csv:2: field 3 (y1) is not finite: 'nan'");
    CHECK(csv_error(dir, "x1,x2,y1\n1,2,3\n\n-inf,2,3\n") ==
          "bad.csv:4: field 1 (x1) is not finite: '-inf'");
    CHECK(csv_error(dir, "x1,x2,y1\n1,2,1e999\n") ==
          "bad.csv:2: field 3 (y1) is not finite: '1e999'");
  }

  TEST_CASE("a missing file is an input error naming it") {
    CHECK_THROWS_WITH_AS(nnm::read_csv("/nonexistent/dir/data.csv"),
                         doctest::Contains("/nonexistent/dir/data.csv: cannot open"),
                         nnm::InputError);
  }

  TEST_CASE("an uncommitted writer leaves no file behind") {
    TempDir dir;
    const auto p = (dir.path / "partial.csv").string();
    {
      nnm::CsvWriter w(p, 2, 1);
      w.write(Eigen::MatrixXd::Ones(3, 2), Eigen::MatrixXd::Ones(3, 1));
    }  // destroyed without commit(), as on an exception
    CHECK_FALSE(fs::exists(p));
    CHECK(fs::is_empty(dir.path));
  }
}

TEST_SUITE("dataset input a researcher has") {
  // Issue 12 item 10: what pandas' DataFrame.to_csv() writes, and columns picked by name or range.
  TEST_CASE("a pandas to_csv file: unnamed index column, quoted header names") {
    const std::string text = "\"\",\"x1\",\"x2\",\"y1\"\n0,1.5,2.5,3.5\n1,-1,-2,-3\n";
    const nnm::Dataset d = nnm::read_csv(nnm::CsvText{text}, {});
    REQUIRE(d.X.rows() == 2);
    REQUIRE(d.X.cols() == 2);
    REQUIRE(d.Y.cols() == 1);
    CHECK(d.X(0, 0) == 1.5);
    CHECK(d.X(1, 1) == -2);
    CHECK(d.Y(1, 0) == -3);
    // pandas reading its own file back names the index "Unnamed: 0"; plain ",x1,..." too.
    CHECK(nnm::read_csv(nnm::CsvText{"Unnamed: 0,x1,y1\n7,1,2\n"}, {}).X(0, 0) == 1);
    CHECK(nnm::read_csv(nnm::CsvText{",x1,y1\n7,1,2\n"}, {}).Y(0, 0) == 2);
  }

  TEST_CASE("--x-cols / --y-cols pick columns by name, number and range, in the order given") {
    const std::string text =
        "id,age,height,weight,\"label, final\",note\n"
        "a,30,1.8,80,1,\"hello, world\"\n"
        "b,40,1.6,60,0,x\n";
    const nnm::Dataset d =
        nnm::read_csv(nnm::CsvText{text}, columns("age:weight", "\"label, final\""));
    REQUIRE(d.X.cols() == 3);
    REQUIRE(d.Y.cols() == 1);
    CHECK(d.X(0, 0) == 30);
    CHECK(d.X(1, 2) == 60);
    CHECK(d.Y(0, 0) == 1);
    const nnm::Dataset e = nnm::read_csv(nnm::CsvText{text}, columns("4,2", "5"));
    CHECK(e.X(0, 0) == 80);  // column 4 first, as asked
    CHECK(e.X(0, 1) == 30);
    // Only --x-cols: the outputs are every other column but an index column.
    const std::string plain = ",a,b,c\n0,1,2,3\n";
    const nnm::Dataset f = nnm::read_csv(nnm::CsvText{plain}, columns("a", ""));
    REQUIRE(f.Y.cols() == 2);
    CHECK(f.Y(0, 1) == 3);
  }

  TEST_CASE("a bad column selection names the option and the column") {
    const std::string text = "a,b,c\n1,2,3\n";
    CHECK(text_error(text, columns("a,zz", "c")) ==
          "mem.csv:1: x_cols: no column 'zz' in the header (3 columns)");
    CHECK(text_error(text, columns("a", "a")) ==
          "mem.csv:1: column 1 ('a') is selected twice by x_cols and y_cols");
    CHECK(text_error(text, columns("c:a", "b")) == "mem.csv:1: x_cols: range 'c:a' runs backwards");
    CHECK(text_error(text, columns("9", "b")).find("no column '9'") != std::string::npos);
    CHECK(text_error("a,b,c\n1,x,3\n", columns("a,b", "c")) ==
          "mem.csv:2: field 2 (b) is not a number: 'x'");
    // A column not selected is never parsed: text there is fine.
    CHECK(nnm::read_csv(nnm::CsvText{"a,b,c\n1,x,3\n"}, columns("a", "c")).Y(0, 0) == 3);
  }

  TEST_CASE("CsvSource streams with the same options") {
    TempDir dir;
    const auto p = dir.file("pandas.csv", ",x1,x2,y1\n0,1,2,3\n1,4,5,6\n");
    const nnm::CsvSource source(p, nnm::CsvOptions{});
    CHECK(source.dim() == 2);
    CHECK(source.output_dim() == 1);
    double sum = 0;
    source.for_each_chunk([&](const auto& X, const auto& Y) { sum += X.sum() + Y.sum(); });
    CHECK(sum == doctest::Approx(21).epsilon(1e-15));
  }
}

TEST_SUITE("dataset hostile input") {
  // Finding 3: a line without end used to be buffered whole (6.3 GB for a 2 GiB line).
  TEST_CASE("a line over the cap is an error at once, naming the limit") {
    nnm::CsvOptions small;
    small.max_line_bytes = 1000;
    const std::string long_line = "x1,y1\n" + std::string(5000, '1') + ",2\n";
    CHECK(text_error(long_line, small) == "mem.csv:2: line longer than 1000 bytes (the limit)");
    TempDir dir;
    const auto p = dir.file("long.csv", long_line);
    CHECK_THROWS_WITH_AS(nnm::read_csv(p, small),
                         doctest::Contains("long.csv:2: line longer than 1000 bytes"),
                         nnm::InputError);
    CHECK(nnm::CsvOptions{}.max_line_bytes == std::size_t{64} << 20);
  }

  // Finding 4: a header of 10^6 columns made the reader ask for max_rows × d doubles (524 GB).
  TEST_CASE("too many columns is an error; memory follows the rows read, not max_rows") {
    nnm::CsvOptions few;
    few.max_columns = 10;
    CHECK(text_error("x1,x2,x3,x4,x5,x6,x7,x8,x9,x10,x11,y1\n", few) ==
          "mem.csv:1: the header has more than 10 columns (the limit)");
    // 20000 columns and one row: asking for 65536 rows must not reserve 65536 × 20000 doubles.
    std::string text = nnm::csv_header(19999, 1) + "\n";
    for (int j = 0; j < 20000; ++j) text += j ? ",1" : "1";
    text += "\n";
    nnm::CsvReader reader(nnm::CsvText{text}, {});
    Eigen::MatrixXd X, Y;
    CHECK(reader.read(1 << 16, X, Y) == 1);
    CHECK(X.rows() == 1);
    CHECK(X.cols() == 19999);
  }

  TEST_CASE("a directory, NUL bytes and control bytes give one clean line") {
    TempDir dir;
    CHECK_THROWS_WITH_AS(nnm::read_csv(dir.path.string()), doctest::Contains("is a directory"),
                         nnm::InputError);
    const std::string nul = text_error(std::string("x1\0\0,y1\n", 8));
    CHECK(nul.find('\0') == std::string::npos);
    CHECK(nul.find("\\x00") != std::string::npos);
    CHECK(text_error("x1,y1\n1,\x1b[31m\n").find("\\x1b[31m") != std::string::npos);
  }

  TEST_CASE("reading from memory gives the same rows as reading the file") {
    TempDir dir;
    nnm::Dataset d;
    d.X = nnm::random_normal_matrix(300, 4, 1, 1, 0);
    d.Y = nnm::random_normal_matrix(300, 2, 1, 1, 1);
    const auto p = (dir.path / "same.csv").string();
    nnm::write_csv(p, d);
    std::ifstream in(p, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const nnm::Dataset back = nnm::read_csv(nnm::CsvText{text}, {});
    CHECK(back.X == d.X);
    CHECK(back.Y == d.Y);
  }
}
