// The gradient learner: backpropagation against finite differences, the optimisers against hand
// computations, and training itself (it learns a learnable teacher, is deterministic for any
// thread count, and reports early stops and divergence).
#include <doctest/doctest.h>
#include <omp.h>

#include <Eigen/Dense>
#include <cmath>
#include <sstream>

#include "nnm/core/error.hpp"
#include "nnm/core/random.hpp"
#include "nnm/data/distributions.hpp"
#include "nnm/data/teacher.hpp"
#include "nnm/learn/callbacks.hpp"
#include "nnm/learn/optimizer.hpp"
#include "nnm/learn/progress.hpp"
#include "nnm/learn/student.hpp"
#include "nnm/learn/train.hpp"

namespace {

/// Noiseless samples first … first+n−1 of a random teacher (d inputs, k units, m outputs) under
/// N(0, I).
nnm::Dataset teacher_data(Eigen::Index d, Eigen::Index k, Eigen::Index m, std::uint64_t n,
                          std::uint64_t first = 0) {
  nnm::TeacherOptions t;
  t.d = d;
  t.k = k;
  t.m = m;
  t.seed = 11;
  const nnm::Network teacher = nnm::make_teacher(t);
  const auto law = nnm::make_input_law("gaussian", d, 11);
  return nnm::TeacherSampler(teacher, *law, first + n, 0.0, 11).sample(first, n);
}

double sse(const nnm::Student& s, const Eigen::MatrixXd& Xt, const Eigen::MatrixXd& Yt) {
  nnm::StudentWorkspace ws;
  Eigen::MatrixXd out;
  s.predict_columns(Xt, out, ws);
  return (out - Yt).squaredNorm();
}

/// Central differences of the summed squared error, one parameter at a time.
Eigen::VectorXd numeric_gradient(nnm::Student s, const Eigen::MatrixXd& Xt,
                                 const Eigen::MatrixXd& Yt) {
  Eigen::VectorXd g(s.parameter_count());
  const double h = 1e-6;
  for (Eigen::Index i = 0; i < g.size(); ++i) {
    const double keep = s.parameters()[i];
    s.parameters()[i] = keep + h;
    const double up = sse(s, Xt, Yt);
    s.parameters()[i] = keep - h;
    const double down = sse(s, Xt, Yt);
    s.parameters()[i] = keep;
    g[i] = (up - down) / (2 * h);
  }
  return g;
}

void check_gradient(const std::vector<Eigen::Index>& hidden, const char* activation) {
  CAPTURE(activation);
  CAPTURE(hidden.size());
  nnm::Student s(4, hidden, 3, nnm::Activation::parse(activation));
  s.initialise(5);
  const Eigen::MatrixXd Xt = nnm::random_normal_matrix(4, 9, 6, 1, 0);
  const Eigen::MatrixXd Yt = nnm::random_normal_matrix(3, 9, 6, 1, 1);
  nnm::StudentWorkspace ws;
  Eigen::VectorXd analytic;
  const double value = s.gradient(Xt, Yt, 0.5, analytic, ws);
  CHECK(value == doctest::Approx(sse(s, Xt, Yt)).epsilon(1e-12));
  const Eigen::VectorXd numeric = 0.5 * numeric_gradient(s, Xt, Yt);
  CHECK((analytic - numeric).norm() < 1e-6 * (1 + numeric.norm()));
}

}  // namespace

