// Decompose the third moment of data into rank-one terms (symmetric CP decomposition).
//
// The data are x = A z with k independent sources z_j ~ Exp(1) − 1 (skewness 2) mixed into d
// dimensions. Their third cumulant is the tensor Σ_j 2 a_j ⊗ a_j ⊗ a_j, so decomposing it returns
// the columns of A. The d × d × d tensor is never formed: the moment is applied to vectors straight
// from the samples, after whitening to k dimensions (which makes the components orthogonal, the
// case the tensor power method is made for).
#include <cstdio>
#include <iostream>

#include <nnm/core/random.hpp>
#include <nnm/data/distributions.hpp>
#include <nnm/data/sample_source.hpp>
#include <nnm/tensor/cp.hpp>
#include <nnm/tensor/data_cp.hpp>
#include <nnm/tensor/symmetric_tensor.hpp>

int main() {
  const Eigen::Index d = 20, k = 4, n = 50000;
  const std::uint64_t seed = 3;

  // All randomness comes from the library's counter-based generator, keyed by (seed, stream,
  // index): the same program prints the same numbers on any machine and thread count.
  const Eigen::MatrixXd A = nnm::random_normal_matrix(d, k, seed, nnm::streams::teacher, 0);
  const auto sources = nnm::make_input_law("exponential", k, seed);
  const Eigen::MatrixXd X = sources->sample(0, n) * A.transpose();  // n × d, one sample per row

  nnm::DataCpOptions options;
  options.moment.order = 3;
  options.moment.kind = nnm::MomentKind::cumulant;  // centre the samples first
  options.moment.whiten_rank = k;                   // decompose in the k-dimensional whitened space
  options.cp.method = nnm::CpMethod::power;         // tensor power method with deflation
  options.cp.common.rank = k;
  options.cp.common.seed = seed;
  options.validate();

  const nnm::DataCpResult result = nnm::decompose_samples(nnm::MatrixSource(X), options);
  std::cout << result.cp.summary.brief_report() << "\n";
  if (!result.cp.summary.usable())
    return 3;  // "the math did not work" is a status, not an exception

  // Weights are the skewness of each whitened source (2 for Exp(1)); `unwhitened` holds the
  // columns of A back in data coordinates (up to order and sign).
  std::cout << "weights (source skewness):";
  for (Eigen::Index j = 0; j < k; ++j) std::printf(" %.3f", result.operator_weights[j]);
  std::cout << "\n";
  const nnm::FactorMatch match = nnm::match_factors(result.unwhitened, A);
  std::printf("|cos| between recovered and true columns of A: min %.4f, mean %.4f\n",
              match.min_cosine, match.mean_cosine);

  // The same decomposition on a small dense tensor, built from known factors: exact recovery.
  const Eigen::MatrixXd Q = nnm::random_orthogonal(5, seed, nnm::streams::teacher, 1).leftCols(3);
  const nnm::SymmetricTensor T = nnm::SymmetricTensor::from_factors(3, Eigen::Vector3d(3, 2, 1), Q);
  nnm::CpOptions dense;
  dense.common.rank = 3;
  const nnm::CpResult exact = nnm::decompose(T, dense);
  std::printf("dense 5x5x5 tensor: %s, min |cos| %.12f\n", exact.summary.brief_report().c_str(),
              nnm::match_factors(exact.factors, Q).min_cosine);

  return match.min_cosine > 0.95 && exact.summary.usable() ? 0 : 1;
}
