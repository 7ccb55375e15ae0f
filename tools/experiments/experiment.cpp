#include "experiments/experiment.hpp"

#include <cstdlib>

#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "experiments/boundary.hpp"
#include "experiments/grid.hpp"
#include "experiments/results.hpp"
#include "nnm/core/error.hpp"
#include "nnm/data/atomic_file.hpp"
#include "nnm/data/distributions.hpp"
#include "nnm/data/sample_source.hpp"
#include "nnm/data/teacher.hpp"
#include "nnm/hard/family.hpp"
#include "nnm/hard/parity.hpp"
#include "nnm/hard/wave.hpp"
#include "nnm/learn/train.hpp"
#include "nnm/recovery/metrics.hpp"
#include "nnm/recovery/recover.hpp"
#include "nnm/sq/bounds.hpp"

namespace nnm {

std::string format_value(double v) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}
std::string format_value(long long v) { return std::to_string(v); }

double parse_double(const std::string& cell, std::string_view column) {
  char* end = nullptr;
  const double v = std::strtod(cell.c_str(), &end);
  if (cell.empty() || *end != '\0')
    throw InputError("column " + std::string(column) + ": '" + cell.substr(0, 40) +
                     "' is not a number");
  return v;
}
long long parse_integer(const std::string& cell, std::string_view column) {
  long long v = 0;
  const auto r = std::from_chars(cell.data(), cell.data() + cell.size(), v);
  if (cell.empty() || r.ec != std::errc() || r.ptr != cell.data() + cell.size())
    throw InputError("column " + std::string(column) + ": '" + cell.substr(0, 40) +
                     "' is not an integer");
  return v;
}

namespace detail {

Split sample_split(const Network& net, const InputLaw& law, std::uint64_t n, std::uint64_t n_test,
                   std::uint64_t seed, double noise) {
  const TeacherSampler sampler(net, law, n + n_test, noise, seed);
  if (noise == 0) return {sampler.sample(0, n), sampler.sample(n, n_test)};
  // The held-out outputs are clean (the inputs are the same: they depend only on seed and index),
  // so held-out error measures what was learned of the network, not the noise.
  const TeacherSampler clean(net, law, n + n_test, 0.0, seed);
  return {sampler.sample(0, n), clean.sample(n, n_test)};
}

TrainResult gradient_learner(const Split& data, Eigen::Index width, int epochs,
                             std::uint64_t seed) {
  TrainOptions o;
  o.hidden = {width};
  o.epochs = epochs;
  o.batch = 256;
  o.schedule.base = 1e-3;
  o.seed = seed;
  return train(data.train, o, &data.test);
}

Eigen::MatrixXd evaluation_inputs(const InputLaw& law) {
  return law.sample(std::uint64_t{1} << 40, 5000);
}

SpectralOutcome spectral_recovery(const Split& data, const Network& truth,
                                  const Eigen::MatrixXd& eval, Eigen::Index k, std::uint64_t seed) {
  RecoveryOptions o;
  o.k = k;
  o.seed = seed;
  SpectralOutcome out{recover(MatrixSource(data.train.X, &data.train.Y), o)};
  if (out.result.model_computed()) {
    const RecoveryError e = compare_networks(out.result.model, truth, eval);
    out.W_err = e.W_err;
    out.out_err = e.out_err;
  }
  return out;
}

}  // namespace detail

namespace {

using namespace detail;

// ---------------------------------------------------------------------------------------------
class SpectralSamples final : public TypedExperiment<SpectralSamplesRow> {
 public:
  std::string name() const override { return "spectral-samples"; }
  std::string description() const override {
    return "spectral W_err and out_err against n for symmetric laws, beside a gradient learner "
           "(Adam, a k-unit ReLU student) on the same samples";
  }

