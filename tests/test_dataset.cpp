#include <doctest/doctest.h>

#include <Eigen/Dense>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>

#include "nnm/core/error.hpp"
#include "nnm/core/random.hpp"
#include "nnm/data/dataset.hpp"

namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() : path(fs::temp_directory_path() / ("nnm_test_" + std::to_string(::getpid()))) {
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  std::string file(const std::string& name, const std::string& content) const {
    const auto p = (path / name).string();
    std::ofstream(p, std::ios::binary) << content;
    return p;
  }
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
          "y1..ym)");
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
