#pragma once
// Input laws: the distributions of x that data is generated from.
//
// Every law samples blocks of rows deterministically: row i of the data set is a function of
// (seed, i) only, so any thread may generate any block. A law also says whether it is symmetric
// (x and −x equally likely), which is the one assumption spectral recovery makes; the recovery
// itself never asks which law produced the data.
#include <Eigen/Core>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace nnm {

class InputLaw {
 public:
  InputLaw(Eigen::Index dim, std::uint64_t seed) : dim_(dim), seed_(seed) {}
  virtual ~InputLaw() = default;

  Eigen::Index dim() const { return dim_; }
  std::uint64_t seed() const { return seed_; }

  /// The name that make_input_law() turns back into this law, e.g. "student_t:5".
  virtual std::string name() const = 0;
  /// True when x and −x have the same distribution.
  virtual bool symmetric() const = 0;
  /// Theoretical mean and covariance (tests compare sample moments against them).
  virtual Eigen::VectorXd mean() const;
  virtual Eigen::MatrixXd covariance() const = 0;

  /// Fills out (rows × dim) with samples first, first+1, …; sample i depends only on (seed, i).
  void sample(std::uint64_t first, Eigen::Ref<Eigen::MatrixXd> out) const;
  Eigen::MatrixXd sample(std::uint64_t first, Eigen::Index count) const;

 protected:
  /// Draws one sample into x (length dim) from a generator dedicated to that sample.
  virtual void draw(class Random& rng, Eigen::Ref<Eigen::VectorXd> x) const = 0;

 private:
  Eigen::Index dim_;
  std::uint64_t seed_;
};

/// Builds a law from its command-line name ("gaussian", "student_t:5", "mix2", …). Laws with
/// random parameters (a covariance, mixture means) draw them from `seed`. Throws InputError that
/// lists the valid names when the name is unknown or its parameter is out of range.
std::unique_ptr<InputLaw> make_input_law(std::string_view name, Eigen::Index dim,
                                         std::uint64_t seed);

/// One entry per law family: its name pattern and what it is, for --help and error messages.
struct InputLawInfo {
  std::string pattern;
  std::string description;
  bool symmetric;
};
const std::vector<InputLawInfo>& input_law_catalogue();

/// Gaussian N(mean, cov) with a given mean and covariance (symmetric iff the mean is zero).
std::unique_ptr<InputLaw> make_gaussian_law(const Eigen::VectorXd& mean,
                                            const Eigen::MatrixXd& covariance, std::uint64_t seed);

}  // namespace nnm
