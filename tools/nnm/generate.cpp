// nnm generate: samples a teacher network under an input law and writes data and truth files.
#include <iostream>

#include "command.hpp"
#include "nnm/nnm.hpp"
#include "options.hpp"
#include "ranks.hpp"

namespace nnm::cli {
namespace {

struct GenerateArgs {
  std::string dist = "gaussian", activation = "relu", out, truth, test_out, format = "auto";
  long d = 10, k = 5, m = 5;
  long long n = 10000, test_n = 0;
  double noise = 0.0, cond_w = 0.0;
  std::uint64_t seed = 1;
  int threads = 0;
};

std::string law_help() {
  std::string s = "Input law:";
  for (const auto& info : input_law_catalogue())
    s += "\n  " + info.pattern + ": " + info.description;
  return s;
}

int run_generate(const GenerateArgs& a) {
  apply_threads(a.threads);
  std::vector<NamedFile> outputs = {{"--truth", a.truth}, {"--out", a.out}};
  if (!a.test_out.empty()) outputs.push_back({"--test-out", a.test_out});
  check_files({}, outputs);
  const auto format = parse_enum<DataFormat>(a.format);
  data_format(a.out, format);  // an .npz name is refused before anything is written
  if (!a.test_out.empty()) data_format(a.test_out, format);
  TeacherOptions t;
  t.d = a.d;
  t.k = a.k;
  t.m = a.m;
  t.cond_w = a.cond_w;
  t.seed = a.seed;
  t.activation = Activation::parse(a.activation);
  t.validate();
  const auto law = make_input_law(a.dist, a.d, a.seed);
  const Network teacher = make_teacher(t);
  const auto n = static_cast<std::uint64_t>(a.n);
  const TeacherSampler sampler(teacher, *law, n, a.noise, a.seed);

  nlohmann::json extra = {
      {"dist", law->name()}, {"symmetric", law->symmetric()},  {"seed", a.seed},    {"n", n},
      {"noise", a.noise},    {"noise_sd", sampler.noise_sd()}, {"cond_w", a.cond_w}};
  // Truth first: a data file never exists without the network that produced it.
  write_model(a.truth, teacher, extra);
  write_generated_data(a.out, format, a.d, a.m, n,
                       [&](std::uint64_t first, Eigen::Ref<Eigen::MatrixXd> X,
                           Eigen::Ref<Eigen::MatrixXd> Y) { sampler.fill(first, X, Y); });
  if (!a.test_out.empty()) {
    // Held-out rows: the same teacher, law and noise level, drawn at sample indices far past any
    // training row, so they are independent of the training rows and unchanged by --n.
    write_generated_data(
        a.test_out, format, a.d, a.m, static_cast<std::uint64_t>(a.test_n),
        [&](std::uint64_t first, Eigen::Ref<Eigen::MatrixXd> X, Eigen::Ref<Eigen::MatrixXd> Y) {
          sampler.fill(kHeldOutFirstIndex + first, X, Y);
        });
  }
  if (!a.test_out.empty())
    std::cerr << "nnm generate: wrote " << a.test_n << " held-out samples to " << a.test_out
              << "\n";
  std::cerr << "nnm generate: wrote " << n << " samples (d = " << a.d << ", m = " << a.m << ", law "
            << law->name() << (law->symmetric() ? ", symmetric" : ", NOT symmetric") << ") to "
            << a.out << ", teacher to " << a.truth << "\n";
  return kExitOk;
}

}  // namespace

void register_generate(CLI::App& app, Action& action) {
  auto args = std::make_shared<GenerateArgs>();
  auto* cmd =
      app.add_subcommand("generate", "Sample a teacher network y = A σ(Wx) + ξ under an input law");
  cmd->add_option("--dist", args->dist, law_help())->capture_default_str();
  cmd->add_option("--d", args->d, "Input dimension")->capture_default_str();
  cmd->add_option("--k", args->k, "Hidden units (k ≤ d)")->capture_default_str();
  cmd->add_option("--m", args->m, "Outputs")->capture_default_str();
  add_count(*cmd, "--n", args->n, "Samples", 1, kMaxGeneratedRows);
  cmd->add_option("--noise", args->noise,
                  "Relative output noise η: ξ ~ N(0, (η·rms of clean y)² I)")
      ->capture_default_str()
      ->check(in_range(0));
  cmd->add_option("--activation", args->activation,
                  "relu, leaky_relu:ALPHA, sigmoid, tanh, softplus, abs, quadratic, identity")
      ->capture_default_str();
  cmd->add_option("--cond-w", args->cond_w,
                  "Condition number of W (W = Q1 diag Q2ᵀ); 0 for iid N(0,1) entries")
      ->capture_default_str();
  add_seed_option(*cmd, args->seed);
  cmd->add_option("--out", args->out, "Data file to write (CSV, .npy or .h5: see --format)")
      ->required();
  add_format_option(*cmd, args->format,
                    "Format of --out and --test-out: csv, npy (a structured array with fields x "
                    "and y) or h5 (datasets x and y); default auto: by extension");
  cmd->add_option("--truth", args->truth, "Teacher network JSON to write")->required();
  auto* test_n =
      add_count(*cmd, "--test-n", args->test_n,
                "Held-out samples from the same teacher, independent of the training rows", 1,
                kMaxGeneratedRows);
  auto* test_out = cmd->add_option("--test-out", args->test_out, "Held-out data file to write");
  test_n->needs(test_out);
  test_out->needs(test_n);
  add_threads_option(*cmd, args->threads);
  cmd->callback([args, &action] { action = [args] { return run_generate(*args); }; });
}

static const Subcommand registered{"generate", &register_generate};

}  // namespace nnm::cli
