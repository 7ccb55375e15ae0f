// nnm cp: symmetric CP decomposition of a data set's moment tensor (kept implicit) or of a dense
// tensor file, written as weights and unit factors in the data's own coordinates.
#include <Eigen/Core>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>

#include "command.hpp"
#include "nnm/core/enum_names.hpp"
#include "nnm/core/error.hpp"
#include "nnm/data/atomic_file.hpp"
#include "nnm/tensor.hpp"

namespace nnm::cli {
namespace {

struct CpArgs {
  std::string data, tensor, out, method = "power", moment = "cumulant";
  int order = 0;  // 0: 3 for data, the file's order for a tensor
  bool whiten = false;
  long rank = 0;
  double max_residual = 0.5;
  std::uint64_t seed = 1;
  int threads = 0;
  ColumnOptions columns;
};

std::string number(double v) { return nlohmann::json(v).dump(); }

std::string row(const Eigen::Ref<const Eigen::VectorXd>& v) {
  std::string s = "[";
  for (Eigen::Index i = 0; i < v.size(); ++i) s += (i ? ", " : "") + number(v[i]);
  return s + "]";
}

std::string rows(const Eigen::MatrixXd& columns) {
  std::string s = "[";
  for (Eigen::Index j = 0; j < columns.cols(); ++j)
    s += std::string(j ? ",\n  " : "\n  ") + row(columns.col(j));
  return s + (columns.cols() ? "\n ]" : "]");
}

// One field per line, one factor per line; no timings, so equal runs give equal bytes.
std::string result_text(const CpArgs& a, int order, const CpResult& r,
                        const std::optional<DataCpResult>& data) {
  const CpSummary& s = r.summary;
  nlohmann::json summary = {{"status", std::string(s.status_name())},
                            {"message", s.message},
                            {"iterations", s.iterations},
                            {"fit_residual", s.fit_residual},
                            {"residual_exact", s.residual_exact}};
  if (data) {
    summary["samples"] = data->samples;
    summary["materialized"] = data->materialized;
  }
  std::string t = "{\"format\": \"nnm-cp-1\",\n";
  t += " \"source\": " + nlohmann::json(a.data.empty() ? "tensor" : "data").dump() + ",\n";
  t += " \"input\": " + nlohmann::json(a.data.empty() ? a.tensor : a.data).dump() + ",\n";
  t += " \"order\": " + std::to_string(order) + ",\n";
  if (data) {
    t += " \"moment\": " + nlohmann::json(a.moment).dump() + ",\n";
    t += std::string(" \"whitened\": ") + (data->whitened ? "true" : "false") + ",\n";
  }
  t += " \"method\": " + nlohmann::json(a.method).dump() + ",\n";
  t += " \"rank\": " + std::to_string(r.rank()) + ",\n";
  t += " \"seed\": " + std::to_string(a.seed) + ",\n";
  t += " \"weights\": " + row(r.weights) + ",\n";
  t += " \"factors\": " + rows(r.factors) + ",\n";
  if (data && data->whitened) t += " \"scaled_factors\": " + rows(data->unwhitened) + ",\n";
  t += " \"summary\": " + summary.dump() + "}\n";
  return t;
}

CpResult run_on_tensor(const CpArgs& a, const CpOptions& cp, int& order) {
  if (a.whiten)
    throw InputError("--whiten needs --data (a tensor file has no second moment to whiten with)");
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
  const CsvSource source(a.data, csv_options(a.columns, score));
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
  check_files({{"--data", a.data}, {"--tensor", a.tensor}}, {{"--out", a.out}});

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
  auto* data = cmd->add_option("--data", args->data,
                               "Data CSV (x1..xd, any y columns ignored except by --moment score)");
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
