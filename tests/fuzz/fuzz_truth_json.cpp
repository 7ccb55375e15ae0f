// libFuzzer target: truth files as `nnm evaluate` reads them: JSON from memory, the network, the
// input law named by "dist" with "seed", and the comparison with itself on a few fresh inputs.
#include <string>

#include "nnm/core/error.hpp"
#include "nnm/data/distributions.hpp"
#include "nnm/data/model_io.hpp"
#include "nnm/recovery/metrics.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const nlohmann::json j = nnm::parse_json_text(text, "truth.json");
    const nnm::Network truth = nnm::model_from_json(j, "truth.json", text);
    if (truth.input_dim() > 32 || truth.hidden() > 32) return 0;
    if (!j.is_object() || !j.contains("dist") || !j.at("dist").is_string()) return 0;
    std::uint64_t seed = 1;
    if (j.contains("seed") && j.at("seed").is_number_unsigned()) seed = j.at("seed");
    const auto law = nnm::make_input_law(j.at("dist").get<std::string>(), truth.input_dim(), seed);
    const Eigen::MatrixXd X = law->sample(std::uint64_t{1} << 40, 16);
    (void)nnm::compare_networks(truth, truth, X);
  } catch (const nnm::InputError&) {
  }
  return 0;
}
