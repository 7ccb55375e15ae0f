// One rank's way to its rows (issue 16): under mpirun, rank r of N reads rows from the middle of
// a data file. This measures, on the last rank of N = 2, 4 and 8, the time from opening a CSV file
// to holding the first chunk of the rank's rows, two ways: the rows before the share parsed and
// dropped (the generic pass, SampleSource::for_each_chunk_in — what every rank did before) and
// skipped by their line ends (CsvSource's override). CPU time (all threads, user + system) is
// reported besides wall time: the machines are shared. Also the row count that decides the shares
// (count_data_rows: one newline scan). Both ways must hand out the same first chunk, bit for bit.
// Usage: bench_shard [file.csv]  (default: a generated n = 1e6, d = 20, m = 8 CSV, about 540 MB)
#include <sys/resource.h>
#include <unistd.h>

#include <Eigen/Core>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <limits>
#include <string>

#include "nnm/data/data_file.hpp"
#include "nnm/data/distributions.hpp"
#include "nnm/data/shard_source.hpp"
#include "nnm/data/teacher.hpp"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double cpu_seconds() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  const auto s = [](const timeval& t) { return double(t.tv_sec) + 1e-6 * double(t.tv_usec); };
  return s(u.ru_utime) + s(u.ru_stime);
}

struct Timing {
  double wall = 1e300, cpu = 1e300;
  Eigen::MatrixXd first_X;
};

// The best of three: from opening the file to the first chunk at row `first`.
template <class Pass>
Timing time_to_first_chunk(const std::string& path, std::uint64_t first, Pass pass) {
  Timing best;
  for (int repeat = 0; repeat < 3; ++repeat) {
    struct Reached {};
    const double cpu0 = cpu_seconds();
    const auto t0 = Clock::now();
    nnm::CsvSource source(path, nnm::CsvOptions{});
    try {
      pass(source, first,
           [&](const Eigen::Ref<const Eigen::MatrixXd>& X,
               const Eigen::Ref<const Eigen::MatrixXd>&) {
             best.first_X = X;
             throw Reached{};
           });
    } catch (const Reached&) {
    }
    best.wall = std::min(best.wall, std::chrono::duration<double>(Clock::now() - t0).count());
    best.cpu = std::min(best.cpu, cpu_seconds() - cpu0);
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  std::string path;
  fs::path dir;
  if (argc > 1) {
    path = argv[1];
  } else {
    const Eigen::Index d = 20, k = 5, m = 8;
    const std::uint64_t n = 1000000;
    nnm::TeacherOptions to;
    to.d = d;
    to.k = k;
    to.m = m;
    const nnm::Network teacher = nnm::make_teacher(to);
    const auto law = nnm::make_input_law("gaussian", d, 1);
    const nnm::TeacherSampler sampler(teacher, *law, n, 0.0, 1);
    dir = fs::temp_directory_path() / ("nnm_bench_shard_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    path = (dir / "d.csv").string();
    nnm::write_generated(path, nnm::DataFormat::csv, d, m, n,
                         [&](std::uint64_t f, Eigen::Ref<Eigen::MatrixXd> X,
                             Eigen::Ref<Eigen::MatrixXd> Y) { sampler.fill(f, X, Y); });
  }
  const double cpu0 = cpu_seconds();
  const auto t0 = Clock::now();
  const std::uint64_t n = nnm::count_data_rows(path, nnm::DataOptions{});
  const double count_wall = std::chrono::duration<double>(Clock::now() - t0).count();
  const double count_cpu = cpu_seconds() - cpu0;
  std::printf("%s: %llu rows, %.0f MB; counting them (newline scan): %.3f s wall, %.3f s CPU\n\n",
              path.c_str(), static_cast<unsigned long long>(n), fs::file_size(path) / 1e6,
              count_wall, count_cpu);
  std::printf("%-6s %-10s %-24s %-24s %-8s %s\n", "ranks", "first row", "parse and drop: wall/CPU",
              "skip lines: wall/CPU", "CPU x", "same chunk");
  bool all_same = true;
  for (int ranks : {2, 4, 8}) {
    const std::uint64_t first = nnm::rank_rows(n, ranks - 1, ranks).first;
    const auto end = std::numeric_limits<std::uint64_t>::max();
    const Timing parse = time_to_first_chunk(path, first, [&](auto& s, auto f, const auto& v) {
      s.nnm::SampleSource::for_each_chunk_in(f, end, v);
    });
    const Timing skip = time_to_first_chunk(
        path, first, [&](auto& s, auto f, const auto& v) { s.for_each_chunk_in(f, end, v); });
    const bool same =
        parse.first_X.size() == skip.first_X.size() &&
        std::memcmp(parse.first_X.data(), skip.first_X.data(),
                    sizeof(double) * static_cast<std::size_t>(skip.first_X.size())) == 0;
    all_same = all_same && same;
    std::printf("%-6d %-10llu %7.3f s / %7.3f s      %7.3f s / %7.3f s      %-8.1f %s\n", ranks,
                static_cast<unsigned long long>(first + 1), parse.wall, parse.cpu, skip.wall,
                skip.cpu, parse.cpu / skip.cpu, same ? "yes" : "NO");
  }
  if (!dir.empty()) fs::remove_all(dir);
  return all_same ? 0 : 1;
}
