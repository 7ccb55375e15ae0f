// nnm demo: the main job. Until spectral recovery lands it runs a real generate → read-back
// pipeline over the built-in input laws and prints what it measured.
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <iostream>

#include "command.hpp"
#include "nnm/nnm.hpp"

namespace nnm::cli {
namespace {

struct DemoArgs {
  std::string out = "nnm-demo";
  std::uint64_t seed = 1;
  int threads = 0;
};

int run_demo(const DemoArgs& a) {
  apply_threads(a.threads);
  std::filesystem::create_directories(a.out);
  const Eigen::Index d = 10, k = 5, m = 5;
  const std::uint64_t n = 20000;
  std::cout << "law                 symmetric  n      |E[(u'x)^3]|  E|y|     file\n";
  for (const char* name : {"gaussian", "uniform", "rademacher", "laplace", "mix2", "sphere",
                           "shifted_gaussian", "exponential"}) {
    TeacherOptions t;
    t.d = d;
    t.k = k;
    t.m = m;
    t.seed = a.seed;
    const auto law = make_input_law(name, d, a.seed);
    const Network teacher = make_teacher(t);
    const TeacherSampler sampler(teacher, *law, n, 0.0, a.seed);
    const std::string data = (std::filesystem::path(a.out) / (std::string(name) + ".csv")).string();
    const std::string truth = (std::filesystem::path(a.out) / (std::string(name) + ".truth.json")).string();
    write_model(truth, teacher, {{"dist", law->name()}, {"seed", a.seed}});
    write_generated_csv(data, d, m, n, [&](std::uint64_t f, auto X, auto Y) { sampler.fill(f, X, Y); });
    // Read it back and measure an odd statistic: it vanishes in expectation iff the law is symmetric.
    const Dataset ds = read_csv(data);
    const Eigen::VectorXd u = Eigen::VectorXd::Ones(d) / std::sqrt(double(d));
    const double odd = (ds.X * u).array().cube().mean();
    std::cout << std::left << std::setw(20) << law->name() << std::setw(11)
              << (law->symmetric() ? "yes" : "no") << std::setw(7) << ds.X.rows() << std::setw(14)
              << std::abs(odd) << std::setw(9) << ds.Y.cwiseAbs().mean() << data << "\n";
  }
  return kExitOk;
}

}  // namespace

void register_demo(CLI::App& app, Action& action) {
  auto args = std::make_shared<DemoArgs>();
  auto* cmd = app.add_subcommand("demo", "Run the main job on built-in defaults and write a report");
  cmd->add_option("--out", args->out, "Output directory")->capture_default_str();
  cmd->add_option("--seed", args->seed, "Random seed")->capture_default_str();
  add_threads_option(*cmd, args->threads);
  cmd->callback([args, &action] { action = [args] { return run_demo(*args); }; });
}

static const Subcommand registered{"demo", &register_demo};

}  // namespace nnm::cli
