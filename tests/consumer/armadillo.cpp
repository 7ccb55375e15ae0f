// A consumer of the armadillo component: nnm/armadillo.hpp from the installed package.
#include <nnm/armadillo.hpp>
#include <nnm/data/distributions.hpp>
#include <nnm/data/teacher.hpp>

#include <cstdio>

int main() {
  nnm::TeacherOptions t;
  t.d = 5;
  t.k = 2;
  t.m = 2;
  const nnm::Network teacher = nnm::make_teacher(t);
  const auto law = nnm::make_input_law("laplace", t.d, 3);
  const nnm::TeacherSampler sampler(teacher, *law, 20000, 0.0, 3);
  Eigen::MatrixXd X(20000, t.d), Y(20000, t.m);
  sampler.fill(0, X, Y);

  const arma::mat Xa = nnm::to_arma(X), Ya = nnm::to_arma(Y);
  nnm::RecoveryOptions options;
  options.k = t.k;
  const nnm::RecoveryResult eigen = nnm::recover(X, Y, options);
  const nnm::RecoveryResult arma = nnm::recover(Xa, Ya, options);
  const nnm::ArmaNetwork model = nnm::to_arma(arma.model);
  const bool same = eigen.model_computed() && arma.model_computed() &&
                    eigen.model.W == arma.model.W &&
                    arma::approx_equal(model.W, nnm::to_arma(eigen.model.W), "absdiff", 0.0);
  std::printf("armadillo path: %s; %s model\n", arma.summary.brief_report().c_str(),
              same ? "same" : "DIFFERENT");
  return same && arma.summary.usable() ? 0 : 1;
}
