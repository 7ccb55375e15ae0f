#include "experiments/experiment.hpp"

#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

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
namespace {

std::string format(double v) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}
std::string format(long long v) { return std::to_string(v); }

double number(const std::string& s) { return std::stod(s); }
long long integer(const std::string& s) { return std::stoll(s); }

/// The size's value: smoke, demo or full.
template <class T>
T pick(ExperimentSize size, T smoke, T demo, T full) {
  return size == ExperimentSize::smoke ? smoke : size == ExperimentSize::demo ? demo : full;
}

/// Every combination of the axes (first axis slowest), each repeated over the seeds.
std::vector<ExperimentRow> grid(const std::vector<std::vector<std::string>>& axes,
                                const ExperimentScale& scale, int default_seeds) {
  std::vector<ExperimentRow> rows{{}};
  for (const auto& axis : axes) {
    std::vector<ExperimentRow> next;
    for (const auto& row : rows)
      for (const auto& value : axis) {
        next.push_back(row);
        next.back().push_back(value);
      }
    rows = std::move(next);
  }
  const int seeds = scale.seeds > 0 ? scale.seeds : default_seeds;
  std::vector<ExperimentRow> out;
  for (const auto& row : rows)
    for (int r = 0; r < seeds; ++r) {
      out.push_back(row);
      out.back().push_back(
          format(static_cast<long long>(scale.seed + static_cast<std::uint64_t>(r))));
    }
  return out;
}

template <class T>
std::vector<std::string> strings(std::initializer_list<T> values) {
  std::vector<std::string> out;
  for (const T& v : values) out.push_back(format(v));
  return out;
}

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

const std::string kNaN = "nan";

// ---------------------------------------------------------------------------------------------
class SpectralSamples final : public Experiment {
 public:
  std::string name() const override { return "spectral-samples"; }
  std::string description() const override {
    return "spectral W_err and out_err against n for symmetric laws, beside a gradient learner "
           "(Adam, a k-unit ReLU student) on the same samples";
  }
  std::vector<std::string> parameter_columns() const override { return {"law", "n", "seed"}; }
  std::vector<std::string> result_columns() const override {
    return {"spectral_status", "spectral_W_err", "spectral_out_err",
            "gd_W_err",        "gd_out_err",     "gd_test_error"};
  }
  std::vector<ExperimentRow> points(const ExperimentScale& s) const override {
    const std::vector<std::string> laws =
        pick<std::vector<std::string>>(s.size, {"gaussian"}, {"gaussian", "uniform", "laplace"},
                                       {"gaussian", "uniform", "laplace", "rademacher", "sphere"});
    const auto ns = pick(s.size, strings<long long>({2000, 10000}),
                         strings<long long>({2000, 10000, 50000, 200000}),
                         strings<long long>({1000, 3000, 10000, 30000, 100000, 300000, 1000000}));
    return grid({laws, ns}, s, pick(s.size, 1, 2, 5));
  }
  ExperimentRow run(const ExperimentRow& p, const ExperimentScale& s) const override {
    const auto n = static_cast<std::uint64_t>(integer(p[1]));
    const auto seed = static_cast<std::uint64_t>(integer(p[2]));
    TeacherOptions t;  // d = 10, k = 5, m = 5
    t.seed = seed;
    const Network teacher = make_teacher(t);
    const auto law = make_input_law(p[0], t.d, seed);
    const Split data = sample_split(teacher, *law, n, 5000, seed);
    const Eigen::MatrixXd eval = evaluation_inputs(*law);

    RecoveryOptions o;
    o.k = t.k;
    o.seed = seed;
    const RecoveryResult r = recover(MatrixSource(data.train.X, &data.train.Y), o);
    ExperimentRow out{std::string(r.summary.status_name()), kNaN, kNaN};
    if (r.model_computed()) {
      const RecoveryError e = compare_networks(r.model, teacher, eval);
      out[1] = format(e.W_err);
      out[2] = format(e.out_err);
    }
    const TrainResult g = gradient_learner(data, t.k, pick(s.size, 5, 20, 40), seed);
    const RecoveryError e = compare_networks(g.student.to_network(), teacher, eval);
    out.push_back(format(e.W_err));
    out.push_back(format(e.out_err));
    out.push_back(format(g.summary.test_error));
    return out;
  }
};

// ---------------------------------------------------------------------------------------------
/// Gradient learners on a hard family member: train and held-out errors.
ExperimentRow hard_member_errors(const Network& member, Eigen::Index d, std::uint64_t n,
                                 Eigen::Index width, int epochs, std::uint64_t seed) {
  const auto law = make_input_law("gaussian", d, seed);
  const Split data = sample_split(member, *law, n, 10000, seed);
  const TrainResult g = gradient_learner(data, width, epochs, seed);
  return {format(g.summary.train_error), format(g.summary.test_error)};
}

