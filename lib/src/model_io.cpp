#include "nnm/model_io.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "nnm/atomic_file.hpp"
#include "nnm/error.hpp"

namespace nnm {
namespace {

nlohmann::json matrix_to_json(const Eigen::MatrixXd& m) {
  nlohmann::json rows = nlohmann::json::array();
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    nlohmann::json row = nlohmann::json::array();
    for (Eigen::Index j = 0; j < m.cols(); ++j) row.push_back(m(i, j));
    rows.push_back(std::move(row));
  }
  return rows;
}

/// 1-based line of the first occurrence of "key" in the raw text (0 if unknown).
long line_of_key(const std::string& text, const std::string& key) {
  const auto pos = text.find("\"" + key + "\"");
  if (pos == std::string::npos) return 0;
  return 1 + static_cast<long>(std::count(text.begin(), text.begin() + static_cast<long>(pos), '\n'));
}

struct FieldReader {
  const nlohmann::json& j;
  const std::string& source;
  const std::string& text;

  [[noreturn]] void fail(const std::string& key, const std::string& what) const {
    throw InputError(located(source, line_of_key(text, key), what));
  }

  double number(const nlohmann::json& v, const std::string& key) const {
    if (!v.is_number()) fail(key, "field \"" + key + "\" holds a non-number: " + v.dump());
    const double x = v.get<double>();
    if (!std::isfinite(x)) fail(key, "field \"" + key + "\" holds a non-finite number");
    return x;
  }

  Eigen::MatrixXd matrix(const std::string& key) const {
    if (!j.contains(key)) fail(key, "missing field \"" + key + "\"");
    const auto& rows = j.at(key);
    if (!rows.is_array() || rows.empty())
      fail(key, "field \"" + key + "\" must be a non-empty array of rows");
    const auto cols = rows[0].is_array() ? rows[0].size() : 0;
    if (cols == 0) fail(key, "field \"" + key + "\": row 1 is not a non-empty array");
    Eigen::MatrixXd m(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(cols));
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (!rows[i].is_array() || rows[i].size() != cols)
        fail(key, "field \"" + key + "\": row " + std::to_string(i + 1) + " has " +
                      std::to_string(rows[i].is_array() ? rows[i].size() : 0) +
                      " entries, row 1 has " + std::to_string(cols));
      for (std::size_t c = 0; c < cols; ++c)
        m(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(c)) = number(rows[i][c], key);
    }
    return m;
  }

  Eigen::VectorXd vector(const std::string& key) const {
    if (!j.contains(key) || j.at(key).is_null()) return {};
    const auto& v = j.at(key);
    if (!v.is_array()) fail(key, "field \"" + key + "\" must be an array of numbers");
    Eigen::VectorXd out(static_cast<Eigen::Index>(v.size()));
    for (std::size_t i = 0; i < v.size(); ++i) out[static_cast<Eigen::Index>(i)] = number(v[i], key);
    return out;
  }
};

}  // namespace

nlohmann::json vector_to_json(const Eigen::Ref<const Eigen::VectorXd>& v) {
  return std::vector<double>(v.data(), v.data() + v.size());
}

nlohmann::json model_to_json(const Network& net, const nlohmann::json& extra) {
  nlohmann::json j = {{"format", kModelFormat}, {"activation", net.activation.name()}};
  j["A"] = matrix_to_json(net.A);
  j["W"] = matrix_to_json(net.W);
  if (net.b.size()) j["b"] = vector_to_json(net.b);
  if (net.c.size()) j["c"] = vector_to_json(net.c);
  for (const auto& [key, value] : extra.items())
    if (!j.contains(key)) j[key] = value;
  return j;
}

