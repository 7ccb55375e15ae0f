// Data files in every format: .npy headers (valid, garbled, truncated, wrong dtype or shape), the
// same samples from CSV, .npy and HDF5, the memory-held source, and CSV parsed in parallel.
#include <doctest/doctest.h>
#include <omp.h>
#include <unistd.h>

#include <Eigen/Dense>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include "nnm/core/error.hpp"
#include "nnm/data/data_file.hpp"
#include "nnm/data/hdf5.hpp"
#include "nnm/data/npy.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;

namespace {

struct TempDir : nnm::test::TempDir {
  TempDir() : nnm::test::TempDir("nnm_data_file_") {}
};

// A header as numpy writes it: magic, version 1.0, length, dict padded to 64 bytes with '\n'.
std::string npy_bytes(const std::string& dict, const std::string& data) {
  std::string h = dict;
  const std::size_t total = (10 + h.size() + 1 + 63) / 64 * 64;
  h.append(total - 10 - h.size() - 1, ' ');
  h.push_back('\n');
  std::string out("\x93NUMPY\x01\x00", 8);
  out.push_back(static_cast<char>(h.size() & 0xff));
  out.push_back(static_cast<char>(h.size() >> 8));
  return out + h + data;
}

template <class T>
std::string raw(std::initializer_list<T> values) {
  std::string s(values.size() * sizeof(T), '\0');
  std::size_t at = 0;
  for (T v : values) {
    std::memcpy(s.data() + at, &v, sizeof(T));
    at += sizeof(T);
  }
  return s;
}

std::string error_of(const std::string& path, const nnm::CsvOptions& options = {}) {
  try {
    nnm::DataOptions o;
    o.columns = options;
    nnm::read_data(path, o);
  } catch (const nnm::InputError& e) {
    std::string what = e.what();
    return what.substr(what.rfind('/') + 1);
  }
  return "no error";
}

nnm::CsvOptions outputs(const std::string& y) {
  nnm::CsvOptions o;
  o.y_cols = y;
  return o;
}

nnm::Dataset sample_data(Eigen::Index n, Eigen::Index d, Eigen::Index m) {
  nnm::Dataset data;
  data.X.resize(n, d);
  data.Y.resize(n, m);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j < d; ++j) data.X(i, j) = std::sin(1.0 + 3.7 * i + 0.9 * j) / 3;
    for (Eigen::Index j = 0; j < m; ++j) data.Y(i, j) = std::cos(0.3 + 1.3 * i - 2.1 * j) * 1e3;
  }
  return data;
}

nnm::SampleFill fill_from(const nnm::Dataset& data) {
  return
      [&data](std::uint64_t first, Eigen::Ref<Eigen::MatrixXd> X, Eigen::Ref<Eigen::MatrixXd> Y) {
        // The first X.cols() inputs and Y.cols() outputs (a file written with fewer columns).
        X = data.X.block(static_cast<Eigen::Index>(first), 0, X.rows(), X.cols());
        if (Y.cols() > 0) Y = data.Y.block(static_cast<Eigen::Index>(first), 0, Y.rows(), Y.cols());
      };
}

}  // namespace

