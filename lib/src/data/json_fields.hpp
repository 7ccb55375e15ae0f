#pragma once
// Private to the library: reading typed fields out of parsed model JSON with errors that point at
// the field's line, shared by the two-layer model files and the deep-student files.
#include <Eigen/Core>
#include <nlohmann/json.hpp>
#include <string>

#include <algorithm>
#include <cmath>

#include "nnm/core/error.hpp"
#include "nnm/data/model_io.hpp"

namespace nnm::detail {

inline nlohmann::json matrix_to_json(const Eigen::MatrixXd& m) {
  nlohmann::json rows = nlohmann::json::array();
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    nlohmann::json row = nlohmann::json::array();
    for (Eigen::Index j = 0; j < m.cols(); ++j) row.push_back(m(i, j));
    rows.push_back(std::move(row));
  }
  return rows;
}

/// 1-based line of the first occurrence of "key" in the raw text (0 if unknown).
inline long line_of_key(const std::string& text, const std::string& key) {
  const auto pos = text.find("\"" + key + "\"");
  if (pos == std::string::npos) return 0;
  return 1 +
         static_cast<long>(std::count(text.begin(), text.begin() + static_cast<long>(pos), '\n'));
}

struct FieldReader {
  const nlohmann::json& j;
  const std::string& source;
  const std::string& text;

  [[noreturn]] void fail(const std::string& key, const std::string& what) const {
    throw InputError(located(source, line_of_key(text, key), what));
  }

  double number(const nlohmann::json& v, const std::string& key) const {
    if (!v.is_number()) fail(key, "field \"" + key + "\" holds a non-number: " + describe_json(v));
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
    for (std::size_t i = 0; i < v.size(); ++i)
      out[static_cast<Eigen::Index>(i)] = number(v[i], key);
    return out;
  }
};

}  // namespace nnm::detail
