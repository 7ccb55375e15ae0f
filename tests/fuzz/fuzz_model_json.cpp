// libFuzzer target: model files of every format (nnm-model-1 through read_model, nnm-mlp-1 through
// read_student), then a forward pass on a small input.
#include <Eigen/Core>

#include "fuzz_common.hpp"
#include "nnm/core/error.hpp"
#include "nnm/data/model_io.hpp"
#include "nnm/learn/student_io.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = nnm::fuzz::scratch_file(data, size, ".json");
  try {
    const nnm::Network net = nnm::read_model(path);
    if (net.input_dim() <= 64) {
      const Eigen::MatrixXd X = Eigen::MatrixXd::Ones(2, net.input_dim());
      (void)net.forward(X);
    }
  } catch (const nnm::InputError&) {
  }
  try {
    const nnm::Student s = nnm::read_student(path);
    (void)s;
  } catch (const nnm::InputError&) {
  }
  return 0;
}
