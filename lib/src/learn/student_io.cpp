#include "nnm/learn/student_io.hpp"

#include "data/json_fields.hpp"
#include "nnm/data/atomic_file.hpp"
#include "nnm/data/model_io.hpp"

namespace nnm {

using detail::FieldReader;
using detail::matrix_to_json;

void write_student(const std::string& path, const Student& student, const nlohmann::json& extra) {
  if (student.hidden().size() == 1) return write_model(path, student.to_network(), extra);
  nlohmann::json j = {{"format", kDeepModelFormat}, {"activation", student.activation().name()}};
  nlohmann::json layers = nlohmann::json::array();
  for (std::size_t l = 0; l <= student.hidden().size(); ++l)
    layers.push_back(
        {{"W", matrix_to_json(student.weights(l))}, {"b", vector_to_json(student.biases(l))}});
  j["layers"] = std::move(layers);
  for (const auto& [key, value] : extra.items())
    if (!j.contains(key)) j[key] = value;
  write_file_atomically(path, model_text(j));
}

Student read_student(const std::string& path) {
  std::string text;
  const auto j = read_json_file(path, &text);
  if (!j.is_object() || !j.contains("format") || j.at("format") != kDeepModelFormat)
    return Student::from_network(model_from_json(j, path, text));
  const FieldReader top{j, path, text};
  Activation activation;
  try {
    activation = Activation::parse(j.value("activation", std::string("relu")));
  } catch (const std::exception& e) {
    top.fail("activation", e.what());
  }
  if (!j.contains("layers") || !j.at("layers").is_array() || j.at("layers").size() < 2)
    top.fail("layers", "field \"layers\" must list at least two layers (hidden and output)");
  std::vector<Eigen::MatrixXd> W;
  std::vector<Eigen::VectorXd> b;
  for (const auto& layer : j.at("layers")) {
    if (!layer.is_object())
      top.fail("layers", "every entry of \"layers\" must be an object with W and b");
    const FieldReader r{layer, path, text};
    W.push_back(r.matrix("W"));
    b.push_back(r.vector("b"));
    const std::string where = "layer " + std::to_string(W.size());
    if (b.back().size() != W.back().rows())
      top.fail("layers", where + ": b has " + std::to_string(b.back().size()) + " entries, W has " +
                             std::to_string(W.back().rows()) + " rows");
    if (W.size() > 1 && W.back().cols() != W[W.size() - 2].rows())
      top.fail("layers", where + ": W has " + std::to_string(W.back().cols()) +
                             " columns, the layer before has " +
                             std::to_string(W[W.size() - 2].rows()) + " units");
  }
  std::vector<Eigen::Index> hidden;
  for (std::size_t l = 0; l + 1 < W.size(); ++l) hidden.push_back(W[l].rows());
  Student s(W.front().cols(), hidden, W.back().rows(), activation);
  for (std::size_t l = 0; l < W.size(); ++l) {
    s.weights(l) = W[l];
    s.biases(l) = b[l];
  }
  return s;
}

}  // namespace nnm
