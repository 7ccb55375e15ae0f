// The routines spectral recovery is built from, each tested on its own.
#include <doctest/doctest.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "nnm/core/flat_state.hpp"
#include "nnm/core/random.hpp"
#include "nnm/data/teacher.hpp"
#include "nnm/linalg/joint_diagonalisation.hpp"
#include "nnm/linalg/matching.hpp"
#include "nnm/linalg/whitening.hpp"
#include "nnm/recovery/detector.hpp"
#include "nnm/recovery/metrics.hpp"
#include "nnm/recovery/moments.hpp"

TEST_SUITE("whitening") {
  TEST_CASE("the map whitens and the unmap inverts it, dense and iterative") {
    const Eigen::MatrixXd g = nnm::random_normal_matrix(300, 300, 3, 1, 0);
    const Eigen::MatrixXd m = g * g.transpose() / 300.0;
    nnm::WhiteningOptions full;
    const nnm::Whitening w = nnm::whiten(m, full);
    REQUIRE(w.usable());
    CHECK((w.map * m * w.map.transpose() - Eigen::MatrixXd::Identity(300, 300)).norm() < 1e-8);
    CHECK((w.map * w.unmap - Eigen::MatrixXd::Identity(300, 300)).norm() < 1e-8);
    nnm::WhiteningOptions top;
    top.rank = 20;  // d ≥ 200 and k ≤ d/4: the Lanczos path
    const nnm::Whitening t = nnm::whiten(m, top);
    REQUIRE(t.usable());
    CHECK((t.map * m * t.map.transpose() - Eigen::MatrixXd::Identity(20, 20)).norm() < 1e-8);
    CHECK((t.eigenvalues - w.eigenvalues.head(20)).norm() < 1e-8 * w.eigenvalues[0]);
  }

  TEST_CASE("a singular second moment is reported, not inverted") {
    Eigen::MatrixXd m = Eigen::MatrixXd::Identity(4, 4);
    m(3, 3) = 0;
    const nnm::Whitening w = nnm::whiten(m);
    CHECK(w.summary.status == nnm::WhiteningStatus::rank_deficient);
    CHECK_FALSE(w.summary.message.empty());
  }
}

TEST_SUITE("jennrich") {
  TEST_CASE("an exact family P D_l Pᵀ is diagonalised and V ∝ P⁻ᵀ") {
    const Eigen::Index k = 6;
    const Eigen::MatrixXd p = nnm::random_normal_matrix(k, k, 5, 1, 0);
    std::vector<Eigen::MatrixXd> family;
    for (int l = 0; l < 6; ++l) {
      const Eigen::VectorXd dl = nnm::random_normal_matrix(k, 1, 5, 1, 1 + l);
      family.push_back(p * dl.asDiagonal() * p.transpose());
    }
    nnm::JennrichOptions o;
    o.pairs = 1;  // plain Jennrich suffices on exact data
    const nnm::JennrichResult r = nnm::jennrich(family, o);
    REQUIRE(r.summary.status == nnm::JennrichStatus::success);
    CHECK(r.summary.off_diagonality < 1e-14);
    // Each column of V is parallel to one column of P⁻ᵀ, each column of factors() to one of P.
    Eigen::MatrixXd target = p.inverse().transpose();
    target.colwise().normalize();
    const Eigen::MatrixXd cos = (target.transpose() * r.V).cwiseAbs();
    for (Eigen::Index j = 0; j < k; ++j)
      CHECK(cos.col(j).maxCoeff() == doctest::Approx(1.0).epsilon(1e-9));
    Eigen::MatrixXd pn = p;
    pn.colwise().normalize();
    const Eigen::MatrixXd fcos = (pn.transpose() * r.factors()).cwiseAbs();
    for (Eigen::Index j = 0; j < k; ++j)
      CHECK(fcos.col(j).maxCoeff() == doctest::Approx(1.0).epsilon(1e-9));
  }

  TEST_CASE("more random pairs never do worse (the best pair is kept)") {
    const Eigen::Index k = 5;
    const Eigen::MatrixXd p = nnm::random_normal_matrix(k, k, 8, 1, 0);
    std::vector<Eigen::MatrixXd> family;
    for (int l = 0; l < 5; ++l) {
      const Eigen::VectorXd dl = nnm::random_normal_matrix(k, 1, 8, 1, 1 + l);
      const Eigen::MatrixXd noise = 1e-3 * nnm::random_normal_matrix(k, k, 8, 2, l);
      family.push_back(p * dl.asDiagonal() * p.transpose() + noise + noise.transpose());
    }
    nnm::JennrichOptions one, ten;
    one.pairs = 1;
    ten.pairs = 10;
    CHECK(nnm::jennrich(family, ten).summary.off_diagonality <=
          nnm::jennrich(family, one).summary.off_diagonality);
  }
}

