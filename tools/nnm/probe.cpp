// nnm probe: label-transformed Hermite statistics E[T(y)·He_j(x_i)] of a data file or of samples
// of a hard family's member, and the input coordinates they single out. These are statistical
// queries that are not correlational: a family can be CSQ-hard and still fall to them. The
// statistics are the library's probe(); this file reads options and prints.
#include <fmt/format.h>

#include <cmath>
#include <iostream>
#include <memory>
#include <optional>

#include "command.hpp"
#include "family_options.hpp"
#include "nnm/data/data_file.hpp"
#include "nnm/data/file_list_source.hpp"
#include "nnm/data/model_io.hpp"
#include "nnm/data/sample_source.hpp"
#include "nnm/hard.hpp"
#include "nnm/sq/probe.hpp"
#include "options.hpp"

namespace nnm::cli {

namespace {

struct ProbeArgs {
  FamilyFlags flags;
  ColumnOptions columns;
  ProbeOptions probe;
  std::vector<std::string> data;  // one data set, possibly kept as several files
  std::string dist = "gaussian";
  long long n = 100000, member = -1;
  long output = 1;
  bool json = false;
  int threads = 0;
  std::vector<CLI::Option*> family_only;  ///< --member, --dist, --n: for --kind only
};

/// Where the samples come from, and what to say about it.
struct ProbeInput {
  std::unique_ptr<SampleSource> source;
  nlohmann::json description;
  // Kept alive for the generated source.
  std::unique_ptr<HardFamily> family;
  std::unique_ptr<InputLaw> law;
  std::unique_ptr<FamilyMember> member;
  std::unique_ptr<MemberSampler> sampler;
};

ProbeInput open_input(const ProbeArgs& a) {
  ProbeInput in;
  if (!a.data.empty()) {
    if (a.flags.any_given())
      throw InputError("--data and the family flags (--kind and its knobs) exclude each other");
    for (const CLI::Option* o : a.family_only)
      if (o->count() > 0)
        throw InputError(o->get_name() + " applies to --kind only (samples of a family member)");
    in.source = open_samples(a.data, data_options(a.columns, true));
    in.description = {{"data", data_files_name(a.data)}};
    return in;
  }
  if (!a.flags.kind_option() || a.flags.kind_option()->count() == 0)
    throw InputError("nnm probe needs --data FILE or --kind KIND (samples of a family member)");
  if (!a.columns.x.empty() || !a.columns.y.empty())
    throw InputError("--x-cols and --y-cols apply to --data only");
  in.family = make_family(a.flags.options());
  in.law = make_family_input_law(a.dist, in.family->dim(), a.flags.seed());
  in.member = std::make_unique<FamilyMember>(
      pick_member(*in.family, a.member >= 0 ? std::optional<std::uint64_t>(a.member) : std::nullopt,
                  a.flags.seed()));
  if (in.family->is_fixed_point_set())
    throw InputError("--kind " + in.family->kind() +
                     " is a fixed point set, not a law to sample; write it with "
                     "nnm family and probe the file with --data");
  const auto n = static_cast<std::uint64_t>(a.n);
  in.sampler = std::make_unique<MemberSampler>(*in.member, *in.law, n, 0.0, a.flags.seed());
  const MemberSampler* sampler = in.sampler.get();
  in.source = std::make_unique<GeneratedSource>(
      in.family->dim(), in.member->network.output_dim(), n,
      [sampler](std::uint64_t first, Eigen::Ref<Eigen::MatrixXd> X, Eigen::Ref<Eigen::MatrixXd> Y) {
        sampler->fill(first, X, Y);
      });
  in.description = {{"family", in.family->parameters()},
                    {"member", in.member->info},
                    {"law", in.law->name()},
                    {"n", n},
                    {"seed", a.flags.seed()}};
  return in;
}

std::string label(const ProbeStatistic& s) {
  return fmt::format("{}(y), He_{}", enum_name(s.transform), s.degree);
}

std::vector<Eigen::Index> one_based(const std::vector<Eigen::Index>& v) {
  std::vector<Eigen::Index> out;
  for (auto i : v) out.push_back(i + 1);
  return out;
}

nlohmann::json json_report(const ProbeInput& in, const ProbeArgs& a, const ProbeResult& r) {
  nlohmann::json report = {
      {"source", in.description},
      {"n", r.n},
      {"d", r.d},
      {"output", a.output},
      {"class", "SQ"},
      {"note",
       "statistics E[T(y) He_j(x_i)] with T nonlinear in y are statistical queries, not "
       "correlational (CSQ) ones"},
      {"label_mean", r.label_mean},
      {"label_mean_square", r.label_mean_square},
      {"coordinates", one_based(r.ranking)},
      {"significant", one_based(r.significant)},
      {"threshold", r.threshold},
      {"level", a.probe.level},
      {"strength", vector_to_json(r.strength)},
      {"status", std::string(r.summary.status_name())}};
  nlohmann::json strongest = nlohmann::json::array();
  for (auto s : r.strongest) strongest.push_back(label(r.statistics[s]));
  report["strongest"] = strongest;
  for (const auto& s : r.statistics)
    report["statistics"].push_back({{"transform", enum_name(s.transform)},
                                    {"degree", s.degree},
                                    {"moment", vector_to_json(s.moment)},
                                    {"correlation", vector_to_json(s.correlation)}});
  for (const auto& m : r.matrices) {
    nlohmann::json vectors = nlohmann::json::array();
    for (Eigen::Index c = 0; c < m.eigenvectors.cols(); ++c)
      vectors.push_back(vector_to_json(m.eigenvectors.col(c)));
    report["matrices"].push_back({{"transform", enum_name(m.transform)},
                                  {"eigenvalues", vector_to_json(m.eigenvalues)},
                                  {"eigenvectors", vectors}});
  }
  if (!r.summary.message.empty()) report["message"] = r.summary.message;
  return report;
}

/// The coordinates an eigenvector loads on: those with |v_i| at least half its largest entry.
std::string loading(const Eigen::VectorXd& v) {
  std::string out;
  const double top = v.cwiseAbs().maxCoeff();
  for (Eigen::Index i = 0; i < v.size(); ++i)
    if (std::abs(v[i]) >= 0.5 * top) out += (out.empty() ? "" : " ") + std::to_string(i + 1);
  return out;
}

void print_text(const ProbeInput& in, const ProbeArgs& a, const ProbeResult& r) {
  std::cout << "probe of " << in.description.dump() << "\n"
            << fmt::format("n = {} samples, d = {}, output y{}; E[y] = {:.6g}, E[y^2] = {:.6g}\n",
                           r.n, r.d, a.output, r.label_mean, r.label_mean_square)
            << "class: SQ statistics E[T(y) He_j(x_i)] (T = y^2, |y|, sign(y) are not linear in y, "
               "so these are not correlational (CSQ) queries)\n"
            << fmt::format(
                   "significance: |corr| > {:.4g} (family-wise level {:g} over {} statistics; "
                   "normal approximation)\n",
                   r.threshold, a.probe.level, r.statistics.size() * static_cast<std::size_t>(r.d));
  std::cout << "  rank  coord  |corr|     strongest statistic\n";
  const std::size_t shown =
      std::min<std::size_t>(r.ranking.size(), std::max<std::size_t>(10, r.significant.size()));
  for (std::size_t i = 0; i < shown; ++i) {
    const Eigen::Index c = r.ranking[i];
    std::cout << fmt::format("  {:<5} {:<6} {:<10.4g} {}\n", i + 1, c + 1, r.strength[c],
                             label(r.statistics[r.strongest[static_cast<std::size_t>(c)]]));
  }
  std::cout << "matrices E[(T(y) - E T) x x^T] (= E[T(y)(x x^T - I)] when E[x x^T] = I), top "
               "eigenpairs:\n";
  for (const auto& m : r.matrices)
    for (Eigen::Index c = 0; c < m.eigenvalues.size(); ++c)
      std::cout << fmt::format("  {:<9} lambda = {:<11.4g} loads on {}\n",
                               std::string(enum_name(m.transform)), m.eigenvalues[c],
                               loading(m.eigenvectors.col(c)));
  std::string list;
  for (auto c : r.significant) list += (list.empty() ? "" : " ") + std::to_string(c + 1);
  std::cout << "significant coordinates: "
            << (list.empty() ? "none (no statistic exceeds the threshold)" : list) << "\n";
}

int run_probe(ProbeArgs& a) {
  apply_threads(a.threads);
  ProbeInput in = open_input(a);
  if (a.output > in.source->output_dim())
    throw InputError(fmt::format("--output {}: the samples have {} output column(s)", a.output,
                                 in.source->output_dim()));
  a.probe.output = a.output - 1;
  const ProbeResult r = probe(*in.source, a.probe);
  if (a.json)
    std::cout << json_report(in, a, r).dump(2) << "\n";
  else if (r.summary.usable())
    print_text(in, a, r);
  if (!r.summary.usable()) {
    std::cerr << "nnm probe: result not trustworthy (" << r.summary.status_name()
              << "): " << r.summary.message << "\n";
    return kExitUntrusted;
  }
  return kExitOk;
}

}  // namespace

void register_probe(CLI::App& app, Action& action) {
  auto args = std::make_shared<ProbeArgs>();
  auto* cmd = app.add_subcommand(
      "probe",
      "SQ (not CSQ) statistics E[T(y) He_j(x_i)], T in {identity, square, abs, sign}, of a data "
      "file or a family member's samples, and the input coordinates they single out");
  add_data_files_option(*cmd, args->data, "Data file to probe: CSV (x1..xd, y1..ym), .npy or .h5",
                        false);
  add_column_options(*cmd, args->columns);
  args->flags.add_to(*cmd, false);
  args->family_only = {
      add_count(*cmd, "--member", args->member,
                "With --kind: which member (0-based index); -1 draws one from the seed", -1),
      cmd->add_option("--dist", args->dist, "With --kind: input law (as nnm family --dist)")
          ->capture_default_str(),
      add_count(*cmd, "--n", args->n, "With --kind: samples", 2, kMaxGeneratedRows)
          ->capture_default_str()};
  add_count(*cmd, "--output", args->output, "Which output column is y (1-based)", 1)
      ->capture_default_str();
  add_count(*cmd, "--eigenvectors", args->probe.eigenvectors,
            "Top eigenpairs reported per transform's matrix", 0)
      ->capture_default_str();
  cmd->add_option("--level", args->probe.level,
                  "Family-wise level of the significance threshold over all statistics")
      ->check(above(0))
      ->check(in_range(0, 0.5))
      ->capture_default_str();
  cmd->add_flag("--json", args->json, "Print the report as JSON");
  add_threads_option(*cmd, args->threads);
  cmd->callback([args, &action] { action = [args] { return run_probe(*args); }; });
}

static const Subcommand registered{"probe", &register_probe};

}  // namespace nnm::cli
