#include "nnm/hard/parity.hpp"

#include <algorithm>
#include <cmath>

#include "hard/family_base.hpp"
#include "nnm/core/error.hpp"
#include "nnm/core/random.hpp"
#include "nnm/hard/combinatorics.hpp"
#include "nnm/sq/hermite.hpp"
#include "nnm/sq/kernels.hpp"

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

double parity_norm2_gaussian(const Activation& sigma, Eigen::Index k) {
  // Pairs (w, w') that disagree in j places: 2^k C(k, j) of them, χ(w)χ(w') = (−1)^j, and
  // ⟨w, w'⟩/k = (k − 2j)/k.
  double sum = 0.0;
  for (Eigen::Index j = 0; j <= k; ++j)
    sum += binomial(k, j) * (j % 2 ? -1.0 : 1.0) *
           activation_kernel(sigma, static_cast<double>(k - 2 * j) / static_cast<double>(k));
  return std::ldexp(sum, static_cast<int>(k));
}

bool flips_each_coordinate(const InputLaw& law) {
  const std::string name = law.name(), base = name.substr(0, name.find(':'));
  for (const char* known :
       {"gaussian", "uniform", "rademacher", "laplace", "student_t", "sphere", "ksat"})
    if (base == known) return true;
  return false;
}

namespace {

class ParityFamily final : public detail::FamilyWith<ParityOptions> {
 public:
  explicit ParityFamily(const ParityOptions& options) : FamilyWith(options, "parity") {}
  Eigen::Index dim() const override { return o_.d; }
  double size() const override { return binomial(o_.d, o_.k); }

  FamilyMember member(std::uint64_t index) const override {
    const std::vector<Eigen::Index> subset = member_subset(o_.d, o_.k, index);
    return {
        parity_member(o_, subset), {{"index", index}, {"subset", one_based(subset)}}, o_.labels};
  }

  nlohmann::json parameters() const override {
    nlohmann::json p = {{"family", "parity"},
                        {"d", o_.d},
                        {"k", o_.k},
                        {"activation", o_.activation.name()},
                        {"scale", enum_name(o_.scale)}};
    // Only the classification variant says so, so that regression outputs stay as they were.
    if (o_.labels == LabelKind::boolean) p["labels"] = enum_name(o_.labels);
    return p;
  }

  HardnessClaim claim() const override {
    if (o_.labels == LabelKind::boolean)
      return {LearnerClass::sq,
              "every statistical-query learner: labels are +-1 with E[y|x] = clamp(f_S(x), -1, 1), "
              "so E[phi(x, y)] is a target-free term plus a correlation with the conditional mean, "
              "and the conditional means are exactly orthogonal under sign-flip-invariant laws"};
    return {LearnerClass::csq,
            "correlational learners only (gradient descent on the square loss): with real labels "
            "E[y^2 (x_i^2 - 1)] is (2/k) E[y^2] on S and 0 off S, so d statistical queries find S"};
  }

  std::string why_no_family_lambda(const InputLaw& law) const override {
    return "the law " + law.name() +
           " does not flip each coordinate's sign independently, so members correlate";
  }

  std::optional<FamilyLambda> family_lambda(const InputLaw& law,
                                            const CorrelationOptions&) const override {
    if (!flips_each_coordinate(law)) return std::nullopt;
    return FamilyLambda{
        1.0, 0.0, true,
        std::string("exactly orthogonal") +
            (o_.labels == LabelKind::boolean ? " (conditional means clamp(f_S))" : "") +
            ": the law flips each coordinate's sign independently"};
  }
};

}  // namespace

std::unique_ptr<HardFamily> make_parity_family(const ParityOptions& options) {
  return std::make_unique<ParityFamily>(options);
}

}  // namespace nnm
