#include "model_file.hpp"

#include <array>
#include <iostream>
#include <string_view>

#include "nnm/core/error.hpp"
#include "nnm/data/model_io.hpp"
#include "nnm/learn/student_io.hpp"

namespace nnm::cli {

bool ModelFile::usable_status() const {
  // Statuses under which recover and train hand out their result as usable; anything else
  // (not_symmetric, no_spectral_gap, diverged, ...) was written for inspection only.
  constexpr std::array<std::string_view, 5> usable = {"", "success", "completed", "stopped_early",
                                                      "stopped_by_callback"};
  for (const auto s : usable)
    if (status == s) return true;
  return false;
}

ModelFile read_any_model(const std::string& path) {
  ModelFile model;
  model.path = path;
  std::string text;
  model.json = read_json_file(path, &text);
  const bool deep = model.json.is_object() && model.json.contains("format") &&
                    model.json.at("format") == kDeepModelFormat;
  if (deep) {
    model.student = read_student(path);
  } else {
    model.network = model_from_json(model.json, path, text);
    model.student = Student::from_network(*model.network);
  }
  if (model.json.is_object() && model.json.contains("status")) {
    if (!model.json.at("status").is_string())
      throw InputError(path + ": field \"status\" must be a string");
    model.status = model.json.at("status").get<std::string>();
  }
  return model;
}

void warn_if_unusable(const ModelFile& model, const char* command) {
  if (model.usable_status()) return;
  std::cerr << "nnm " << command << ": warning: " << model.path << " records status '"
            << model.status << "': the tool that wrote it did not trust this model\n";
}

}  // namespace nnm::cli
