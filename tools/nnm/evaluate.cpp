// nnm evaluate: how far a model is from the truth (W_err, A_err, out_err, sign errors).
#include <iomanip>
#include <iostream>

#include "command.hpp"
#include "nnm/nnm.hpp"
#include "nnm/recovery/metrics.hpp"

namespace nnm::cli {
namespace {

struct EvaluateArgs {
  std::string model, truth, data;
  bool json = false;
  long long n = 20000;
  std::uint64_t seed = 1;
  int threads = 0;
};

// Fresh inputs are drawn far past any index a data file was generated from.
constexpr std::uint64_t kFreshIndex = std::uint64_t{1} << 40;

int run_evaluate(const EvaluateArgs& a) {
  apply_threads(a.threads);
  if (a.n <= 0) throw InputError("--n must be at least 1");
  const Network model = read_model(a.model);
  std::string text;
  const nlohmann::json truth_json = read_json_file(a.truth, &text);
  const Network truth = model_from_json(truth_json, a.truth, text);
  if (model.input_dim() != truth.input_dim() || model.output_dim() != truth.output_dim())
    throw InputError(a.model + ": model has " + std::to_string(model.input_dim()) + " inputs and " +
                     std::to_string(model.output_dim()) + " outputs, the truth " +
                     std::to_string(truth.input_dim()) + " and " +
                     std::to_string(truth.output_dim()));
  Eigen::MatrixXd X;
  std::string inputs;
  if (!a.data.empty()) {
    X = read_csv(a.data, false).X;
    inputs = a.data;
    if (X.cols() != truth.input_dim())
      throw InputError(a.data + ": has " + std::to_string(X.cols()) +
                       " input columns, the truth expects " + std::to_string(truth.input_dim()));
  } else {
    if (!truth_json.contains("dist"))
      throw InputError(a.truth +
                       ": no \"dist\" field to draw fresh inputs from; pass --data test.csv");
    if (!truth_json.at("dist").is_string())
      throw InputError(a.truth + ": field \"dist\" must be an input law name, got " +
                       truth_json.at("dist").dump());
    const std::string dist = truth_json.at("dist").get<std::string>();
    if (truth_json.contains("seed") && !truth_json.at("seed").is_number_unsigned())
      throw InputError(a.truth + ": field \"seed\" must be a whole number ≥ 0, got " +
                       truth_json.at("seed").dump());
    const std::uint64_t seed = truth_json.value("seed", a.seed);
    X = make_input_law(dist, truth.input_dim(), seed)
            ->sample(kFreshIndex, static_cast<Eigen::Index>(a.n));
    inputs = std::to_string(a.n) + " fresh samples of " + dist;
  }
  const RecoveryError e = compare_networks(model, truth, X);
  if (a.json) {
    nlohmann::json j = {{"W_err", e.W_err},
                        {"A_err", e.A_err},
                        {"out_err", e.out_err},
                        {"sign_errors", e.sign_errors},
                        {"inputs", inputs}};
    j["cosines"] = vector_to_json(e.cosines);
    j["matching"] = e.matching;
    std::cout << j.dump(2) << "\n";
  } else {
    std::cout << std::setprecision(6) << "W_err " << e.W_err << "\nA_err " << e.A_err
              << "\nout_err " << e.out_err << "\nsign_errors " << e.sign_errors << "\n";
    if (e.sign_errors > 0)
      std::cerr << "nnm evaluate: " << e.sign_errors
                << " unit(s) point the wrong way (negative cosine with their match)\n";
  }
  return kExitOk;
}

}  // namespace

void register_evaluate(CLI::App& app, Action& action) {
  auto a = std::make_shared<EvaluateArgs>();
  auto* cmd =
      app.add_subcommand("evaluate", "Compare a model with the truth: W_err, A_err, out_err");
  cmd->add_option("--model", a->model, "Model JSON")->required();
  cmd->add_option("--truth", a->truth, "Truth JSON (as written by generate)")->required();
  cmd->add_option("--data", a->data,
                  "Inputs for out_err (a CSV; its y columns are ignored); default: fresh samples "
                  "of the truth's law");
  cmd->add_option("--n", a->n, "Fresh samples for out_err when --data is not given")
      ->capture_default_str();
  cmd->add_flag("--json", a->json, "Print JSON");
  add_threads_option(*cmd, a->threads);
  cmd->callback([a, &action] { action = [a] { return run_evaluate(*a); }; });
}

static const Subcommand registered{"evaluate", &register_evaluate};

}  // namespace nnm::cli
