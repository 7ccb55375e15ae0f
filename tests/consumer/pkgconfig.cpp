// Compiled and linked with nothing but `pkg-config --cflags --libs nnmoments` (and -std=c++20).
#include <nnm/data/distributions.hpp>
#include <nnm/data/teacher.hpp>
#include <nnm/recovery.hpp>
#include <nnm/version.hpp>

#include <cstdio>

int main() {
  nnm::TeacherOptions t;
  t.d = 4;
  t.k = 2;
  t.m = 2;
  const nnm::Network teacher = nnm::make_teacher(t);
  const auto law = nnm::make_input_law("uniform", t.d, 4);
  const nnm::TeacherSampler sampler(teacher, *law, 10000, 0.0, 4);
  Eigen::MatrixXd X(10000, t.d), Y(10000, t.m);
  sampler.fill(0, X, Y);
  nnm::RecoveryOptions options;
  options.k = t.k;
  const nnm::RecoveryResult r = nnm::recover(X, Y, options);
  std::printf("nnmoments %s via pkg-config: %s\n", NNM_VERSION_STRING,
              r.summary.brief_report().c_str());
  return r.summary.usable() ? 0 : 1;
}