TEST_SUITE("npy") {
  TEST_CASE("a plain C-order float64 array: all columns inputs unless --y-cols picks outputs") {
    TempDir dir;
    const auto p =
        dir.file("a.npy", npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }",
                                    raw<double>({1, 2, 3, 4, 5, 6})));
    nnm::DataOptions o;
    o.columns.require_outputs = false;
    const nnm::Dataset all = nnm::read_data(p, o);
    CHECK(all.X.rows() == 2);
    CHECK(all.X.cols() == 3);
    CHECK(all.Y.cols() == 0);
    CHECK(all.X(1, 0) == 4);
    o.columns.y_cols = "3";
    const nnm::Dataset split = nnm::read_data(p, o);
    CHECK(split.X.cols() == 2);
    CHECK(split.Y(0, 0) == 3);
    CHECK(split.Y(1, 0) == 6);
    CHECK(error_of(p).find("--y-cols") != std::string::npos);  // outputs required, none named
  }

  TEST_CASE("Fortran order, float32 and big-endian values decode to the same samples") {
    TempDir dir;
    const auto fortran =
        dir.file("f.npy", npy_bytes("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }",
                                    raw<double>({1, 4, 2, 5, 3, 6})));
    const auto single =
        dir.file("s.npy", npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }",
                                    raw<float>({1, 2, 3, 4, 5, 6})));
    std::string big = raw<double>({1, 2, 3, 4, 5, 6});
    for (std::size_t i = 0; i < big.size(); i += 8)
      std::reverse(big.begin() + i, big.begin() + i + 8);
    const auto swapped = dir.file(
        "b.npy", npy_bytes("{'descr': '>f8', 'fortran_order': False, 'shape': (2, 3), }", big));
    nnm::DataOptions o;
    o.columns = outputs("3");
    const nnm::Dataset a = nnm::read_data(fortran, o), b = nnm::read_data(single, o),
                       c = nnm::read_data(swapped, o);
    Eigen::MatrixXd X(2, 2);
    X << 1, 2, 4, 5;
    CHECK(a.X == X);
    CHECK(b.X == X);
    CHECK(c.X == X);
    CHECK(a.Y == b.Y);
    CHECK(a.Y == c.Y);
    // Only plain float64 rows in C order are read in place; these are held like CSV.
    for (const auto& p : {fortran, single, swapped}) {
      CAPTURE(p);
      CHECK(!nnm::NpySource(p, o.columns).rereads_cheaply());
      CHECK(!nnm::open_samples(p, o)->reads_in_place());
    }
  }

  TEST_CASE("bad headers and data: one line naming the file and the reason, never a crash") {
    TempDir dir;
    const std::string ok = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }";
    const std::string six = raw<double>({1, 2, 3, 4, 5, 6});
    const auto error = [&](const std::string& bytes) {
      return error_of(dir.file("bad.npy", bytes), outputs("3"));
    };
    CHECK(error("") == "bad.npy: empty file (expected an .npy array)");
    CHECK(error("hello, world").find("magic string") != std::string::npos);
    CHECK(error(npy_bytes(ok, six).substr(0, 40)).find("ends inside its header") !=
          std::string::npos);
    CHECK(error(npy_bytes(ok, six.substr(0, 40))).find("truncated") != std::string::npos);
    CHECK(error(npy_bytes(ok, six + "xx")).find("promises 48 bytes") != std::string::npos);
    CHECK(error(npy_bytes("{'descr': '<i8', 'fortran_order': False, 'shape': (2, 3), }", six))
              .find("not float32 or float64") != std::string::npos);
    CHECK(error(npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2, 3), }", six))
              .find("3 dimensions") != std::string::npos);
    CHECK(error(npy_bytes("{'descr': '<f8', 'shape': (2, 3), }", six)).find("exactly the keys") !=
          std::string::npos);
    CHECK(error(npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3", six))
              .find("bad .npy header") != std::string::npos);
    CHECK(error(npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': "
                          "(99999999999, 99999999999), }",
                          six))
              .find("bad .npy header") != std::string::npos);
    CHECK(error(npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (0, 3), }", ""))
              .find("no samples") != std::string::npos);
    CHECK(error(npy_bytes(ok, raw<double>({1, 2, 3, 4, std::nan(""), 6})))
              .find("row 2, column '2' is not finite") != std::string::npos);
    std::string version = npy_bytes(ok, six);
    version[6] = 9;
    CHECK(error(version).find("format version 9") != std::string::npos);
  }

  TEST_CASE("every prefix and every single-byte corruption of a header is refused or read") {
    // A cheap stand-in for fuzzing: no cut or flipped byte may crash or read out of bounds.
    TempDir dir;
    const std::string good = npy_bytes(
        "{'descr': [('x', '<f8', (2,)), ('y', '<f4')], 'fortran_order': False, "
        "'shape': (2,), }",
        raw<double>({1, 2}) + raw<float>({3}) + raw<double>({4, 5}) + raw<float>({6}));
    const auto p = dir.name("fuzz.npy");
    int refused = 0, read = 0;
    for (std::size_t cut = 0; cut <= good.size(); ++cut) {
      dir.file("fuzz.npy", good.substr(0, cut));
      (error_of(p) == "no error" ? read : refused) += 1;
    }
    CHECK(read == 1);  // only the whole file
    for (std::size_t at = 0; at < 128; ++at)
      for (const char flip : {'\0', '(', '\'', '9', ','}) {
        std::string bad = good;
        bad[at] = flip;
        dir.file("fuzz.npy", bad);
        (error_of(p) == "no error" ? read : refused) += 1;
      }
    CHECK(refused > 128);
  }

  TEST_CASE("a structured array with fields x and y names its columns x1..xd, y1..ym") {
    TempDir dir;
    const nnm::Dataset data = sample_data(5, 3, 2);
    const auto p = dir.name("s.npy");
    nnm::NpyWriter w(p, 5, 3, 2);
    w.write(data.X.topRows(2), data.Y.topRows(2));
    w.write(data.X.bottomRows(3), data.Y.bottomRows(3));
    w.commit();
    const nnm::Dataset back = nnm::read_data(p, {});
    CHECK(back.X == data.X);
    CHECK(back.Y == data.Y);
    nnm::DataOptions o;
    o.columns.x_cols = "x1,x3";
    o.columns.y_cols = "y2";
    const nnm::Dataset picked = nnm::read_data(p, o);
    CHECK(picked.X.col(1) == data.X.col(2));
    CHECK(picked.Y.col(0) == data.Y.col(1));
    CHECK(nnm::npy_header(5, 3, 2).size() % 64 == 0);
    CHECK(nnm::npy_header(5, 3, 2).find("[('x', '<f8', (3,)), ('y', '<f8', (2,))]") !=
          std::string::npos);
  }
}