TEST_SUITE("matching") {
  TEST_CASE("the Hungarian assignment equals brute force on random matrices") {
    for (std::uint64_t trial = 0; trial < 20; ++trial) {
      const Eigen::MatrixXd score = nnm::random_normal_matrix(5, 6, 11, 1, trial);
      const auto assignment = nnm::max_weight_matching(score);
      double got = 0;
      for (Eigen::Index i = 0; i < 5; ++i) got += score(i, assignment[i]);
      std::vector<int> cols(6);
      std::iota(cols.begin(), cols.end(), 0);
      double best = -1e300;
      do {
        double total = 0;
        for (int i = 0; i < 5; ++i) total += score(i, cols[i]);
        best = std::max(best, total);
      } while (std::next_permutation(cols.begin(), cols.end()));
      CHECK(got == doctest::Approx(best).epsilon(1e-12));
    }
  }
}

TEST_SUITE("detector") {
  TEST_CASE("vecsym is an isometry and unvecsym inverts it") {
    const Eigen::MatrixXd g = nnm::random_normal_matrix(4, 4, 2, 1, 0);
    const Eigen::MatrixXd s = g + g.transpose();
    CHECK(nnm::vecsym(s).norm() == doctest::Approx(s.norm()).epsilon(1e-14));
    CHECK((nnm::unvecsym(nnm::vecsym(s), 4) - s).norm() < 1e-14);
  }

  TEST_CASE("for a pure direction u the detector statistic vanishes sample by sample") {
    // With the true A, W: uᵀh = c₂ α_i |z_i| and uᵀs = c₁ α_i z_i when Aᵀu = α_i e_i, so
    // (uᵀh)² − (c₂/c₁)²(uᵀs)² = 0 for every x; a mixed u does not have this property.
    nnm::TeacherOptions t;
    t.activation = nnm::Activation::parse("leaky_relu:0.3");
    const nnm::Network net = nnm::make_teacher(t);
    const auto law = nnm::make_input_law("laplace", t.d, 1);
    const Eigen::MatrixXd X = law->sample(0, 500);
    const Eigen::MatrixXd Y = net.forward(X);
    const double c1 = t.activation.linear_coefficient(), c2 = t.activation.abs_coefficient();
    const Eigen::MatrixXd S = c1 * X * (net.A * net.W).transpose();
    const Eigen::MatrixXd H = Y - S;
    const Eigen::MatrixXd ainv = net.A.inverse();
    const double rho = (c2 / c1) * (c2 / c1);
    const Eigen::VectorXd pure = ainv.row(2).transpose();
    const Eigen::ArrayXd g_pure = (H * pure).array().square() - rho * (S * pure).array().square();
    CHECK(g_pure.abs().maxCoeff() < 1e-9 * (H * pure).array().square().maxCoeff());
    const Eigen::VectorXd mixed = ainv.row(2).transpose() + ainv.row(3).transpose();
    const Eigen::ArrayXd g_mixed =
        (H * mixed).array().square() - rho * (S * mixed).array().square();
    CHECK(g_mixed.abs().maxCoeff() > 1e-2 * (H * mixed).array().square().maxCoeff());
  }

  TEST_CASE("the accumulated detector is the mean of q gᵀ computed sample by sample") {
    // Row counts that are not multiples of the accumulator's slices, every k up to d, raw and
    // whitened-per-sample (fourth powers) accumulation; merge and the flat state round trip.
    const Eigen::Index d = 5, m = 4, n = 700;
    for (Eigen::Index k = 1; k <= 4; ++k)
      for (const bool fourth : {false, true}) {
        CAPTURE(k);
        CAPTURE(fourth);
        const auto seed = static_cast<std::uint64_t>(10 * k + fourth);
        const Eigen::MatrixXd X = nnm::random_normal_matrix(n, d, 1, seed, 0);
        const Eigen::MatrixXd Y = nnm::random_normal_matrix(n, m, 1, seed, 1);
        const Eigen::MatrixXd whiten = nnm::random_normal_matrix(d, d, 1, seed, 2);
        const Eigen::MatrixXd reduce = nnm::random_normal_matrix(k, m, 1, seed, 3);
        const Eigen::MatrixXd odd = nnm::random_normal_matrix(k, d, 1, seed, 4);
        const double rho = 0.3;
        const Eigen::Index rows = nnm::vecsym_size(d) + (fourth ? d : 0);
        Eigen::MatrixXd T = Eigen::MatrixXd::Zero(rows, nnm::vecsym_size(k));
        Eigen::VectorXd mean_q = Eigen::VectorXd::Zero(rows);
        for (Eigen::Index t = 0; t < n; ++t) {
          const Eigen::VectorXd x = whiten * X.row(t).transpose();
          const Eigen::VectorXd s = odd * x, h = reduce * Y.row(t).transpose() - s;
          Eigen::VectorXd q(rows);
          q.head(nnm::vecsym_size(d)) = nnm::vecsym(x * x.transpose());
          if (fourth) q.tail(d) = x.array().pow(4).matrix();
          const Eigen::MatrixXd G = h * h.transpose() - rho * s * s.transpose();
          T += q * nnm::vecsym(G).transpose() / static_cast<double>(n);
          mean_q += q / static_cast<double>(n);
        }
        nnm::DetectorAccumulator whole(whiten, reduce, odd, rho, fourth);
        whole.add(X, Y);
        CHECK(whole.count() == static_cast<std::uint64_t>(n));
        CHECK((whole.detector() - T).norm() < 1e-11 * T.norm());
        CHECK((whole.mean_test_functions() - mean_q).norm() < 1e-12 * mean_q.norm());

        nnm::DetectorAccumulator part(whiten, reduce, odd, rho, fourth);
        nnm::DetectorAccumulator rest = part;
        part.add(X.topRows(300), Y.topRows(300));
        rest.add(X.bottomRows(n - 300), Y.bottomRows(n - 300));
        part.merge(rest);
        CHECK((part.detector() - T).norm() < 1e-11 * T.norm());

        nnm::DetectorAccumulator back(whiten, reduce, odd, rho, fourth);
        nnm::load_state(back, nnm::save_state(whole));
        CHECK(back.count() == whole.count());
        CHECK(back.detector() == whole.detector());
        CHECK(back.mean_test_functions() == whole.mean_test_functions());
      }
  }
}