TEST_SUITE("student") {
  TEST_CASE("backpropagation agrees with finite differences") {
    // Smooth activations everywhere; relu away from its kink (random inputs do not hit 0).
    for (const char* a : {"tanh", "sigmoid", "softplus", "relu", "leaky_relu:0.2"}) {
      check_gradient({5}, a);
      check_gradient({5, 4}, a);
      check_gradient({3, 4, 2}, a);
    }
  }

  TEST_CASE("a two-layer network survives the round trip through a student") {
    nnm::TeacherOptions t;
    const nnm::Network net = nnm::make_teacher(t);
    const nnm::Student s = nnm::Student::from_network(net);
    CHECK(s.parameter_count() == 5 * 10 + 5 + 5 * 5 + 5);
    const Eigen::MatrixXd X = nnm::random_normal_matrix(50, 10, 2, 1, 0);
    CHECK((s.predict(X) - net.forward(X)).norm() < 1e-12 * net.forward(X).norm());
    const nnm::Network back = s.to_network();
    CHECK(back.W == net.W);
    CHECK(back.A == net.A);
    CHECK_THROWS_AS(nnm::Student(3, {4, 4}, 1, {}).to_network(), std::logic_error);
  }

  TEST_CASE("initialisation is uniform on plus or minus one over the square root of fan-in") {
    nnm::Student s(400, {300}, 1, {});
    s.initialise(1);
    const auto W = s.weights(0);
    CHECK(W.maxCoeff() <= 0.05);
    CHECK(W.minCoeff() >= -0.05);
    // Var(U(−a, a)) = a²/3 with a = 1/20: 1/1200, from 120 000 draws to ~0.4 %.
    CHECK(W.array().square().mean() == doctest::Approx(1.0 / 1200).epsilon(0.02));
    nnm::Student same(400, {300}, 1, {});
    same.initialise(1);
    CHECK(same.parameters() == s.parameters());
  }

  TEST_CASE("bad shapes are input errors") {
    CHECK_THROWS_AS(nnm::Student(0, {3}, 1, {}), nnm::InputError);
    CHECK_THROWS_AS(nnm::Student(3, {}, 1, {}), nnm::InputError);
    CHECK_THROWS_AS(nnm::Student(3, {0}, 1, {}), nnm::InputError);
    CHECK_THROWS_AS(nnm::Student(3, {2}, 1, {}).predict(Eigen::MatrixXd::Zero(4, 2)),
                    nnm::InputError);
  }
}

TEST_SUITE("optimizer") {
  TEST_CASE("Adam's first steps match the update rule computed by hand") {
    nnm::OptimizerSettings o;  // Adam, β1 = 0.9, β2 = 0.999, ε = 1e-8
    nnm::Optimizer opt(o, 2);
    Eigen::VectorXd theta(2), g(2);
    theta << 1.0, -2.0;
    g << 0.5, -4.0;
    opt.step(theta, g, 0.1);
    // m̂ = g, v̂ = g², so the first step is η·sign(g) (up to ε).
    const double first = 1.0 - 0.1 * 0.5 / (0.5 + 1e-8);
    CHECK(theta[0] == doctest::Approx(first).epsilon(1e-14));
    CHECK(theta[1] == doctest::Approx(-1.9).epsilon(1e-8));
    Eigen::VectorXd g2(2);
    g2 << 1.0, 0.0;
    opt.step(theta, g2, 0.1);
    const double m = (0.9 * 0.1 * 0.5 + 0.1 * 1.0) / (1 - 0.81);
    const double v = (0.999 * 0.001 * 0.25 + 0.001 * 1.0) / (1 - 0.999 * 0.999);
    CHECK(theta[0] == doctest::Approx(first - 0.1 * m / (std::sqrt(v) + 1e-8)).epsilon(1e-12));
  }

  TEST_CASE("SGD with momentum accumulates velocity") {
    nnm::OptimizerSettings o;
    o.kind = nnm::OptimizerKind::sgd;
    o.momentum = 0.5;
    nnm::Optimizer opt(o, 1);
    Eigen::VectorXd theta = Eigen::VectorXd::Constant(1, 0.0),
                    g = Eigen::VectorXd::Constant(1, 1.0);
    opt.step(theta, g, 0.1);  // v = 1
    opt.step(theta, g, 0.1);  // v = 1.5
    CHECK(theta[0] == doctest::Approx(-0.25).epsilon(1e-14));
  }

  TEST_CASE("schedules") {
    nnm::LearningRateSchedule s;
    s.base = 0.1;
    CHECK(s.rate(7, 10) == 0.1);
    s.kind = nnm::ScheduleKind::step;
    s.step_epochs = 3;
    s.gamma = 0.5;
    CHECK(s.rate(2, 10) == doctest::Approx(0.1));
    CHECK(s.rate(3, 10) == doctest::Approx(0.05));
    CHECK(s.rate(9, 10) == doctest::Approx(0.0125));
    s.kind = nnm::ScheduleKind::cosine;
    CHECK(s.rate(0, 10) == doctest::Approx(0.1));
    CHECK(s.rate(5, 10) == doctest::Approx(0.05));
    s.warmup_epochs = 1;
    CHECK(s.rate(0, 10) == doctest::Approx(0.05));
    CHECK_THROWS_AS(nnm::parse_schedule("exponential"), nnm::InputError);
    CHECK_THROWS_WITH_AS(nnm::parse_optimizer("rmsprop"),
                         "unknown optimizer 'rmsprop' (expected sgd, adam)", nnm::InputError);
    CHECK(nnm::parse_enum<nnm::ScheduleKind>("cosine") == nnm::ScheduleKind::cosine);
    CHECK(nnm::enum_name(nnm::OptimizerKind::sgd) == "sgd");
  }

  TEST_CASE("settings name the bad field") {
    nnm::OptimizerSettings o;
    o.momentum = 1.5;
    CHECK_THROWS_WITH_AS(o.validate(), "OptimizerSettings: momentum must be in [0, 1), got 1.5",
                         nnm::InputError);
    nnm::LearningRateSchedule s;
    s.gamma = 2;
    CHECK_THROWS_WITH_AS(s.validate(), "LearningRateSchedule: gamma must be in (0, 1], got 2",
                         nnm::InputError);
  }
}