 protected:
  std::vector<SpectralSamplesRow> typed_points(const ExperimentScale& s) const override {
    const std::vector<std::string> laws =
        pick<std::vector<std::string>>(s.size, {"gaussian"}, {"gaussian", "uniform", "laplace"},
                                       {"gaussian", "uniform", "laplace", "rademacher", "sphere"});
    const auto ns =
        pick<std::vector<long long>>(s.size, {2000, 10000}, {2000, 10000, 50000},
                                     {1000, 3000, 10000, 30000, 100000, 300000, 1000000});
    std::vector<SpectralSamplesRow> out;
    for (const auto& law : laws)
      for (long long n : ns) out.push_back({.law = law, .n = n});
    return with_seeds(out, s, pick(s.size, 1, 5, 10));
  }
  void measure(SpectralSamplesRow& row, const ExperimentScale& s) const override {
    const auto seed = static_cast<std::uint64_t>(row.seed);
    TeacherOptions t;  // d = 10, k = 5, m = 5
    t.seed = seed;
    const Network teacher = make_teacher(t);
    const auto law = make_input_law(row.law, t.d, seed);
    const Split data = sample_split(teacher, *law, static_cast<std::uint64_t>(row.n), 5000, seed);
    const Eigen::MatrixXd eval = evaluation_inputs(*law);

    const SpectralOutcome spectral = spectral_recovery(data, teacher, eval, t.k, seed);
    row.spectral_status = std::string(spectral.result.summary.status_name());
    row.spectral_W_err = spectral.W_err;
    row.spectral_out_err = spectral.out_err;
    const TrainResult g = gradient_learner(data, t.k, pick(s.size, 5, 20, 40), seed);
    const RecoveryError e = compare_networks(g.student.to_network(), teacher, eval);
    row.gd_W_err = e.W_err;
    row.gd_out_err = e.out_err;
    row.gd_test_error = g.summary.test_error;
  }
};

// ---------------------------------------------------------------------------------------------
/// Gradient learners on a hard family member: train and held-out errors (MSE / Var(y) of each
/// set), the variances of y on the two sets, and the learner's parameter count and steps.
struct MemberErrors {
  double train, test, var_train, var_test;
  double parameters, steps;
};
double variance(const Eigen::MatrixXd& Y) {
  const Eigen::RowVectorXd mean = Y.colwise().mean();
  return (Y.rowwise() - mean).squaredNorm() / static_cast<double>(Y.rows());
}
MemberErrors hard_member_errors(const Network& member, const std::string& law_name, std::uint64_t n,
                                Eigen::Index width, int epochs, std::uint64_t seed) {
  const auto law = make_input_law(law_name, member.input_dim(), seed);
  const Split data = sample_split(member, *law, n, 10000, seed);
  const TrainResult g = gradient_learner(data, width, epochs, seed);
  const double batches = std::ceil(static_cast<double>(n) / 256.0);
  return {g.summary.train_error,
          g.summary.test_error,
          variance(data.train.Y),
          variance(data.test.Y),
          static_cast<double>(g.summary.parameters),
          batches * g.summary.epochs_run};
}

class WavePhase final : public TypedExperiment<WavePhaseRow> {
 public:
  std::string name() const override { return "wave-phase"; }
  std::string description() const override {
    return "a gradient learner (Adam, 2-layer ReLU) on SVWX's wave f(x) = psi(<a,x>), a in "
           "{-1,1}^d, unit spacing in <a,x>, cover chosen so the cut-off error is below 1 %: "
           "train and test MSE relative to the oscillation's variance, against s, d and the law";
  }

 protected:
  std::vector<WavePhaseRow> typed_points(const ExperimentScale& s) const override {
    const auto laws =
        pick<std::vector<std::string>>(s.size, {"gaussian"}, {"gaussian", "laplace", "student_t:5"},
                                       {"gaussian", "uniform", "laplace", "student_t:5"});
    const auto ds = pick<std::vector<long long>>(s.size, {2}, {2, 3, 5}, {2, 3, 4, 5, 10});
    const auto ss = pick<std::vector<double>>(s.size, {8}, {2, 8}, {2, 4, 8});
    std::vector<WavePhaseRow> out;
    for (const auto& law : laws)
      for (long long d : ds)
        for (double sharpness : ss) out.push_back({.law = law, .d = d, .sharpness = sharpness});
    return with_seeds(out, s, pick(s.size, 1, 5, 5));
  }
  void measure(WavePhaseRow& row, const ExperimentScale& s) const override {
    const auto seed = static_cast<std::uint64_t>(row.seed);
    // SVWX's scaling: sigmoids one unit apart in the raw projection <a, x> (standard deviation
    // sqrt(d) under the laws used here), so the wave has about sqrt(d) periods across the bulk.
    WaveOptions w;
    w.d = static_cast<Eigen::Index>(row.d);
    w.index_set = WaveOptions::IndexSet::sign;
    w.spacing = WaveOptions::Spacing::raw;
    w.sharpness = row.sharpness;
    w.period = 1.0;
    w.range = 0.0;  // automatic: the cut-off error below w.tolerance
    w.seed = seed;
    const FamilyMember member = pick_member(*make_family(w), std::nullopt, seed);
    row.amplitude = wave_amplitude(w);
    row.oscillation_rms = wave_oscillation_rms(w);
    row.cutoff_error = wave_cutoff_error(w);
    const MemberErrors e =
        hard_member_errors(member.network, row.law, pick<std::uint64_t>(s.size, 4000, 10000, 50000),
                           pick<Eigen::Index>(s.size, 16, 64, 256), pick(s.size, 3, 40, 80), seed);
    const double osc = row.oscillation_rms * row.oscillation_rms;
    row.train_error = e.train * e.var_train / osc;
    row.test_error = e.test * e.var_test / osc;
  }
};

class ParityGd final : public TypedExperiment<ParityGdRow> {
 public:
  std::string name() const override { return "parity-gd"; }
  std::string description() const override {
    return "a gradient learner (Adam, 2-layer ReLU) on the ReLU parity family under N(0, I) "
           "against k and d, beside the CSQ query lower bound of the family";
  }

