// nnm train: the gradient learner on a data file. A student network (one or more hidden layers)
// is fitted by SGD with momentum or Adam; the normalised train and test errors (MSE / Var(y)) are
// printed per epoch and at the end. With --init spectral the student starts at the spectral
// estimate of `nnm recover` and gradient steps polish it.
#include <unistd.h>

#include <fstream>
#include <iostream>

#include "command.hpp"
#include "nnm/data/sample_source.hpp"
#include "nnm/learn/progress.hpp"
#include "nnm/nnm.hpp"
#include "options.hpp"

namespace nnm::cli {
namespace {

struct TrainArgs {
  std::vector<std::string> data;
  std::string test, out, log, init = "random", activation = "relu";
  std::string optimizer = "adam", schedule = "constant";
  long hidden = 100, layers = 1, batch = 256, k = 0;
  int epochs = 30, warmup = 0, patience = 0, threads = 0;
  double lr = 1e-3, momentum = 0.9, weight_decay = 0.0, validation = 0.0;
  bool quiet = false, force = false, nonneg_output = false, no_bias = false;
  std::uint64_t seed = 1;
  ColumnOptions columns;  // of both --data and --test
  // Which options were given on the command line, to refuse combinations that would be ignored.
  CLI::Option *hidden_opt = nullptr, *layers_opt = nullptr, *activation_opt = nullptr,
              *k_opt = nullptr, *momentum_opt = nullptr;
};

bool given(const CLI::Option* option) { return option && option->count() > 0; }

/// Refuses flags that the chosen start or optimizer would silently ignore.
void check_conflicts(const TrainArgs& a) {
  auto refuse = [](const std::string& first, const std::string& second, const std::string& why) {
    throw InputError(first + " and " + second + " cannot be used together: " + why);
  };
  if (a.init == "spectral") {
    const char* why = "the spectral start is one relu layer of --k units";
    if (given(a.hidden_opt)) refuse("--init spectral", "--hidden", why);
    if (given(a.layers_opt)) refuse("--init spectral", "--layers", why);
    if (given(a.activation_opt)) refuse("--init spectral", "--activation", why);
  } else if (given(a.k_opt)) {
    refuse("--k", "--init " + a.init, "--k sets the width of the spectral start only");
  }
  if (given(a.momentum_opt) && parse_optimizer(a.optimizer) != OptimizerKind::sgd)
    refuse("--momentum", "--optimizer " + a.optimizer, "momentum applies to sgd only");
}

/// The spectral estimate as a starting network; throws Untrusted when its diagnostics refuse it.
Student spectral_start(const Dataset& data, long k, std::uint64_t seed) {
  RecoveryOptions o;
  o.k = k;
  o.seed = seed;
  const RecoveryResult r = recover(MatrixSource(data.X, &data.Y), o);
  std::cerr << "spectral start: " << r.summary.brief_report();
  if (!r.summary.usable() || !r.model_computed())
    throw UntrustedResult(std::string("the spectral start cannot be trusted (") +
                          std::string(r.summary.status_name()) + "): " + r.summary.message);
  return Student::from_network(r.model);
}

std::string history_csv(const TrainSummary& s) {
  std::ostringstream out;
  out << "epoch,learning_rate,train_error,validation_error,test_error,seconds\n";
  for (const auto& e : s.history)
    out << e.epoch << "," << e.learning_rate << "," << e.train_error << "," << e.validation_error
        << "," << e.test_error << "," << e.seconds << "\n";
  return out.str();
}

int run_train(const TrainArgs& a) {
  apply_threads(a.threads);
  TrainOptions o;
  o.hidden.assign(static_cast<std::size_t>(a.layers), a.hidden);
  o.activation = Activation::parse(a.activation);
  o.optimizer.kind = parse_optimizer(a.optimizer);
  o.optimizer.momentum = a.momentum;
  o.optimizer.weight_decay = a.weight_decay;
  o.schedule.kind = parse_schedule(a.schedule);
  o.schedule.base = a.lr;
  o.schedule.warmup_epochs = a.warmup;
  o.batch = a.batch;
  o.epochs = a.epochs;
  o.validation_fraction = a.validation;
  o.patience = a.patience;
  o.seed = a.seed;
  o.nonneg_output = a.nonneg_output;
  o.no_bias = a.no_bias;
  o.validate();
  if (a.init != "random" && a.init != "spectral")
    throw InputError("--init must be random or spectral, got '" + a.init + "'");
  check_conflicts(a);
  std::vector<NamedFile> inputs, outputs = {{"--out", a.out}};
  for (const auto& path : a.data) inputs.push_back({"--data", path});
  if (!a.test.empty()) inputs.push_back({"--test", a.test});
  if (!a.log.empty()) outputs.push_back({"--log", a.log});
  check_files(inputs, outputs);

  const Dataset data = read_data(a.data, data_options(a.columns, true));
  Dataset test;
  if (!a.test.empty()) {
    test = read_data(a.test, data_options(a.columns, true));
    if (test.X.cols() != data.X.cols() || test.Y.cols() != data.Y.cols())
      throw InputError(located(
          a.test, 1,
          "has " + std::to_string(test.X.cols()) + " inputs and " + std::to_string(test.Y.cols()) +
              " outputs, " + data_files_name(a.data) + " has " + std::to_string(data.X.cols()) +
              " and " + std::to_string(data.Y.cols())));
  }
  const Dataset* test_ptr = a.test.empty() ? nullptr : &test;

  std::vector<TrainCallback*> callbacks;
  EpochLog log(std::cout);
  ProgressBar bar(std::cerr, stream_is_terminal(STDERR_FILENO) && !a.quiet, 2.0);
  if (!a.quiet) callbacks.push_back(&log);
  callbacks.push_back(&bar);
  const TrainResult r = a.init == "spectral"
                            ? train(spectral_start(data, a.k, a.seed), data, o, test_ptr, callbacks)
                            : train(data, o, test_ptr, callbacks);
  const TrainSummary& s = r.summary;
  if (a.nonneg_output)
    std::cout << "restriction: output weights and output bias >= 0 (--nonneg-output)\n";
  if (a.no_bias) std::cout << "restriction: every bias fixed at 0 (--no-bias)\n";
  std::cout << "final: train_error " << s.train_error;
  if (!std::isnan(s.validation_error)) std::cout << " validation_error " << s.validation_error;
  if (test_ptr) std::cout << " test_error " << s.test_error;
  std::cout << "\n";
  std::cerr << s.brief_report() << "\n";
  if (!a.log.empty()) write_file_atomically(a.log, history_csv(s));
  if (!s.usable() && !a.force) {
    std::cerr << "nnm train: " << s.message << "; no model written\n";
    return kExitUntrusted;
  }
  nlohmann::json extra = {{"trained_on", data_files_name(a.data)},
                          {"init", a.init},
                          {"optimizer", a.optimizer},
                          {"epochs_run", s.epochs_run},
                          {"status", to_string(s.status)},
                          {"train_error", s.train_error}};
  if (test_ptr) extra["test_error"] = s.test_error;
  std::string restriction = a.nonneg_output ? "nonneg_output" : "";
  if (a.no_bias) restriction += restriction.empty() ? "no_bias" : ",no_bias";
  if (!restriction.empty()) extra["restriction"] = restriction;
  write_student(a.out, r.student, extra);
  return s.usable() ? kExitOk : kExitUntrusted;
}

}  // namespace

void register_train(CLI::App& app, Action& action) {
  auto a = std::make_shared<TrainArgs>();
  auto* cmd = app.add_subcommand(
      "train", "Gradient learner: SGD or Adam on a student network (square loss)");
  add_data_files_option(*cmd, a->data, "Training data CSV (x1..xd, y1..ym), .npy or .h5");
  add_column_options(*cmd, a->columns);
  cmd->add_option("--test", a->test, "Held-out data CSV, evaluated every epoch, never trained on");
  cmd->add_option("--out", a->out,
                  "Model JSON to write (nnm-model-1 for one hidden layer, else nnm-mlp-1)")
      ->required();
  a->hidden_opt = add_count(*cmd, "--hidden", a->hidden, "Units per hidden layer", 1L, 1000000L);
  a->layers_opt = add_count(*cmd, "--layers", a->layers, "Hidden layers", 1L, 64L);
  a->activation_opt =
      cmd->add_option("--activation", a->activation,
                      "Hidden activation (relu, leaky_relu:ALPHA, tanh, sigmoid, ...)")
          ->capture_default_str();
  cmd->add_option("--optimizer", a->optimizer, "adam or sgd (with momentum)")
      ->capture_default_str();
  cmd->add_option("--lr", a->lr, "Learning rate")->capture_default_str()->check(above(0));
  a->momentum_opt = cmd->add_option("--momentum", a->momentum, "SGD momentum (sgd only)")
                        ->capture_default_str()
                        ->check(in_range(0, 0.999999));
  cmd->add_option("--weight-decay", a->weight_decay, "L2 penalty added to the gradient")
      ->capture_default_str()
      ->check(in_range(0));
  cmd->add_option("--schedule", a->schedule,
                  "Learning-rate schedule: constant, step (halve every 10 epochs) or cosine")
      ->capture_default_str();
  add_count(*cmd, "--warmup", a->warmup, "Epochs of linear learning-rate warm-up", 0, 10000000);
  add_count(*cmd, "--batch", a->batch, "Mini-batch size", 1L, 1000000000L);
  add_count(*cmd, "--epochs", a->epochs, "Passes over the data", 1, 10000000);
  cmd->add_option("--validation", a->validation,
                  "Fraction held out for validation (the best epoch's model is kept)")
      ->capture_default_str()
      ->check(in_range(0.0, 0.9));
  add_count(*cmd, "--patience", a->patience,
            "Stop after this many epochs without improvement (0: never)", 0, 10000000);
  cmd->add_option("--init", a->init,
                  "random, or spectral: start at the spectral recovery (one relu layer of k units) "
                  "and polish")
      ->capture_default_str();
  a->k_opt = add_count(*cmd, "--k", a->k,
                       "Hidden units of the spectral start (0 = automatic; --init spectral only)",
                       0L, 1000000L);
  cmd->add_option("--log", a->log, "Write the per-epoch errors as CSV");
  cmd->add_flag("--nonneg-output", a->nonneg_output,
                "Restrict the output layer to weights and bias >= 0 (projected after every step; "
                "targets scaled, not centred): the student of the colouring gadget's hardness");
  cmd->add_flag("--no-bias", a->no_bias,
                "Fix every bias at 0 (targets scaled, not centred): with --hidden 1 the student is "
                "a*relu(<w,x>), the class of the relu-maxcut reduction");
  cmd->add_flag("--quiet", a->quiet, "Print only the final errors (no epoch lines, no progress)");
  cmd->add_flag("--force", a->force,
                "Write the model even if training diverged (exit code stays 3)");
  add_seed_option(*cmd, a->seed, "Seed of the initialisation and mini-batch order");
  add_threads_option(*cmd, a->threads);
  cmd->callback([a, &action] { action = [a] { return run_train(*a); }; });
}

static const Subcommand registered{"train", &register_train};

}  // namespace nnm::cli
