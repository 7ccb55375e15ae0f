#pragma once
// The deformation paths across the boundary of spectral recovery's guarantee (issue 14): each moves
// one knob from a network the method provably recovers (d = 10, k = 4 generic unit directions,
// m = 4 outputs, N(0, I) inputs, no noise) towards a hard one, and measures, on the same samples,
// the assumptions, the spectral verdict and two gradient learners.
#include <Eigen/Core>
#include <memory>

#include "experiments/experiment.hpp"
#include "nnm/core/network.hpp"
#include "nnm/data/distributions.hpp"

namespace nnm {

/// The smallest singular value of the distinguishing matrix of `net` under `law`: columns
/// N_ij = E[z_i z_j 1{z_i z_j <= 0} vecsym(x~ x~^T)] (i < j, z = W~ x~ with x~ the whitened input
/// and W~'s rows scaled to unit length), with the direction vecsym(I) projected out as recovery
/// does. It is 0 exactly when the method's non-degeneracy assumption fails. Expectations are
/// Monte Carlo over `samples` fresh inputs (a fixed stream of the law, independent of any training
/// sample). Infinity for k = 1 (there are no pairs to distinguish).
double distinguishing_sigma_min(const Network& net, const InputLaw& law, Eigen::Index samples);

/// Numerical rank: singular values above 1e-9 times the largest.
Eigen::Index numerical_rank(const Eigen::MatrixXd& M);

/// boundary-outputs, boundary-rank, boundary-symmetry, boundary-noise.
std::unique_ptr<Experiment> make_boundary_experiment(const std::string& name);

}  // namespace nnm