 protected:
  std::vector<ParityGdRow> typed_points(const ExperimentScale& s) const override {
    const auto ds = pick<std::vector<long long>>(s.size, {10}, {20}, {10, 20, 30, 50});
    const auto ks = pick<std::vector<long long>>(s.size, {2}, {2, 4, 6}, {2, 4, 6, 8});
    std::vector<ParityGdRow> out;
    for (long long d : ds)
      for (long long k : ks) out.push_back({.d = d, .k = k});
    return with_seeds(out, s, pick(s.size, 1, 5, 5));
  }
  void measure(ParityGdRow& row, const ExperimentScale& s) const override {
    const long d = static_cast<long>(row.d), k = static_cast<long>(row.k);
    const auto seed = static_cast<std::uint64_t>(row.seed);
    if (k > d)
      throw InputError("parity-gd: k = " + format_value(row.k) +
                       " exceeds d = " + format_value(row.d));
    ParityOptions o;
    o.d = d;
    o.k = k;
    o.scale = ParityOptions::Scale::unit;
    const auto family = make_family(o);
    const FamilyMember member = pick_member(*family, std::nullopt, seed);
    row.family_size = family->size();
    row.query_bound_tau_01 = csq_query_lower_bound(row.family_size, 1.0, 0.1);
    row.query_bound_tau_001 = csq_query_lower_bound(row.family_size, 1.0, 0.01);
    const MemberErrors e = hard_member_errors(
        member.network, "gaussian", pick<std::uint64_t>(s.size, 4000, 20000, 50000),
        pick<Eigen::Index>(s.size, 32, 128, 256), pick(s.size, 3, 20, 40), seed);
    row.train_error = e.train;
    row.test_error = e.test;
    // Each mini-batch gradient is one correlational query per parameter, at a tolerance of about
    // 1/sqrt(batch) (the sampling error of a mean over the batch).
    row.batch_tau = 1.0 / std::sqrt(256.0);
    row.query_bound_batch = csq_query_lower_bound(row.family_size, 1.0, row.batch_tau);
    row.gd_queries = e.steps * e.parameters;
  }
};

class SymmetryBreak final : public TypedExperiment<SymmetryBreakRow> {
 public:
  std::string name() const override { return "symmetry-break"; }
  std::string description() const override {
    return "spectral recovery as the input law N(mu, I) moves away from symmetric (|mu| = shift)";
  }

 protected:
  std::vector<SymmetryBreakRow> typed_points(const ExperimentScale& s) const override {
    const auto shifts =
        pick<std::vector<double>>(s.size, {0, 1}, {0, 0.02, 0.05, 0.1, 0.2, 0.5, 1},
                                  {0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 2});
    std::vector<SymmetryBreakRow> out;
    for (double shift : shifts) out.push_back({.shift = shift});
    return with_seeds(out, s, pick(s.size, 1, 5, 10));
  }
  void measure(SymmetryBreakRow& row, const ExperimentScale& s) const override {
    const auto seed = static_cast<std::uint64_t>(row.seed);
    TeacherOptions t;
    t.seed = seed;
    const Network teacher = make_teacher(t);
    const auto law = make_input_law(
        row.shift == 0 ? std::string("gaussian") : "shifted_gaussian:" + format_value(row.shift),
        t.d, seed);
    const Split data =
        sample_split(teacher, *law, pick<std::uint64_t>(s.size, 20000, 100000, 300000), 0, seed);
    const SpectralOutcome spectral =
        spectral_recovery(data, teacher, evaluation_inputs(*law), t.k, seed);
    const RecoverySummary& r = spectral.result.summary;
    row.status = std::string(r.status_name());
    row.symmetry_z = r.symmetry_max_z;
    row.symmetry_effect = r.symmetry_max_effect;
    row.symmetry_bias = r.symmetry_bias;
    row.W_err = spectral.W_err;
    row.out_err = spectral.out_err;
  }
};

class SpectralLaws final : public TypedExperiment<SpectralLawsRow> {
 public:
  std::string name() const override { return "spectral-laws"; }
  std::string description() const override {
    return "spectral recovery (plain and after 5 Levenberg-Marquardt steps) of the default "
           "teacher under every input law, non-symmetric ones included";
  }