class WavePhase final : public Experiment {
 public:
  std::string name() const override { return "wave-phase"; }
  std::string description() const override {
    return "a gradient learner (Adam, 2-layer ReLU) on the wave family f(x) = psi(<a,x>) with "
           "a in {-1,1}^d and unit spacing: train and test error against sharpness s and d";
  }
  std::vector<std::string> parameter_columns() const override { return {"d", "sharpness", "seed"}; }
  std::vector<std::string> result_columns() const override {
    return {"amplitude", "train_error", "test_error"};
  }
  std::vector<ExperimentRow> points(const ExperimentScale& s) const override {
    const auto ds = pick(s.size, strings<long long>({10}), strings<long long>({10, 20}),
                         strings<long long>({5, 10, 20, 40}));
    const auto ss = pick(s.size, strings<double>({0.5, 4}), strings<double>({0.5, 1, 1.5, 2, 3, 4}),
                         strings<double>({0.5, 1, 1.25, 1.5, 1.75, 2, 3, 4, 8}));
    return grid({ds, ss}, s, pick(s.size, 1, 1, 3));
  }
  ExperimentRow run(const ExperimentRow& p, const ExperimentScale& s) const override {
    const long d = static_cast<long>(integer(p[0]));
    const double sharpness = number(p[1]);
    const auto seed = static_cast<std::uint64_t>(integer(p[2]));
    // In t = <a,x>/|a| (a standard normal) the units sit 1/sqrt(d) apart and have sharpness
    // s sqrt(d): the same wave as sigma(s(<a,x> - j)) for a sign vector a, covering |<a,x>| <= 3
    // sqrt(d).
    WaveOptions w;
    w.d = d;
    w.index_set = WaveOptions::IndexSet::sign;
    w.spacing = WaveOptions::Spacing::normalised;
    w.sharpness = sharpness * std::sqrt(static_cast<double>(d));
    w.period = 1.0 / std::sqrt(static_cast<double>(d));
    w.range = 3.0;
    w.seed = seed;
    const FamilyMember member = pick_member(*make_family(w), std::nullopt, seed);
    ExperimentRow out{format(wave_amplitude(w))};
    const ExperimentRow errors =
        hard_member_errors(member.network, d, pick<std::uint64_t>(s.size, 4000, 30000, 50000),
                           pick<Eigen::Index>(s.size, 32, 256, 256), pick(s.size, 3, 30, 40), seed);
    out.insert(out.end(), errors.begin(), errors.end());
    return out;
  }
};

class ParityGd final : public Experiment {
 public:
  std::string name() const override { return "parity-gd"; }
  std::string description() const override {
    return "a gradient learner (Adam, 2-layer ReLU) on the ReLU parity family under N(0, I) "
           "against k and d, beside the CSQ query lower bound of the family";
  }
  std::vector<std::string> parameter_columns() const override { return {"d", "k", "seed"}; }
  std::vector<std::string> result_columns() const override {
    return {"family_size", "query_bound_tau_0.1", "query_bound_tau_0.01", "train_error",
            "test_error"};
  }
  std::vector<ExperimentRow> points(const ExperimentScale& s) const override {
    const auto ds = pick(s.size, strings<long long>({10}), strings<long long>({30}),
                         strings<long long>({10, 20, 30, 50}));
    const auto ks = pick(s.size, strings<long long>({2}), strings<long long>({2, 4, 6}),
                         strings<long long>({2, 4, 6, 8}));
    return grid({ds, ks}, s, pick(s.size, 1, 1, 3));
  }
  ExperimentRow run(const ExperimentRow& p, const ExperimentScale& s) const override {
    const long d = static_cast<long>(integer(p[0])), k = static_cast<long>(integer(p[1]));
    const auto seed = static_cast<std::uint64_t>(integer(p[2]));
    if (k > d) throw InputError("parity-gd: k = " + p[1] + " exceeds d = " + p[0]);
    ParityOptions o;
    o.d = d;
    o.k = k;
    o.scale = ParityOptions::Scale::unit;
    const auto family = make_family(o);
    const FamilyMember member = pick_member(*family, std::nullopt, seed);
    const double size = family->size();
    ExperimentRow out{format(size), format(csq_query_lower_bound(size, 1.0, 0.1)),
                      format(csq_query_lower_bound(size, 1.0, 0.01))};
    const ExperimentRow errors =
        hard_member_errors(member.network, d, pick<std::uint64_t>(s.size, 4000, 50000, 50000),
                           pick<Eigen::Index>(s.size, 32, 256, 256), pick(s.size, 3, 30, 40), seed);
    out.insert(out.end(), errors.begin(), errors.end());
    return out;
  }
};

class SymmetryBreak final : public Experiment {
 public:
  std::string name() const override { return "symmetry-break"; }
  std::string description() const override {
    return "spectral recovery as the input law N(mu, I) moves away from symmetric (|mu| = shift)";
  }
  std::vector<std::string> parameter_columns() const override { return {"shift", "seed"}; }
  std::vector<std::string> result_columns() const override {
    return {"status", "symmetry_z", "symmetry_effect", "W_err", "out_err"};
  }
  std::vector<ExperimentRow> points(const ExperimentScale& s) const override {
    const auto shifts =
        pick(s.size, strings<double>({0, 1}), strings<double>({0, 0.02, 0.05, 0.1, 0.2, 0.5, 1}),
             strings<double>({0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 2}));
    return grid({shifts}, s, pick(s.size, 1, 2, 5));
  }
  ExperimentRow run(const ExperimentRow& p, const ExperimentScale& s) const override {
    const double shift = number(p[0]);
    const auto seed = static_cast<std::uint64_t>(integer(p[1]));
    TeacherOptions t;
    t.seed = seed;
    const Network teacher = make_teacher(t);
    const auto law = make_input_law(
        shift == 0 ? std::string("gaussian") : "shifted_gaussian:" + p[0], t.d, seed);
    const Split data =
        sample_split(teacher, *law, pick<std::uint64_t>(s.size, 20000, 100000, 300000), 0, seed);
    RecoveryOptions o;
    o.k = t.k;
    o.seed = seed;
    const RecoveryResult r = recover(MatrixSource(data.train.X, &data.train.Y), o);
    ExperimentRow out{std::string(r.summary.status_name()), format(r.summary.symmetry_max_z),
                      format(r.summary.symmetry_max_effect), kNaN, kNaN};
    if (r.model_computed()) {
      const RecoveryError e = compare_networks(r.model, teacher, evaluation_inputs(*law));
      out[3] = format(e.W_err);
      out[4] = format(e.out_err);
    }
    return out;
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
