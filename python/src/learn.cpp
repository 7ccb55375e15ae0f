// The gradient learner (nnm train): a student network trained by SGD or Adam on arrays.
#include <cmath>

#include "common.hpp"
#include "nnm/core/enum_names.hpp"
#include "nnm/learn/train.hpp"

namespace nnm::python {
namespace {

py::dict train_summary(const TrainSummary& s) {
  py::dict d;
  d["status"] = std::string(s.status_name());
  d["message"] = s.message;
  d["usable"] = s.usable();
  d["seconds"] = s.seconds;
  d["epochs_run"] = s.epochs_run;
  d["best_epoch"] = s.best_epoch;
  d["train_error"] = s.train_error;
  d["validation_error"] = s.validation_error;
  d["test_error"] = s.test_error;
  d["train_samples"] = s.train_samples;
  d["parameters"] = s.parameters;
  py::dict history;  // one array per column of `nnm train --log`
  const auto column = [&](auto field) {
    Eigen::VectorXd v(static_cast<Eigen::Index>(s.history.size()));
    for (std::size_t i = 0; i < s.history.size(); ++i)
      v(static_cast<Eigen::Index>(i)) = field(s.history[i]);
    return to_numpy(std::move(v));
  };
  history["epoch"] = column([](const EpochReport& e) { return double(e.epoch); });
  history["learning_rate"] = column([](const EpochReport& e) { return e.learning_rate; });
  history["train_error"] = column([](const EpochReport& e) { return e.train_error; });
  history["validation_error"] = column([](const EpochReport& e) { return e.validation_error; });
  history["test_error"] = column([](const EpochReport& e) { return e.test_error; });
  history["seconds"] = column([](const EpochReport& e) { return e.seconds; });
  d["history"] = history;
  d["brief_report"] = s.brief_report();
  return d;
}

Dataset dataset(const Array& X, const Array& Y, const char* x_name, const char* y_name) {
  Dataset data{MatrixView(X, x_name).copy(), MatrixView(Y, y_name).copy()};
  if (data.X.rows() != data.Y.rows())
    throw InputError(std::string(x_name) + " has " + std::to_string(data.X.rows()) +
                     " samples but " + y_name + " has " + std::to_string(data.Y.rows()));
  return data;
}

}  // namespace

void register_learn(py::module_& m) {
  py::class_<Student>(m, "Student")
      .def_property_readonly("input_dim", &Student::input_dim)
      .def_property_readonly("output_dim", &Student::output_dim)
      .def_property_readonly("hidden", &Student::hidden)
      .def_property_readonly("activation", [](const Student& s) { return s.activation().name(); })
      .def_property_readonly(
          "parameters", [](const Student& s) { return to_numpy(Eigen::VectorXd(s.parameters())); })
      .def(
          "layer",
          [](const Student& s, std::size_t layer) {
            if (layer > s.hidden().size())
              throw InputError("layer " + std::to_string(layer) +
                               " does not exist (the student has " +
                               std::to_string(s.hidden().size() + 1) + " layers)");
            return py::make_tuple(to_numpy(Eigen::MatrixXd(s.weights(layer))),
                                  to_numpy(Eigen::VectorXd(s.biases(layer))));
          },
          py::arg("layer"))
      .def(
          "predict",
          [](const Student& s, const Array& X, int threads) {
            const MatrixView view(X, "X");
            if (view.cols() != s.input_dim())
              throw InputError("X has " + std::to_string(view.cols()) +
                               " columns but the student has " + std::to_string(s.input_dim()) +
                               " inputs");
            Eigen::MatrixXd Y;
            py::gil_scoped_release release;
            ThreadScope scope(threads);
            view.with_rows(0, view.rows(),
                           [&](const Eigen::Ref<const Eigen::MatrixXd>& x) { Y = s.predict(x); });
            return Y;
          },
          py::arg("X"), py::arg("threads"))
      .def("to_network", [](const Student& s) {
        if (s.hidden().size() != 1)
          throw InputError("only a student with one hidden layer is a two-layer network");
        return network_to_dict(s.to_network());
      });

  m.def(
      "train",
      [](const Array& X, const Array& Y, std::vector<Eigen::Index> hidden,
         const std::string& activation, const std::string& optimizer, double lr, double momentum,
         double weight_decay, const std::string& schedule, int warmup, long batch, int epochs,
         double validation, int patience, std::uint64_t seed, const std::optional<Array>& X_test,
         const std::optional<Array>& Y_test, const std::optional<py::dict>& start, int threads) {
        TrainOptions o;
        o.hidden = std::move(hidden);
        o.activation = Activation::parse(activation);
        o.optimizer.kind = parse_optimizer(optimizer);
        o.optimizer.momentum = momentum;
        o.optimizer.weight_decay = weight_decay;
        o.schedule.kind = parse_schedule(schedule);
        o.schedule.base = lr;
        o.schedule.warmup_epochs = warmup;
        o.batch = batch;
        o.epochs = epochs;
        o.validation_fraction = validation;
        o.patience = patience;
        o.seed = seed;
        o.validate();
        const Dataset data = dataset(X, Y, "X", "Y");
        std::optional<Dataset> test;
        if (X_test.has_value() != Y_test.has_value())
          throw InputError("give both X_test and Y_test, or neither");
        if (X_test) {
          test = dataset(*X_test, *Y_test, "X_test", "Y_test");
          if (test->X.cols() != data.X.cols() || test->Y.cols() != data.Y.cols())
            throw InputError("the test set has " + std::to_string(test->X.cols()) + " inputs and " +
                             std::to_string(test->Y.cols()) + " outputs, the training set " +
                             std::to_string(data.X.cols()) + " and " +
                             std::to_string(data.Y.cols()));
        }
        std::optional<Student> initial;
        if (start) initial = Student::from_network(network_from_dict(*start));
        TrainResult r;
        {
          py::gil_scoped_release release;
          ThreadScope scope(threads);
          const Dataset* test_ptr = test ? &*test : nullptr;
          r = initial ? train(std::move(*initial), data, o, test_ptr) : train(data, o, test_ptr);
        }
        return py::make_tuple(std::move(r.student), train_summary(r.summary));
      },
      py::arg("X"), py::arg("Y"), py::arg("hidden"), py::arg("activation"), py::arg("optimizer"),
      py::arg("lr"), py::arg("momentum"), py::arg("weight_decay"), py::arg("schedule"),
      py::arg("warmup"), py::arg("batch"), py::arg("epochs"), py::arg("validation"),
      py::arg("patience"), py::arg("seed"), py::arg("X_test"), py::arg("Y_test"), py::arg("start"),
      py::arg("threads"));
}

}  // namespace nnm::python