 protected:
  std::vector<SpectralLawsRow> typed_points(const ExperimentScale& s) const override {
    const auto laws = pick<std::vector<std::string>>(
        s.size, {"gaussian", "shifted_gaussian"},
        {"gaussian", "uniform", "rademacher", "laplace", "student_t:5", "sphere", "mix2", "gmix:3",
         "gaussian_cov:10", "shifted_gaussian", "exponential"},
        {"gaussian", "uniform", "rademacher", "laplace", "student_t:5", "sphere", "mix2", "gmix:3",
         "gaussian_cov:10", "shifted_gaussian", "exponential"});
    std::vector<SpectralLawsRow> out;
    for (const auto& law : laws) out.push_back({.law = law});
    return with_seeds(out, s, pick(s.size, 1, 5, 10));
  }
  void measure(SpectralLawsRow& row, const ExperimentScale& s) const override {
    const auto seed = static_cast<std::uint64_t>(row.seed);
    TeacherOptions t;
    t.seed = seed;
    const Network teacher = make_teacher(t);
    const auto law = make_input_law(row.law, t.d, seed);
    const Split data =
        sample_split(teacher, *law, pick<std::uint64_t>(s.size, 20000, 50000, 300000), 0, seed);
    const Eigen::MatrixXd eval = evaluation_inputs(*law);
    RecoveryOptions o;
    o.k = t.k;
    o.seed = seed;
    const RecoveryResult r = recover(MatrixSource(data.train.X, &data.train.Y), o);
    o.polish_iterations = 5;
    const RecoveryResult p = recover(MatrixSource(data.train.X, &data.train.Y), o);
    row.symmetric = law->symmetric() ? "yes" : "no";
    row.status = std::string(r.summary.status_name());
    row.symmetry_z = r.summary.symmetry_max_z;
    row.gap = r.summary.spectral_gap;
    if (r.model_computed()) {
      const RecoveryError e = compare_networks(r.model, teacher, eval);
      row.W_err = e.W_err;
      row.out_err = e.out_err;
    }
    if (p.model_computed()) row.W_err_polished = compare_networks(p.model, teacher, eval).W_err;
  }
};

}  // namespace

ExperimentSize parse_experiment_size(const std::string& name) {
  if (name == "smoke") return ExperimentSize::smoke;
  if (name == "demo") return ExperimentSize::demo;
  if (name == "full") return ExperimentSize::full;
  throw InputError("unknown experiment size '" + name + "' (valid: smoke, demo, full)");
}

const std::vector<std::string>& experiment_names() {
  static const std::vector<std::string> names{
      "spectral-samples", "spectral-laws", "symmetry-break",    "parity-gd",     "wave-phase",
      "boundary-outputs", "boundary-rank", "boundary-symmetry", "boundary-noise"};
  return names;
}

std::unique_ptr<Experiment> make_experiment(const std::string& name) {
  if (name == "spectral-samples") return std::make_unique<SpectralSamples>();
  if (name == "wave-phase") return std::make_unique<WavePhase>();
  if (name == "parity-gd") return std::make_unique<ParityGd>();
  if (name == "symmetry-break") return std::make_unique<SymmetryBreak>();
  if (name == "spectral-laws") return std::make_unique<SpectralLaws>();
  if (auto boundary = make_boundary_experiment(name)) return boundary;
  std::string valid;
  for (const auto& n : experiment_names()) valid += (valid.empty() ? "" : ", ") + n;
  throw InputError("unknown experiment '" + name + "' (valid: " + valid + ")");
}

}  // namespace nnm
