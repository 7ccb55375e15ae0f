#pragma once
// The data set bench_data and bench_recovery both time: a d = 20, k = 5, m = 8 teacher under a
// Gaussian law, noiseless, seed 1, and the detector accumulation on its samples. One definition,
// so the two benches keep measuring the same thing.
#include <Eigen/Dense>
#include <cstdint>
#include <memory>

#include "nnm/core/network.hpp"
#include "nnm/core/random.hpp"
#include "nnm/data/distributions.hpp"
#include "nnm/data/teacher.hpp"
#include "nnm/recovery/detector.hpp"

namespace nnm::bench {

class BenchTeacher {
 public:
  static constexpr Eigen::Index d = 20, k = 5, m = 8;

  BenchTeacher()
      : teacher_(make_teacher(options())),
        law_(make_input_law("gaussian", d, 1)),
        uniform_(make_input_law("uniform", d, 1)) {}
  // Samplers hold references to the teacher and the law, so this object stays where it is.
  BenchTeacher(const BenchTeacher&) = delete;
  BenchTeacher& operator=(const BenchTeacher&) = delete;

  /// A sampler of n noiseless samples (seed 1).
  TeacherSampler sampler(std::uint64_t n) const { return {teacher_, *law_, n, 0.0, 1}; }
  /// The same teacher on inputs uniform on the cube: independent non-Gaussian coordinates, whose
  /// fourth cumulant `nnm cp --whiten --order 4` decomposes (ICA). Under the Gaussian law every
  /// cumulant of x above the second is zero, and cp rightly reports that it found nothing.
  TeacherSampler uniform_sampler(std::uint64_t n) const { return {teacher_, *uniform_, n, 0.0, 1}; }

  /// An empty detector accumulation on whitened inputs with fixed random reduce and odd maps:
  /// its cost does not depend on the data's values.
  static DetectorAccumulator empty_detector() {
    return {Eigen::MatrixXd::Identity(d, d), random_normal_matrix(k, m, 2, 1, 0),
            random_normal_matrix(k, d, 2, 1, 1), 1.0};
  }
  /// The detector's useful floating-point operations on n samples: 2·n·|vecsym(d)|·|vecsym(k)|.
  static double detector_flops(std::uint64_t n) {
    return 2.0 * static_cast<double>(n) * vecsym_size(d) * vecsym_size(k);
  }

 private:
  static TeacherOptions options() {
    TeacherOptions o;
    o.d = d;
    o.k = k;
    o.m = m;
    return o;
  }

  Network teacher_;
  std::unique_ptr<InputLaw> law_, uniform_;
};

}  // namespace nnm::bench
