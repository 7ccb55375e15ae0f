#include <doctest/doctest.h>

#include <Eigen/Dense>
#include <cmath>

#include "nnm/core/activation.hpp"
#include "nnm/core/error.hpp"
#include "nnm/core/network.hpp"
#include "nnm/data/teacher.hpp"

using nnm::Activation;

TEST_SUITE("activation") {
  TEST_CASE("values of every activation") {
    CHECK(Activation::parse("relu")(-2.0) == 0.0);
    CHECK(Activation::parse("relu")(3.0) == 3.0);
    CHECK(Activation::parse("leaky_relu:0.1")(-2.0) == doctest::Approx(-0.2).epsilon(1e-15));
    CHECK(Activation::parse("sigmoid")(0.0) == doctest::Approx(0.5).epsilon(1e-15));
    CHECK(Activation::parse("tanh")(1.0) == doctest::Approx(std::tanh(1.0)).epsilon(1e-15));
    CHECK(Activation::parse("softplus")(0.0) == doctest::Approx(std::log(2.0)).epsilon(1e-15));
    CHECK(Activation::parse("softplus")(100.0) == doctest::Approx(100.0).epsilon(1e-15));
    CHECK(Activation::parse("abs")(-1.5) == 1.5);
    CHECK(Activation::parse("quadratic")(-3.0) == 9.0);
    CHECK(Activation::parse("identity")(-3.0) == -3.0);
  }

  TEST_CASE("the vectorised apply agrees with the scalar function") {
    Eigen::MatrixXd z(2, 3);
    z << -2, -0.5, 0, 0.5, 1, 40;
    for (const auto& name : {"relu", "leaky_relu:0.2", "sigmoid", "tanh", "softplus", "abs",
                             "quadratic", "identity"}) {
      const Activation a = Activation::parse(name);
      Eigen::MatrixXd applied = z;
      a.apply(applied);
      for (Eigen::Index i = 0; i < z.size(); ++i)
        CHECK(applied(i) == doctest::Approx(a(z(i))).epsilon(1e-15));
      CHECK(Activation::parse(a.name()).name() == a.name());
    }
  }

  TEST_CASE("relu and leaky relu split into c1·t + c2·|t|") {
    for (const auto& name : {"relu", "leaky_relu:0.3"}) {
      const Activation a = Activation::parse(name);
      REQUIRE(a.is_linear_plus_abs());
      for (double t : {-1.7, 0.4, 2.0})
        CHECK(a(t) ==
              doctest::Approx(a.linear_coefficient() * t + a.abs_coefficient() * std::abs(t))
                  .epsilon(1e-15));
    }
    CHECK_FALSE(Activation::parse("tanh").is_linear_plus_abs());
  }

  TEST_CASE("unknown activations list the valid names") {
    CHECK_THROWS_WITH_AS(Activation::parse("relu6"),
                         doctest::Contains("valid: relu, leaky_relu:ALPHA"), nnm::InputError);
    CHECK_THROWS_AS(Activation::parse("leaky_relu:x"), nnm::InputError);
    CHECK_THROWS_AS(Activation::parse("leaky_relu:1.5"), nnm::InputError);
  }
}

TEST_SUITE("network") {
  TEST_CASE("batched forward equals the per-sample formula") {
    nnm::Network net;
    net.W = Eigen::MatrixXd{{1, -1, 0}, {0.5, 2, 1}};
    net.A = Eigen::MatrixXd{{1, 2}, {-1, 0.5}};
    net.b = Eigen::VectorXd{{0.1, -0.2}};
    net.c = Eigen::VectorXd{{3, 4}};
    net.activation = Activation::parse("relu");
    Eigen::MatrixXd X(4, 3);
    X << 1, 2, 3, -1, 0, 1, 0.5, -0.5, 2, 0, 0, 0;
    const Eigen::MatrixXd Y = net.forward(X);
    for (Eigen::Index r = 0; r < X.rows(); ++r) {
      const Eigen::VectorXd h = (net.W * X.row(r).transpose() + net.b).cwiseMax(0.0);
      const Eigen::VectorXd y = net.A * h + net.c;
      CHECK((Y.row(r).transpose() - y).norm() < 1e-14);
    }
  }

  TEST_CASE("validate names shape mismatches") {
    nnm::Network net;
    net.W = Eigen::MatrixXd::Ones(3, 4);
    net.A = Eigen::MatrixXd::Ones(2, 2);
    CHECK_THROWS_WITH_AS(net.validate(), doctest::Contains("A has 2 columns but W has 3 rows"),
                         nnm::InputError);
  }
}

TEST_SUITE("teacher") {
  TEST_CASE("cond-w gives exactly the requested condition number") {
    nnm::TeacherOptions o;
    o.d = 12;
    o.k = 6;
    o.cond_w = 25;
    const nnm::Network net = nnm::make_teacher(o);
    Eigen::JacobiSVD<Eigen::MatrixXd> svd(net.W);
    const auto s = svd.singularValues();
    CHECK(s[0] / s[s.size() - 1] == doctest::Approx(25.0).epsilon(1e-10));
  }

  TEST_CASE("the default teacher has iid N(0,1) weights") {
    nnm::TeacherOptions o;
    o.d = 200;
    o.k = 100;
    o.m = 100;
    const nnm::Network net = nnm::make_teacher(o);
    const double n = static_cast<double>(net.W.size());
    CHECK(std::abs(net.W.mean()) < 5 / std::sqrt(n));
    CHECK(net.W.squaredNorm() / n == doctest::Approx(1.0).epsilon(5 * std::sqrt(2 / n)));
    CHECK(net.A.squaredNorm() / net.A.size() ==
          doctest::Approx(1.0).epsilon(5 * std::sqrt(2.0 / net.A.size())));
  }

  TEST_CASE("options are validated") {
    nnm::TeacherOptions o;
    o.d = 3;
    o.k = 4;
    CHECK_THROWS_WITH_AS(o.validate(), doctest::Contains("k = 4 exceeds d = 3"), nnm::InputError);
    o.k = 2;
    o.cond_w = 0.5;
    CHECK_THROWS_AS(o.validate(), nnm::InputError);
  }

  TEST_CASE("relative noise has standard deviation η·rms(clean y)") {
    nnm::TeacherOptions o;
    const nnm::Network net = nnm::make_teacher(o);
    const auto law = nnm::make_input_law("gaussian", o.d, 3);
    const std::uint64_t n = 50000;
    const nnm::TeacherSampler clean(net, *law, n, 0.0, 3);
    const nnm::TeacherSampler noisy(net, *law, n, 0.3, 3);
    Eigen::MatrixXd X(n, o.d), Y0(n, o.m), Y1(n, o.m);
    clean.fill(0, X, Y0);
    noisy.fill(0, X, Y1);
    const double rms = std::sqrt(Y0.squaredNorm() / static_cast<double>(Y0.size()));
    CHECK(noisy.clean_rms() == doctest::Approx(rms).epsilon(1e-12));
    const Eigen::ArrayXXd xi = (Y1 - Y0).array();
    const double sd = std::sqrt(xi.square().mean());
    CHECK(sd == doctest::Approx(0.3 * rms).epsilon(0.02));
    CHECK(std::abs(xi.mean()) < 5 * sd / std::sqrt(static_cast<double>(xi.size())));
    CHECK_THROWS_AS(nnm::TeacherSampler(net, *law, 0, 0.0, 3), nnm::InputError);
    CHECK_THROWS_AS(nnm::TeacherSampler(net, *law, 10, -0.1, 3), nnm::InputError);
  }
}
