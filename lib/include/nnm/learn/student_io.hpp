#pragma once
// Student files: a one-hidden-layer student is written as a two-layer model (nnm-model-1), a deeper
// one in the nnm-mlp-1 format; both read back into a Student.
#include <nlohmann/json.hpp>
#include <string>

#include "nnm/learn/student.hpp"

namespace nnm {

/// Format of students with more than one hidden layer: {"format": "nnm-mlp-1", "activation": …,
/// "layers": [{"W": [[…]], "b": […]}, …]}, the hidden layers in order, then the output layer.
inline constexpr const char* kDeepModelFormat = "nnm-mlp-1";
/// Writes a student atomically: as a two-layer model (nnm-model-1) when it has one hidden layer,
/// so every tool that reads models can use it, else in the nnm-mlp-1 format.
void write_student(const std::string& path, const Student& student,
                   const nlohmann::json& extra = nlohmann::json::object());
/// Reads either format. Throws InputError naming file, line and problem.
Student read_student(const std::string& path);

}  // namespace nnm
