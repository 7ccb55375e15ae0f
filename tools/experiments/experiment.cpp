#include "experiments/experiment.hpp"

#include <cstdlib>

#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

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

namespace {

/// The size's value: smoke, demo or full.
template <class T>
T pick(ExperimentSize size, T smoke, T demo, T full) {
  return size == ExperimentSize::smoke ? smoke : size == ExperimentSize::demo ? demo : full;
}

/// Every point repeated over the seeds (repetition r has seed scale.seed + r).
template <class Row>
std::vector<Row> with_seeds(const std::vector<Row>& points, const ExperimentScale& scale,
                            int default_seeds) {
  const int seeds = scale.seeds > 0 ? scale.seeds : default_seeds;
  std::vector<Row> out;
  for (const auto& p : points)
    for (int r = 0; r < seeds; ++r) {
      out.push_back(p);
      out.back().seed = static_cast<long long>(scale.seed + static_cast<std::uint64_t>(r));
    }
  return out;
}

/// An experiment whose rows are the struct Row: its columns are Row's field table, a point is a
/// Row with its parameters set, and run() fills in the rest.
template <class Row>
class TypedExperiment : public Experiment {
 public:
  std::vector<std::string> parameter_columns() const final {
    const auto c = columns_of<Row>();
    return {c.begin(), c.begin() + static_cast<long>(Row::parameters)};
  }
  std::vector<std::string> result_columns() const final {
    const auto c = columns_of<Row>();
    return {c.begin() + static_cast<long>(Row::parameters), c.end()};
  }
  std::vector<ExperimentRow> points(const ExperimentScale& scale) const final {
    std::vector<ExperimentRow> out;
    for (const Row& p : typed_points(scale)) out.push_back(to_row(p, 0, Row::parameters));
    return out;
  }
  ExperimentRow run(const ExperimentRow& point, const ExperimentScale& scale) const final {
    Row row = from_row<Row>(point);
    measure(row, scale);
    return to_row(row, Row::parameters);
  }

 protected:
  /// The grid (parameters only), in the order rows are written.
  virtual std::vector<Row> typed_points(const ExperimentScale& scale) const = 0;
  /// Fills in the result fields of a point.
  virtual void measure(Row& row, const ExperimentScale& scale) const = 0;
};

/// Training and held-out samples of a network under a law (test rows follow the training rows).
struct Split {
  Dataset train, test;
};
Split sample_split(const Network& net, const InputLaw& law, std::uint64_t n, std::uint64_t n_test,
                   std::uint64_t seed) {
  const TeacherSampler sampler(net, law, n + n_test, 0.0, seed);
  return {sampler.sample(0, n), sampler.sample(n, n_test)};
}

/// The gradient learner the experiments share: Adam on a two-layer ReLU student.
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

/// A fresh evaluation sample, far from the training indices.
Eigen::MatrixXd evaluation_inputs(const InputLaw& law) {
  return law.sample(std::uint64_t{1} << 40, 5000);
}

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
        pick<std::vector<long long>>(s.size, {2000, 10000}, {2000, 10000, 50000, 200000},
                                     {1000, 3000, 10000, 30000, 100000, 300000, 1000000});
    std::vector<SpectralSamplesRow> out;
    for (const auto& law : laws)
      for (long long n : ns) out.push_back({.law = law, .n = n});
    return with_seeds(out, s, pick(s.size, 1, 2, 5));
  }
  void measure(SpectralSamplesRow& row, const ExperimentScale& s) const override {
    const auto seed = static_cast<std::uint64_t>(row.seed);
    TeacherOptions t;  // d = 10, k = 5, m = 5
    t.seed = seed;
    const Network teacher = make_teacher(t);
    const auto law = make_input_law(row.law, t.d, seed);
    const Split data = sample_split(teacher, *law, static_cast<std::uint64_t>(row.n), 5000, seed);
    const Eigen::MatrixXd eval = evaluation_inputs(*law);

    RecoveryOptions o;
    o.k = t.k;
    o.seed = seed;
    const RecoveryResult r = recover(MatrixSource(data.train.X, &data.train.Y), o);
    row.spectral_status = std::string(r.summary.status_name());
    if (r.model_computed()) {
      const RecoveryError e = compare_networks(r.model, teacher, eval);
      row.spectral_W_err = e.W_err;
      row.spectral_out_err = e.out_err;
    }
    const TrainResult g = gradient_learner(data, t.k, pick(s.size, 5, 20, 40), seed);
    const RecoveryError e = compare_networks(g.student.to_network(), teacher, eval);
    row.gd_W_err = e.W_err;
    row.gd_out_err = e.out_err;
    row.gd_test_error = g.summary.test_error;
  }
};

