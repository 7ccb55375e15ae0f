// nnm family: samples a member of a hard family and writes data and truth files in the formats of
// `nnm generate`.
#include <iostream>
#include <variant>

#include "command.hpp"
#include "nnm/hard.hpp"
#include "nnm/nnm.hpp"

namespace nnm::cli {

/// Adds every FamilyRequest knob (shared with `nnm sq`) to a subcommand.
void add_family_options(CLI::App& cmd, FamilyRequest& request) {
  std::string kinds;
  for (const auto& k : family_kinds()) kinds += (kinds.empty() ? "" : "|") + k;
  cmd.add_option("--kind", request.kind, "Family: " + kinds)->required();
  for (const auto& p : family_parameters())
    std::visit(
        [&](auto field) {
          using T = std::remove_reference_t<decltype(request.*field)>;
          if constexpr (std::is_same_v<T, bool>)
            cmd.add_flag(p.flag, request.*field, p.help);
          else
            cmd.add_option(p.flag, request.*field, p.help)->capture_default_str();
        },
        p.field);
  add_seed_option(cmd, request.seed);
}

namespace {

struct FamilyArgs {
  FamilyRequest request;
  std::string dist = "gaussian", out, truth;
  long long n = 10000;
  double noise = 0.0;
  int threads = 0;
};

int run_family(const FamilyArgs& a) {
  apply_threads(a.threads);
  if (a.n <= 0) throw InputError("--n must be at least 1, got " + std::to_string(a.n));
  if (!(a.noise >= 0)) throw InputError("--noise must be ≥ 0");
  check_files({}, {{"--truth", a.truth}, {"--out", a.out}});
  const auto family = make_family(a.request);
  const FamilyMember member = pick_member(*family, a.request);
  nlohmann::json extra = {{"family", family->parameters()},
                          {"member", member.info},
                          {"family_size", family->size()},
                          {"seed", a.request.seed}};

  if (const auto points = gadget_points(*family)) {
    // The colouring gadget is a fixed point set, not a sample from a law.
    extra["points"] = points->X.rows();
    write_model(a.truth, member.network, extra);
    write_csv(a.out, *points);
    std::cerr << "nnm family: wrote the " << points->X.rows() << " gadget points of a "
              << family->dim() << "-vertex instance to " << a.out << ", witness to " << a.truth
              << "\n";
    return kExitOk;
  }
  const auto law = make_family_input_law(a.dist, family->dim(), a.request.seed);
  const auto n = static_cast<std::uint64_t>(a.n);
  const TeacherSampler sampler(member.network, *law, n, a.noise, a.request.seed);
  extra.update({{"dist", law->name()},
                {"symmetric", law->symmetric()},
                {"n", n},
                {"noise", a.noise},
                {"noise_sd", sampler.noise_sd()}});
  write_model(a.truth, member.network, extra);
  write_generated_csv(a.out, family->dim(), member.network.output_dim(), n,
                      [&](std::uint64_t first, Eigen::Ref<Eigen::MatrixXd> X,
                          Eigen::Ref<Eigen::MatrixXd> Y) { sampler.fill(first, X, Y); });
  std::cerr << "nnm family: wrote " << n << " samples of a " << family->kind()
            << " member (d = " << family->dim() << ", " << member.network.hidden()
            << " hidden units, law " << law->name() << ") to " << a.out << ", network to "
            << a.truth << "\n";
  return kExitOk;
}

}  // namespace

void register_family(CLI::App& app, Action& action) {
  auto args = std::make_shared<FamilyArgs>();
  auto* cmd = app.add_subcommand("family",
                                 "Sample a member of a hard family (parity, wave, "
                                 "natural, dkkz, coloring) under an input law");
  add_family_options(*cmd, args->request);
  cmd->add_option("--dist", args->dist,
                  "Input law: any `nnm generate --dist` name, or ksat[:K] (random K-SAT clauses)")
      ->capture_default_str();
  cmd->add_option("--n", args->n, "Samples (ignored by coloring: its points are fixed)")
      ->capture_default_str();
  cmd->add_option("--noise", args->noise, "Relative output noise η, as in nnm generate")
      ->capture_default_str();
  cmd->add_option("--out", args->out, "Data CSV to write")->required();
  cmd->add_option("--truth", args->truth, "Network JSON to write (the exact member)")->required();
  add_threads_option(*cmd, args->threads);
  cmd->callback([args, &action] { action = [args] { return run_family(*args); }; });
}

static const Subcommand registered{"family", &register_family};

}  // namespace nnm::cli
