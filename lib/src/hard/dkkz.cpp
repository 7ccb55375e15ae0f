#include "nnm/hard/dkkz.hpp"

#include <cmath>
#include <numbers>

#include "hard/family_base.hpp"
#include "nnm/core/error.hpp"
#include "nnm/core/random.hpp"

namespace nnm {

void DkkzOptions::validate() const {
  if (d < 2) throw InputError("dkkz: d must be at least 2, got " + std::to_string(d));
  if (k < 2 || k % 2 != 0 || k > 1000)
    throw InputError("dkkz: k must be an even number from 2 to 1000, got " + std::to_string(k));
}

Network dkkz_member(const DkkzOptions& o, const Eigen::MatrixXd& U) {
  o.validate();
  if (U.rows() != 2 || U.cols() != o.d) throw InputError("dkkz: U must be 2 × d");
  Network net;
  net.activation = Activation(Activation::Kind::relu);
  net.W.resize(2 * o.k, o.d);
  net.A.resize(1, 2 * o.k);
  for (Eigen::Index i = 0; i < o.k; ++i) {
    const double angle = std::numbers::pi * static_cast<double>(i) / static_cast<double>(o.k);
    const Eigen::RowVectorXd row = std::cos(angle) * U.row(0) + std::sin(angle) * U.row(1);
    const double sign = i % 2 == 0 ? 1.0 : -1.0;
    net.W.row(2 * i) = row;  // |t| = relu(t) + relu(−t)
    net.W.row(2 * i + 1) = -row;
    net.A(0, 2 * i) = net.A(0, 2 * i + 1) = sign;
  }
  return net;
}

namespace {

class DkkzFamily final : public detail::FamilyWith<DkkzOptions> {
 public:
  explicit DkkzFamily(const DkkzOptions& o) : FamilyWith(o, "dkkz") {}
  Eigen::Index dim() const override { return o_.d; }
  double size() const override { return INFINITY; }
  FamilyMember member(std::uint64_t index) const override {
    const Eigen::MatrixXd U = random_orthogonal(o_.d, o_.seed, streams::family, index).topRows(2);
    // U.row() of a column-major matrix is strided: copy through row vectors.
    const Eigen::RowVectorXd r0 = U.row(0), r1 = U.row(1);
    nlohmann::json info = {{"index", index},
                           {"U",
                            {std::vector<double>(r0.data(), r0.data() + o_.d),
                             std::vector<double>(r1.data(), r1.data() + o_.d)}}};
    return {dkkz_member(o_, U), std::move(info)};
  }
  nlohmann::json parameters() const override {
    return {{"family", "dkkz"}, {"d", o_.d}, {"k", o_.k}, {"seed", o_.seed}};
  }
  HardnessClaim claim() const override {
    return {LearnerClass::csq,
            "correlational learners: members are orthogonal to every polynomial of degree < k "
            "under rotation-invariant laws; no statistical-query bound is computed"};
  }
};

}  // namespace

std::unique_ptr<HardFamily> make_dkkz_family(const DkkzOptions& options) {
  return std::make_unique<DkkzFamily>(options);
}

}  // namespace nnm
