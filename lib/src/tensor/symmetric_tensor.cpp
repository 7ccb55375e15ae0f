#include "nnm/tensor/symmetric_tensor.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "nnm/core/error.hpp"
#include "nnm/core/parallel_blocks.hpp"
#include "nnm/data/atomic_file.hpp"
#include "nnm/data/model_io.hpp"

namespace nnm {
namespace {

Eigen::Index checked_size(int order, Eigen::Index dim) {
  if (order != 3 && order != 4)
    throw InputError("symmetric tensor: order must be 3 or 4, got " + std::to_string(order));
  if (dim < 1) throw InputError("symmetric tensor: dim must be at least 1");
  // A dense tensor beyond 2^28 entries (2 GB) is a mistake: use an implicit operator instead.
  Eigen::Index size = 1;
  for (int p = 0; p < order; ++p) {
    if (size > (Eigen::Index{1} << 28) / dim)
      throw InputError("symmetric tensor: dim " + std::to_string(dim) + " at order " +
                       std::to_string(order) + " is too large to store densely");
    size *= dim;
  }
  return size;
}

// Rows [first, first + rows) of the matrix whose column l is u_l ⊗ … ⊗ u_l (`times` factors, last
// index fastest): only the rows a block of the unfolded tensor needs.
Eigen::MatrixXd kron_rows(const Eigen::MatrixXd& U, int times, Eigen::Index first,
                          Eigen::Index rows) {
  const Eigen::Index d = U.rows();
  Eigen::MatrixXd k(rows, U.cols());
  for (Eigen::Index r = 0; r < rows; ++r) {
    Eigen::RowVectorXd prod = Eigen::RowVectorXd::Ones(U.cols());
    Eigen::Index idx = first + r;
    for (int t = 0; t < times; ++t, idx /= d) prod = prod.cwiseProduct(U.row(idx % d));
    k.row(r) = prod;
  }
  return k;
}

Eigen::MatrixXd kron_powers(const Eigen::MatrixXd& U, int times) {
  Eigen::Index rows = 1;
  for (int t = 0; t < times; ++t) rows *= U.rows();
  return kron_rows(U, times, 0, rows);
}

// Σ over row blocks of unfoldᵀ-weighted products, as a deterministic blocked reduction: out =
// (unfold rows)ᵀ · (kron rows), summed over fixed blocks of the unfolding's rows in order.
Eigen::MatrixXd unfold_product(const Eigen::Map<const Eigen::MatrixXd>& unfold,
                               const Eigen::MatrixXd& U, int times, bool kron_first) {
  const Eigen::Index rows = unfold.rows(), L = U.cols();
  Eigen::MatrixXd total = kron_first ? Eigen::MatrixXd::Zero(L, unfold.cols())
                                     : Eigen::MatrixXd::Zero(unfold.cols(), L);
  // Small products run their blocks one by one: on a busy machine waking a thread team costs
  // more than the work. The blocks and their order, hence the bits, are the same either way.
  const double work = static_cast<double>(unfold.size()) * static_cast<double>(L);
  const Eigen::Index wave = work < 4e6 ? 1 : 16;
  std::vector<Eigen::MatrixXd> parts(static_cast<std::size_t>(wave));
  reduce_in_blocks(
      rows, kTensorBlockRows, wave,
      [&](Eigen::Index slot, Eigen::Index first, Eigen::Index count) {
        const Eigen::MatrixXd k = kron_rows(U, times, first, count);
        if (kron_first)
          parts[static_cast<std::size_t>(slot)].noalias() =
              k.transpose() * unfold.middleRows(first, count);
        else
          parts[static_cast<std::size_t>(slot)].noalias() =
              unfold.middleRows(first, count).transpose() * k;
      },
      [&](Eigen::Index slot) { total += parts[static_cast<std::size_t>(slot)]; });
  return total;
}

}  // namespace

SymmetricTensor::SymmetricTensor(int order, Eigen::Index dim)
    : order_(order), dim_(dim), entries_(Eigen::VectorXd::Zero(checked_size(order, dim))) {}

SymmetricTensor::SymmetricTensor(int order, Eigen::Index dim, Eigen::VectorXd entries)
    : order_(order), dim_(dim), entries_(std::move(entries)) {
  const Eigen::Index size = checked_size(order, dim);
  if (entries_.size() != size)
    throw InputError("symmetric tensor: " + std::to_string(entries_.size()) +
                     " entries, expected " + std::to_string(size));
}

SymmetricTensor SymmetricTensor::from_factors(int order, const Eigen::VectorXd& weights,
                                              const Eigen::MatrixXd& factors) {
  SymmetricTensor t(order, factors.rows());
  const Eigen::MatrixXd k = kron_powers(factors, order);
  t.entries_ = k * weights;
  return t;
}

double SymmetricTensor::operator()(Eigen::Index i, Eigen::Index j, Eigen::Index k) const {
  return entries_[(i * dim_ + j) * dim_ + k];
}

double SymmetricTensor::operator()(Eigen::Index i, Eigen::Index j, Eigen::Index k,
                                   Eigen::Index l) const {
  return entries_[((i * dim_ + j) * dim_ + k) * dim_ + l];
}

Eigen::MatrixXd SymmetricTensor::contract(const Eigen::MatrixXd& U) const {
  check_rows(U, "SymmetricTensor::contract");
  const Eigen::Index rest = entries_.size() / dim_;
  const Eigen::Map<const Eigen::MatrixXd> unfold(entries_.data(), rest, dim_);  // (rest index, i)
  return unfold_product(unfold, U, order_ - 1, false);
}

std::vector<Eigen::MatrixXd> SymmetricTensor::slices(const Eigen::MatrixXd& U) const {
  check_rows(U, "SymmetricTensor::slices");
  const Eigen::Index rest = entries_.size() / (dim_ * dim_);
  const Eigen::Map<const Eigen::MatrixXd> unfold(entries_.data(), rest, dim_ * dim_);
  const Eigen::MatrixXd r = unfold_product(unfold, U, order_ - 2, true);  // L × dim²
  std::vector<Eigen::MatrixXd> out;
  for (Eigen::Index l = 0; l < U.cols(); ++l) {
    const Eigen::RowVectorXd row = r.row(l);
    out.push_back(Eigen::Map<const Eigen::MatrixXd>(row.data(), dim_, dim_));
  }
  return out;
}

namespace {
// Calls f(index, permuted index) for every entry and every permutation of its indices.
template <class F>
void for_each_permutation(int order, Eigen::Index dim, Eigen::Index size, F f) {
  std::array<Eigen::Index, 4> idx{};
  for (Eigen::Index flat = 0; flat < size; ++flat) {
    Eigen::Index r = flat;
    for (int p = order - 1; p >= 0; --p) {
      idx[static_cast<std::size_t>(p)] = r % dim;
      r /= dim;
    }
    std::array<int, 4> sigma{0, 1, 2, 3};
    do {
      Eigen::Index g = 0;
      for (int p = 0; p < order; ++p)
        g = g * dim + idx[static_cast<std::size_t>(sigma[static_cast<std::size_t>(p)])];
      f(flat, g);
    } while (std::next_permutation(sigma.begin(), sigma.begin() + order));
  }
}
}  // namespace

double SymmetricTensor::asymmetry() const {
  const double scale = entries_.cwiseAbs().maxCoeff();
  if (scale == 0.0) return 0.0;
  double worst = 0.0;
  for_each_permutation(order_, dim_, size(), [&](Eigen::Index a, Eigen::Index b) {
    worst = std::max(worst, std::abs(entries_[a] - entries_[b]));
  });
  return worst / scale;
}

void SymmetricTensor::symmetrize() {
  Eigen::VectorXd sum = Eigen::VectorXd::Zero(size());
  const double count = order_ == 3 ? 6.0 : 24.0;
  for_each_permutation(order_, dim_, size(),
                       [&](Eigen::Index a, Eigen::Index b) { sum[a] += entries_[b]; });
  entries_ = sum / count;
}

SymmetricTensor read_tensor(const std::string& path) {
  const nlohmann::json j = read_json_file(path);
  const auto fail = [&](const std::string& what) -> void {
    throw InputError(located(path, 0, what));
  };
  if (!j.is_object()) fail("expected a JSON object with \"order\", \"dim\" and \"data\"");
  for (const char* key : {"order", "dim", "data"})
    if (!j.contains(key)) fail(std::string("missing field \"") + key + "\"");
  // An unsigned value above the largest long long would wrap around to a negative number.
  const auto too_big = [&](const char* key) {
    return j[key].is_number_unsigned() &&
           j[key].get<std::uint64_t>() > std::uint64_t{std::numeric_limits<long long>::max()};
  };
  if (!j["order"].is_number_integer() || too_big("order"))
    fail("\"order\" must be the integer 3 or 4");
  if (!j["dim"].is_number_integer() || too_big("dim"))
    fail("\"dim\" must be a positive integer");
  const auto order = j["order"].get<long long>();
  const auto dim = j["dim"].get<long long>();
  if (order != 3 && order != 4) fail("\"order\" must be 3 or 4, got " + std::to_string(order));
  if (dim < 1) fail("\"dim\" must be at least 1, got " + std::to_string(dim));
  Eigen::Index size = 0;
  try {
    size = checked_size(static_cast<int>(order), static_cast<Eigen::Index>(dim));
  } catch (const InputError& e) {
    fail(e.what());
  }
  const auto& data = j["data"];
  if (!data.is_array()) fail("\"data\" must be an array of numbers");
  if (static_cast<Eigen::Index>(data.size()) != size)
    fail("\"data\" has " + std::to_string(data.size()) +
         " values, expected dim^order = " + std::to_string(size));
  Eigen::VectorXd entries(size);
  for (Eigen::Index i = 0; i < size; ++i) {
    const auto& v = data[static_cast<std::size_t>(i)];
    if (!v.is_number() || !std::isfinite(v.get<double>()))
      fail("\"data\" entry " + std::to_string(i) + " is not a finite number");
    entries[i] = v.get<double>();
  }
  SymmetricTensor t(static_cast<int>(order), static_cast<Eigen::Index>(dim), std::move(entries));
  const double asym = t.asymmetry();
  if (asym > 1e-8)
    fail("the tensor is not symmetric (entries differ under index permutation by " +
         std::to_string(asym) + " relative to the largest entry)");
  return t;
}

std::string tensor_text(const SymmetricTensor& t) {
  std::string out = "{\"order\": " + std::to_string(t.order()) +
                    ", \"dim\": " + std::to_string(t.dim()) + ",\n \"data\": [";
  const Eigen::Index line = t.size() / t.dim();
  for (Eigen::Index i = 0; i < t.size(); ++i) {
    if (i > 0) out += i % line == 0 ? ",\n  " : ", ";
    out += nlohmann::json(t.entries()[i]).dump();
  }
  return out + "]}\n";
}

void write_tensor(const std::string& path, const SymmetricTensor& t) {
  write_file_atomically(path, tensor_text(t));
}

}  // namespace nnm
