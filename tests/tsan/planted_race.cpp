// A race planted on purpose, built only in the ThreadSanitizer build (make test-tsan): two OpenMP
// threads add to one variable without synchronisation. The test tsan_planted_race requires TSan
// to report exactly this one race, so a TSan build that has stopped seeing races (instrumentation
// or the runtime lost, one thread only) fails instead of passing in silence, and the correct
// reduction beside it must stay unreported. (That Archer is loaded, make test-tsan checks apart.)
#include <cstdio>

int main() {
  long racy = 0, reduced = 0;
#pragma omp parallel for num_threads(2) schedule(static)
  for (int i = 0; i < 100000; ++i) racy += i;
#pragma omp parallel for num_threads(2) schedule(static) reduction(+ : reduced)
  for (int i = 0; i < 100000; ++i) reduced += i;
  std::printf("racy %ld, reduced %ld\n", racy, reduced);
}
