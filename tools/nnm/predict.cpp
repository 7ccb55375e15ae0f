// nnm predict: a model's outputs for the inputs of a data file, streamed in blocks (one pass).
#include <iostream>

#include "command.hpp"
#include "model_file.hpp"
#include "nnm/core/error.hpp"
#include "nnm/data/data_file.hpp"
#include "nnm/data/file_list_source.hpp"
#include "options.hpp"

namespace nnm::cli {
namespace {

struct PredictArgs {
  std::string model, out;
  std::vector<std::string> data;  // one data set, possibly kept as several files
  int threads = 0;
  ColumnOptions columns;
};

int run_predict(const PredictArgs& a) {
  apply_threads(a.threads);
  std::vector<NamedFile> inputs = {{"--model", a.model}};
  for (const auto& path : a.data) inputs.push_back({"--data", path});
  check_files(inputs, {{"--out", a.out}});
  const std::string data = data_files_name(a.data);
  const ModelFile model = read_any_model(a.model);
  warn_if_unusable(model, "predict");
  // One pass: streamed, never held.
  const DataOptions options = data_options(a.columns, false);
  const std::unique_ptr<SampleSource> source =
      a.data.size() == 1 ? open_stream(a.data.front(), options)
                         : std::make_unique<FileListSource>(a.data, options);
  if (source->dim() != model.student.input_dim())
    throw InputError(data + ": has " + std::to_string(source->dim()) +
                     " input columns, the model expects " +
                     std::to_string(model.student.input_dim()));
  CsvWriter writer(a.out, 0, model.student.output_dim());
  std::uint64_t rows = 0;
  // One pass in the source's chunks (bounded memory for any file size; the output does not
  // depend on the chunk size).
  source->for_each_chunk(
      [&](const Eigen::Ref<const Eigen::MatrixXd>& X, const Eigen::Ref<const Eigen::MatrixXd>&) {
        const Eigen::MatrixXd predicted = model.student.predict(X);
        if (!predicted.allFinite())
          throw UntrustedResult(a.model + ": the model's outputs are not finite on " + data +
                                " (row " + std::to_string(rows + 1) + " or later" +
                                (a.data.size() > 1 ? ", counting across the files)" : ")"));
        writer.write(Eigen::MatrixXd(X.rows(), 0), predicted);
        rows += static_cast<std::uint64_t>(X.rows());
      });
  writer.commit();
  std::cerr << "nnm predict: wrote " << rows << " rows of " << model.student.output_dim()
            << " outputs to " << a.out << "\n";
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
  add_data_files_option(
      *cmd, a->data,
      "Data file (CSV with columns x1..xd, .npy or .h5; outputs, if any, are ignored)");
  cmd->add_option("--out", a->out, "CSV to write, header y1..ym, one row per input row")
      ->required();
  add_threads_option(*cmd, a->threads);
  cmd->callback([a, &action] { action = [a] { return run_predict(*a); }; });
}

static const Subcommand registered{"predict", &register_predict};

}  // namespace nnm::cli
