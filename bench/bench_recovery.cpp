// Speed of spectral recovery, against yardsticks measured in the same run:
//  1. CSV parsing in MB/s and `nnm recover` end to end on 2.5e5- and 1e6-row files (d = 20,
//     m = 8), with the share of the time spent parsing and the peak resident memory;
//  2. the detector accumulation (d = 20, k = 5, n = 1e6) as a fraction of the machine's
//     double-precision matrix-multiply rate (a 1500³ Eigen GEMM on every core at once).
#include <fcntl.h>
#include <omp.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <Eigen/Dense>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

extern char** environ;

#include "bench_teacher.hpp"
#include "nnm/core/random.hpp"
#include "nnm/data/block_reduce.hpp"
#include "nnm/data/dataset.hpp"
#include "nnm/data/model_io.hpp"
#include "nnm/data/sample_source.hpp"
#include "nnm/recovery/detector.hpp"
#include "nnm/recovery/recover.hpp"

namespace {

using Clock = std::chrono::steady_clock;

template <class F>
double best_seconds(int repeats, F&& f) {
  double best = 1e300;
  for (int r = 0; r < repeats; ++r) {
    const auto t = Clock::now();
    f();
    best = std::min(best, std::chrono::duration<double>(Clock::now() - t).count());
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t n = argc > 1 ? std::stoull(argv[1]) : 1000000;
  std::cout << "threads: " << omp_get_max_threads() << ", n = " << n << "\n";

  using nnm::bench::BenchTeacher;
  const Eigen::Index d = BenchTeacher::d, m = BenchTeacher::m;
  const BenchTeacher teacher;
  // 1. Parsing speed, and `nnm recover` end to end in a child process (its own peak memory), on a
  //    file of n rows and one of n/4 rows: the same peak memory shows it does not grow with n.
  const char* nnm_binary = std::getenv("NNM");
  for (const std::uint64_t rows : {n / 4, n}) {
    const auto path = (std::filesystem::temp_directory_path() / "nnm_bench_recovery.csv").string();
    const nnm::TeacherSampler rows_sampler = teacher.sampler(rows);
    nnm::write_generated_csv(
        path, d, m, rows, [&](std::uint64_t f, auto Xb, auto Yb) { rows_sampler.fill(f, Xb, Yb); });
    const double mb = static_cast<double>(std::filesystem::file_size(path)) / 1e6;
    const double parse_s = best_seconds(2, [&] {
      nnm::CsvReader reader(path);
      Eigen::MatrixXd Xc, Yc;
      while (reader.read(32768, Xc, Yc) > 0) {
      }
    });
    std::cout << "CSV " << rows << " rows, " << mb << " MB: one parsing pass " << parse_s
              << " s = " << mb / parse_s << " MB/s (target >= 100)\n";
    if (nnm_binary) {
      const std::string out = path + ".model.json", report = path + ".report.json";
      const char* args[] = {nnm_binary, "recover",   "--data",   path.c_str(),   "--k",  "5",
                            "--out",    out.c_str(), "--report", report.c_str(), nullptr};
      posix_spawn_file_actions_t quiet;
      posix_spawn_file_actions_init(&quiet);
      posix_spawn_file_actions_addopen(&quiet, 2, "/dev/null", O_WRONLY, 0);
      pid_t pid;
      const auto t = Clock::now();
      if (posix_spawn(&pid, nnm_binary, &quiet, nullptr, const_cast<char**>(args), environ) != 0) {
        std::cerr << "cannot run " << nnm_binary << "\n";
        return 1;
      }
      int status = 0;
      waitpid(pid, &status, 0);
      const double seconds = std::chrono::duration<double>(Clock::now() - t).count();
      std::cout << "  nnm recover end to end: " << seconds << " s (exit " << WEXITSTATUS(status)
                << "), one parsing pass (the file is parsed once when it fits the memory "
                   "budget) = "
                << 100 * parse_s / seconds << "% of it, peak memory "
                << nnm::read_json_file(report).value("peak_memory_mb", 0.0) << " MB\n";
      std::filesystem::remove(report);
      posix_spawn_file_actions_destroy(&quiet);
      std::filesystem::remove(out);
    }
    std::filesystem::remove(path);
  }
  if (!nnm_binary) std::cout << "(set NNM=path/to/nnm to time nnm recover end to end)\n";
  // Yardstick: the machine's GEMM rate with the same Eigen build on all cores: one 1500³ product
  // per thread, all at once (Eigen's own threading is off project-wide).
  const Eigen::Index g = 1500;
  const Eigen::MatrixXd a = nnm::random_normal_matrix(g, g, 1, 1, 0),
                        b = nnm::random_normal_matrix(g, g, 1, 1, 1);
  const int cores = omp_get_max_threads();
  std::vector<Eigen::MatrixXd> c(static_cast<std::size_t>(cores), Eigen::MatrixXd(g, g));
  const auto gemm_all_cores = [&] {
#pragma omp parallel for num_threads(cores)
    for (int t = 0; t < cores; ++t) c[static_cast<std::size_t>(t)].noalias() = a * b;
  };
  // The yardstick and the accumulation alternate, best of five each, so that both see the same
  // machine load (other jobs on a shared machine slow either one).
  double gemm_s = 1e300, det_s = 1e300;

  // 2. Detector accumulation on whitened Gaussian data (the statistic's cost does not depend on
  //    the data's values): d = 20, k = 5 → q has 210 entries, g has 15.
  Eigen::MatrixXd X(static_cast<Eigen::Index>(n), d), Y(static_cast<Eigen::Index>(n), m);
  teacher.sampler(n).fill(0, X, Y);
  const nnm::MatrixSource source(X, &Y);
  const nnm::DetectorAccumulator empty = BenchTeacher::empty_detector();
  Eigen::MatrixXd detector;
  for (int round = 0; round < 5; ++round) {
    gemm_s = std::min(gemm_s, best_seconds(1, gemm_all_cores));
    det_s = std::min(
        det_s, best_seconds(1, [&] { detector = nnm::block_reduce(source, empty).detector(); }));
  }
  const double gemm_gflops = cores * 2.0 * g * g * g / gemm_s / 1e9;
  std::cout << "GEMM " << g << "^3 on each of " << cores << " threads: " << gemm_s << " s, "
            << gemm_gflops << " GFLOP/s in all\n";
  const double useful = BenchTeacher::detector_flops(n);
  const double det_gflops = useful / det_s / 1e9;
  std::cout << "detector accumulation (d = 20, k = 5): " << det_s << " s, " << det_gflops
            << " GFLOP/s = " << det_gflops / gemm_gflops << " of the GEMM rate (target >= 0.5)\n";

  return 0;
}
