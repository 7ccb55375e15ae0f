#include "nnm/sq/probe.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <boost/math/special_functions/erf.hpp>
#include <chrono>
#include <cmath>
#include <numeric>
#include <string>

#include "nnm/core/error.hpp"
#include "nnm/data/block_reduce.hpp"
#include "nnm/sq/hermite.hpp"

namespace nnm {

double apply_transform(LabelTransform transform, double y) {
  switch (transform) {
    case LabelTransform::identity:
      return y;
    case LabelTransform::square:
      return y * y;
    case LabelTransform::abs:
      return std::abs(y);
    case LabelTransform::sign:
      return y > 0.0 ? 1.0 : (y < 0.0 ? -1.0 : 0.0);
  }
  return y;
}

double probabilists_hermite(int j, double z) {
  double previous = 1.0, current = z;  // He_0, He_1
  if (j == 0) return previous;
  for (int m = 1; m < j; ++m) {
    const double next = z * current - m * previous;
    previous = current;
    current = next;
  }
  return current;
}

void ProbeOptions::validate() const {
  if (transforms.empty()) throw InputError("probe: transforms must name at least one transform");
  if (degrees.empty()) throw InputError("probe: degrees must name at least one degree");
  for (int j : degrees)
    if (j < 1 || j > 8)
      throw InputError("probe: every degree must be from 1 to 8, got " + std::to_string(j));
  if (eigenvectors < 0) throw InputError("probe: eigenvectors must be ≥ 0");
  if (output < 0) throw InputError("probe: output must be ≥ 0");
  if (!(level > 0.0 && level < 1.0)) throw InputError("probe: level must be in (0, 1)");
}

namespace {

/// Raw sums over samples; everything the statistics need is a function of them.
struct ProbeSums {
  const ProbeOptions* o = nullptr;
  Eigen::Index d = 0;
  double n = 0.0, y = 0.0, y2 = 0.0;
  Eigen::VectorXd t, t2;             // Σ T, Σ T² per transform
  Eigen::MatrixXd h, h2;             // Σ He_j(x_i), Σ He_j² : d × degrees
  std::vector<Eigen::MatrixXd> th;   // per transform: Σ T He_j(x_i), d × degrees
  std::vector<Eigen::MatrixXd> txx;  // per transform: Σ T x xᵀ
  Eigen::MatrixXd xx;                // Σ x xᵀ

  ProbeSums(const ProbeOptions& options, Eigen::Index dim) : o(&options), d(dim) {
    const auto nt = static_cast<Eigen::Index>(options.transforms.size());
    const auto nj = static_cast<Eigen::Index>(options.degrees.size());
    t = t2 = Eigen::VectorXd::Zero(nt);
    h = h2 = Eigen::MatrixXd::Zero(d, nj);
    th.assign(static_cast<std::size_t>(nt), Eigen::MatrixXd::Zero(d, nj));
    txx.assign(static_cast<std::size_t>(nt), Eigen::MatrixXd::Zero(d, d));
    xx = Eigen::MatrixXd::Zero(d, d);
  }

  void add(const Eigen::Ref<const Eigen::MatrixXd>& X, const Eigen::Ref<const Eigen::MatrixXd>& Y) {
    const Eigen::Index rows = X.rows();
    const Eigen::VectorXd y_col = Y.col(o->output);
    n += static_cast<double>(rows);
    y += y_col.sum();
    y2 += y_col.squaredNorm();
    xx.noalias() += X.transpose() * X;
    std::vector<Eigen::MatrixXd> hermite;
    for (int j : o->degrees)
      hermite.push_back(X.unaryExpr([j](double z) { return probabilists_hermite(j, z); }));
    for (std::size_t c = 0; c < hermite.size(); ++c) {
      const auto col = static_cast<Eigen::Index>(c);
      h.col(col) += hermite[c].colwise().sum().transpose();
      h2.col(col) += hermite[c].cwiseAbs2().colwise().sum().transpose();
    }
    for (std::size_t k = 0; k < o->transforms.size(); ++k) {
      const LabelTransform transform = o->transforms[k];
      const Eigen::VectorXd tv =
          y_col.unaryExpr([transform](double v) { return apply_transform(transform, v); });
      t[static_cast<Eigen::Index>(k)] += tv.sum();
      t2[static_cast<Eigen::Index>(k)] += tv.squaredNorm();
      for (std::size_t c = 0; c < hermite.size(); ++c)
        th[k].col(static_cast<Eigen::Index>(c)).noalias() += hermite[c].transpose() * tv;
      txx[k].noalias() += X.transpose() * (X.array().colwise() * tv.array()).matrix();
    }
  }

