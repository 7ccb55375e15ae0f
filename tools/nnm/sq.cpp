// nnm sq: the Gram matrix of a hard family under an input law, its largest eigenvalue, and the
// statistical-query lower bounds it implies; optionally a learner run against a τ-oracle. The
// analysis is the library's analyse_family(); this file reads options and prints.
#include <charconv>
#include <cmath>
#include <iostream>

#include "command.hpp"
#include "family_options.hpp"
#include "nnm/hard.hpp"
#include "nnm/nnm.hpp"
#include "nnm/sq/analysis.hpp"
#include "options.hpp"

namespace nnm::cli {

namespace {

struct SqArgs {
  FamilyFlags flags;
  SqAnalysisOptions analysis;
  std::string dist = "gaussian", method = "auto", taus = "0.001,0.003,0.01,0.03,0.1,0.3";
  std::string gram_out, oracle = "adversarial";
  bool json = false;
  int threads = 0;
};

std::vector<double> parse_taus(const std::string& text) {
  std::vector<double> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find(',', start), text.size());
    double v = 0;
    const auto [ptr, ec] = std::from_chars(text.data() + start, text.data() + end, v);
    if (ec != std::errc() || ptr != text.data() + end || !(v > 0 && v <= 1))
      throw InputError("--tau: '" + text.substr(start, end - start) +
                       "' is not a tolerance in (0, 1]");
    out.push_back(v);
    start = end + 1;
  }
  return out;
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, std::isfinite(v) && std::abs(v) < 1e15 ? "%.6g" : "%.4g", v);
  return buf;
}

nlohmann::json finite_or_null(double v) { return std::isfinite(v) ? nlohmann::json(v) : nullptr; }

nlohmann::json json_report(const HardFamily& family, const InputLaw& law, const SqAnalysis& r) {
  const double size = family.size();
  const GramAnalysis& s = r.spectrum;
  nlohmann::json report = {{"family", family.parameters()},
                           {"family_size", std::isfinite(size) ? nlohmann::json(size) : "infinite"},
                           {"members", r.member_indices.size()},
                           {"member_indices", r.member_indices},
                           {"law", law.name()},
                           {"method", enum_name(r.gram.summary.method)},
                           {"correlation", r.gram.summary.brief_report()},
                           {"norm2_min", s.min_norm2},
                           {"norm2_max", s.max_norm2},
                           {"lambda_max", s.lambda_max},
                           {"max_off_diagonal", s.max_off_diagonal},
                           {"max_entry_error", r.gram.summary.max_error},
                           {"covers", enum_name(r.claim.learners)},
                           {"claim", r.claim.statement}};
  if (r.family_lambda)
    report["family_lambda"] = {{"lambda", r.family_lambda->lambda},
                               {"error", r.family_lambda->error},
                               {"exact", r.family_lambda->exact},
                               {"method", r.family_lambda->method}};
  else {
    report["family_lambda"] = nullptr;
    report["no_family_lambda"] = r.no_family_lambda;
  }
  for (const auto& b : r.bounds)
    report["bounds"].push_back(
        {{"tau", b.tau}, {"sampled", b.sampled}, {"family", finite_or_null(b.family)}});
  if (r.simulation) {
    const SqSimulation& sim = *r.simulation;
    report["simulation"] = {{"tau", sim.tau},         {"oracle", enum_name(sim.oracle)},
                            {"target", sim.target},   {"found", sim.found},
                            {"queries", sim.queries}, {"lower_bound", sim.lower_bound}};
  }
  report["status"] = r.summary.usable() ? "ok" : "untrusted";
  if (!s.summary.message.empty()) report["message"] = s.summary.message;
  return report;
}

void print_bounds(const SqAnalysis& r) {
  // With ±1 labels (the claim says SQ) every statistical query reduces to a correlational one.
  std::cout
      << (r.claim.learners == LearnerClass::sq
              ? "SQ query lower bound q >= M tau^2 / lambda - 1 (every statistical-query "
                "learner; +-1 labels):\n"
              : "CSQ query lower bound q >= M tau^2 / lambda - 1 (correlational learners):\n");
  char line[128];
  std::snprintf(line, sizeof line, "  %-10s %-22s %s\n", "tau",
                ("sampled (M = " + std::to_string(r.member_indices.size()) + ")").c_str(),
                "whole family");
  std::cout << line;
  for (const auto& b : r.bounds) {
    std::snprintf(line, sizeof line, "  %-10s %-22s %s\n", number(b.tau).c_str(),
                  number(b.sampled).c_str(), std::isnan(b.family) ? "-" : number(b.family).c_str());
    std::cout << line;
  }
}

