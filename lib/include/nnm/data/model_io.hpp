#pragma once
// Model and truth files: {"format": "nnm-model-1", "activation": "relu", "A": [[…]], "W": [[…]],
// "b": […], "c": […]} plus any extra fields (a truth file adds "dist", "seed", "noise", …).
#include <nlohmann/json.hpp>
#include <string>

#include "nnm/core/network.hpp"

namespace nnm {

inline constexpr const char* kModelFormat = "nnm-model-1";

/// A vector as a JSON array of numbers.
nlohmann::json vector_to_json(const Eigen::Ref<const Eigen::VectorXd>& v);

/// The network as a JSON object in the model format; `extra` fields are merged in.
nlohmann::json model_to_json(const Network& net,
                             const nlohmann::json& extra = nlohmann::json::object());
/// Reads the network from a parsed model object; `source` names the file in error messages and
/// `text` (when given) lets errors point at the line of the offending field.
Network model_from_json(const nlohmann::json& j, const std::string& source,
                        const std::string& text = {});

/// JSON text with one field per line and one matrix row per line.
std::string model_text(const nlohmann::json& model);
/// Writes atomically; numbers in shortest round-trip form (reading back gives identical doubles).
void write_model(const std::string& path, const Network& net,
                 const nlohmann::json& extra = nlohmann::json::object());
/// Reads and validates a model file. Throws InputError naming file, line and problem.
Network read_model(const std::string& path);

/// Reads and parses any JSON file, throwing InputError with file:line on a syntax error.
nlohmann::json read_json_file(const std::string& path, std::string* text = nullptr);

}  // namespace nnm
