// nnm sq: the Gram matrix of a hard family under an input law, its largest eigenvalue, and the
// statistical-query lower bounds it implies; optionally a learner run against a τ-oracle.
#include <charconv>
#include <cmath>
#include <cstdio>
#include <iostream>

#include "command.hpp"
#include "nnm/hard.hpp"
#include "nnm/nnm.hpp"
#include "nnm/sq/bounds.hpp"

namespace nnm::cli {

void add_family_options(CLI::App& cmd, FamilyRequest& request);  // family.cpp

namespace {

struct SqArgs {
  FamilyRequest request;
  std::string dist = "gaussian", method = "auto", taus = "0.001,0.003,0.01,0.03,0.1,0.3";
  std::string gram_out, oracle = "adversarial";
  long long members = 50, samples = 1'000'000;
  int terms = 160;
  double simulate_tau = 0.0;
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

int run_sq(const SqArgs& a) {
  apply_threads(a.threads);
  if (a.members < 1) throw InputError("--members must be at least 1");
  if (!(a.simulate_tau >= 0))
    throw InputError("--simulate must be a tolerance in (0, 1], or 0 for off; got " +
                     number(a.simulate_tau));
  if (!a.gram_out.empty()) check_files({}, {{"--gram", a.gram_out}});
  const std::vector<double> taus = parse_taus(a.taus);
  const auto family = make_family(a.request);
  const auto law = make_family_input_law(a.dist, family->dim(), a.request.seed);
  CorrelationOptions copt;
  copt.method = parse_correlation_method(a.method);
  copt.terms = a.terms;
  copt.samples = static_cast<std::uint64_t>(std::max(0LL, a.samples));
  copt.validate();

  const auto indices =
      sample_member_indices(family->size(), static_cast<std::uint64_t>(a.members), a.request.seed);
  std::vector<Network> members;
  for (auto i : indices) members.push_back(family->member(i).network);
  const GramResult gram = gram_matrix(members, *law, copt);
  const GramAnalysis analysis = analyse_gram(gram.gram);
  if (!a.gram_out.empty()) write_csv(a.gram_out, {gram.gram, gram.error});
  const std::vector<QueryBound> bounds = query_bounds(analysis, family->size(), taus);

  nlohmann::json report = {
      {"family", family->parameters()},
      {"family_size", std::isfinite(family->size()) ? nlohmann::json(family->size()) : "infinite"},
      {"members", members.size()},
      {"member_indices", indices},
      {"law", law->name()},
      {"method", to_string(gram.summary.method)},
      {"correlation", gram.summary.brief_report()},
      {"norm2_min", analysis.min_norm2},
      {"norm2_max", analysis.max_norm2},
      {"lambda_max", analysis.lambda_max},
      {"max_off_diagonal", analysis.max_off_diagonal},
      {"max_entry_error", gram.summary.max_error},
      {"family_lambda_bound",
       std::isfinite(family->size())
           ? nlohmann::json(lambda_from_off_diagonal(family->size(), analysis.max_off_diagonal))
           : nlohmann::json(nullptr)}};
  for (const auto& b : bounds)
    report["bounds"].push_back(
        {{"tau", b.tau},
         {"sampled", b.sampled},
         {"family", std::isfinite(b.family) ? nlohmann::json(b.family) : nlohmann::json(nullptr)}});

  if (a.simulate_tau > 0 && analysis.status == GramStatus::ok) {
    // A scanning learner hunts a random sampled member through a τ-oracle.
    OracleOptions oopt;
    oopt.tau = a.simulate_tau;
    oopt.mode = parse_oracle_mode(a.oracle);
    oopt.seed = a.request.seed;
    oopt.correlation = copt;
    std::vector<Network> unit = members;
    for (std::size_t i = 0; i < unit.size(); ++i)
      unit[i].A /= std::sqrt(gram.gram(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(i)));
    const std::size_t target =
        sample_member_indices(static_cast<double>(unit.size()), 1, a.request.seed + 1).front();
    SqOracle oracle(unit[target], *law, oopt);
    const std::size_t found = scanning_learner(unit, oracle, 0.5);
    report["simulation"] = {{"tau", oopt.tau},
                            {"oracle", a.oracle},
                            {"target", target},
                            {"found", found},
                            {"queries", oracle.queries()},
                            {"lower_bound", csq_query_lower_bound(static_cast<double>(unit.size()),
                                                                  analysis.lambda_max, oopt.tau)}};
  }

  const bool trusted =
      analysis.status == GramStatus::ok && gram.summary.status == CorrelationStatus::ok;
  if (a.json) {
    report["status"] = trusted ? "ok" : "untrusted";
    if (!analysis.message.empty()) report["message"] = analysis.message;
    std::cout << report.dump(2) << "\n";
  } else {
    std::cout << family->kind() << " family " << family->parameters().dump() << "\n"
              << "family size M = "
              << (std::isfinite(family->size()) ? number(family->size()) : "infinite") << "\n"
              << "law " << law->name() << "; Gram matrix of " << members.size()
              << " members: " << gram.summary.brief_report() << "\n";
    if (analysis.status == GramStatus::ok) {
      std::cout << "E[f²] from " << number(analysis.min_norm2) << " to "
                << number(analysis.max_norm2) << "\n"
                << "normalised Gram: lambda_max = " << number(analysis.lambda_max)
                << ", max |off-diagonal| gamma = " << number(analysis.max_off_diagonal) << "\n";
      if (std::isfinite(family->size()))
        std::cout << "whole family: lambda <= 1 + (M-1) gamma = "
                  << number(lambda_from_off_diagonal(family->size(), analysis.max_off_diagonal))
                  << "\n";
      std::cout << "CSQ query lower bound q >= M tau^2 / lambda - 1:\n";
      char line[128];
      std::snprintf(line, sizeof line, "  %-10s %-22s %s\n", "tau",
                    ("sampled (M = " + std::to_string(members.size()) + ")").c_str(),
                    "whole family");
      std::cout << line;
      for (const auto& b : bounds) {
        std::snprintf(line, sizeof line, "  %-10s %-22s %s\n", number(b.tau).c_str(),
                      number(b.sampled).c_str(),
                      std::isfinite(b.family) ? number(b.family).c_str() : "-");
        std::cout << line;
      }
      if (report.contains("simulation")) {
        const auto& s = report["simulation"];
        std::cout << "scanning learner vs " << a.oracle
                  << " oracle (tau = " << number(a.simulate_tau) << "): target " << s["target"]
                  << ", stopped at " << s["found"] << " after " << s["queries"]
                  << " queries (lower bound " << number(s["lower_bound"]) << ")\n";
      }
    } else {
      std::cout << "cannot normalise: " << analysis.message << "\n";
    }
  }
  if (!trusted) {
    std::cerr << "nnm sq: result not trustworthy: "
              << (analysis.status != GramStatus::ok ? analysis.message : gram.summary.message)
              << "\n";
    return kExitUntrusted;
  }
  return kExitOk;
}

}  // namespace

void register_sq(CLI::App& app, Action& action) {
  auto args = std::make_shared<SqArgs>();
  auto* cmd = app.add_subcommand(
      "sq", "Gram matrix of a hard family under an input law and the SQ/CSQ query lower bounds");
  add_family_options(*cmd, args->request);
  cmd->add_option("--dist", args->dist, "Input law (as nnm family --dist)")->capture_default_str();
  cmd->add_option("--members", args->members,
                  "Members in the Gram matrix (drawn without replacement; all if fewer)")
      ->capture_default_str();
  cmd->add_option("--method", args->method, "Correlations: auto, closed, series, quadrature, mc")
      ->capture_default_str();
  cmd->add_option("--terms", args->terms, "Series length (Mehler, Funk–Hecke)")
      ->capture_default_str();
  cmd->add_option("--samples", args->samples, "Monte Carlo samples")->capture_default_str();
  cmd->add_option("--tau", args->taus, "Comma-separated tolerances τ")->capture_default_str();
  cmd->add_option("--gram", args->gram_out,
                  "Also write the Gram matrix (x columns) and its entry errors (y columns) as CSV");
  cmd->add_option("--simulate", args->simulate_tau,
                  "Run a scanning learner against a τ-oracle with this τ (0: off)")
      ->capture_default_str();
  cmd->add_option("--oracle", args->oracle, "Oracle answers: adversarial | random")
      ->capture_default_str();
  cmd->add_flag("--json", args->json, "Print the report as JSON");
  add_threads_option(*cmd, args->threads);
  cmd->callback([args, &action] { action = [args] { return run_sq(*args); }; });
}

static const Subcommand registered{"sq", &register_sq};

}  // namespace nnm::cli
