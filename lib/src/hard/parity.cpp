#include "nnm/hard/parity.hpp"

#include <cmath>

#include "nnm/core/error.hpp"
#include "nnm/core/random.hpp"
#include "nnm/data/distributions.hpp"
#include "nnm/sq/correlation.hpp"
#include "nnm/sq/hermite.hpp"

namespace nnm {

void ParityOptions::validate() const {
  if (d < 1) throw InputError("parity: d must be at least 1, got " + std::to_string(d));
  if (k < 1 || k > d)
    throw InputError("parity: k must be from 1 to d = " + std::to_string(d) + ", got " +
                     std::to_string(k));
  if (k > 20)
    throw InputError("parity: k must be at most 20 (2^k hidden units), got " + std::to_string(k));
  if (!hermite_support(activation).reaches(static_cast<int>(k))) {
    std::string hint;
    const auto kind = activation.kind();
    if (kind == Activation::Kind::relu || kind == Activation::Kind::leaky_relu ||
        kind == Activation::Kind::abs || kind == Activation::Kind::softplus)
      hint = "; use an even k (or k = 1)";
    else if (kind == Activation::Kind::sigmoid || kind == Activation::Kind::tanh)
      hint = "; use an odd k";
    throw InputError("parity: with activation " + activation.name() +
                     " and k = " + std::to_string(k) + " every member is identically zero" + hint);
  }
}

ParityOptions::Scale parse_parity_scale(const std::string& name) {
  if (name == "sum") return ParityOptions::Scale::sum;
  if (name == "average") return ParityOptions::Scale::average;
  if (name == "unit") return ParityOptions::Scale::unit;
  throw InputError("parity: unknown scale '" + name + "' (valid: sum, average, unit)");
}

double binomial(Eigen::Index n, Eigen::Index r) {
  if (r < 0 || r > n) return 0.0;
  r = std::min(r, n - r);
  double c = 1.0;
  for (Eigen::Index i = 1; i <= r; ++i)
    c = c * static_cast<double>(n - r + i) / static_cast<double>(i);
  return std::round(c);
}

std::vector<Eigen::Index> subset_of_rank(Eigen::Index d, Eigen::Index k, std::uint64_t index) {
  if (static_cast<double>(index) >= binomial(d, k))
    throw InputError("member index " + std::to_string(index) + " is out of range: there are " +
                     std::to_string(static_cast<std::uint64_t>(binomial(d, k))) + " subsets");
  // Colex order: the largest element c_k is the largest c with C(c, k) ≤ index, and so on down.
  std::vector<Eigen::Index> subset(static_cast<std::size_t>(k));
  Eigen::Index c = d;
  for (Eigen::Index i = k; i >= 1; --i) {
    do --c;
    while (binomial(c, i) > static_cast<double>(index));
    subset[static_cast<std::size_t>(i - 1)] = c;
    index -= static_cast<std::uint64_t>(binomial(c, i));
  }
  return subset;
}

Network parity_member(const ParityOptions& options, const std::vector<Eigen::Index>& subset) {
  options.validate();
  const Eigen::Index k = options.k, units = Eigen::Index{1} << k;
  if (static_cast<Eigen::Index>(subset.size()) != k)
    throw InputError("parity: subset has " + std::to_string(subset.size()) +
                     " entries, expected k = " + std::to_string(k));
  double scale = 1.0;
  if (options.scale == ParityOptions::Scale::average) scale = std::ldexp(1.0, static_cast<int>(-k));
  if (options.scale == ParityOptions::Scale::unit)
    scale = 1.0 / std::sqrt(parity_norm2_gaussian(options.activation, k));
  Network net;
  net.activation = options.activation;
  net.W = Eigen::MatrixXd::Zero(units, options.d);
  net.A.resize(1, units);
  const double inv_sqrt_k = 1.0 / std::sqrt(static_cast<double>(k));
  for (Eigen::Index u = 0; u < units; ++u) {
    double chi = 1.0;
    for (Eigen::Index i = 0; i < k; ++i) {
      const double w = (u >> i) & 1 ? -1.0 : 1.0;
      const Eigen::Index col = subset[static_cast<std::size_t>(i)];
      if (col < 0 || col >= options.d) throw InputError("parity: subset entry out of range");
      net.W(u, col) = w * inv_sqrt_k;
      chi *= w;
    }
    net.A(0, u) = scale * chi;
  }
  return net;
}

double activation_kernel(const Activation& sigma, double rho) {
  if (sigma.is_linear_plus_abs()) return linear_abs_kernel(sigma, rho);
  // Two unit directions in the plane with ⟨u, v⟩ = ρ; the correlation engine integrates exactly.
  rho = std::clamp(rho, -1.0, 1.0);
  Network f, g;
  f.activation = g.activation = sigma;
  f.A = g.A = Eigen::MatrixXd::Ones(1, 1);
  f.W = Eigen::RowVector2d(1.0, 0.0);
  g.W = Eigen::RowVector2d(rho, std::sqrt(1.0 - rho * rho));
  CorrelationOptions options;
  options.method = CorrelationMethod::quadrature;
  return correlation(f, g, *make_input_law("gaussian", 2, 1), options).value;
}

double parity_norm2_gaussian(const Activation& sigma, Eigen::Index k) {
  // Pairs (w, w') that disagree in j places: 2^k C(k, j) of them, χ(w)χ(w') = (−1)^j, and
  // ⟨w, w'⟩/k = (k − 2j)/k.
  double sum = 0.0;
  for (Eigen::Index j = 0; j <= k; ++j)
    sum += binomial(k, j) * (j % 2 ? -1.0 : 1.0) *
           activation_kernel(sigma, static_cast<double>(k - 2 * j) / static_cast<double>(k));
  return std::ldexp(sum, static_cast<int>(k));
}

namespace {

class ParityFamily final : public HardFamily {
 public:
  explicit ParityFamily(const ParityOptions& options) : options_(options) { options_.validate(); }
  std::string kind() const override { return "parity"; }
  Eigen::Index dim() const override { return options_.d; }
  double size() const override { return binomial(options_.d, options_.k); }

