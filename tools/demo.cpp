// nnm demo: the main job. On built-in defaults it runs spectral recovery from data files over many
// input laws (symmetric ones, where the method provably works, and non-symmetric contrasts, which
// its diagnostics must flag), then prints the statistical-query lower bounds of the parity family
// beside them. Everything comes from the run; nothing is a stored number.
#include <chrono>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "command.hpp"
#include "nnm/nnm.hpp"
#include "nnm/tensor/sample_source.hpp"

namespace nnm::cli {
namespace {

struct DemoArgs {
  std::string out = "nnm-demo";
  long long n = 100000;
  std::uint64_t seed = 1;
  int threads = 0;
};

struct Row {
  std::string law;
  bool symmetric;
  std::string status;
  double gap, W_err, out_err, seconds, W_err_polished;
};

Row recover_one(const std::string& law_name, const DemoArgs& a, const std::filesystem::path& dir) {
  TeacherOptions t;  // d = 10, k = 5, m = 5, iid N(0,1) weights
  t.seed = a.seed;
  const Network teacher = make_teacher(t);
  const auto law = make_input_law(law_name, t.d, a.seed);
  const auto n = static_cast<std::uint64_t>(a.n);
  const TeacherSampler sampler(teacher, *law, n, 0.0, a.seed);
  const std::string stem = law->name().substr(0, law->name().find(':'));
  const std::string data = (dir / (stem + ".csv")).string();
  write_model((dir / (stem + ".truth.json")).string(), teacher, {{"dist", law->name()}, {"seed", a.seed}});
  write_generated_csv(data, t.d, t.m, n, [&](std::uint64_t f, auto X, auto Y) { sampler.fill(f, X, Y); });

  const auto start = std::chrono::steady_clock::now();
  RecoveryOptions o;
  o.k = t.k;
  const RecoveryResult r = recover(CsvSource(data, true), o);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  Row row{law->name(), law->symmetric(), to_string(r.summary.status), r.summary.spectral_gap, NAN, NAN, seconds, NAN};
  const Eigen::MatrixXd fresh = law->sample(std::uint64_t{1} << 40, 20000);
  if (r.has_model()) {
    write_model((dir / (stem + ".model.json")).string(), r.model, {{"status", row.status}});
    const auto e = compare_networks(r.model, teacher, fresh);
    row.W_err = e.W_err;
    row.out_err = e.out_err;
  }
  o.polish_iterations = 5;  // the same data, refined by Levenberg–Marquardt from the spectral start
  const RecoveryResult p = recover(CsvSource(data, true), o);
  if (p.has_model()) row.W_err_polished = compare_networks(p.model, teacher, fresh).W_err;
  return row;
}

int run_demo(const DemoArgs& a) {
  apply_threads(a.threads);
  if (a.n < 1000) throw InputError("--n must be at least 1000 for the demo");
  const std::filesystem::path dir(a.out);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir))
    throw InputError(located(a.out, 0, "cannot create the output directory: " +
                                           (ec ? ec.message() : std::string("a file is in the way"))));
  check_files({}, {{"--out", (dir / "summary.txt").string()}});
  std::ostringstream report;

  report << "1. Spectral recovery, y = A relu(Wx), d = 10, k = 5, m = 5, n = " << a.n
         << " samples per law, recovered from the CSV files in " << dir.string() << "/\n\n";
  report << std::left << std::setw(20) << "law" << std::setw(11) << "symmetric" << std::setw(18)
         << "status" << std::setw(11) << "gap" << std::setw(11) << "W_err" << std::setw(11)
         << "out_err" << std::setw(9) << "seconds" << "W_err after --polish 5\n";
  const std::string csv_path = (dir / "recovery.csv").string();
  std::string csv_text = "law,symmetric,status,gap,W_err,out_err,seconds,W_err_polished\n";
  for (const char* law : {"gaussian", "uniform", "rademacher", "laplace", "student_t:5", "sphere",
                          "mix2", "gmix:3", "gaussian_cov:10", "shifted_gaussian", "exponential"}) {
    std::cerr << "nnm demo: recovering under " << law << "...\n";
    const Row r = recover_one(law, a, dir);
    report << std::left << std::setw(20) << r.law << std::setw(11) << (r.symmetric ? "yes" : "NO")
           << std::setw(18) << r.status << std::setw(11) << std::setprecision(3) << r.gap
           << std::setw(11) << r.W_err << std::setw(11) << r.out_err << std::setw(9)
           << std::setprecision(2) << r.seconds << std::setprecision(3) << r.W_err_polished << "\n";
    std::ostringstream line;
    line << r.law << "," << r.symmetric << "," << r.status << "," << r.gap << "," << r.W_err << ","
         << r.out_err << "," << r.seconds << "," << r.W_err_polished << "\n";
    csv_text += line.str();
  }
  write_file_atomically(csv_path, csv_text);

  report << "\nOn symmetric laws the detector's kernel is well separated (large gap) and W is found to"
            "\nsmall error, which a few Levenberg-Marquardt steps from that start make essentially exact;"
            "\non the non-symmetric contrasts the symmetry diagnostic refuses the spectral result. The"
            "\npolish is plain least squares and needs no symmetry, so from that wrong start it may still"
            "\nland near the truth (centred exponential) or not (shifted Gaussian).\n";

  report << "\n2. The other side: the ReLU parity family f_S (|S| = k) in d = 20 under N(0, I).\n"
            "Members are mutually orthogonal, so a correlational SQ learner whose answers are only\n"
            "accurate to tau needs at least M tau^2 - 1 queries (M = C(20, k) members, lambda_max = 1):\n\n";
  report << std::left << std::setw(4) << "k" << std::setw(10) << "M" << std::setw(12) << "E[f^2]"
         << std::setw(14) << "tau = 0.05" << std::setw(14) << "tau = 0.1" << std::setw(14)
         << "tau = 0.3" << "\n";
  for (const Eigen::Index k : {2, 4, 6}) {
    const double family_size = binomial(20, k);
    const double norm2 = parity_norm2_gaussian(Activation::parse("relu"), k);
    report << std::left << std::setw(4) << k << std::setw(10) << std::setprecision(0) << std::fixed
           << family_size << std::setw(12) << std::setprecision(6) << norm2 << std::setprecision(1);
    for (const double tau : {0.05, 0.1, 0.3})
      report << std::setw(14) << csq_query_lower_bound(family_size, 1.0, tau);
    report << "\n" << std::defaultfloat;
  }
  write_file_atomically((dir / "summary.txt").string(), report.str());
  std::cout << report.str() << "\nwrote " << csv_path << " and " << (dir / "summary.txt").string() << "\n";
  return kExitOk;
}

}  // namespace

void register_demo(CLI::App& app, Action& action) {
  auto args = std::make_shared<DemoArgs>();
  auto* cmd = app.add_subcommand("demo", "Run the main job on built-in defaults and write a report");
  cmd->add_option("--out", args->out, "Output directory")->capture_default_str();
  cmd->add_option("--n", args->n, "Samples per input law")->capture_default_str();
  add_seed_option(*cmd, args->seed);
  add_threads_option(*cmd, args->threads);
  cmd->callback([args, &action] { action = [args] { return run_demo(*args); }; });
}

static const Subcommand registered{"demo", &register_demo};

}  // namespace nnm::cli
