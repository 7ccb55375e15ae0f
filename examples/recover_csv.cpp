// Recover a two-layer network from a data CSV by the spectral method.
//
//   recover_csv [data.csv [k [model.json]]]
//
// With no arguments it first writes a small data set (a ReLU teacher under a symmetric Laplace law)
// to a temporary directory, so it runs anywhere; pass your own file (header x1..xd,y1..ym) to use
// it instead. The file is streamed, never held in memory whole. The model is written only where
// you name a file that does not exist yet (or, for the built-in data, to the temporary directory).
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <stdexcept>
#include <string>

#include <nnm/core/error.hpp>
#include <nnm/data/dataset.hpp>
#include <nnm/data/distributions.hpp>
#include <nnm/data/model_io.hpp>
#include <nnm/data/sample_source.hpp>
#include <nnm/data/teacher.hpp>
#include <nnm/recovery.hpp>
#include <nnm/recovery/metrics.hpp>

namespace fs = std::filesystem;

// A fresh directory under the system's temporary directory (POSIX mkdtemp).
fs::path make_temp_dir() {
  std::string pattern = (fs::temp_directory_path() / "nnm-recover-csv-XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("cannot create a temporary directory");
  return pattern;
}

int main(int argc, char** argv) try {
  fs::path data, dir, model;
  nnm::Network truth;
  long k = 0;
  if (argc > 1) {
    data = argv[1];
    if (argc > 2) k = std::stol(argv[2]);
    if (argc > 3) model = argv[3];
    if (!model.empty() && fs::exists(model))
      throw nnm::InputError(model.string() + ": exists already; name a new file for the model");
  } else {
    // A teacher y = A relu(W x) + noise with d = 10 inputs, k = 4 hidden units, m = 6 outputs.
    nnm::TeacherOptions teacher;
    teacher.d = 10;
    teacher.k = 4;
    teacher.m = 6;
    teacher.seed = 7;
    truth = nnm::make_teacher(teacher);
    k = teacher.k;

    // 60000 samples; each depends only on (seed, sample index), so the file's bytes are the same
    // for any number of threads.
    const auto law = nnm::make_input_law("laplace", teacher.d, 7);
    const nnm::TeacherSampler sampler(truth, *law, 60000, /*noise=*/0.05, /*seed=*/7);
    dir = make_temp_dir();
    data = dir / "data.csv";
    model = dir / "model.json";
    nnm::write_generated_csv(data.string(), teacher.d, teacher.m, sampler.size(),
                             [&](std::uint64_t first, Eigen::Ref<Eigen::MatrixXd> X,
                                 Eigen::Ref<Eigen::MatrixXd> Y) { sampler.fill(first, X, Y); });
    std::cout << "wrote " << sampler.size() << " samples to " << data << "\n";
  }

  // Options in: every field has a documented default; validate() names a bad one.
  nnm::RecoveryOptions options;
  options.k = k;                  // 0 would estimate k from the rank of E[y xᵀ]
  options.polish_iterations = 3;  // Levenberg–Marquardt refinement after the spectral estimate
  options.validate();

  // A result and a Summary out. A status that is not success means the method's own diagnostics
  // distrust the model (e.g. the inputs are not symmetric); it is not an exception.
  const nnm::RecoveryResult result = nnm::recover(nnm::CsvSource(data.string(), true), options);
  std::cout << result.summary.brief_report() << "\n";
  if (!result.model_computed()) return 3;

  if (!model.empty()) {
    nnm::write_model(model.string(), result.model);  // atomic: the whole file or nothing
    std::cout << "model written to " << model << "\n";
  }

  if (truth.W.size() > 0) {
    // We know the teacher: compare after matching the hidden units.
    const auto law = nnm::make_input_law("laplace", truth.input_dim(), 8);
    const nnm::RecoveryError err = nnm::compare_networks(result.model, truth, law->sample(0, 5000));
    std::cout << "W_err " << err.W_err << "  A_err " << err.A_err << "  out_err " << err.out_err
              << "\n";
    fs::remove_all(dir);
    if (!result.summary.usable() || err.W_err > 0.1) return 1;
  }
  return result.summary.usable() ? 0 : 3;
} catch (const nnm::InputError& e) {
  // Bad input (a malformed CSV, an impossible option): one line saying where and what.
  std::cerr << "error: " << e.what() << "\n";
  return 2;
}
