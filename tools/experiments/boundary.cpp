#include "experiments/boundary.hpp"

#include <Eigen/SVD>
#include <cmath>
#include <limits>

#include <Eigen/Eigenvalues>
#include "experiments/grid.hpp"
#include "experiments/results.hpp"
#include "nnm/core/error.hpp"
#include "nnm/data/sample_source.hpp"
#include "nnm/data/teacher.hpp"
#include "nnm/recovery/detector.hpp"
#include "nnm/recovery/metrics.hpp"
#include "nnm/recovery/recover.hpp"

namespace nnm {

Eigen::Index numerical_rank(const Eigen::MatrixXd& M) {
  if (M.size() == 0) return 0;
  const Eigen::VectorXd s = Eigen::JacobiSVD<Eigen::MatrixXd>(M).singularValues();
  Eigen::Index r = 0;
  for (Eigen::Index i = 0; i < s.size(); ++i) r += s[i] > 1e-9 * s[0];
  return r;
}

double distinguishing_sigma_min(const Network& net, const InputLaw& law, Eigen::Index samples) {
  const Eigen::Index k = net.hidden(), d = net.input_dim();
  if (k < 2) return std::numeric_limits<double>::infinity();
  const Eigen::MatrixXd X = law.sample(std::uint64_t{3} << 40, samples);
  // Whitening with the second moment E[xx^T] (recovery never centres x).
  const Eigen::MatrixXd second = X.transpose() * X / static_cast<double>(samples);
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(second);
  const Eigen::MatrixXd root = eig.eigenvectors() * eig.eigenvalues().cwiseSqrt().asDiagonal() *
                               eig.eigenvectors().transpose();
  const Eigen::MatrixXd inv_root = eig.eigenvectors() *
                                   eig.eigenvalues().cwiseSqrt().cwiseInverse().asDiagonal() *
                                   eig.eigenvectors().transpose();
  const Eigen::MatrixXd Xw = X * inv_root;  // whitened inputs (Sigma symmetric)
  Eigen::MatrixXd Ww = net.W * root;        // z = W x = (W Sigma^{1/2}) x~
  Ww = Ww.array().colwise() / Ww.rowwise().norm().array();
  const Eigen::MatrixXd Z = Xw * Ww.transpose();  // samples x k
  const Eigen::Index pairs = k * (k - 1) / 2, q = vecsym_size(d);
  Eigen::MatrixXd weights(samples, pairs);
  for (Eigen::Index i = 0, c = 0; i < k; ++i)
    for (Eigen::Index j = i + 1; j < k; ++j, ++c)
      weights.col(c) = (Z.col(i).array() * Z.col(j).array()).min(0.0).matrix();
  // vecsym(x x^T) for every sample, as rows (weight 1 on the diagonal, sqrt 2 off it).
  Eigen::MatrixXd Q(samples, q);
  for (Eigen::Index b = 0, r = 0; b < d; ++b)
    for (Eigen::Index a = b; a < d; ++a, ++r)
      Q.col(r) = (Xw.col(a).array() * Xw.col(b).array() * (a == b ? 1.0 : std::sqrt(2.0))).matrix();
  Eigen::MatrixXd N = Q.transpose() * weights / static_cast<double>(samples);
  const Eigen::VectorXd v = vecsym(Eigen::MatrixXd::Identity(d, d)).normalized();
  N -= v * (v.transpose() * N);
  return Eigen::JacobiSVD<Eigen::MatrixXd>(N).singularValues().minCoeff();
}

namespace {

using namespace detail;

/// What a path sets at one knob value: the teacher, the input law's name and the label noise.
struct PathPoint {
  Network teacher;
  std::string law = "gaussian";
  double noise = 0;
};

/// The path's start: d = 10, k = 4, m = 4, W and A with iid N(0, 1) entries.
Network generic_teacher(std::uint64_t seed) {
  TeacherOptions t;
  t.d = 10;
  t.k = 4;
  t.m = 4;
  t.seed = seed;
  return make_teacher(t);
}

template <class Path>
class Boundary final : public TypedExperiment<BoundaryRow<Path>> {
 public:
  using Row = BoundaryRow<Path>;
  std::string name() const override { return Path::name; }
  std::string description() const override;

 protected:
  std::vector<Row> typed_points(const ExperimentScale& s) const override {
    std::vector<Row> out;
    for (double knob : knobs(s.size)) out.push_back({.knob = knob});
    return with_seeds(out, s, pick(s.size, 1, 5, 10));
  }
  void measure(Row& row, const ExperimentScale& s) const override {
    const auto seed = static_cast<std::uint64_t>(row.seed);
    const PathPoint p = point(row.knob, seed);
    const Network& net = p.teacher;
    const Eigen::Index k = net.hidden();
    const auto law = make_input_law(p.law, net.input_dim(), seed);
    row.rank_A = numerical_rank(net.A);
    row.rank_W = numerical_rank(net.W);
    row.sigma_min =
        distinguishing_sigma_min(net, *law, pick<Eigen::Index>(s.size, 20000, 100000, 400000));
    // No proven query lower bound covers one fixed network of this kind: the CSQ/SQ bounds are
    // about families (docs/experiments.md).
    row.lower_bound = "none";
    const Split data = sample_split(net, *law, pick<std::uint64_t>(s.size, 4000, 20000, 100000),
                                    5000, seed, p.noise);
    const Eigen::MatrixXd eval = evaluation_inputs(*law);
    if (net.output_dim() < k) {
      // The method needs k <= m (A of rank k) and refuses on its face otherwise.
      row.spectral_status = "refused_k_above_m";
    } else {
      const SpectralOutcome spectral = spectral_recovery(data, net, eval, k, seed);
      row.spectral_status = std::string(spectral.result.summary.status_name());
      row.spectral_W_err = spectral.W_err;
      row.spectral_out_err = spectral.out_err;
    }
    const int epochs = pick(s.size, 3, 15, 40);
    const TrainResult wide =
        gradient_learner(data, pick<Eigen::Index>(s.size, 16, 32, 128), epochs, seed);
    row.wide_test_error = wide.summary.test_error;
    row.wide_train_error = wide.summary.train_error;
    const TrainResult narrow = gradient_learner(data, k, epochs, seed);
    row.narrow_test_error = narrow.summary.test_error;
    row.narrow_W_err = compare_networks(narrow.student.to_network(), net, Eigen::MatrixXd()).W_err;
  }

