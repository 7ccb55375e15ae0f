// Data at scale (issue 16): `nnm recover` on one n-row data set (default 1e6, d = 20, m = 8) read
// from CSV and from .npy, before and after reading once / parsing in parallel, with peak memory;
// a 1, 2, 4 … threads scaling table for recover, cp and train; the detector accumulation
// against Eigen's GEMM rate on 1 thread and on all cores, measured in the same run.
//
// "Before" is main's binary when NNM_BEFORE names one; otherwise the old access pattern is
// replayed with this binary: one thread, --memory-budget 0 (so every pass parses the file again,
// as the old reader did) — with this binary's parser, so a faster parser speeds up "before" too.
// The machine may be shared: every figure is the best of NNM_BENCH_REPEATS runs (default 2), in
// wall time and in CPU time (user + system, which others' load moves far less), with the 1-minute
// load average read just before it.
// Usage: NNM=build/tools/nnm/nnm [NNM_BEFORE=old/nnm] [NNM_BENCH_REPEATS=N] bench_data [n]
// The "before" is main just before issue 16's first merge (f3b78c5); docs/formats.md
// says how to build its nnm.
#include <fcntl.h>
#include <omp.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <Eigen/Dense>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "bench_teacher.hpp"
#include "nnm/core/random.hpp"
#include "nnm/data/block_reduce.hpp"
#include "nnm/data/data_file.hpp"
#include "nnm/data/model_io.hpp"
#include "nnm/data/npy.hpp"
#include "nnm/recovery/detector.hpp"

extern char** environ;

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

// The 1-minute load average now: how many runnable tasks shared the cores.
double load_average() {
  double load[1] = {-1};
  return getloadavg(load, 1) == 1 ? load[0] : -1;
}

double cpu_seconds(const rusage& u) {
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

// Wall and CPU seconds of f(), the CPU time summed over this process's threads.
template <class F>
std::pair<double, double> timed(F&& f) {
  rusage u0{}, u1{};
  getrusage(RUSAGE_SELF, &u0);
  const auto start = Clock::now();
  f();
  const double wall = std::chrono::duration<double>(Clock::now() - start).count();
  getrusage(RUSAGE_SELF, &u1);
  return {wall, cpu_seconds(u1) - cpu_seconds(u0)};
}

int repeats() {
  const char* env = std::getenv("NNM_BENCH_REPEATS");
  return env ? std::max(1, std::atoi(env)) : 2;
}

struct Run {
  double seconds = 0, peak_mb = 0;
  double cpu_seconds = 0;  // user + system time, best of the runs: less sensitive to others' load
  double load = 0;         // 1-minute load average before the first run
  int exit = -1;
};

// Runs `binary args...` with stdout and stderr silenced; the best wall time and the best CPU time
// of `repeats()` runs, and the peak memory recovery's --report records (0 for commands without
// one) in the fastest run.
Run run(const std::string& binary, std::vector<std::string> args, const std::string& report = "") {
  Run best;
  best.seconds = best.cpu_seconds = 1e300;
  best.load = load_average();
  args.insert(args.begin(), binary);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  for (int r = 0; r < repeats(); ++r) {
    posix_spawn_file_actions_t quiet;
    posix_spawn_file_actions_init(&quiet);
    posix_spawn_file_actions_addopen(&quiet, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&quiet, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    const auto t = Clock::now();
    if (posix_spawn(&pid, binary.c_str(), &quiet, nullptr, argv.data(), environ) != 0) {
      std::cerr << "cannot run " << binary << "\n";
      std::exit(1);
    }
    int status = 0;
    rusage usage{};
    wait4(pid, &status, 0, &usage);
    posix_spawn_file_actions_destroy(&quiet);
    const double s = std::chrono::duration<double>(Clock::now() - t).count();
    best.cpu_seconds = std::min(best.cpu_seconds, cpu_seconds(usage));
    if (s < best.seconds) {
      best.seconds = s;
      best.exit = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      if (!report.empty() && fs::exists(report))
        best.peak_mb = nnm::read_json_file(report).value("peak_memory_mb", 0.0);
    }
  }
  return best;
}

std::string fixed(double v, int digits = 2) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(digits) << v;
  return s.str();
}

}  // namespace