TEST_SUITE("metrics") {
  TEST_CASE("permutations and positive rescalings are not errors; a flipped unit is") {
    nnm::TeacherOptions t;
    const nnm::Network truth = nnm::make_teacher(t);
    nnm::Network same = truth;
    same.W.row(0).swap(same.W.row(3));
    same.A.col(0).swap(same.A.col(3));
    same.W.row(1) *= 2.5;
    same.A.col(1) /= 2.5;
    const Eigen::MatrixXd X = nnm::make_input_law("gaussian", t.d, 1)->sample(0, 2000);
    const auto ok = nnm::compare_networks(same, truth, X);
    CHECK(ok.W_err < 1e-12);
    CHECK(ok.A_err < 1e-12);
    CHECK(ok.out_err < 1e-12);
    CHECK(ok.sign_errors == 0);

    nnm::Network flipped = truth;
    flipped.W.row(2) *= -1;  // relu(−t) ≠ −relu(t): a different network
    const auto bad = nnm::compare_networks(flipped, truth, X);
    CHECK(bad.sign_errors == 1);
    CHECK(bad.W_err > 0.5);
    CHECK(bad.out_err > 0.1);
  }
}

TEST_SUITE("moments") {
  TEST_CASE("merging partial accumulators equals one accumulator over all rows") {
    const Eigen::MatrixXd X = nnm::random_normal_matrix(1000, 3, 4, 1, 0);
    const Eigen::MatrixXd Y = nnm::random_normal_matrix(1000, 2, 4, 1, 1);
    nnm::JointMomentAccumulator all(3, 2), first(3, 2), second(3, 2);
    all.add(X, Y);
    first.add(X.topRows(400), Y.topRows(400));
    second.add(X.bottomRows(600), Y.bottomRows(600));
    first.merge(second);
    CHECK(first.count() == 1000);
    CHECK((first.second_moment() - all.second_moment()).norm() < 1e-14);
    CHECK((first.cross_moment() - all.cross_moment()).norm() < 1e-14);
    CHECK((first.odd_z_scores() - all.odd_z_scores()).norm() < 1e-9);
    CHECK((all.second_moment() - X.transpose() * X / 1000.0).norm() < 1e-13);
  }
}
