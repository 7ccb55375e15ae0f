// libFuzzer target: the results CSV that `nnm sweep --resume` reads back.
#include "experiments/experiment.hpp"
#include "fuzz_common.hpp"
#include "nnm/core/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = nnm::fuzz::scratch_file(data, size, ".results.csv");
  try {
    const nnm::SweepSummary s = nnm::read_sweep(path);
    for (const auto& row : s.rows)
      if (row.size() != s.columns.size()) __builtin_trap();
  } catch (const nnm::InputError&) {
  }
  return 0;
}
