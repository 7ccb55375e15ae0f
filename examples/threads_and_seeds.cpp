// Seeds and threads: the same seed gives the same bits for any number of threads.
//
// Random numbers come from a counter-based generator keyed by (seed, stream, index), so sample i
// is the same whoever computes it and whenever. Algorithms sum over fixed blocks of samples in
// parallel and combine the blocks in order, so their results do not depend on the thread count
// either. This program shows both, and streams its data from a generator instead of memory.
#include <omp.h>

#include <cstdio>
#include <iostream>

#include <nnm/core/random.hpp>
#include <nnm/data/dataset.hpp>
#include <nnm/data/distributions.hpp>
#include <nnm/data/sample_source.hpp>
#include <nnm/data/teacher.hpp>
#include <nnm/recovery.hpp>

int main() {
  // 1. A generator is identified by (seed, stream, index): make one per sample rather than share
  // one, and the order in which samples are drawn stops mattering.
  nnm::Random late(42, nnm::streams::inputs, 1000);
  nnm::Random again(42, nnm::streams::inputs, 1000);
  const double first = late.normal();
  std::printf("sample 1000 of seed 42: %.17g, drawn again: %.17g\n", first, again.normal());
  if (first != nnm::Random(42, nnm::streams::inputs, 1000).normal()) return 1;

  // 2. A data source that recomputes its samples from their indices on every pass: 100000 samples
  // of a teacher under a Student-t law, never stored.
  nnm::TeacherOptions teacher;
  teacher.d = 8;
  teacher.k = 3;
  teacher.m = 4;
  teacher.seed = 5;
  const nnm::Network truth = nnm::make_teacher(teacher);
  const auto law = nnm::make_input_law("student_t:6", teacher.d, 5);
  const nnm::TeacherSampler sampler(truth, *law, 100000, /*noise=*/0.1, /*seed=*/5);
  const nnm::GeneratedSource source(teacher.d, teacher.m, sampler.size(),
                                    [&](std::uint64_t i, Eigen::Ref<Eigen::MatrixXd> X,
                                        Eigen::Ref<Eigen::MatrixXd> Y) { sampler.fill(i, X, Y); });

  // 3. The same recovery on one thread and on all of them. RecoveryOptions::threads = 0 means
  // OpenMP's current setting (OMP_NUM_THREADS or all cores).
  nnm::RecoveryOptions options;
  options.k = teacher.k;
  options.seed = 9;  // seeds the algorithm's own random choices
  options.threads = 1;
  const nnm::RecoveryResult one = nnm::recover(source, options);
  options.threads = 0;
  const nnm::RecoveryResult all = nnm::recover(source, options);
  std::cout << one.summary.brief_report() << "\n";
  if (!one.model_computed() || !all.model_computed()) return 3;

  const bool same = (one.model.W.array() == all.model.W.array()).all() &&
                    (one.model.A.array() == all.model.A.array()).all();
  std::printf("W[0][0] with 1 thread: %.17g, with %d threads: %.17g -> %s\n", one.model.W(0, 0),
              omp_get_max_threads(), all.model.W(0, 0), same ? "identical" : "DIFFERENT");
  return same ? 0 : 1;
}
