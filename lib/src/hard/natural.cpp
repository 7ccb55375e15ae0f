#include "nnm/hard/natural.hpp"

#include <charconv>
#include <cmath>

#include "hard/family_base.hpp"
#include "nnm/core/error.hpp"
#include "nnm/core/random.hpp"

namespace nnm {

void NaturalOptions::validate() const {
  if (d < 1) throw InputError("natural: d must be at least 1, got " + std::to_string(d));
  if (k < 1)
    throw InputError("natural: k (hidden units) must be at least 1, got " + std::to_string(k));
  if (m < 1) throw InputError("natural: m (outputs) must be at least 1, got " + std::to_string(m));
}

namespace {

/// rows × cols iid entries of variance `variance`, normal or uniform, from (seed, family, index).
Eigen::MatrixXd random_weights(Eigen::Index rows, Eigen::Index cols, double variance,
                               NaturalOptions::Weights kind, std::uint64_t seed,
                               std::uint64_t index) {
  if (kind == NaturalOptions::Weights::normal)
    return std::sqrt(variance) * random_normal_matrix(rows, cols, seed, streams::family, index);
  Random rng(seed, streams::family, index);
  const double half_width = std::sqrt(3.0 * variance);
  Eigen::MatrixXd out(rows, cols);
  for (Eigen::Index j = 0; j < cols; ++j)
    for (Eigen::Index i = 0; i < rows; ++i) out(i, j) = rng.uniform(-half_width, half_width);
  return out;
}

}  // namespace

Network natural_network(const NaturalOptions& o, std::uint64_t index) {
  o.validate();
  Network net;
  net.activation = o.activation;
  net.W = random_weights(o.k, o.d, 1.0 / static_cast<double>(o.d), o.weights, o.seed, 2 * index);
  net.A =
      random_weights(o.m, o.k, 1.0 / static_cast<double>(o.k), o.weights, o.seed, 2 * index + 1);
  return net;
}

namespace {

class NaturalFamily final : public detail::FamilyWith<NaturalOptions> {
 public:
  explicit NaturalFamily(const NaturalOptions& o) : FamilyWith(o, "natural") {}
  Eigen::Index dim() const override { return o_.d; }
  double size() const override { return INFINITY; }
  FamilyMember member(std::uint64_t index) const override {
    return {natural_network(o_, index), {{"index", index}}};
  }
  nlohmann::json parameters() const override {
    return {{"family", "natural"},
            {"d", o_.d},
            {"k", o_.k},
            {"m", o_.m},
            {"activation", o_.activation.name()},
            {"weights", enum_name(o_.weights)},
            {"seed", o_.seed}};
  }
  HardnessClaim claim() const override {
    return {LearnerClass::conditional,
            "DV20's hardness is conditional (RSAT) and for an input law built from the network; "
            "the ksat law here is fixed, symmetric and independent of W: a benign control that "
            "spectral recovery learns"};
  }
};

class KsatLaw final : public InputLaw {
 public:
  KsatLaw(Eigen::Index d, Eigen::Index clause, std::uint64_t seed)
      : InputLaw(d, seed), clause_(clause) {}
  std::string name() const override { return "ksat:" + std::to_string(clause_); }
  bool symmetric() const override { return true; }  // every literal's sign is a fair coin
  Eigen::MatrixXd covariance() const override {
    return static_cast<double>(clause_) / static_cast<double>(dim()) *
           Eigen::MatrixXd::Identity(dim(), dim());
  }

 protected:
  void draw(Random& rng, Eigen::Ref<Eigen::VectorXd> x) const override {
    x.setZero();
    // K distinct variables by rejection: K ≤ d and clauses are short, so this is cheap.
    for (Eigen::Index placed = 0; placed < clause_;) {
      const auto v = static_cast<Eigen::Index>(rng.below(static_cast<std::uint64_t>(dim())));
      if (x[v] != 0.0) continue;
      x[v] = rng.sign();
      ++placed;
    }
  }

 private:
  Eigen::Index clause_;
};

}  // namespace

std::unique_ptr<HardFamily> make_natural_family(const NaturalOptions& options) {
  return std::make_unique<NaturalFamily>(options);
}

std::unique_ptr<InputLaw> make_ksat_law(Eigen::Index d, Eigen::Index clause_size,
                                        std::uint64_t seed) {
  if (clause_size < 1 || clause_size > d)
    throw InputError("input law ksat: K must be from 1 to d = " + std::to_string(d) + ", got " +
                     std::to_string(clause_size));
  return std::make_unique<KsatLaw>(d, clause_size, seed);
}

std::unique_ptr<InputLaw> make_family_input_law(std::string_view name, Eigen::Index d,
                                                std::uint64_t seed) {
  if (name == "ksat") return make_ksat_law(d, 3, seed);
  if (name.starts_with("ksat:")) {
    long k = 0;
    const auto arg = name.substr(5);
    const auto [end, ec] = std::from_chars(arg.data(), arg.data() + arg.size(), k);
    if (ec != std::errc() || end != arg.data() + arg.size())
      throw InputError("input law ksat: K must be a whole number, got '" + std::string(arg) + "'");
    return make_ksat_law(d, k, seed);
  }
  return make_input_law(name, d, seed);
}

}  // namespace nnm
