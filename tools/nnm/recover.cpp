// nnm recover: spectral recovery of a two-layer network from a data file.
#include <iostream>

#include "command.hpp"
#include "nnm/core/enum_names.hpp"
#include "nnm/data/data_file.hpp"
#include "nnm/learn/progress.hpp"
#include "nnm/nnm.hpp"
#include "nnm/recovery/recover.hpp"
#include "options.hpp"
#include "ranks.hpp"

namespace nnm::cli {
namespace {

struct RecoverArgs {
  std::vector<std::string> data;
  std::string out, report, activation = "relu";
  long k = 0;
  int pairs = 10, polish = 0, threads = 0;
  std::string polish_method = "gauss-newton";
  bool no_whiten = false, no_output_whiten = false, force = false, quiet = false;
  std::uint64_t seed = 1;
  ColumnOptions columns;
};

nlohmann::json summary_json(const RecoverySummary& s) {
  return {{"status", std::string(s.status_name())},
          {"message", s.message},
          {"n", s.n},
          {"d", s.d},
          {"m", s.m},
          {"k", s.k},
          {"k_automatic", s.k_automatic},
          {"cross_singular_values", vector_to_json(s.cross_singular_values)},
          {"cross_noise_floor", s.cross_noise_floor},
          {"spectral_gap", std::isfinite(s.spectral_gap) ? nlohmann::json(s.spectral_gap)
                                                         : nlohmann::json(nullptr)},
          {"detector_singular_values", vector_to_json(s.detector_singular_values)},
          {"off_diagonality", s.off_diagonality},
          {"symmetry",
           {{"max_z", s.symmetry_max_z},
            {"max_effect", s.symmetry_max_effect},
            {"worst", s.symmetry_worst},
            {"significant", s.symmetry_significant},
            {"bias", std::isfinite(s.symmetry_bias) ? nlohmann::json(s.symmetry_bias)
                                                    : nlohmann::json(nullptr)}}},
          {"cond_inputs", s.cond_inputs},
          {"cond_outputs", s.cond_outputs},
          {"cond_W", s.cond_W},
          {"fit_residual", s.fit_residual},
          {"spectral_fit_residual", s.spectral_fit_residual},
          {"linear_residual", s.linear_residual},
          {"passes", s.passes},
          {"seconds",
           {{"moments", s.seconds_moments},
            {"detector", s.seconds_detector},
            {"decomposition", s.seconds_decomposition},
            {"output_fit", s.seconds_output_fit},
            {"total", s.seconds}}}};
}

int run_recover(const RecoverArgs& a) {
  apply_threads(a.threads);
  RecoveryOptions o;
  o.activation = Activation::parse(a.activation);
  o.k = a.k;
  o.whiten = !a.no_whiten;
  o.output_whiten = !a.no_output_whiten;
  o.jennrich_pairs = a.pairs;
  o.polish_iterations = a.polish;
  o.polish = parse_enum<PolishMethod>(a.polish_method);
  o.seed = a.seed;
  o.validate();
  std::vector<NamedFile> outputs = {{"--out", a.out}};
  if (!a.report.empty()) outputs.push_back({"--report", a.report});
  std::vector<NamedFile> inputs;
  for (const auto& path : a.data) inputs.push_back({"--data", path});
  check_files(inputs, outputs);
  const std::string data = data_files_name(a.data);
  const auto held = open_data(a.data, data_options(a.columns, true));
  const SampleSource& source = *held;
  // Impossible on its face, whatever the samples: bad input (exit 2), as in generate and cp.
  if (a.k > source.dim() || a.k > source.output_dim())
    throw InputError("--k " + std::to_string(a.k) +
                     " hidden units cannot be identified from d = " + std::to_string(source.dim()) +
                     " inputs and m = " + std::to_string(source.output_dim()) + " outputs of " +
                     data + " (needs k ≤ d and k ≤ m)");
  // A progress line on stderr (a terminal only, after 2 s, never with --quiet).
  ProgressLine line(std::cerr, stream_is_terminal(2) && !a.quiet);
  line.start(static_cast<std::size_t>(6 + a.polish), "recover " + data);
  o.progress = [&line](int begun, int, std::string_view stage) {
    line.update(static_cast<std::size_t>(begun - 1), stage);
  };
  const RecoveryResult r = recover(source, o);
  line.finish();
  const RecoverySummary& s = r.summary;
  std::cerr << s.brief_report();
  if (!a.quiet) std::cerr << "nnm recover: " << data_report_line(data, *held);
  if (!a.report.empty()) {
    nlohmann::json report = summary_json(s);
    report["peak_memory_mb"] = peak_memory_mb();
    report["data"] = {{"format", data_files_format(a.data, a.columns)},
                      {"ranks", ranks() ? ranks()->ranks() : 1},
                      {"memory_budget_bytes", held->budget()},
                      {"sample_bytes", held->sample_bytes()},
                      {"held_in_memory", held->held()},
                      {"read_in_place", held->reads_in_place()},
                      {"passes_read", held->passes_read()},
                      {"passes_from_memory", held->passes_held()}};
    write_file_atomically(a.report, report.dump(2) + "\n");
  }
  const bool write = r.model_computed() && (s.usable() || a.force);
  if (write)
    write_model(a.out, r.model,
                {{"recovered_from", data}, {"status", std::string(s.status_name())}, {"k", s.k}});
  if (!s.usable()) {
    std::cerr << "nnm recover: result not trustworthy (" << s.status_name() << "): " << s.message
              << (write                ? " [model written because of --force]"
                  : r.model_computed() ? " (--force writes the model anyway)"
                                       : "")
              << "\n";
    return kExitUntrusted;
  }
  return kExitOk;
}

}  // namespace

void register_recover(CLI::App& app, Action& action) {
  auto a = std::make_shared<RecoverArgs>();
  auto* cmd = app.add_subcommand(
      "recover", "Spectral recovery of y = A σ(Wx) + ξ from samples with symmetric inputs");
  add_data_files_option(*cmd, a->data, "Data file: CSV (x1..xd, y1..ym), .npy or .h5");
  cmd->add_option("--out", a->out, "Model JSON to write")->required();
  add_count(*cmd, "--k", a->k,
            "Hidden units (0 = the numerical rank of E[yx']); more than d inputs or m outputs is "
            "bad input (exit 2)",
            0)
      ->capture_default_str();
  cmd->add_option("--activation", a->activation, "relu or leaky_relu:ALPHA")->capture_default_str();
  cmd->add_option("--report", a->report, "Write the run's diagnostics (the Summary) as JSON");
  add_count(*cmd, "--pairs", a->pairs, "Random pairs tried by robust Jennrich", 1)
      ->capture_default_str();
  add_count(*cmd, "--polish", a->polish,
            "Refinement steps after the spectral estimate (each kept only if it lowers the "
            "training residual); 5 is a good choice for noisy data",
            0)
      ->capture_default_str();
  cmd->add_option(
         "--polish-method", a->polish_method,
         "gauss-newton (Levenberg-Marquardt on W, 2 passes a step) or alternate (1 pass a step)")
      ->capture_default_str();
  add_column_options(*cmd, a->columns);
  add_memory_budget_option(*cmd, a->columns);
  cmd->add_flag("--quiet", a->quiet, "No progress line on stderr");
  cmd->add_flag("--no-whiten", a->no_whiten, "Do not whiten the inputs");
  cmd->add_flag("--no-output-whiten", a->no_output_whiten, "Do not whiten the reduced outputs");
  cmd->add_flag(
      "--force", a->force,
      "Write the model even when the diagnostics say it cannot be trusted (exit code stays 3)");
  add_seed_option(*cmd, a->seed, "Seed of Jennrich's random combinations");
  add_threads_option(*cmd, a->threads);
  cmd->callback([a, &action] { action = [a] { return run_recover(*a); }; });
}

static const Subcommand registered{"recover", &register_recover};

}  // namespace nnm::cli
