#pragma once
// An accumulator's sums as one flat array of doubles, so that a partial result can cross a process
// boundary (nnm/core/reduction_channel.hpp) and come back with every bit intact. Only the values
// travel: the receiving accumulator was built with the same shapes, and reading checks the sizes.
#include <Eigen/Core>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace nnm {

/// Appends values to a flat state. Counts are stored as doubles (exact below 2^53).
class StateWriter {
 public:
  explicit StateWriter(std::vector<double>& out) : out_(out) {}
  StateWriter& operator<<(double v) {
    out_.push_back(v);
    return *this;
  }
  StateWriter& operator<<(std::uint64_t v) { return *this << static_cast<double>(v); }
  template <class Derived>
  StateWriter& operator<<(const Eigen::PlainObjectBase<Derived>& m) {
    out_.insert(out_.end(), m.data(), m.data() + m.size());
    return *this;
  }
  template <class Matrix>
  StateWriter& operator<<(const std::vector<Matrix>& ms) {
    for (const auto& m : ms) *this << m;
    return *this;
  }

 private:
  std::vector<double>& out_;
};

/// Reads values back in the order they were written, into objects of the writer's shapes.
class StateReader {
 public:
  explicit StateReader(const std::vector<double>& in) : in_(in) {}
  StateReader& operator>>(double& v) {
    need(1);
    v = in_[at_++];
    return *this;
  }
  StateReader& operator>>(std::uint64_t& v) {
    double d = 0;
    *this >> d;
    v = static_cast<std::uint64_t>(d);
    return *this;
  }
  template <class Derived>
  StateReader& operator>>(Eigen::PlainObjectBase<Derived>& m) {
    need(static_cast<std::size_t>(m.size()));
    std::copy(in_.begin() + static_cast<std::ptrdiff_t>(at_),
              in_.begin() + static_cast<std::ptrdiff_t>(at_ + static_cast<std::size_t>(m.size())),
              m.data());
    at_ += static_cast<std::size_t>(m.size());
    return *this;
  }
  template <class Matrix>
  StateReader& operator>>(std::vector<Matrix>& ms) {
    for (auto& m : ms) *this >> m;
    return *this;
  }
  /// Throws unless every value was read: a state of another shape is a programming error.
  void finish() const {
    if (at_ != in_.size())
      throw std::logic_error("StateReader: " + std::to_string(in_.size() - at_) +
                             " values left over (the state has another shape)");
  }

 private:
  void need(std::size_t count) const {
    if (at_ + count > in_.size())
      throw std::logic_error("StateReader: the state is shorter than the accumulator");
  }
  const std::vector<double>& in_;
  std::size_t at_ = 0;
};

/// An accumulator's state as a flat array (Accumulator::save(StateWriter&) const).
template <class Accumulator>
std::vector<double> save_state(const Accumulator& acc) {
  std::vector<double> state;
  StateWriter out(state);
  acc.save(out);
  return state;
}

/// Overwrites `acc`'s sums with `state` (Accumulator::load(StateReader&)).
template <class Accumulator>
void load_state(Accumulator& acc, const std::vector<double>& state) {
  StateReader in(state);
  acc.load(in);
  in.finish();
}

}  // namespace nnm
