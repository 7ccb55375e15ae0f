// nnm family: samples a member of a hard family and writes data and truth files in the formats of
// `nnm generate`, and optionally a held-out file from the same member.
#include <iostream>
#include <optional>

#include "command.hpp"
#include "family_options.hpp"
#include "nnm/data/atomic_file.hpp"
#include "nnm/hard.hpp"
#include "nnm/nnm.hpp"
#include "options.hpp"

namespace nnm::cli {

namespace {

struct FamilyArgs {
  FamilyFlags flags;
  std::string dist = "gaussian", out, truth, test_out;
  long long n = 10000, test_n = 0, member = -1;
  double noise = 0.0;
  int threads = 0;
};

/// What the relu-maxcut witness and bound say, in the units of nnm train's errors too.
void print_maxcut_bounds(const nlohmann::json& info) {
  std::cerr << "relu-maxcut: witness cuts " << info["cut_edges"] << " of " << info["edges"].size()
            << " edges ("
            << (info["max_cut_exact"].get<bool>() ? "a maximum cut, by enumeration"
                                                  : "a local optimum; maximum not certified")
            << "), loss " << info["witness_loss"] << " (normalised error " << info["witness_error"]
            << ")\n";
  if (info["min_loss_lower_bound"].is_null())
    std::cerr << "relu-maxcut: no lower bound (the maximum cut is not known)\n";
  else
    std::cerr << "relu-maxcut: every single ReLU without bias has loss >= "
              << info["min_loss_lower_bound"]
              << " (normalised error >= " << info["lower_bound_error"]
              << "; proven, M = " << info["copies"] << ")\n";
}

/// A reduction's instance (coloring, relu-maxcut) is a fixed point set, not a sample from a law.
void write_gadget(const FamilyArgs& a, const HardFamily& family, const FamilyMember& member,
                  const Dataset& points, nlohmann::json extra) {
  if (!a.test_out.empty())
    throw InputError("--test-out does not apply to --kind " + family.kind() +
                     " (its points are fixed)");
  extra["points"] = points.X.rows();
  write_model(a.truth, member.network, extra);
  write_data(a.out, DataFormat::automatic, points);
  std::cerr << "nnm family: wrote the " << points.X.rows() << " gadget points of a " << family.dim()
            << "-vertex instance to " << a.out << ", witness to " << a.truth << "\n";
  if (member.info.contains("witness_loss")) print_maxcut_bounds(member.info);
}

void write_samples(const FamilyArgs& a, const HardFamily& family, const FamilyMember& member,
                   nlohmann::json extra) {
  const auto law = make_family_input_law(a.dist, family.dim(), a.flags.seed());
  const auto n = static_cast<std::uint64_t>(a.n);
  const MemberSampler sampler(member, *law, n, a.noise, a.flags.seed());
  extra.update({{"dist", law->name()},
                {"symmetric", law->symmetric()},
                {"n", n},
                {"noise", a.noise},
                {"noise_sd", sampler.noise_sd()}});
  if (!a.test_out.empty()) extra["test_n"] = a.test_n;
  const Eigen::Index d = family.dim(), m = member.network.output_dim();
  write_model(a.truth, member.network, extra);
  write_generated(a.out, DataFormat::automatic, d, m, n,
                  [&](std::uint64_t first, auto X, auto Y) { sampler.fill(first, X, Y); });
  // Held-out rows, as in nnm generate: the same member, law and noise level at sample indices far
  // past any training row, so independent of the training rows and unchanged by --n.
  if (!a.test_out.empty())
    write_generated(a.test_out, DataFormat::automatic, d, m, static_cast<std::uint64_t>(a.test_n),
                    [&](std::uint64_t first, auto X, auto Y) {
                      sampler.fill(kHeldOutFirstIndex + first, X, Y);
                    });
  std::cerr << "nnm family: wrote " << n << " samples of a " << family.kind()
            << " member (d = " << d << ", " << member.network.hidden() << " hidden units, law "
            << law->name() << ") to " << a.out << ", network to " << a.truth << "\n";
}

int run_family(const FamilyArgs& a) {
  apply_threads(a.threads);
  std::vector<NamedFile> outputs = {{"--truth", a.truth}, {"--out", a.out}};
  if (!a.test_out.empty()) outputs.push_back({"--test-out", a.test_out});
  check_files({}, outputs);
  for (const NamedFile& f : outputs)
    if (f.option != std::string("--truth")) data_format(f.path);  // refuses .npz before any work
  const auto family = make_family(a.flags.options());
  const FamilyMember member =
      pick_member(*family, a.member >= 0 ? std::optional<std::uint64_t>(a.member) : std::nullopt,
                  a.flags.seed());
  const nlohmann::json extra = {{"family", family->parameters()},
                                {"member", member.info},
                                {"family_size", family->size()},
                                {"seed", a.flags.seed()}};
  // Data, truth and held-out file appear together or not at all.
  std::optional<OutputTransaction> transaction;
  if (!OutputTransaction::active()) transaction.emplace();
  if (const auto points = family->fixed_points())
    write_gadget(a, *family, member, *points, extra);
  else
    write_samples(a, *family, member, extra);
  if (transaction) transaction->commit();
  return kExitOk;
}

}  // namespace

void register_family(CLI::App& app, Action& action) {
  auto args = std::make_shared<FamilyArgs>();
  auto* cmd = app.add_subcommand("family",
                                 "Sample a member of a hard family (parity, wave, "
                                 "natural, dkkz, coloring, relu-maxcut) under an input law");
  args->flags.add_to(*cmd);
  add_count(*cmd, "--member", args->member,
            "Which member (0-based index); -1 draws one from the seed", -1);
  cmd->add_option("--dist", args->dist,
                  "Input law: any `nnm generate --dist` name, or ksat[:K] (random K-SAT clauses)")
      ->capture_default_str();
  add_count(*cmd, "--n", args->n,
            "Samples (ignored by coloring and relu-maxcut: their points are fixed)", 1,
            kMaxGeneratedRows);
  cmd->add_option("--noise", args->noise, "Relative output noise η, as in nnm generate")
      ->check(in_range(0))
      ->capture_default_str();
  cmd->add_option("--out", args->out, "Data file to write (CSV; .npy or .h5 by extension)")
      ->required();
  cmd->add_option("--truth", args->truth, "Network JSON to write (the exact member)")->required();
  auto* test_n = add_count(*cmd, "--test-n", args->test_n,
                           "Held-out samples from the same member, independent of the training "
                           "rows (not for coloring or relu-maxcut)",
                           1, kMaxGeneratedRows);
  auto* test_out = cmd->add_option("--test-out", args->test_out,
                                   "Held-out data file to write (format by extension)");
  test_n->needs(test_out);
  test_out->needs(test_n);
  add_threads_option(*cmd, args->threads);
  cmd->callback([args, &action] { action = [args] { return run_family(*args); }; });
}

static const Subcommand registered{"family", &register_family};

}  // namespace nnm::cli
