// A data set kept as several files (nnm/data/file_list_source.hpp): split into files of uneven
// sizes, not cut at chunk boundaries, in mixed formats, it gives the chunks and the recovered
// model of one file holding the same rows, bit for bit, on 1 and 2 threads; a part of the rows
// reads only the files that hold them; files whose columns differ are refused naming the file.
// Also the CSV reader's skip (rows passed over by their line ends, line numbers kept).
#include <doctest/doctest.h>
#include <omp.h>

#include <Eigen/Core>
#include <cstring>
#include <string>
#include <vector>

#include "nnm/core/error.hpp"
#include "nnm/data/data_file.hpp"
#include "nnm/data/distributions.hpp"
#include "nnm/data/file_list_source.hpp"
#include "nnm/data/hdf5.hpp"
#include "nnm/data/teacher.hpp"
#include "nnm/recovery/recover.hpp"
#include "temp_dir.hpp"

namespace {

struct TempDir : nnm::test::TempDir {
  TempDir() : nnm::test::TempDir("nnm_file_list_") {}
};

nnm::Dataset teacher_data(Eigen::Index n) {
  nnm::TeacherOptions t;
  t.d = 5;
  t.k = 2;
  t.m = 3;
  t.seed = 4;
  const nnm::Network teacher = nnm::make_teacher(t);
  const auto law = nnm::make_input_law("gaussian", t.d, 4);
  const nnm::TeacherSampler sampler(teacher, *law, static_cast<std::uint64_t>(n), 0.1, 4);
  nnm::Dataset data{Eigen::MatrixXd(n, t.d), Eigen::MatrixXd(n, t.m)};
  sampler.fill(0, data.X, data.Y);
  return data;
}

// Writes rows [first, first + rows) of `data` to `path` (format by extension).
void write_rows(const std::string& path, const nnm::Dataset& data, Eigen::Index first,
                Eigen::Index rows) {
  nnm::write_data(path, nnm::DataFormat::automatic,
                  {data.X.middleRows(first, rows), data.Y.middleRows(first, rows)});
}

bool same_bits(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         std::memcmp(a.data(), b.data(), sizeof(double) * static_cast<std::size_t>(a.size())) == 0;
}

// Every chunk of a pass, copied.
std::vector<nnm::Dataset> chunks_of(const std::function<void(const nnm::ChunkVisitor&)>& pass) {
  std::vector<nnm::Dataset> out;
  pass([&](const Eigen::Ref<const Eigen::MatrixXd>& X, const Eigen::Ref<const Eigen::MatrixXd>& Y) {
    out.push_back({X, Y});
  });
  return out;
}

std::string message_of(const std::function<void()>& body) {
  try {
    body();
  } catch (const nnm::InputError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_SUITE("file list") {
  TEST_CASE("three files of uneven sizes in mixed formats give the whole file's chunks and model") {
    TempDir dir;
    const Eigen::Index n = 90001;  // 2.7 chunks
    const nnm::Dataset data = teacher_data(n);
    const auto whole = dir / "whole.csv";
    write_rows(whole, data, 0, n);
    // Cut at 20000 and 61003: neither is a chunk boundary, and the middle file spans one.
    const std::string last = nnm::hdf5_available() ? dir / "c.h5" : dir / "c.npy";
    write_rows(dir / "a.npy", data, 0, 20000);
    write_rows(dir / "b.csv", data, 20000, 41003);
    write_rows(last, data, 61003, n - 61003);
    const std::vector<std::string> paths = {dir / "a.npy", dir / "b.csv", last};

    const nnm::FileListSource list(paths, nnm::DataOptions{});
    const auto one = nnm::open_stream(whole, nnm::DataOptions{});
    const auto expected = chunks_of([&](const auto& v) { one->for_each_chunk(v); });
    const auto got = chunks_of([&](const auto& v) { list.for_each_chunk(v); });
    REQUIRE(got.size() == expected.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
      CHECK(same_bits(got[i].X, expected[i].X));
      CHECK(same_bits(got[i].Y, expected[i].Y));
    }

    const nnm::Dataset all = nnm::read_data(paths, nnm::DataOptions{});
    CHECK(same_bits(all.X, data.X));
    CHECK(same_bits(all.Y, data.Y));

    nnm::RecoveryOptions options;
    options.polish_iterations = 2;
    const int threads = omp_get_max_threads();
    for (int t : {1, 2}) {
      CAPTURE(t);
      omp_set_num_threads(t);
      const nnm::RecoveryResult single = nnm::recover(*nnm::open_samples(whole, {}), options);
      const nnm::RecoveryResult split = nnm::recover(*nnm::open_samples(paths, {}), options);
      REQUIRE(single.model_computed());
      CHECK(split.summary.n == static_cast<std::uint64_t>(n));
      CHECK(same_bits(split.model.W, single.model.W));
      CHECK(same_bits(split.model.A, single.model.A));
    }
    omp_set_num_threads(threads);
  }

  TEST_CASE("a list of .npy files is read in place; one CSV file in it makes the list held") {
    TempDir dir;
    const nnm::Dataset data = teacher_data(3000);
    write_rows(dir / "a.npy", data, 0, 1000);
    write_rows(dir / "b.npy", data, 1000, 1000);
    write_rows(dir / "c.csv", data, 2000, 1000);
    const std::vector<std::string> npy = {dir / "a.npy", dir / "b.npy"};
    const std::vector<std::string> mixed = {dir / "a.npy", dir / "b.npy", dir / "c.csv"};
    CHECK(nnm::FileListSource(npy, {}).rereads_cheaply());
    CHECK(!nnm::FileListSource(mixed, {}).rereads_cheaply());
    const auto passes = [](nnm::HeldSource& source) {
      for (int pass = 0; pass < 2; ++pass) source.for_each_chunk([](const auto&, const auto&) {});
    };
    const auto in_place = nnm::open_samples(npy, {});
    passes(*in_place);
    CHECK(in_place->reads_in_place());
    CHECK(!in_place->held());
    CHECK(in_place->passes_read() == 2);
    const auto held = nnm::open_samples(mixed, {});
    passes(*held);
    CHECK(!held->reads_in_place());
    CHECK(held->held());
    CHECK(held->passes_held() == 1);
    // An explicit policy holds .npy files too.
    nnm::DataOptions always;
    always.hold = nnm::HoldPolicy::always;
    const auto forced = nnm::open_samples(npy, always);
    passes(*forced);
    CHECK(!forced->reads_in_place());
    CHECK(forced->held());
  }

  TEST_CASE("a range of the rows reads only the files that hold them, chunked from its start") {
    TempDir dir;
    const Eigen::Index n = 70000;
    const nnm::Dataset data = teacher_data(n);
    write_rows(dir / "a.csv", data, 0, 30000);
    write_rows(dir / "b.npy", data, 30000, 25000);
    // The last file HDF5 where the build reads it: its hyperslabs are read from the range's row.
    const std::string last = nnm::hdf5_available() ? dir / "c.h5" : dir / "c.csv";
    write_rows(last, data, 55000, n - 55000);
    const nnm::FileListSource list({dir / "a.csv", dir / "b.npy", last}, {});
    // From inside a.csv to inside the last file, one that lies in b.npy alone, one in the last.
    for (const auto& range :
         {std::pair<Eigen::Index, Eigen::Index>{29000, 62000}, {32768, 54000}, {65536, 1000000}}) {
      // Named copies: a lambda may not capture a structured binding (clang, C++20).
      const Eigen::Index first = range.first, end = range.second;
      CAPTURE(first);
      const auto got = chunks_of([&](const auto& v) {
        list.for_each_chunk_in(static_cast<std::uint64_t>(first), static_cast<std::uint64_t>(end),
                               v);
      });
      Eigen::Index at = first;
      for (const auto& c : got) {
        CHECK(c.X.rows() == std::min(nnm::kSourceChunkRows, std::min(end, n) - at));
        CHECK(c.X == data.X.middleRows(at, c.X.rows()));
        CHECK(c.Y == data.Y.middleRows(at, c.X.rows()));
        at += c.X.rows();
      }
      CHECK(at == std::min(end, n));
    }
  }

  TEST_CASE("files whose columns differ are refused, naming the file and the difference") {
    TempDir dir;
    const nnm::Dataset data = teacher_data(100);
    write_rows(dir / "a.npy", data, 0, 50);
    nnm::write_data(dir / "narrow.csv", nnm::DataFormat::csv,
                    {data.X.leftCols(4).topRows(50), data.Y.topRows(50)});
    const std::string wide = message_of([&] {
      nnm::FileListSource({dir / "a.npy", dir / "narrow.csv"}, nnm::DataOptions{});
    });
    CHECK(wide.find("narrow.csv: has d = 4 inputs and m = 3 outputs") != std::string::npos);
    CHECK(wide.find("a.npy (the first file of the data set) has d = 5 and m = 3") !=
          std::string::npos);
    // Two CSV files of the same shape whose headers name other columns.
    write_rows(dir / "b.csv", data, 0, 50);
    // The same columns after a pandas index column: the headers differ all the same.
    dir.file("renamed.csv", "Unnamed: 0,x1,x2,x3,x4,x5,y1,y2,y3\n0,1,2,3,4,5,6,7,8\n");
    const std::string header = message_of([&] {
      nnm::FileListSource({dir / "b.csv", dir / "a.npy", dir / "renamed.csv"}, {});
    });
    CHECK(header.find("renamed.csv:1: the header differs from") != std::string::npos);
    CHECK(header.find("column 1 is 'Unnamed: 0' here and 'x1' there") != std::string::npos);
  }

  TEST_CASE("CSV rows are skipped by line ends: blank lines do not count, line numbers stay") {
    TempDir dir;
    const auto p = dir.file("s.csv", "x1,y1\r\n1,2\r\n\r\n  \t\n3,4\n5,oops\n7,8\n\n9,10");
    nnm::DataOptions o;
    CHECK(nnm::count_data_rows(p, o) == 5);  // the malformed line is a row too
    nnm::CsvReader reader(p, o.columns);
    CHECK(reader.skip_rows(2) == 2);
    Eigen::MatrixXd X, Y;
    CHECK_THROWS_WITH(reader.read(10, X, Y),
                      doctest::Contains("s.csv:6: field 2 (y1) is not a number"));
    nnm::CsvReader past(p, o.columns);
    CHECK(past.skip_rows(3) == 3);
    REQUIRE(past.read(10, X, Y) == 2);
    CHECK(X(0, 0) == 7);
    CHECK(Y(1, 0) == 10);
    nnm::CsvReader end(p, o.columns);
    CHECK(end.skip_rows(100) == 5);
    CHECK(end.read(10, X, Y) == 0);
    CHECK_THROWS_WITH(nnm::count_data_rows(dir.file("e.csv", "x1,y1\n\n"), o),
                      doctest::Contains("header but no samples"));
  }
}
