// Benchmark of third-cumulant ICA through implicit moment tensors.
//   1. d = 100, k = 10, n = 1e5: samples in memory; whitening + decomposition timed end to end.
//   2. d = 1000, k = 20, n = 1e5: samples regenerated on each pass and never held (n·d would be
//      800 MB, the dense d^3 moment 8 GB); time and peak memory.
// Prints one line per run; usage: bench_tensor [--threads N] [--repeat R] [--skip-large]
#include <omp.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "nnm/core/random.hpp"
#include "nnm/data/distributions.hpp"
#include "nnm/tensor.hpp"

using namespace nnm;

namespace {

double peak_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;  // ru_maxrss is in kB on Linux
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// The yardstick: the same machine's time for one Xᵀ X over the d = 100 data (shared machines are
// noisy, so every timing is also printed as a multiple of it).
double yardstick = 0.0;

void report(const char* name, const IcaResult& r, const Eigen::MatrixXd& A, double seconds) {
  const FactorMatch m = match_factors(r.mixing, A);
  std::printf(
      "%-34s %8.3f s = %6.1f yardsticks  (moment+whitening %.3f s, decomposition %.4f s)  min|cos| "
      "%.5f  mean|cos| %.5f  %s  peak RSS %.0f MB\n",
      name, seconds, seconds / yardstick, r.moment_seconds, r.summary.seconds, m.min_cosine,
      m.mean_cosine, std::string(r.summary.status_name()).c_str(), peak_mb());
}

}  // namespace

int main(int argc, char** argv) {
  int threads = 0, repeat = 3;
  bool large = true;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--threads") && i + 1 < argc)
      threads = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--repeat") && i + 1 < argc)
      repeat = std::max(1, std::atoi(argv[++i]));
    else if (!std::strcmp(argv[i], "--skip-large"))
      large = false;
    else {
      std::fprintf(stderr, "usage: bench_tensor [--threads N] [--repeat R] [--skip-large]\n");
      return 2;
    }
  }
  if (threads > 0) omp_set_num_threads(threads);
  std::printf("nnm tensor benchmark: %d threads\n", omp_get_max_threads());

  {
    const Eigen::Index d = 100, k = 10, n = 100000;
    const auto z = make_input_law("exponential", k, 1);
    const Eigen::MatrixXd A = random_orthogonal(d, 1, streams::teacher, 0).leftCols(k);
    auto t0 = std::chrono::steady_clock::now();
    const Eigen::MatrixXd X = z->sample(0, n) * A.transpose();
    std::printf("%-34s %8.3f s\n", "generate d=100 n=1e5 (not timed below)", seconds_since(t0));
    t0 = std::chrono::steady_clock::now();
    const Eigen::MatrixXd gram = X.transpose() * X;
    yardstick = seconds_since(t0);
    std::printf("%-34s %8.3f s  (trace %.3g)\n", "yardstick: X^T X, 1e5 x 100", yardstick,
                gram.trace());
    const MatrixSource source(X);
    IcaOptions o;
    o.sources = k;
    std::vector<double> times;
    IcaResult r;
    for (int i = 0; i < repeat; ++i) {
      t0 = std::chrono::steady_clock::now();
      r = learn_ica(source, o);
      times.push_back(seconds_since(t0));
    }
    std::sort(times.begin(), times.end());
    report("ICA d=100 k=10 n=1e5 (median)", r, A, times[times.size() / 2]);
    o.materialize_up_to = 0;  // the fully implicit path: every power iteration is a pass over n
    t0 = std::chrono::steady_clock::now();
    r = learn_ica(source, o);
    report("  same, never materialised", r, A, seconds_since(t0));
    std::printf("%-34s %8.1f MB\n", "  (dense d^3 moment would be)", 8.0 * d * d * d / 1e6);
  }
  if (large) {
    const Eigen::Index d = 1000, k = 20;
    const std::uint64_t n = 100000;
    const auto z = make_input_law("exponential", k, 2);
    Eigen::MatrixXd A = random_normal_matrix(d, k, 2, streams::teacher, 1);
    const GeneratedSource source(
        d, 0, n,
        [&z, &A](std::uint64_t first, Eigen::Ref<Eigen::MatrixXd> X, Eigen::Ref<Eigen::MatrixXd>) {
          X.noalias() = z->sample(first, X.rows()) * A.transpose();
        });
    IcaOptions o;
    o.sources = k;
    const auto t0 = std::chrono::steady_clock::now();
    const IcaResult r = learn_ica(source, o);
    report("ICA d=1000 k=20 n=1e5 (streamed)", r, A, seconds_since(t0));
    std::printf("%-34s %8.1f GB\n", "  (dense d^3 moment would be)", 8.0 * d * d * d / 1e9);
  }
  return 0;
}