TEST_SUITE("train") {
  TEST_CASE(
      "the loss decreases on a teacher the student can represent, and held-out error follows") {
    const nnm::Dataset data = teacher_data(8, 4, 2, 4000);
    const nnm::Dataset test = teacher_data(8, 4, 2, 2000, 4000);
    nnm::TrainOptions o;
    o.hidden = {32};
    o.epochs = 25;
    o.batch = 64;
    o.schedule.base = 3e-3;
    const nnm::TrainResult r = nnm::train(data, o, &test);
    REQUIRE(r.summary.status == nnm::TrainStatus::success);
    REQUIRE(r.summary.history.size() == 25);
    CHECK(r.summary.history.front().train_error > 0.1);
    CHECK(r.summary.history.back().train_error < 0.3 * r.summary.history.front().train_error);
    CHECK(r.summary.test_error < 0.05);
    CHECK(r.summary.train_error < 0.05);
    // The reported test error is that of the returned model on raw y (standardisation undone).
    CHECK(nnm::normalised_error(r.student, test) ==
          doctest::Approx(r.summary.test_error).epsilon(1e-9));
  }

  TEST_CASE("same seed, same model, whatever the thread count") {
    const nnm::Dataset data = teacher_data(6, 3, 1, 1500);
    nnm::TrainOptions o;
    o.hidden = {16, 8};
    o.epochs = 3;
    o.batch = 300;  // several chunks per batch
    const int threads = omp_get_max_threads();
    omp_set_num_threads(1);
    const nnm::TrainResult one = nnm::train(data, o);
    omp_set_num_threads(3);
    const nnm::TrainResult three = nnm::train(data, o);
    omp_set_num_threads(threads);
    CHECK(one.student.parameters() == three.student.parameters());
    o.seed = 2;
    CHECK(nnm::train(data, o).student.parameters() != one.student.parameters());
  }

  TEST_CASE("targets on any scale train the same way") {
    nnm::Dataset data = teacher_data(6, 3, 1, 1000);
    nnm::TrainOptions o;
    o.hidden = {16};
    o.epochs = 4;
    const nnm::TrainResult plain = nnm::train(data, o);
    data.Y = data.Y * 1e4 + Eigen::MatrixXd::Constant(data.Y.rows(), 1, 5e4);
    const nnm::TrainResult scaled = nnm::train(data, o);
    CHECK(scaled.summary.train_error == doctest::Approx(plain.summary.train_error).epsilon(1e-6));
  }

  TEST_CASE("a spectral-style start is kept: a perfect start stays perfect") {
    nnm::TeacherOptions t;
    t.d = 6;
    t.k = 3;
    t.m = 1;
    const nnm::Network truth = nnm::make_teacher(t);
    const auto law = nnm::make_input_law("gaussian", 6, 1);
    const nnm::Dataset data = nnm::TeacherSampler(truth, *law, 2000, 0.0, 1).sample(0, 2000);
    nnm::TrainOptions o;
    o.epochs = 2;
    o.schedule.base = 1e-5;
    const nnm::TrainResult r = nnm::train(nnm::Student::from_network(truth), data, o);
    CHECK(r.summary.train_error < 1e-6);
    CHECK(r.student.hidden() == std::vector<Eigen::Index>{3});
  }

  TEST_CASE("early stopping, callbacks and divergence are reported") {
    const nnm::Dataset data = teacher_data(6, 3, 1, 1000);
    nnm::TrainOptions o;
    o.hidden = {8};
    o.epochs = 200;
    o.validation_fraction = 0.3;
    o.patience = 3;
    o.min_improvement = 0.5;  // demands halving the error every 3 epochs: must stop early
    const nnm::TrainResult early = nnm::train(data, o);
    CHECK(early.summary.status == nnm::TrainStatus::stopped_early);
    CHECK(early.summary.epochs_run < 200);
    CHECK(early.summary.train_samples == 700);
    CHECK(early.summary.best_epoch == early.summary.epochs_run - 3);
    CHECK(!std::isnan(early.summary.validation_error));

    o.patience = 0;
    o.validation_fraction = 0;
    o.epochs = 10;
    std::ostringstream log;
    nnm::EpochLog logger(log);
    nnm::StopAtError stopper(2.0);  // any error is below 2: stop after the first epoch
    const nnm::TrainResult cb = nnm::train(data, o, nullptr, {&logger, &stopper});
    CHECK(cb.summary.status == nnm::TrainStatus::stopped_by_callback);
    CHECK(cb.summary.epochs_run == 1);
    CHECK(log.str().find("epoch 1") != std::string::npos);

    o.optimizer.kind = nnm::OptimizerKind::sgd;
    o.schedule.base = 1e6;
    const nnm::TrainResult bad = nnm::train(data, o);
    CHECK(bad.summary.status == nnm::TrainStatus::diverged);
    CHECK(!bad.summary.usable());
    CHECK(bad.student.parameters().allFinite());
  }

  TEST_CASE("statuses: names, and which leave a usable model") {
    CHECK(nnm::enum_name(nnm::TrainStatus::success) == "success");
    CHECK(nnm::parse_enum<nnm::TrainStatus>("stopped_early") == nnm::TrainStatus::stopped_early);
    nnm::TrainSummary s;
    CHECK(s.usable());
    s.status = nnm::TrainStatus::stopped_early;
    CHECK(s.usable());
    s.status = nnm::TrainStatus::stopped_by_callback;
    CHECK(s.usable());
    s.status = nnm::TrainStatus::diverged;
    CHECK(!s.usable());
    CHECK(s.status_name() == "diverged");
  }

  TEST_CASE("KeepBest and EarlyStopping as callbacks: the best epoch and the patience") {
    auto report = [](int epoch, double error) {
      nnm::EpochReport r;
      r.epoch = epoch;
      r.train_error = error;
      return r;
    };
    nnm::KeepBest best(0.1);
    nnm::EarlyStopping early(2, 0.1);
    const std::vector<double> errors{1.0, 0.5, 0.48, 0.3, 0.29, 0.295};
    int stopped_at = 0;
    for (std::size_t e = 0; e < errors.size() && stopped_at == 0; ++e) {
      const int epoch = static_cast<int>(e) + 1;
      const Eigen::VectorXd theta = Eigen::VectorXd::Constant(2, epoch);
      best.on_epoch_parameters(report(epoch, errors[e]), theta);
      if (early.on_epoch_parameters(report(epoch, errors[e]), theta)) stopped_at = epoch;
    }
    // 0.48 and 0.29 improve by less than 10 %: the best epochs are 2, then 4; two epochs
    // without improvement after epoch 4 stop training at epoch 6.
    CHECK(best.best_epoch() == 4);
    CHECK(best.parameters()(0) == 4.0);
    CHECK(stopped_at == 6);
    CHECK(early.triggered());
    // With a validation error, that is the one watched.
    nnm::EpochReport r = report(1, 0.1);
    r.validation_error = 0.7;
    CHECK(r.monitored() == 0.7);
  }

  TEST_CASE("a run that diverges in its first epoch returns its start") {
    const nnm::Dataset data = teacher_data(6, 3, 1, 500);
    nnm::TrainOptions o;
    o.hidden = {8};
    o.epochs = 3;
    o.validation_fraction = 0.2;
    o.optimizer.kind = nnm::OptimizerKind::sgd;
    o.schedule.base = 1e300;
    const nnm::TrainResult bad = nnm::train(data, o);
    CHECK(bad.summary.status == nnm::TrainStatus::diverged);
    CHECK(bad.summary.best_epoch == 0);
    REQUIRE(bad.student.parameter_count() > 0);
    CHECK(bad.student.parameters().allFinite());
    CHECK(bad.summary.message.find("learning rate 1e+300 too large") != std::string::npos);
  }

  TEST_CASE("options and data are validated") {
    const nnm::Dataset data = teacher_data(4, 2, 1, 100);
    nnm::TrainOptions o;
    o.batch = 0;
    CHECK_THROWS_WITH_AS(nnm::train(data, o), doctest::Contains("batch"), nnm::InputError);
    o = {};
    o.schedule.base = -1;
    CHECK_THROWS_WITH_AS(nnm::train(data, o),
                         doctest::Contains("LearningRateSchedule: base (the learning rate)"),
                         nnm::InputError);
    o = {};
    nnm::Dataset wrong = data;
    wrong.X.conservativeResize(100, 5);
    CHECK_THROWS_WITH_AS(nnm::train(data, o, &wrong), doctest::Contains("test data"),
                         nnm::InputError);
  }
}

