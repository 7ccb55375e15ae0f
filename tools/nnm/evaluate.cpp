// nnm evaluate: how far a model is from the truth (W_err, A_err, out_err, sign errors) and, when
// the data file has outputs, how well it predicts them (data_err).
#include <cmath>
#include <iomanip>
#include <iostream>

#include "command.hpp"
#include "model_file.hpp"
#include "nnm/core/error.hpp"
#include "nnm/data/data_file.hpp"
#include "nnm/data/file_list_source.hpp"
#include "nnm/data/model_io.hpp"
#include "nnm/hard/natural.hpp"
#include "nnm/learn/train.hpp"
#include "nnm/recovery/metrics.hpp"
#include "options.hpp"

namespace nnm::cli {
namespace {

constexpr const char* kMetricsHelp = R"(Metrics (docs/recovery.md has the details):
  W_err        ‖Ŵ − W‖_F / ‖W‖_F after scaling each row of W to unit length (its scale moved into A)
               and matching units by signed cosine; a flipped unit counts as an error
  A_err        the same for A, after the same matching
  out_err      sqrt(Σ‖f̂(x) − f(x)‖² / Σ‖f(x)‖²): the model against the truth network on the inputs
               (--data, or --n fresh samples of the truth's input law)
  sign_errors  units matched to the right direction with the wrong sign
  data_err     Σ‖f̂(x) − y‖² / Σ‖y − ȳ‖² on the rows of --data when it has y columns (noise
               included; 1 is no better than predicting the mean), as nnm train reports it
W_err, A_err and sign_errors need a two-layer model; a deeper student gets out_err and data_err.
Exit 3 when a metric is not finite or the model's shape disagrees with the truth's.)";

struct EvaluateArgs {
  std::string model, truth;
  std::vector<std::string> data;  // one data set, possibly kept as several files
  bool json = false;
  long long n = 20000;
  std::uint64_t seed = 1;
  int threads = 0;
  ColumnOptions columns;
};

// Fresh inputs are drawn far past any index a data file was generated from.
constexpr std::uint64_t kFreshIndex = std::uint64_t{1} << 40;

struct Inputs {
  Dataset data;  // data.Y has no columns when the inputs carry no outputs
  std::string description;
};

Inputs evaluation_inputs(const EvaluateArgs& a, const nlohmann::json& truth_json,
                         const Network& truth) {
  Inputs in;
  if (!a.data.empty()) {
    const std::string name = data_files_name(a.data);
    Dataset data = read_data(a.data, data_options(a.columns, false));
    if (data.X.cols() != truth.input_dim())
      throw InputError(name + ": has " + std::to_string(data.X.cols()) +
                       " input columns, the truth expects " + std::to_string(truth.input_dim()));
    if (data.Y.cols() != 0 && data.Y.cols() != truth.output_dim())
      throw InputError(name + ": has " + std::to_string(data.Y.cols()) +
                       " output columns, the truth has " + std::to_string(truth.output_dim()));
    in.data = std::move(data);
    in.description = name;
    return in;
  }
  if (!truth_json.contains("dist"))
    throw InputError(a.truth +
                     ": no \"dist\" field to draw fresh inputs from; pass --data test.csv");
  if (!truth_json.at("dist").is_string())
    throw InputError(a.truth + ": field \"dist\" must be an input law name");
  const std::string dist = truth_json.at("dist").get<std::string>();
  if (truth_json.contains("seed") && !truth_json.at("seed").is_number_unsigned())
    throw InputError(a.truth + ": field \"seed\" must be a whole number ≥ 0");
  const std::uint64_t seed = truth_json.value("seed", a.seed);
  in.data.X = make_family_input_law(dist, truth.input_dim(), seed)
                  ->sample(kFreshIndex, static_cast<Eigen::Index>(a.n));
  in.description = std::to_string(a.n) + " fresh samples of " + dist;
  return in;
}

struct Metrics {
  std::optional<RecoveryError> units;  // W_err, A_err, sign errors: two-layer models only
  double out_err = 0;
  std::optional<double> data_err;
};

Metrics evaluate(const ModelFile& model, const Network& truth, const Inputs& in) {
  Metrics m;
  const Eigen::MatrixXd& X = in.data.X;
  if (model.network) {
    m.units = compare_networks(*model.network, truth, X);
    m.out_err = m.units->out_err;
  } else {
    const Eigen::MatrixXd f = truth.forward(X);
    const double scale = f.squaredNorm();
    m.out_err = std::sqrt((model.student.predict(X) - f).squaredNorm() / (scale > 0 ? scale : 1.0));
  }
  // The normalised error nnm train reports, computed by the same function.
  if (in.data.Y.cols() > 0) m.data_err = normalised_error(model.student, in.data);
  return m;
}

void check_finite(const Metrics& m, const std::string& model) {
  auto check = [&](const char* name, double x) {
    if (!std::isfinite(x))
      throw UntrustedResult(model + ": " + name + " is " +
                            (std::isnan(x) ? std::string("not a number") : show_number(x)) +
                            " (the model's outputs overflow or are not numbers on these inputs)");
  };
  if (m.units) {
    check("W_err", m.units->W_err);
    check("A_err", m.units->A_err);
  }
  check("out_err", m.out_err);
  if (m.data_err) check("data_err", *m.data_err);
}

void print(const Metrics& m, const std::string& inputs, bool json) {
  if (json) {
    nlohmann::json j = {{"out_err", m.out_err}, {"inputs", inputs}};
    if (m.units) {
      j["W_err"] = m.units->W_err;
      j["A_err"] = m.units->A_err;
      j["sign_errors"] = m.units->sign_errors;
      j["cosines"] = vector_to_json(m.units->cosines);
      j["matching"] = m.units->matching;
    }
    if (m.data_err) j["data_err"] = *m.data_err;
    std::cout << j.dump(2) << "\n";
    return;
  }
  std::cout << std::setprecision(6);
  if (m.units) std::cout << "W_err " << m.units->W_err << "\nA_err " << m.units->A_err << "\n";
  std::cout << "out_err " << m.out_err << "\n";
  if (m.units) std::cout << "sign_errors " << m.units->sign_errors << "\n";
  if (m.data_err) std::cout << "data_err " << *m.data_err << "\n";
  if (m.units && m.units->sign_errors > 0)
    std::cerr << "nnm evaluate: " << m.units->sign_errors
              << " unit(s) point the wrong way (negative cosine with their match)\n";
}

int run_evaluate(const EvaluateArgs& a) {
  apply_threads(a.threads);
  const ModelFile model = read_any_model(a.model);
  std::string text;
  const nlohmann::json truth_json = read_json_file(a.truth, &text);
  const Network truth = model_from_json(truth_json, a.truth, text);
  if (model.student.input_dim() != truth.input_dim() ||
      model.student.output_dim() != truth.output_dim())
    throw UntrustedResult(
        a.model + ": shapes disagree: the model has " + std::to_string(model.student.input_dim()) +
        " inputs and " + std::to_string(model.student.output_dim()) + " outputs, the truth " +
        std::to_string(truth.input_dim()) + " and " + std::to_string(truth.output_dim()));
  warn_if_unusable(model, "evaluate");
  const Inputs in = evaluation_inputs(a, truth_json, truth);
  const Metrics m = evaluate(model, truth, in);
  check_finite(m, a.model);
  print(m, in.description, a.json);
  return kExitOk;
}

}  // namespace

void register_evaluate(CLI::App& app, Action& action) {
  auto a = std::make_shared<EvaluateArgs>();
  auto* cmd = app.add_subcommand("evaluate",
                                 "Compare a model with the truth: W_err, A_err, out_err, data_err");
  cmd->footer(kMetricsHelp);
  cmd->add_option("--model", a->model, "Model JSON (any format the tools write)")->required();
  cmd->add_option("--truth", a->truth, "Truth JSON (as written by generate or family)")->required();
  add_column_options(*cmd, a->columns);
  add_data_files_option(*cmd, a->data,
                        "Inputs for out_err, and outputs for data_err when it has y columns; "
                        "default: fresh samples of the truth's law",
                        false);
  add_count(*cmd, "--n", a->n, "Fresh samples for out_err when --data is not given", 1, 100000000);
  cmd->add_flag("--json", a->json, "Print JSON");
  add_threads_option(*cmd, a->threads);
  cmd->callback([a, &action] { action = [a] { return run_evaluate(*a); }; });
}

static const Subcommand registered{"evaluate", &register_evaluate};

}  // namespace nnm::cli
