#include "nnm/data/model_io.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "data/json_fields.hpp"
#include "nnm/core/error.hpp"
#include "nnm/data/atomic_file.hpp"

namespace nnm {
using detail::FieldReader;
using detail::matrix_to_json;

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

Network model_from_json(const nlohmann::json& j, const std::string& source,
                        const std::string& text) {
  const FieldReader r{j, source, text};
  if (!j.is_object()) throw InputError(located(source, 1, "expected a JSON object"));
  if (j.contains("format") && j.at("format") != kModelFormat)
    r.fail("format", "unknown format " + j.at("format").dump() + " (expected \"" +
                         std::string(kModelFormat) + "\")");
  Network net;
  if (j.contains("activation")) {
    if (!j.at("activation").is_string())
      r.fail("activation", "field \"activation\" must be a string");
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
  if (std::filesystem::is_directory(path))
    throw InputError(located(path, 0, "is a directory, not a JSON file"));
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
    const long line = 1 + static_cast<long>(std::count(
                              text.begin(), text.begin() + static_cast<long>(upto), '\n'));
    std::string what = e.what();
    const auto pos = what.find(": ", what.find("parse error"));
    if (pos != std::string::npos) what = what.substr(pos + 2);
    throw InputError(located(path, line, "malformed JSON: " + what));
  } catch (const nlohmann::json::exception& e) {
    // Not a syntax error but a value nlohmann cannot hold, such as a number that overflows a
    // double.
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

}  // namespace nnm