TEST_SUITE("progress") {
  TEST_CASE("durations for humans") {
    CHECK(nnm::format_duration(4.4) == "4s");
    CHECK(nnm::format_duration(185) == "3m 05s");
    CHECK(nnm::format_duration(7830) == "2h 10m");
    CHECK(nnm::format_duration(-1) == "?");
  }

  TEST_CASE("the line is drawn only when enabled and after the delay, and has an ETA") {
    std::ostringstream quiet, late, shown;
    {
      nnm::ProgressLine off(quiet, false, 0.0);
      off.start(4, "sweep");
      off.update(1, "point");
    }
    CHECK(quiet.str().empty());
    {
      nnm::ProgressLine waiting(late, true, 3600.0);
      waiting.start(4, "sweep");
      waiting.update(1, "point");
    }
    CHECK(late.str().empty());
    nnm::ProgressLine on(shown, true, 0.0);
    on.start(4, "sweep");
    on.update(2, "shift 0.5");
    CHECK(shown.str().find("sweep  2/4 [##########..........]  shift 0.5  ETA ") !=
          std::string::npos);
    CHECK(on.eta(0) < 0);
    CHECK(on.eta(4) == 0.0);
    on.finish();
    CHECK(shown.str().back() != '\n');  // the line is cleared, not left behind
  }
}