  void save(StateWriter& out) const {
    out << n << y << y2 << t << t2 << h << h2 << th << txx << xx;
  }
  void load(StateReader& in) { in >> n >> y >> y2 >> t >> t2 >> h >> h2 >> th >> txx >> xx; }

  void merge(const ProbeSums& other) {
    n += other.n;
    y += other.y;
    y2 += other.y2;
    t += other.t;
    t2 += other.t2;
    h += other.h;
    h2 += other.h2;
    xx += other.xx;
    for (std::size_t k = 0; k < th.size(); ++k) {
      th[k] += other.th[k];
      txx[k] += other.txx[k];
    }
  }
};

ProbeMatrix probe_matrix(const ProbeSums& s, std::size_t k, Eigen::Index count) {
  ProbeMatrix m;
  m.transform = s.o->transforms[k];
  const double mean_t = s.t[static_cast<Eigen::Index>(k)] / s.n;
  m.matrix = s.txx[k] / s.n - mean_t * (s.xx / s.n);
  m.matrix = 0.5 * (m.matrix + m.matrix.transpose()).eval();
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(m.matrix);
  std::vector<Eigen::Index> order(static_cast<std::size_t>(s.d));
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  std::stable_sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) {
    return std::abs(eig.eigenvalues()[a]) > std::abs(eig.eigenvalues()[b]);
  });
  count = std::min(count, s.d);
  m.eigenvalues.resize(count);
  m.eigenvectors.resize(s.d, count);
  for (Eigen::Index c = 0; c < count; ++c) {
    const Eigen::Index at = order[static_cast<std::size_t>(c)];
    m.eigenvalues[c] = eig.eigenvalues()[at];
    Eigen::VectorXd v = eig.eigenvectors().col(at);
    Eigen::Index big = 0;
    v.cwiseAbs().maxCoeff(&big);
    if (v[big] < 0) v = -v;  // a fixed sign: the largest entry positive
    m.eigenvectors.col(c) = v;
  }
  return m;
}

}  // namespace

