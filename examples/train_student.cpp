// Train the gradient learner, on an easy target and on a hard one.
//
// A student network (one hidden ReLU layer) is fitted by Adam to samples of a random teacher and
// then to a member of the ReLU parity family with |S| = 6. The first is learned; on the second
// the held-out error stays near 1, the error of predicting the mean, as the statistical-query
// lower bounds predict for gradient methods. Callbacks print a line per epoch.
#include <iostream>

#include <nnm/data/distributions.hpp>
#include <nnm/data/teacher.hpp>
#include <nnm/hard/family.hpp>
#include <nnm/learn/callbacks.hpp>
#include <nnm/learn/train.hpp>

namespace {

/// Trains on 8 000 samples of `target` under N(0, I) and returns the held-out error.
double fit(const nnm::Network& target, const char* what) {
  const auto law = nnm::make_input_law("gaussian", target.input_dim(), 1);
  const nnm::TeacherSampler sampler(target, *law, 10000, /*noise=*/0.0, /*seed=*/1);
  const nnm::Dataset train = sampler.sample(0, 8000), test = sampler.sample(8000, 2000);

  nnm::TrainOptions options;  // Adam, learning rate 1e-3, batch 256
  options.hidden = {64};
  options.epochs = 15;
  options.seed = 7;  // the same seed gives the same model for any thread count
  nnm::EpochLog log(std::cout);
  std::cout << what << ":\n";
  const nnm::TrainResult result = nnm::train(train, options, &test, {&log});
  std::cout << result.summary.brief_report() << "\n\n";
  return result.summary.test_error;
}

}  // namespace

int main() {
  nnm::TeacherOptions teacher;
  teacher.d = 10;
  teacher.k = 4;
  teacher.m = 1;
  const double easy = fit(nnm::make_teacher(teacher), "a random teacher (learnable)");

  nnm::ParityOptions parity;  // f_S(x) = sum over w in {±1}^6 of chi(w) relu(<w, x_S>/sqrt 6)
  parity.d = 10;
  parity.k = 6;
  parity.scale = nnm::ParityOptions::Scale::unit;
  const auto family = nnm::make_family(parity);
  const double hard =
      fit(nnm::pick_member(*family, std::nullopt, 1).network, "a parity member, |S| = 6");

  std::cout << "held-out error: teacher " << easy << ", parity " << hard << "\n";
  return easy < 0.1 && hard > 0.5 ? 0 : 1;  // what the lower bounds lead us to expect
}