// ---------------------------------------------------------------------------------------------
/// Gradient learners on a hard family member: train and held-out errors.
struct MemberErrors {
  double train, test;
};
MemberErrors hard_member_errors(const Network& member, Eigen::Index d, std::uint64_t n,
                                Eigen::Index width, int epochs, std::uint64_t seed) {
  const auto law = make_input_law("gaussian", d, seed);
  const Split data = sample_split(member, *law, n, 10000, seed);
  const TrainResult g = gradient_learner(data, width, epochs, seed);
  return {g.summary.train_error, g.summary.test_error};
}

class WavePhase final : public TypedExperiment<WavePhaseRow> {
 public:
  std::string name() const override { return "wave-phase"; }
  std::string description() const override {
    return "a gradient learner (Adam, 2-layer ReLU) on the wave family f(x) = psi(<a,x>) with "
           "a in {-1,1}^d and unit spacing: train and test error against sharpness s and d";
  }

 protected:
  std::vector<WavePhaseRow> typed_points(const ExperimentScale& s) const override {
    const auto ds = pick<std::vector<long long>>(s.size, {10}, {10, 20}, {5, 10, 20, 40});
    const auto ss = pick<std::vector<double>>(s.size, {0.5, 4}, {0.5, 1, 1.5, 2, 3, 4},
                                              {0.5, 1, 1.25, 1.5, 1.75, 2, 3, 4, 8});
    std::vector<WavePhaseRow> out;
    for (long long d : ds)
      for (double sharpness : ss) out.push_back({.d = d, .sharpness = sharpness});
    return with_seeds(out, s, pick(s.size, 1, 1, 3));
  }
  void measure(WavePhaseRow& row, const ExperimentScale& s) const override {
    const long d = static_cast<long>(row.d);
    const auto seed = static_cast<std::uint64_t>(row.seed);
    // In t = <a,x>/|a| (a standard normal) the units sit 1/sqrt(d) apart and have sharpness
    // s sqrt(d): the same wave as sigma(s(<a,x> - j)) for a sign vector a, covering |<a,x>| <= 3
    // sqrt(d).
    WaveOptions w;
    w.d = d;
    w.index_set = WaveOptions::IndexSet::sign;
    w.spacing = WaveOptions::Spacing::normalised;
    w.sharpness = row.sharpness * std::sqrt(static_cast<double>(d));
    w.period = 1.0 / std::sqrt(static_cast<double>(d));
    w.range = 3.0;
    w.seed = seed;
    const FamilyMember member = pick_member(*make_family(w), std::nullopt, seed);
    row.amplitude = wave_amplitude(w);
    const MemberErrors e =
        hard_member_errors(member.network, d, pick<std::uint64_t>(s.size, 4000, 30000, 50000),
                           pick<Eigen::Index>(s.size, 32, 256, 256), pick(s.size, 3, 30, 40), seed);
    row.train_error = e.train;
    row.test_error = e.test;
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
    const auto ds = pick<std::vector<long long>>(s.size, {10}, {30}, {10, 20, 30, 50});
    const auto ks = pick<std::vector<long long>>(s.size, {2}, {2, 4, 6}, {2, 4, 6, 8});
    std::vector<ParityGdRow> out;
    for (long long d : ds)
      for (long long k : ks) out.push_back({.d = d, .k = k});
    return with_seeds(out, s, pick(s.size, 1, 1, 3));
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
    const MemberErrors e =
        hard_member_errors(member.network, d, pick<std::uint64_t>(s.size, 4000, 50000, 50000),
                           pick<Eigen::Index>(s.size, 32, 256, 256), pick(s.size, 3, 30, 40), seed);
    row.train_error = e.train;
    row.test_error = e.test;
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
    return with_seeds(out, s, pick(s.size, 1, 2, 5));
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
    RecoveryOptions o;
    o.k = t.k;
    o.seed = seed;
    const RecoveryResult r = recover(MatrixSource(data.train.X, &data.train.Y), o);
    row.status = std::string(r.summary.status_name());
    row.symmetry_z = r.summary.symmetry_max_z;
    row.symmetry_effect = r.summary.symmetry_max_effect;
    if (r.model_computed()) {
      const RecoveryError e = compare_networks(r.model, teacher, evaluation_inputs(*law));
      row.W_err = e.W_err;
      row.out_err = e.out_err;
    }
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
  static const std::vector<std::string> names{"spectral-samples", "wave-phase", "parity-gd",
                                              "symmetry-break"};
  return names;
}

std::unique_ptr<Experiment> make_experiment(const std::string& name) {
  if (name == "spectral-samples") return std::make_unique<SpectralSamples>();
  if (name == "wave-phase") return std::make_unique<WavePhase>();
  if (name == "parity-gd") return std::make_unique<ParityGd>();
  if (name == "symmetry-break") return std::make_unique<SymmetryBreak>();
  std::string valid;
  for (const auto& n : experiment_names()) valid += (valid.empty() ? "" : ", ") + n;
  throw InputError("unknown experiment '" + name + "' (valid: " + valid + ")");
}

}  // namespace nnm