Network model_from_json(const nlohmann::json& j, const std::string& source, const std::string& text) {
  const FieldReader r{j, source, text};
  if (!j.is_object()) throw InputError(located(source, 1, "expected a JSON object"));
  if (j.contains("format") && j.at("format") != kModelFormat)
    r.fail("format", "unknown format " + j.at("format").dump() + " (expected \"" +
                         std::string(kModelFormat) + "\")");
  Network net;
  if (j.contains("activation")) {
    if (!j.at("activation").is_string()) r.fail("activation", "field \"activation\" must be a string");
    try {
      net.activation = Activation::parse(j.at("activation").get<std::string>());
    } catch (const InputError& e) {
      r.fail("activation", e.what());
    }
  }
  net.A = r.matrix("A");
  net.W = r.matrix("W");
  net.b = r.vector("b");
  net.c = r.vector("c");
  if (net.A.cols() != net.W.rows())
    r.fail("A", "shapes disagree: A is " + std::to_string(net.A.rows()) + " x " +
                    std::to_string(net.A.cols()) + " but W is " + std::to_string(net.W.rows()) +
                    " x " + std::to_string(net.W.cols()) + " (A needs one column per row of W)");
  if (net.b.size() && net.b.size() != net.W.rows())
    r.fail("b", "field \"b\" has " + std::to_string(net.b.size()) + " entries, W has " +
                    std::to_string(net.W.rows()) + " rows");
  if (net.c.size() && net.c.size() != net.A.rows())
    r.fail("c", "field \"c\" has " + std::to_string(net.c.size()) + " entries, A has " +
                    std::to_string(net.A.rows()) + " rows");
  return net;
}

nlohmann::json read_json_file(const std::string& path, std::string* text_out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(located(path, 0, std::string("cannot open: ") + std::strerror(errno)));
  if (std::filesystem::is_directory(path)) throw InputError(located(path, 0, "is a directory, not a JSON file"));
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    throw InputError(located(path, 0, "empty file (expected a JSON object)"));
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // Turn the byte offset into a line number; keep nlohmann's description after the colon.
    const auto upto = std::min<std::size_t>(e.byte == 0 ? 0 : e.byte - 1, text.size());
    const long line = 1 + static_cast<long>(std::count(text.begin(), text.begin() + static_cast<long>(upto), '\n'));
    std::string what = e.what();
    const auto pos = what.find(": ", what.find("parse error"));
    if (pos != std::string::npos) what = what.substr(pos + 2);
    throw InputError(located(path, line, "malformed JSON: " + what));
  } catch (const nlohmann::json::exception& e) {
    // Not a syntax error but a value nlohmann cannot hold, such as a number that overflows a double.
    std::string what = e.what();
    const auto pos = what.find("] ");
    if (pos != std::string::npos) what = what.substr(pos + 2);
    throw InputError(located(path, 0, "malformed JSON: " + what));
  }
  if (text_out) *text_out = std::move(text);
  return j;
}

std::string model_text(const nlohmann::json& j) {
  // One field per line and one matrix row per line: readable, and diffs stay small.
  std::string out = "{";
  bool first = true;
  for (const auto& [key, value] : j.items()) {
    out += first ? "\n  " : ",\n  ";
    first = false;
    out += nlohmann::json(key).dump() + ": ";
    if (value.is_array() && !value.empty() && value[0].is_array()) {
      out += "[";
      for (std::size_t i = 0; i < value.size(); ++i)
        out += (i ? ",\n    " : "\n    ") + value[i].dump();
      out += "\n  ]";
    } else {
      out += value.dump();
    }
  }
  return out + "\n}\n";
}

void write_model(const std::string& path, const Network& net, const nlohmann::json& extra) {
  write_file_atomically(path, model_text(model_to_json(net, extra)));
}

Network read_model(const std::string& path) {
  std::string text;
  const auto j = read_json_file(path, &text);
  Network net = model_from_json(j, path, text);
  return net;
}

void write_student(const std::string& path, const Student& student, const nlohmann::json& extra) {
  if (student.hidden().size() == 1) return write_model(path, student.to_network(), extra);
  nlohmann::json j = {{"format", kDeepModelFormat}, {"activation", student.activation().name()}};
  nlohmann::json layers = nlohmann::json::array();
  for (std::size_t l = 0; l <= student.hidden().size(); ++l)
    layers.push_back({{"W", matrix_to_json(student.weights(l))}, {"b", vector_to_json(student.biases(l))}});
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
    if (!layer.is_object()) top.fail("layers", "every entry of \"layers\" must be an object with W and b");
    const FieldReader r{layer, path, text};
    W.push_back(r.matrix("W"));
    b.push_back(r.vector("b"));
    const std::string where = "layer " + std::to_string(W.size());
    if (b.back().size() != W.back().rows())
      top.fail("layers", where + ": b has " + std::to_string(b.back().size()) + " entries, W has " +
                             std::to_string(W.back().rows()) + " rows");
    if (W.size() > 1 && W.back().cols() != W[W.size() - 2].rows())
      top.fail("layers", where + ": W has " + std::to_string(W.back().cols()) +
                             " columns, the layer before has " + std::to_string(W[W.size() - 2].rows()) + " units");
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