ProbeResult probe(const SampleSource& source, const ProbeOptions& options) {
  options.validate();
  if (options.output >= source.output_dim())
    throw InputError("probe: the data has " + std::to_string(source.output_dim()) +
                     " output column(s); output " + std::to_string(options.output + 1) +
                     " does not exist");
  const auto start = std::chrono::steady_clock::now();
  const ProbeSums s = block_reduce(source, ProbeSums(options, source.dim()));
  ProbeResult r;
  r.d = source.dim();
  r.n = static_cast<std::uint64_t>(s.n);
  if (s.n < 2) {
    r.summary.status = ProbeStatus::too_few_samples;
    r.summary.message = "the probe needs at least 2 samples, got " + std::to_string(r.n);
    return r;
  }
  r.label_mean = s.y / s.n;
  r.label_mean_square = s.y2 / s.n;
  const Eigen::Index d = r.d;
  r.strength = Eigen::VectorXd::Zero(d);
  r.strongest.assign(static_cast<std::size_t>(d), 0);
  bool any_varies = false;
  for (std::size_t k = 0; k < options.transforms.size(); ++k) {
    const auto kk = static_cast<Eigen::Index>(k);
    const double mean_t = s.t[kk] / s.n;
    const double var_t = std::max(0.0, s.t2[kk] / s.n - mean_t * mean_t);
    // A label map constant up to rounding (|y| or y² of ±1 labels) carries no information.
    const bool varies = var_t > 1e-24 * std::max(1.0, s.t2[kk] / s.n);
    any_varies = any_varies || varies;
    for (std::size_t c = 0; c < options.degrees.size(); ++c) {
      const auto cc = static_cast<Eigen::Index>(c);
      ProbeStatistic st;
      st.transform = options.transforms[k];
      st.degree = options.degrees[c];
      st.moment = s.th[k].col(cc) / s.n;
      st.correlation = Eigen::VectorXd::Zero(d);
      for (Eigen::Index i = 0; i < d; ++i) {
        const double mean_h = s.h(i, cc) / s.n;
        const double var_h = std::max(0.0, s.h2(i, cc) / s.n - mean_h * mean_h);
        if (!varies || !(var_h > 0.0)) continue;
        st.correlation[i] = (st.moment[i] - mean_t * mean_h) / std::sqrt(var_t * var_h);
        const double strength = std::abs(st.correlation[i]);
        if (strength > r.strength[i]) {
          r.strength[i] = strength;
          r.strongest[static_cast<std::size_t>(i)] = r.statistics.size();
        }
      }
      r.statistics.push_back(std::move(st));
    }
    r.matrices.push_back(probe_matrix(s, k, options.eigenvectors));
  }
  r.ranking.resize(static_cast<std::size_t>(d));
  std::iota(r.ranking.begin(), r.ranking.end(), Eigen::Index{0});
  std::stable_sort(r.ranking.begin(), r.ranking.end(),
                   [&](Eigen::Index a, Eigen::Index b) { return r.strength[a] > r.strength[b]; });
  const double tests = static_cast<double>(r.statistics.size()) * static_cast<double>(d);
  r.threshold = std::sqrt(2.0) * boost::math::erfc_inv(options.level / tests) / std::sqrt(s.n);
  for (Eigen::Index i : r.ranking)
    if (r.strength[i] > r.threshold) r.significant.push_back(i);
  if (!any_varies) {
    r.summary.status = ProbeStatus::constant_labels;
    r.summary.message = "every transformed label is constant: the labels carry no information";
  }
  r.summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

RidgeProbe ridge_probe_gaussian(const Network& network, LabelTransform transform, int degree) {
  network.validate();
  if (network.output_dim() != 1) throw InputError("ridge probe: the network must have one output");
  if (degree < 0 || degree > 8) throw InputError("ridge probe: degree must be from 0 to 8");
  const Eigen::Index k = network.hidden();
  Eigen::VectorXd u = Eigen::VectorXd::Zero(network.input_dim());
  for (Eigen::Index j = 0; j < k && u.isZero(); ++j)
    if (network.W.row(j).norm() > 0) u = network.W.row(j).transpose().normalized();
  if (u.isZero()) u[0] = 1.0;  // a constant network: any direction will do
  std::vector<double> breakpoints;
  Eigen::VectorXd slope(k);
  double steepest = 1.0;
  for (Eigen::Index j = 0; j < k; ++j) {
    const Eigen::VectorXd w = network.W.row(j).transpose();
    slope[j] = w.dot(u);
    if ((w - slope[j] * u).norm() > 1e-12 * std::max(1.0, w.norm()))
      throw InputError("ridge probe: hidden unit " + std::to_string(j + 1) +
                       " does not point along the first unit's direction (not a ridge function)");
    const double b = network.b.size() ? network.b[j] : 0.0;
    if (slope[j] != 0.0) {
      breakpoints.push_back(-b / slope[j]);
      steepest = std::max(steepest, std::abs(slope[j]));
    }
  }
  // Panels no wider than half a transition of the sharpest unit keep 20-point Gauss–Legendre
  // accurate to rounding for smooth units; kinks sit on panel edges.
  const QuadratureRule rule = gaussian_rule(breakpoints, std::min(0.5, 0.5 / steepest));
  const double c = network.c.size() ? network.c[0] : 0.0;
  double he_moment = 0.0;
  RidgeProbe out;
  for (Eigen::Index q = 0; q < rule.nodes.size(); ++q) {
    const double z = rule.nodes[q];
    double g = c;
    for (Eigen::Index j = 0; j < k; ++j)
      g += network.A(0, j) *
           network.activation(slope[j] * z + (network.b.size() ? network.b[j] : 0.0));
    const double tv = apply_transform(transform, g);
    he_moment += rule.weights[q] * tv * probabilists_hermite(degree, z);
    out.mean += rule.weights[q] * tv;
    out.mean_square += rule.weights[q] * tv * tv;
  }
  out.moment = u.unaryExpr([degree](double v) {
    double p = 1.0;
    for (int m = 0; m < degree; ++m) p *= v;
    return p;
  }) * he_moment;
  return out;
}

}  // namespace nnm
