// Armadillo matrices in, Armadillo matrices out (built only when Armadillo is found).
//
// nnm/armadillo.hpp lets arma::mat be passed where nnmoments takes samples: an arma::mat has the
// memory layout of an Eigen matrix, so the library reads it in place. This program fills arma
// matrices with samples, recovers the network from them with samples as rows (nnmoments' layout)
// and as columns (mlpack's), and gets the model back as arma matrices.
#include <cstdio>
#include <iostream>

#include <nnm/armadillo.hpp>
#include <nnm/data/distributions.hpp>
#include <nnm/data/teacher.hpp>
#include <nnm/recovery.hpp>

int main() {
  nnm::TeacherOptions teacher;
  teacher.d = 6;
  teacher.k = 3;
  teacher.m = 3;
  teacher.seed = 2;
  const nnm::Network truth = nnm::make_teacher(teacher);
  const auto law = nnm::make_input_law("uniform", teacher.d, 2);
  const nnm::TeacherSampler sampler(truth, *law, 30000, /*noise=*/0.05, /*seed=*/2);

  // n × d and n × m arma matrices, filled in place through Eigen views of their memory.
  arma::mat X(sampler.size(), teacher.d), Y(sampler.size(), teacher.m);
  auto Xview = nnm::arma_view(X);
  auto Yview = nnm::arma_view(Y);
  sampler.fill(0, Xview, Yview);

  nnm::RecoveryOptions options;
  options.k = teacher.k;
  const nnm::RecoveryResult rows = nnm::recover(X, Y, options);  // no copy of X or Y
  std::cout << rows.summary.brief_report() << "\n";
  if (!rows.model_computed()) return 3;

  // mlpack keeps one sample per column; ArmaSource reads that layout a chunk at a time.
  const arma::mat Xt = X.t(), Yt = Y.t();
  const nnm::RecoveryResult columns =
      nnm::recover(nnm::ArmaSource(Xt, Yt, nnm::ArmaLayout::samples_in_columns), options);

  // The model as Armadillo matrices; both layouts give exactly the same one.
  const nnm::ArmaNetwork a = nnm::to_arma(rows.model), b = nnm::to_arma(columns.model);
  a.W.print("recovered W (rows are hidden units):");
  const bool same =
      arma::approx_equal(a.W, b.W, "absdiff", 0.0) && arma::approx_equal(a.A, b.A, "absdiff", 0.0);
  std::printf("samples as rows and as columns give %s models\n", same ? "identical" : "DIFFERENT");

  // Predictions for arma inputs.
  const arma::mat predicted = nnm::forward(rows.model, X.rows(0, 4));
  const double err = arma::norm(predicted - Y.rows(0, 4), "fro") / arma::norm(Y.rows(0, 4), "fro");
  std::printf("relative error on the first 5 samples: %.3f\n", err);
  return same && rows.summary.usable() ? 0 : 1;
}
