// nnm cp: symmetric CP decomposition of a data set's moment tensor (kept implicit) or of a dense
// tensor file, written as weights and unit factors in the data's own coordinates.
#include <Eigen/Core>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "command.hpp"
#include "nnm/core/enum_names.hpp"
#include "nnm/core/error.hpp"
#include "nnm/data/atomic_file.hpp"
#include "nnm/data/data_file.hpp"
#include "nnm/data/model_io.hpp"
#include "nnm/tensor.hpp"
#include "ranks.hpp"

namespace nnm::cli {
namespace {

struct CpArgs {
  std::vector<std::string> data;  // one data set, possibly kept as several files
  std::string tensor, out, method = "power", moment = "cumulant";
  int order = 0;  // 0: 3 for data, the file's order for a tensor
  bool whiten = false;
  long rank = 0;
  double max_residual = 0.5;
  std::uint64_t seed = 1;
  int threads = 0;
  ColumnOptions columns;
};

// Each column (a factor) as one JSON array.
nlohmann::ordered_json columns_json(const Eigen::MatrixXd& columns) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (Eigen::Index j = 0; j < columns.cols(); ++j) {
    const Eigen::VectorXd c = columns.col(j);
    out.push_back(std::vector<double>(c.data(), c.data() + c.size()));
  }
  return out;
}

// One field per line, one factor per line; no timings, so equal runs give equal bytes.
std::string result_text(const CpArgs& a, int order, const CpResult& r,
                        const std::optional<DataCpResult>& data) {
  const CpSummary& s = r.summary;
  nlohmann::ordered_json summary = {{"status", std::string(s.status_name())},
                                    {"message", s.message},
                                    {"iterations", s.iterations},
                                    {"fit_residual", s.fit_residual},
                                    {"residual_exact", s.residual_exact}};
  if (data) {
    summary["samples"] = data->samples;
    summary["materialized"] = data->materialized;
  }
  nlohmann::ordered_json j = {{"format", "nnm-cp-1"},
                              {"source", a.data.empty() ? "tensor" : "data"},
                              {"input", a.data.empty() ? a.tensor : data_files_name(a.data)},
                              {"order", order}};
  if (data) {
    j["moment"] = a.moment;
    j["whitened"] = data->whitened;
  }
  j["method"] = a.method;
  j["rank"] = r.rank();
  j["seed"] = a.seed;
  j["weights"] = std::vector<double>(r.weights.data(), r.weights.data() + r.weights.size());
  j["factors"] = columns_json(r.factors);
  if (data && data->whitened) j["scaled_factors"] = columns_json(data->unwhitened);
  j["summary"] = std::move(summary);
  return model_text(j);
}

CpResult run_on_tensor(const CpArgs& a, const CpOptions& cp, int& order) {
  if (a.whiten)
    throw InputError("--whiten needs --data (a tensor file has no second moment to whiten with)");
  // Under mpirun only data is shared; N copies of one tensor's decomposition would share nothing.
  if (ranks() && ranks()->ranks() > 1)
    throw InputError("nnm cp --tensor runs as one process; under mpirun (" +
                     std::to_string(ranks()->ranks()) +
                     " ranks) only nnm cp --data shares its work");
  const SymmetricTensor t = read_tensor(a.tensor);
  if (a.order != 0 && a.order != t.order())
    throw InputError(located(a.tensor, 0,
                             "the tensor has order " + std::to_string(t.order()) + " but --order " +
                                 std::to_string(a.order) + " was given"));
  if (a.rank > t.dim())
    throw InputError("--rank " + std::to_string(a.rank) + " exceeds the tensor dimension " +
                     std::to_string(t.dim()));
  order = t.order();
  return decompose(t, cp);
}

DataCpResult run_on_data(const CpArgs& a, const CpOptions& cp, int& order) {
  const bool score = a.moment == "score";
  DataCpOptions o;
  o.moment.order = order = a.order ? a.order : 3;
  o.moment.kind = score ? MomentKind::hermite : parse_enum<MomentKind>(a.moment);
  if (score && a.whiten)
    throw InputError(
        "--whiten cannot be used with --moment score (the score function assumes x ~ N(0, I) as "
        "given)");
  // Under mpirun: this rank's rows; every sum over samples then runs along the ranks' chain.
  const auto held = open_data(a.data, data_options(a.columns, score));
  const SampleSource& source = *held;
  if (a.rank > source.dim())
    throw InputError("--rank " + std::to_string(a.rank) + " exceeds the data dimension " +
                     std::to_string(source.dim()));
  o.moment.whiten_rank = a.whiten ? a.rank : 0;
  o.cp = cp;
  OutputWeights weights;
  if (score) {
    const Eigen::VectorXd g = score_output_mix(source.output_dim(), a.seed);
    weights = [g](const Eigen::Ref<const Eigen::MatrixXd>& Y, Eigen::Ref<Eigen::VectorXd> w) {
      w.noalias() = Y * g;
    };
  }
  DataCpResult data = decompose_samples(source, o, weights);
  std::cerr << "nnm cp: " << data.samples << " samples, moment " << data.moment_seconds
            << " s, total " << data.total_seconds << " s" << (data.whitened ? ", whitened" : "")
            << "\n";
  std::cerr << "nnm cp: " << data_report_line(data_files_name(a.data), *held);
  return data;
}

int run_cp(const CpArgs& a) {
  apply_threads(a.threads);
  if (a.data.empty() == a.tensor.empty())
    throw InputError("give exactly one of --data and --tensor");
  if (a.rank < 1) throw InputError("--rank must be at least 1, got " + std::to_string(a.rank));
  if (a.order != 0 && a.order != 3 && a.order != 4)
    throw InputError("--order must be 3 or 4, got " + std::to_string(a.order));
  CpOptions cp;
  cp.method = parse_enum<CpMethod>(a.method);
  cp.common.rank = a.rank;
  cp.common.seed = a.seed;
  cp.common.max_residual = a.max_residual;
  if (!(a.max_residual > 0)) throw InputError("--max-residual must be positive");
  std::vector<NamedFile> inputs = {{"--tensor", a.tensor}};
  for (const auto& path : a.data) inputs.push_back({"--data", path});
  check_files(inputs, {{"--out", a.out}});

  CpResult result;
  std::optional<DataCpResult> data;
  int order = 0;
  if (!a.tensor.empty()) {
    result = run_on_tensor(a, cp, order);
  } else {
    data = run_on_data(a, cp, order);
    result = data->cp;
  }
  write_file_atomically(a.out, result_text(a, order, result, data));
  std::cerr << "nnm cp: " << result.summary.brief_report() << "\n";
  if (!result.summary.usable()) {
    std::cerr << "nnm cp: the result cannot be trusted (" << result.summary.status_name()
              << "): " << result.summary.message << "\n";
    return kExitUntrusted;
  }
  return kExitOk;
}

}  // namespace

