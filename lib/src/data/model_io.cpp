#include "nnm/data/model_io.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

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
    r.fail("format", "unknown format " + describe_json(j.at("format")) + " (expected \"" +
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

namespace {

// Reads at most max_bytes + 1 bytes: enough to tell that a file (or a device such as /dev/zero)
// is over the limit without reading all of it.
std::string read_capped(const std::string& path, std::size_t max_bytes) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) throw InputError(located(path, 0, std::string("cannot open: ") + std::strerror(errno)));
  struct stat st {};
  const bool known = ::fstat(::fileno(f), &st) == 0;
  if (known && S_ISDIR(st.st_mode)) {
    std::fclose(f);
    throw InputError(located(path, 0, "is a directory, not a JSON file"));
  }
  std::string text;
  if (known && S_ISREG(st.st_mode) && static_cast<std::uint64_t>(st.st_size) <= max_bytes)
    text.reserve(static_cast<std::size_t>(st.st_size));
  char block[1 << 16];
  while (text.size() <= max_bytes) {
    const std::size_t got = std::fread(block, 1, sizeof block, f);
    if (std::memchr(block, '\0', got)) {
      std::fclose(f);
      throw InputError(located(path, 0, "holds a NUL byte: not a JSON text file"));
    }
    text.append(block, got);
    if (got < sizeof block) break;
  }
  const bool error = std::ferror(f);
  std::fclose(f);
  if (error) throw InputError(located(path, 0, "read error"));
  if (text.size() > max_bytes)
    throw InputError(located(
        path, 0,
        "larger than " + std::to_string(max_bytes >> 20) + " MiB (the limit for a JSON file)"));
  return text;
}

// Refuses arrays and objects nested deeper than kMaxJsonDepth before parsing: the parser copes,
// but printing or destroying such a value recurses once per level.
void check_depth(const std::string& text, const std::string& path) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth) {
        const long line = 1 + static_cast<long>(std::count(
                                  text.begin(), text.begin() + static_cast<long>(i), '\n'));
        throw InputError(located(
            path, line, "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels"));
      }
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
}

}  // namespace

std::string describe_json(const nlohmann::json& v) {
  switch (v.type()) {
    case nlohmann::json::value_t::array:
      return "an array of " + std::to_string(v.size());
    case nlohmann::json::value_t::object:
      return "an object of " + std::to_string(v.size()) + " fields";
    case nlohmann::json::value_t::string:
      return one_line(v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), 80);
    default:
      return v.dump();  // null, true, false, a number: short
  }
}

nlohmann::json parse_json_text(std::string& text, const std::string& path) {
  if (text.size() > kMaxJsonBytes)
    throw InputError(located(
        path, 0,
        "larger than " + std::to_string(kMaxJsonBytes >> 20) + " MiB (the limit for a JSON file)"));
  if (std::memchr(text.data(), '\0', text.size()))
    throw InputError(located(path, 0, "holds a NUL byte: not a JSON text file"));
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    throw InputError(located(path, 0, "empty file (expected a JSON object)"));
  check_depth(text, path);
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
  return j;
}

nlohmann::json read_json_file(const std::string& path, std::string* text_out) {
  std::string text = read_capped(path, kMaxJsonBytes);
  nlohmann::json j = parse_json_text(text, path);
  if (text_out) *text_out = std::move(text);
  return j;
}

namespace {

// One field per line and one matrix row per line: readable, and diffs stay small.
template <class Json>
std::string json_lines(const Json& j) {
  std::string out = "{";
  bool first = true;
  for (const auto& [key, value] : j.items()) {
    out += first ? "\n  " : ",\n  ";
    first = false;
    out += Json(key).dump() + ": ";
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

}  // namespace

std::string model_text(const nlohmann::json& j) { return json_lines(j); }
std::string model_text(const nlohmann::ordered_json& j) { return json_lines(j); }

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
