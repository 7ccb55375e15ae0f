// A consumer of the installed package: the umbrella header, the generated version header, and a
// small end-to-end run (generate, recover, compare, write and read a model file).
#include <nnm/nnm.hpp>
#include <nnm/version.hpp>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

#include <unistd.h>

// What nnmoments::nnmoments must carry to its users.
#ifndef EIGEN_DONT_PARALLELIZE
#error "EIGEN_DONT_PARALLELIZE did not come with nnmoments::nnmoments"
#endif
#ifndef _OPENMP
#error "OpenMP did not come with nnmoments::nnmoments"
#endif
#if NNM_VERSION != NNM_VERSION_MAJOR * 10000 + NNM_VERSION_MINOR * 100 + NNM_VERSION_PATCH
#error "inconsistent NNM_VERSION"
#endif

int main() {
#ifdef NNM_PACKAGE_VERSION
  if (std::strcmp(NNM_VERSION_STRING, NNM_PACKAGE_VERSION) != 0) {
    std::fprintf(stderr, "headers say %s, the CMake package says %s\n", NNM_VERSION_STRING,
                 NNM_PACKAGE_VERSION);
    return 1;
  }
#endif
  nnm::TeacherOptions t;
  t.d = 6;
  t.k = 3;
  t.m = 3;
  const nnm::Network teacher = nnm::make_teacher(t);
  const auto law = nnm::make_input_law("rademacher", t.d, 1);
  const nnm::TeacherSampler sampler(teacher, *law, 20000, 0.0, 1);
  Eigen::MatrixXd X(20000, t.d), Y(20000, t.m);
  sampler.fill(0, X, Y);

  nnm::RecoveryOptions options;
  options.k = t.k;
  const nnm::RecoveryResult r = nnm::recover(X, Y, options);
  if (!r.summary.usable()) {
    std::fprintf(stderr, "%s\n", r.summary.brief_report().c_str());
    return 1;
  }
  const nnm::RecoveryError err = nnm::compare_networks(r.model, teacher, law->sample(50000, 2000));
  const auto path = std::filesystem::temp_directory_path() /
                    ("nnm-consumer-model-" + std::to_string(getpid()) + ".json");
  nnm::write_model(path.string(), r.model);
  const nnm::Network back = nnm::read_model(path.string());
  std::filesystem::remove(path);
  std::printf("nnmoments %s: W_err %.2e, model file round trip %s\n", NNM_VERSION_STRING, err.W_err,
              back.W == r.model.W ? "exact" : "DIFFERENT");
  return err.W_err < 0.05 && back.W == r.model.W ? 0 : 1;
}
