// nnm predict: a model's outputs for the inputs of a data file, streamed in blocks (one pass).
#include <iostream>

#include "command.hpp"
#include "model_file.hpp"
#include "nnm/core/error.hpp"
#include "nnm/data/dataset.hpp"
#include "options.hpp"

namespace nnm::cli {
namespace {

struct PredictArgs {
  std::string model, data, out;
  int threads = 0;
  ColumnOptions columns;
};

// Rows per block: bounded memory for any file size; the output does not depend on it.
constexpr Eigen::Index kPredictBlock = 65536;

int run_predict(const PredictArgs& a) {
  apply_threads(a.threads);
  check_files({{"--model", a.model}, {"--data", a.data}}, {{"--out", a.out}});
  const ModelFile model = read_any_model(a.model);
  warn_if_unusable(model, "predict");
  CsvReader reader(a.data, csv_options(a.columns, false));
  if (reader.input_dim() != model.student.input_dim())
    throw InputError(a.data + ": has " + std::to_string(reader.input_dim()) +
                     " input columns, the model expects " +
                     std::to_string(model.student.input_dim()));
  CsvWriter writer(a.out, 0, model.student.output_dim());
  Eigen::MatrixXd X, Y;
  const Eigen::MatrixXd no_inputs;
  while (reader.read(kPredictBlock, X, Y) > 0) {
    const Eigen::MatrixXd predicted = model.student.predict(X);
    if (!predicted.allFinite())
      throw UntrustedResult(a.model + ": the model's outputs are not finite on " + a.data +
                            " (row " + std::to_string(reader.rows_read() - X.rows() + 1) +
                            " or later)");
    writer.write(Eigen::MatrixXd(X.rows(), 0), predicted);
  }
  writer.commit();
  std::cerr << "nnm predict: wrote " << reader.rows_read() << " rows of "
            << model.student.output_dim() << " outputs to " << a.out << "\n";
  return kExitOk;
}

}  // namespace

void register_predict(CLI::App& app, Action& action) {
  auto a = std::make_shared<PredictArgs>();
  auto* cmd = app.add_subcommand(
      "predict", "Write a model's outputs y1..ym for every row of a data file's inputs");
  cmd->add_option("--model", a->model,
                  "Model JSON: any format the tools write (nnm-model-1 or nnm-mlp-1)")
      ->required();
  add_column_options(*cmd, a->columns);
  cmd->add_option("--data", a->data, "CSV with columns x1..xd (y columns, if any, are ignored)")
      ->required();
  cmd->add_option("--out", a->out, "CSV to write, header y1..ym, one row per input row")
      ->required();
  add_threads_option(*cmd, a->threads);
  cmd->callback([a, &action] { action = [a] { return run_predict(*a); }; });
}

static const Subcommand registered{"predict", &register_predict};

}  // namespace nnm::cli
