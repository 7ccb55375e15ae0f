#pragma once
// Any model file the tools write, read once: a two-layer network (nnm-model-1: recover, generate,
// family, one-hidden-layer train) or a deeper student (nnm-mlp-1: train --layers 2+).
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "nnm/core/network.hpp"
#include "nnm/learn/student.hpp"

namespace nnm::cli {

struct ModelFile {
  std::string path;
  nlohmann::json json;             ///< the whole file, extra fields included
  Student student;                 ///< every format, as a student
  std::optional<Network> network;  ///< set when the file is a two-layer network
  /// The "status" the writing tool recorded ("" when none); usable_status() says whether that tool
  /// considered its result usable.
  std::string status;
  bool usable_status() const;
};

/// Reads any model format. Throws InputError naming file, line and problem.
ModelFile read_any_model(const std::string& path);

/// Warns on stderr, as `command`, when the model's own recorded status was not a usable one.
void warn_if_unusable(const ModelFile& model, const char* command);

}  // namespace nnm::cli
