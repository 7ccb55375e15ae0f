// libFuzzer target: the .npy reader (header parser, size checks, memory map, column choice and
// decoding) on a scratch file. The first byte picks the column options; the rest is the file.
#include <Eigen/Core>

#include "fuzz_common.hpp"
#include "nnm/core/error.hpp"
#include "nnm/data/npy.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const unsigned pick = data[0];
  const std::string path = nnm::fuzz::scratch_file(data + 1, size - 1, ".npy");
  nnm::CsvOptions o;
  o.require_outputs = pick & 1;
  static const char* const kY[] = {"", "y1", "2", "1:2"};
  o.y_cols = kY[(pick >> 1) & 3];
  try {
    const nnm::NpySource source(path, o);
    source.for_each_chunk([&](const Eigen::Ref<const Eigen::MatrixXd>& X,
                              const Eigen::Ref<const Eigen::MatrixXd>& Y) {
      if (X.cols() != source.dim() || Y.cols() != source.output_dim() || !X.allFinite() ||
          !Y.allFinite())
        __builtin_trap();
    });
  } catch (const nnm::InputError&) {
  }
  return 0;
}