int main(int argc, char** argv) {
  // The in-process figures (reading alone, the detector) run under the idle-thread setting the
  // nnm command gives itself (tools/nnm/main.cpp): libgomp reads it when it loads, so restart once.
  // Otherwise libgomp's default long spin, which burns CPU time while the cores are shared, would
  // be measured here but not in the commands timed beside it.
  if (!std::getenv("OMP_WAIT_POLICY") && !std::getenv("GOMP_SPINCOUNT") &&
      setenv("GOMP_SPINCOUNT", "30000", 1) == 0)
    execv("/proc/self/exe", argv);  // returns only on failure: then carry on as we are
  const std::uint64_t n = argc > 1 ? std::stoull(argv[1]) : 1000000;
  const char* nnm_env = std::getenv("NNM");
  if (!nnm_env) {
    std::cout << "bench_data: set NNM=path/to/nnm (make bench does)\n";
    return 0;
  }
  const std::string nnm = nnm_env;
  const char* before_env = std::getenv("NNM_BEFORE");
  const int cores = omp_get_max_threads();
  using nnm::bench::BenchTeacher;
  const Eigen::Index d = BenchTeacher::d, m = BenchTeacher::m;
  const auto env = [](const char* name) {
    const char* v = std::getenv(name);
    return std::string(name) + "=" + (v ? v : "(unset)");
  };
  std::cout << "bench_data: n = " << n << ", d = " << d << ", m = " << m << ", " << cores
            << " threads available; " << env("OMP_WAIT_POLICY") << ", " << env("GOMP_SPINCOUNT")
            << "\n";

  const BenchTeacher teacher;
  const nnm::TeacherSampler sampler = teacher.sampler(n);
  const auto fill = [&](std::uint64_t f, Eigen::Ref<Eigen::MatrixXd> X,
                        Eigen::Ref<Eigen::MatrixXd> Y) { sampler.fill(f, X, Y); };
  const fs::path dir = fs::temp_directory_path() / ("nnm_bench_data_" + std::to_string(getpid()));
  fs::create_directories(dir);
  const std::string csv = (dir / "d.csv").string(), npy = (dir / "d.npy").string();
  const std::string out = (dir / "m.json").string(), report = (dir / "r.json").string();
  nnm::write_generated(csv, nnm::DataFormat::csv, d, m, n, fill);
  nnm::write_generated(npy, nnm::DataFormat::npy, d, m, n, fill);
  const std::string ica = (dir / "ica.npy").string();
  const nnm::TeacherSampler uniform = teacher.uniform_sampler(n);
  nnm::write_generated(ica, nnm::DataFormat::npy, d, m, n,
                       [&](std::uint64_t f, Eigen::Ref<Eigen::MatrixXd> X,
                           Eigen::Ref<Eigen::MatrixXd> Y) { uniform.fill(f, X, Y); });
  std::cout << "files: CSV " << fixed(fs::file_size(csv) / 1e6, 0) << " MB, .npy "
            << fixed(fs::file_size(npy) / 1e6, 0) << " MB\n\n";

  const auto recover = [&](const std::string& binary, const std::string& data, int threads,
                           std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"recover",
                                     "--data",
                                     data,
                                     "--k",
                                     "5",
                                     "--out",
                                     out,
                                     "--report",
                                     report,
                                     "--threads",
                                     std::to_string(threads)};
    args.insert(args.end(), extra.begin(), extra.end());
    return run(binary, args, report);
  };
  const int two = std::min(2, cores);
  // 1. Before and after.
  const Run before =
      before_env ? recover(before_env, csv, two) : recover(nnm, csv, 1, {"--memory-budget", "0"});
  const Run after_csv = recover(nnm, csv, two);
  const Run after_npy = recover(nnm, npy, two);
  const std::string before_name =
      before_env ? "CSV, before (NNM_BEFORE, " + std::to_string(two) + " threads)"
                 : "CSV, old pattern (1 thread, parsed every pass)";
  std::cout << "nnm recover on " << n << " rows (best of " << repeats()
            << ")  seconds speed-up    CPU s speed-up  peak MB  load\n";
  const auto row = [&](const std::string& name, const Run& r) {
    std::cout << "  " << std::left << std::setw(44) << name << std::right << std::setw(7)
              << fixed(r.seconds) << std::setw(8) << fixed(before.seconds / r.seconds, 1) << "x"
              << std::setw(9) << fixed(r.cpu_seconds) << std::setw(8)
              << fixed(before.cpu_seconds / r.cpu_seconds, 1) << "x" << std::setw(9)
              << fixed(r.peak_mb, 0) << std::setw(6) << fixed(r.load, 1)
              << (r.exit ? "  (exit ≠ 0!)" : "") << "\n";
  };
  row(before_name, before);
  row("CSV, after (" + std::to_string(two) + " threads, read once)", after_csv);
  row(".npy, after (" + std::to_string(two) + " threads)", after_npy);
  std::cout << "  targets: CSV >= 4x, .npy >= 20x faster than before\n\n";

  // Reading alone: one CSV parsing pass and one .npy decoding pass, on 1 thread and on all cores.
  std::cout << "one pass of reading alone (MB/s of file; best wall and best CPU seconds)\n";
  for (const int t : {1, cores}) {
    omp_set_num_threads(t);
    double csv_s = 1e300, npy_s = 1e300, csv_cpu = 1e300, npy_cpu = 1e300;
    const double load = load_average();
    for (int r = 0; r < repeats(); ++r) {
      const auto [cw, cc] =
          timed([&] { nnm::CsvSource(csv).for_each_chunk([](const auto&, const auto&) {}); });
      csv_s = std::min(csv_s, cw);
      csv_cpu = std::min(csv_cpu, cc);
      const auto [nw, nc] = timed([&] {
        nnm::NpySource(npy, nnm::CsvOptions{}).for_each_chunk([](const auto&, const auto&) {});
      });
      npy_s = std::min(npy_s, nw);
      npy_cpu = std::min(npy_cpu, nc);
    }
    std::cout << "  " << t << " thread(s): CSV " << fixed(csv_s) << " s (CPU " << fixed(csv_cpu)
              << " s) = " << fixed(fs::file_size(csv) / 1e6 / csv_s, 0) << " MB/s, .npy "
              << fixed(npy_s) << " s (CPU " << fixed(npy_cpu)
              << " s) = " << fixed(fs::file_size(npy) / 1e6 / npy_s, 0) << " MB/s; load "
              << fixed(load, 1) << "\n";
  }
  std::cout << "\n";

  // 2. Scaling table: recover (CSV, .npy) and cp (.npy), 1, 2, 4, ... threads up to the cores.
  std::vector<int> counts;
  for (int t = 1; t <= cores; t *= 2) counts.push_back(t);
  if (counts.back() != cores) counts.push_back(cores);
  // Yardstick for how many cores the load left: the GEMM rate on t threads against one thread,
  // measured beside each run (a GEMM on each thread is as parallel as work can be).
  const Eigen::Index yard = 800;
  const Eigen::MatrixXd ya = nnm::random_normal_matrix(yard, yard, 1, 1, 0),
                        yb = nnm::random_normal_matrix(yard, yard, 1, 1, 1);
  const auto gemm_speed = [&](int t) {
    std::vector<Eigen::MatrixXd> c(static_cast<std::size_t>(t), Eigen::MatrixXd(yard, yard));
    double best = 1e300;
    for (int r = 0; r < 3; ++r)
      best = std::min(best, timed([&] {
#pragma omp parallel for num_threads(t)
                              for (int i = 0; i < t; ++i)
                                c[static_cast<std::size_t>(i)].noalias() = ya * yb;
                            }).first);
    return t / best;
  };
  std::cout << "scaling (best of " << repeats()
            << "; efficiency = t1 / (threads · t) in wall time; GEMM = the speed-up of a GEMM on\n"
            << "each thread measured just before, i.e. the cores the load left)\n"
            << "  job            threads  seconds    CPU s  efficiency  GEMM  load\n";
  const std::vector<std::pair<std::string, std::vector<std::string>>> jobs = {
      {"recover CSV", {"recover", "--data", csv, "--k", "5", "--out", out}},
      {"recover .npy", {"recover", "--data", npy, "--k", "5", "--out", out}},
      {"cp .npy (ICA)",
       {"cp", "--data", ica, "--whiten", "--order", "4", "--rank", "5", "--out", out}},
      {"train .npy", {"train", "--data", npy, "--hidden", "5", "--epochs", "2", "--out", out}},
  };
  // Each job's thread counts run one after another, so that they see much the same load.
  for (const auto& [name, job_args] : jobs) {
    double t1 = 0, gemm1 = 0;
    for (const int t : counts) {
      auto args = job_args;
      args.insert(args.end(), {"--threads", std::to_string(t)});
      const double gemm = gemm_speed(t);
      if (t == 1) gemm1 = gemm;
      const Run r = run(nnm, args);
      if (t == 1) t1 = r.seconds;
      std::cout << "  " << std::left << std::setw(13) << name << std::right << std::setw(8) << t
                << std::setw(9) << fixed(r.seconds) << std::setw(9) << fixed(r.cpu_seconds)
                << std::setw(12) << fixed(t1 / (t * r.seconds)) << std::setw(5)
                << fixed(gemm / gemm1, 1) << "x" << std::setw(6) << fixed(r.load, 1)
                << (r.exit ? "  (exit ≠ 0!)" : "") << "\n";
    }
  }
  std::cout << "  target: efficiency >= 0.7 at 2 threads for recover and cp (train: none)\n\n";
  fs::remove_all(dir);

  // 3. The detector accumulation against Eigen's GEMM, on 1 thread and on all cores, alternating
  //    (best of three each) so both see the same machine load; rates per wall second and per CPU
  //    second of this process (user + system of all its threads).
  const Eigen::Index g = 1000;
  const Eigen::MatrixXd a = nnm::random_normal_matrix(g, g, 1, 1, 0),
                        b = nnm::random_normal_matrix(g, g, 1, 1, 1);
  Eigen::MatrixXd X(static_cast<Eigen::Index>(n), d), Y(static_cast<Eigen::Index>(n), m);
  sampler.fill(0, X, Y);
  const nnm::MatrixSource source(X, &Y);
  const nnm::DetectorAccumulator empty = BenchTeacher::empty_detector();
  const double useful = BenchTeacher::detector_flops(n);
  std::cout << "detector accumulation (d = 20, k = 5) vs GEMM " << g << "^3 per thread\n";
  double gemm_one_thread = 0;
  for (const int t : {1, cores}) {
    omp_set_num_threads(t);
    std::vector<Eigen::MatrixXd> c(static_cast<std::size_t>(t), Eigen::MatrixXd(g, g));
    double gemm_s = 1e300, det_s = 1e300, gemm_cpu = 1e300, det_cpu = 1e300;
    const double load = load_average();
    for (int round = 0; round < 3; ++round) {
      const auto [gw, gc] = timed([&] {
#pragma omp parallel for num_threads(t)
        for (int i = 0; i < t; ++i) c[static_cast<std::size_t>(i)].noalias() = a * b;
      });
      gemm_s = std::min(gemm_s, gw);
      gemm_cpu = std::min(gemm_cpu, gc);
      Eigen::MatrixXd det;
      const auto [dw, dc] = timed([&] { det = nnm::block_reduce(source, empty).detector(); });
      det_s = std::min(det_s, dw);
      det_cpu = std::min(det_cpu, dc);
      if (!det.allFinite()) std::cout << "  (detector not finite!)\n";
    }
    const double gemm_flops = t * 2.0 * g * g * g;
    const double gemm_rate = gemm_flops / gemm_s / 1e9, det_rate = useful / det_s / 1e9;
    if (t == 1) gemm_one_thread = gemm_rate;
    std::cout << "  " << t << " thread(s): GEMM " << fixed(gemm_rate, 1) << " GFLOP/s";
    if (t > 1) std::cout << " (" << fixed(gemm_rate / gemm_one_thread) << "x one thread's)";
    std::cout << ", detector " << fixed(det_rate, 1) << " GFLOP/s = " << fixed(det_rate / gemm_rate)
              << " of GEMM; per CPU second " << fixed((useful / det_cpu) / (gemm_flops / gemm_cpu))
              << " of GEMM (target >= 0.5); load " << fixed(load, 1) << "\n";
  }
  return 0;
}