void register_cp(CLI::App& app, Action& action) {
  auto args = std::make_shared<CpArgs>();
  auto* cmd = app.add_subcommand(
      "cp", "Symmetric CP decomposition of a data moment tensor (implicit) or a tensor file");
  add_column_options(*cmd, args->columns);
  add_memory_budget_option(*cmd, args->columns);
  auto* data = add_data_files_option(
      *cmd, args->data,
      "Data file, CSV, .npy or .h5 (x1..xd; y columns ignored except by --moment score)",
      /*required=*/false);
  auto* tensor = cmd->add_option(
      "--tensor", args->tensor,
      "Dense symmetric tensor JSON {\"order\": p, \"dim\": d, \"data\": [d^p values]}");
  data->excludes(tensor);
  cmd->add_option("--order", args->order,
                  "Tensor order, 3 or 4 (data: default 3; tensor: the file's)");
  cmd->add_option("--moment", args->moment,
                  "With --data: cumulant (centred; order 4 minus the Gaussian part), raw, or score "
                  "(E[y·He_p(x)], the score-function learner for x ~ N(0, I))")
      ->capture_default_str()
      ->check(CLI::IsMember({"cumulant", "raw", "score"}));
  cmd->add_flag("--whiten", args->whiten, "With --data: whiten to --rank dimensions first (ICA)");
  cmd->add_option("--rank", args->rank, "Number of components R")->required();
  cmd->add_option("--method", args->method, "power, sshopm, jennrich or als")
      ->capture_default_str()
      ->check(CLI::IsMember({"power", "sshopm", "jennrich", "als"}));
  cmd->add_option("--max-residual", args->max_residual,
                  "Exit 3 when the relative fit residual exceeds this")
      ->capture_default_str();
  add_seed_option(*cmd, args->seed, "Random seed for starts and contractions");
  cmd->add_option("--out", args->out, "Factors JSON to write")->required();
  add_threads_option(*cmd, args->threads);
  cmd->callback([args, &action] { action = [args] { return run_cp(*args); }; });
}

static const Subcommand registered{"cp", &register_cp};

}  // namespace nnm::cli
