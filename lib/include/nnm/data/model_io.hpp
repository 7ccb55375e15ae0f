#pragma once
// Model and truth files: {"format": "nnm-model-1", "activation": "relu", "A": [[…]], "W": [[…]],
// "b": […], "c": […]} plus any extra fields (a truth file adds "dist", "seed", "noise", …).
#include <cstddef>
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
/// The same layout with the fields in the order they were added (other JSON outputs of the tools).
std::string model_text(const nlohmann::ordered_json& object);
/// Writes atomically; numbers in shortest round-trip form (reading back gives identical doubles).
void write_model(const std::string& path, const Network& net,
                 const nlohmann::json& extra = nlohmann::json::object());
/// Reads and validates a model file. Throws InputError naming file, line and problem.
Network read_model(const std::string& path);

/// Largest JSON file read_json_file() accepts (a model of d = k = 2000 takes about 100 MB).
inline constexpr std::size_t kMaxJsonBytes = std::size_t{1} << 30;
/// Deepest nesting of arrays and objects it accepts (the formats use 3 levels).
inline constexpr int kMaxJsonDepth = 256;

/// Reads and parses any JSON file, throwing InputError with file:line on a syntax error, on a file
/// over kMaxJsonBytes (devices such as /dev/zero included), a NUL byte, or nesting deeper than
/// kMaxJsonDepth.
nlohmann::json read_json_file(const std::string& path, std::string* text = nullptr);
/// The same checks and parse for JSON text already in memory (`path` names it in messages); a
/// leading UTF-8 byte order mark is removed from `text`.
nlohmann::json parse_json_text(std::string& text, const std::string& path);
/// A value for an error message, never long: a scalar as JSON (a string cut to 80 bytes), an array
/// or object by its type and size.
std::string describe_json(const nlohmann::json& value);

}  // namespace nnm