 private:
  std::vector<double> knobs(ExperimentSize size) const;
  PathPoint point(double knob, std::uint64_t seed) const;
};

// (a) outputs: the first m rows of A, same hidden layer.
template <>
std::string Boundary<OutputsPath>::description() const {
  return "outputs m from k = 4 down to 1 with the same hidden layer (d = 10): GKLW needs m >= k";
}
template <>
std::vector<double> Boundary<OutputsPath>::knobs(ExperimentSize size) const {
  return pick<std::vector<double>>(size, {4, 1}, {4, 3, 2, 1}, {4, 3, 2, 1});
}
template <>
PathPoint Boundary<OutputsPath>::point(double m, std::uint64_t seed) const {
  Network net = generic_teacher(seed);
  if (!(m >= 1 && m <= 4 && m == std::floor(m)))
    throw InputError("boundary-outputs: m = " + format_value(m) + " is not in 1..4");
  net.A = net.A.topRows(static_cast<Eigen::Index>(m)).eval();
  return {net};
}

// (b) rank: unit directions moved towards the four sign vectors on two coordinates (a ReLU parity
// layer of |S| = 2), so that W's rank falls from 4 to 2 at collapse 1.
template <>
std::string Boundary<RankPath>::description() const {
  return "hidden directions collapsing (0: generic, 1: the 4 sign vectors on 2 coordinates, "
         "rank 2): GKLW needs W of rank k and a non-degenerate distinguishing matrix";
}
template <>
std::vector<double> Boundary<RankPath>::knobs(ExperimentSize size) const {
  return pick<std::vector<double>>(size, {0, 1}, {0, 0.5, 0.8, 0.9, 0.95, 0.99, 1},
                                   {0, 0.25, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99, 1});
}
template <>
PathPoint Boundary<RankPath>::point(double t, std::uint64_t seed) const {
  if (!(t >= 0 && t <= 1)) throw InputError("boundary-rank: collapse must be in [0, 1]");
  Network net = generic_teacher(seed);
  for (Eigen::Index i = 0; i < net.W.rows(); ++i) {
    Eigen::VectorXd end = Eigen::VectorXd::Zero(net.W.cols());
    end[0] = (i & 1) ? -1.0 : 1.0;
    end[1] = (i & 2) ? -1.0 : 1.0;
    const Eigen::VectorXd start = net.W.row(i).normalized();
    net.W.row(i) = ((1 - t) * start + t * end.normalized()).normalized();
  }
  return {net};
}

// (c) symmetry: x ~ N(mu, I) with |mu| = shift.
template <>
std::string Boundary<SymmetryPath>::description() const {
  return "inputs N(mu, I) moving off symmetry (|mu| = shift): GKLW needs x and -x equally likely";
}
template <>
std::vector<double> Boundary<SymmetryPath>::knobs(ExperimentSize size) const {
  return pick<std::vector<double>>(size, {0, 1}, {0, 0.05, 0.1, 0.2, 0.3, 1},
                                   {0, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2});
}
template <>
PathPoint Boundary<SymmetryPath>::point(double shift, std::uint64_t seed) const {
  if (!(shift >= 0)) throw InputError("boundary-symmetry: shift must be >= 0");
  return {generic_teacher(seed),
          shift == 0 ? std::string("gaussian") : "shifted_gaussian:" + format_value(shift)};
}

// (d) label noise, relative to the outputs' RMS.
template <>
std::string Boundary<NoisePath>::description() const {
  return "label noise (relative to the outputs' RMS) on the recoverable network";
}
template <>
std::vector<double> Boundary<NoisePath>::knobs(ExperimentSize size) const {
  return pick<std::vector<double>>(size, {0, 1}, {0, 0.3, 1, 2}, {0, 0.1, 0.3, 0.5, 1, 2});
}
template <>
PathPoint Boundary<NoisePath>::point(double noise, std::uint64_t seed) const {
  if (!(noise >= 0)) throw InputError("boundary-noise: noise must be >= 0");
  return {generic_teacher(seed), "gaussian", noise};
}

}  // namespace

std::unique_ptr<Experiment> make_boundary_experiment(const std::string& name) {
  if (name == OutputsPath::name) return std::make_unique<Boundary<OutputsPath>>();
  if (name == RankPath::name) return std::make_unique<Boundary<RankPath>>();
  if (name == SymmetryPath::name) return std::make_unique<Boundary<SymmetryPath>>();
  if (name == NoisePath::name) return std::make_unique<Boundary<NoisePath>>();
  return nullptr;
}

}  // namespace nnm