TEST_SUITE("data_file") {
  TEST_CASE("the format follows the extension unless named; .npz is refused with a reason") {
    using nnm::DataFormat;
    CHECK(nnm::data_format("a/b.NPY") == DataFormat::npy);
    CHECK(nnm::data_format("b.hdf5") == DataFormat::h5);
    CHECK(nnm::data_format("b.h5") == DataFormat::h5);
    CHECK(nnm::data_format("dir.npy/b") == DataFormat::csv);
    CHECK(nnm::data_format("b.txt", DataFormat::npy) == DataFormat::npy);
    CHECK_THROWS_AS(nnm::data_format("b.npz"), nnm::InputError);
  }

  TEST_CASE("the same samples, bit for bit, from CSV, .npy and HDF5 files") {
    TempDir dir;
    const nnm::Dataset data = sample_data(70000, 4, 3);  // more than two chunks
    const auto fill = fill_from(data);
    std::vector<std::string> paths = {dir.name("d.csv"), dir.name("d.npy")};
    if (nnm::hdf5_available()) paths.push_back(dir.name("d.h5"));
    for (const auto& p : paths)
      nnm::write_generated(p, nnm::DataFormat::automatic, 4, 3, 70000, fill);
    for (const auto& p : paths) {
      CAPTURE(p);
      const nnm::Dataset back = nnm::read_data(p, {});
      CHECK(back.X == data.X);
      CHECK(back.Y == data.Y);
      // Chunk by chunk through the held source: two passes, the second from memory (CSV, HDF5)
      // or from the mapped file again (.npy).
      nnm::DataOptions o;
      const auto source = nnm::open_samples(p, o);
      for (int pass = 0; pass < 2; ++pass) {
        Eigen::Index at = 0;
        source->for_each_chunk([&](const Eigen::Ref<const Eigen::MatrixXd>& X,
                                   const Eigen::Ref<const Eigen::MatrixXd>& Y) {
          CHECK(X.rows() == std::min<Eigen::Index>(nnm::kSourceChunkRows, 70000 - at));
          CHECK(X == data.X.middleRows(at, X.rows()));
          CHECK(Y == data.Y.middleRows(at, X.rows()));
          at += X.rows();
        });
        CHECK(at == 70000);
      }
      const bool npy = nnm::data_format(p) == nnm::DataFormat::npy;
      CHECK(source->reads_in_place() == npy);
      CHECK(source->held() == !npy);
      CHECK(source->passes_read() == (npy ? 2 : 1));
      CHECK(source->passes_held() == (npy ? 0 : 1));
      CHECK(source->sample_bytes() == 70000u * 7 * 8);
    }
  }

  TEST_CASE("a budget smaller than the samples streams every pass") {
    TempDir dir;
    const nnm::Dataset data = sample_data(40000, 2, 1);
    const auto p = dir.name("d.csv");
    nnm::write_generated(p, nnm::DataFormat::csv, 2, 1, 40000, fill_from(data));
    nnm::DataOptions o;
    o.memory_budget = 40000 * 3 * 8 - 1;
    const auto source = nnm::open_samples(p, o);
    double sum = 0;
    for (int pass = 0; pass < 3; ++pass)
      source->for_each_chunk([&](const Eigen::Ref<const Eigen::MatrixXd>& X,
                                 const Eigen::Ref<const Eigen::MatrixXd>&) { sum += X.sum(); });
    CHECK(!source->held());
    CHECK(source->passes_read() == 3);
    CHECK(sum == doctest::Approx(3 * data.X.sum()).epsilon(1e-12));
  }

  TEST_CASE("HDF5: datasets x and y, bad files refused with a reason") {
    TempDir dir;
    const auto garbage = dir.file("g.h5", std::string(4096, 'x'));
    if (!nnm::hdf5_available()) {
      CHECK(error_of(garbage).find("built without HDF5") != std::string::npos);
      return;
    }
    CHECK(error_of(garbage).find("not an HDF5 file") != std::string::npos);
    const nnm::Dataset data = sample_data(100, 3, 2);
    const auto p = dir.name("d.h5");
    nnm::write_generated(p, nnm::DataFormat::h5, 3, 2, 100, fill_from(data));
    std::ifstream in(p, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), {});
    CHECK(error_of(dir.file("t.h5", bytes.substr(0, bytes.size() / 2))) != "no error");
    nnm::DataOptions o;
    o.columns.x_cols = "x2:x3";
    o.columns.y_cols = "y1";
    const nnm::Dataset picked = nnm::read_data(p, o);
    CHECK(picked.X == data.X.rightCols(2));
    CHECK(picked.Y == data.Y.leftCols(1));
    // Inputs only: no dataset y.
    const auto xs = dir.name("x.h5");
    nnm::write_generated(xs, nnm::DataFormat::h5, 3, 0, 100, fill_from(data));
    CHECK(error_of(xs).find("no outputs") != std::string::npos);
  }

  TEST_CASE("CSV parsed in parallel gives the same numbers and the same first error") {
    TempDir dir;
    const nnm::Dataset data = sample_data(60000, 5, 2);  // about 6 MB: several segments
    const auto p = dir.name("d.csv");
    nnm::write_generated(p, nnm::DataFormat::csv, 5, 2, 60000, fill_from(data));
    std::ifstream in(p, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), {});
    // Two bad lines far apart: the earlier one is reported whichever thread parses it.
    const auto line_start = [&](long line) {
      std::size_t at = 0;
      for (long l = 1; l < line; ++l) at = text.find('\n', at) + 1;
      return at;
    };
    std::string bad = text;
    bad.insert(line_start(50001), "oops");
    bad.insert(line_start(20001), "1,");
    const auto bad_path = dir.file("bad.csv", bad);
    const int threads = omp_get_max_threads();
    for (const int t : {1, 2, 3}) {
      omp_set_num_threads(t);
      const nnm::Dataset back = nnm::read_csv(p);
      CHECK(back.X == data.X);
      CHECK(back.Y == data.Y);
      CHECK(error_of(bad_path) == "bad.csv:20001: expected 7 fields, found 8");
    }
    omp_set_num_threads(threads);
  }
}