void print_text(const HardFamily& family, const InputLaw& law, const SqAnalysis& r) {
  const double size = family.size();
  const GramAnalysis& s = r.spectrum;
  std::cout << family.kind() << " family " << family.parameters().dump() << "\n"
            << "family size M = " << (std::isfinite(size) ? number(size) : "infinite") << "\n"
            << "law " << law.name() << "; Gram matrix of " << r.member_indices.size()
            << " members: " << r.gram.summary.brief_report() << "\n"
            << "hardness covers: " << enum_name(r.claim.learners) << " (" << r.claim.statement
            << ")\n";
  if (!s.summary.usable()) {
    std::cout << "cannot normalise: " << s.summary.message << "\n";
    return;
  }
  std::cout << "E[f²] from " << number(s.min_norm2) << " to " << number(s.max_norm2) << "\n"
            << "normalised Gram: lambda_max = " << number(s.lambda_max)
            << ", max |off-diagonal| gamma = " << number(s.max_off_diagonal) << "\n";
  if (const auto& f = r.family_lambda)
    std::cout << "whole family: lambda_max " << (f->exact ? "= " : "<= ") << number(f->lambda)
              << " (error <= " << number(f->error) << "; " << f->method << ")\n";
  else
    std::cout << "whole family: no certified lambda_max (no whole-family bound): "
              << r.no_family_lambda << "\n";
  print_bounds(r);
  if (const auto& sim = r.simulation)
    std::cout << "scanning learner vs " << enum_name(sim->oracle)
              << " oracle (tau = " << number(sim->tau) << "): target " << sim->target
              << ", stopped at " << sim->found << " after " << sim->queries
              << " queries (lower bound " << number(sim->lower_bound) << ")\n";
}

int run_sq(SqArgs& a) {
  apply_threads(a.threads);
  if (!a.gram_out.empty()) check_files({}, {{"--gram", a.gram_out}});
  a.analysis.taus = parse_taus(a.taus);
  a.analysis.correlation.method = parse_enum<CorrelationMethod>(a.method);
  a.analysis.oracle = parse_enum<OracleMode>(a.oracle);
  a.analysis.seed = a.flags.seed();
  const auto family = make_family(a.flags.options());
  const auto law = make_family_input_law(a.dist, family->dim(), a.flags.seed());
  const SqAnalysis r = analyse_family(*family, *law, a.analysis);
  if (!a.gram_out.empty()) write_csv(a.gram_out, {r.gram.gram, r.gram.error});
  if (a.json)
    std::cout << json_report(*family, *law, r).dump(2) << "\n";
  else
    print_text(*family, *law, r);
  if (!r.summary.usable()) {
    std::cerr << "nnm sq: result not trustworthy: " << r.summary.message << "\n";
    return kExitUntrusted;
  }
  return kExitOk;
}

}  // namespace

void register_sq(CLI::App& app, Action& action) {
  auto args = std::make_shared<SqArgs>();
  auto* cmd = app.add_subcommand(
      "sq", "Gram matrix of a hard family under an input law and the SQ/CSQ query lower bounds");
  args->flags.add_to(*cmd);
  SqAnalysisOptions& o = args->analysis;
  cmd->add_option("--dist", args->dist, "Input law (as nnm family --dist)")->capture_default_str();
  add_count(*cmd, "--members", o.members,
            "Members in the Gram matrix (drawn without replacement; all if fewer)", 1);
  cmd->add_option("--method", args->method, "Correlations: " + enum_choices<CorrelationMethod>())
      ->capture_default_str();
  add_count(*cmd, "--terms", o.correlation.terms, "Series length (Mehler, Funk–Hecke)", 1, 2000);
  add_count(*cmd, "--samples", o.correlation.samples, "Monte Carlo samples", 2);
  cmd->add_option("--tau", args->taus, "Comma-separated tolerances τ")->capture_default_str();
  cmd->add_option("--gram", args->gram_out,
                  "Also write the Gram matrix (x columns) and its entry errors (y columns) as CSV");
  cmd->add_option("--simulate", o.simulate_tau,
                  "Run a scanning learner against a τ-oracle with this τ (0: off)")
      ->check(in_range(0, 1))
      ->capture_default_str();
  cmd->add_option("--oracle", args->oracle, "Oracle answers: " + enum_choices<OracleMode>())
      ->capture_default_str();
  cmd->add_flag("--json", args->json, "Print the report as JSON");
  add_threads_option(*cmd, args->threads);
  cmd->callback([args, &action] { action = [args] { return run_sq(*args); }; });
}

static const Subcommand registered{"sq", &register_sq};

}  // namespace nnm::cli