  FamilyMember member(std::uint64_t index) const override {
    std::vector<Eigen::Index> subset;
    if (size() < 0x1p62) {
      subset = subset_of_rank(options_.d, options_.k, index);
    } else {  // too many to rank exactly: a uniform random subset keyed by the index
      std::vector<Eigen::Index> all(static_cast<std::size_t>(options_.d));
      for (Eigen::Index i = 0; i < options_.d; ++i) all[static_cast<std::size_t>(i)] = i;
      Random rng(index, streams::family, 0);
      for (Eigen::Index i = 0; i < options_.k; ++i)
        std::swap(all[static_cast<std::size_t>(i)],
                  all[static_cast<std::size_t>(i) +
                      rng.below(static_cast<std::uint64_t>(options_.d - i))]);
      subset.assign(all.begin(), all.begin() + options_.k);
      std::sort(subset.begin(), subset.end());
    }
    Network net = parity_member(options_, subset);
    std::vector<Eigen::Index> one_based;
    for (auto s : subset) one_based.push_back(s + 1);
    return {std::move(net), {{"index", index}, {"subset", one_based}}};
  }

  nlohmann::json parameters() const override {
    static const char* scales[] = {"sum", "average", "unit"};
    return {{"family", "parity"},
            {"d", options_.d},
            {"k", options_.k},
            {"activation", options_.activation.name()},
            {"scale", scales[static_cast<int>(options_.scale)]}};
  }

 private:
  ParityOptions options_;
};

}  // namespace

std::unique_ptr<HardFamily> make_parity_family(const ParityOptions& options) {
  return std::make_unique<ParityFamily>(options);
}

}  // namespace nnm
