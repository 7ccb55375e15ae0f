// libFuzzer target: the tensor files of `nnm cp --tensor`, then each decomposition method with
// small iteration counts.
#include "fuzz_common.hpp"
#include "nnm/core/error.hpp"
#include "nnm/tensor/decompose.hpp"
#include "nnm/tensor/symmetric_tensor.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const nnm::CpMethod method = static_cast<nnm::CpMethod>(data[0] % 4);
  const std::string path = nnm::fuzz::scratch_file(data + 1, size - 1, ".tensor.json");
  try {
    const nnm::SymmetricTensor t = nnm::read_tensor(path);
    if (t.dim() > 8) return 0;
    nnm::CpOptions o;
    o.method = method;
    o.common.rank = 1 + (data[0] >> 2) % t.dim();
    o.power.iterations = 5;
    o.power.refine_iterations = 5;
    o.sshopm.max_iterations = 20;
    o.als.restarts = 1;
    o.als.max_iterations = 10;
    o.validate(t.dim());
    (void)nnm::decompose(t, o);
  } catch (const nnm::InputError&) {
  }
  return 0;
}
