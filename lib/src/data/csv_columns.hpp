#pragma once
// Private to the library: splitting CSV lines (with or without quotes) and deciding which columns
// of a header are inputs and outputs (CsvOptions::x_cols / y_cols, an index column).
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "nnm/data/dataset.hpp"

namespace nnm::detail {

/// Trims blanks (space, tab) at both ends.
std::string_view trim(std::string_view s);
/// Calls `field` for every field of the line, trimmed; quoted fields ("a,b", "say ""hi""") have
/// their quotes removed (doubled quotes inside are kept doubled: numbers never hold quotes, and
/// header names are unquoted by split_header). Stops early when `field` returns false. Returns the
/// number of fields seen.
std::size_t for_each_field(std::string_view line,
                           const std::function<bool(std::size_t, std::string_view)>& field);
/// The names of a header line, unquoted ("" for "" and for an empty field).
std::vector<std::string> split_header(std::string_view line, std::size_t max_columns,
                                      const std::function<void(const std::string&)>& fail);

/// Which columns feed X and Y.
struct CsvLayout {
  std::vector<int> target;  ///< per column: index into the row (x first, then y), or -1 to skip
  long d = 0, m = 0;
};
/// Resolves the options against the header names; `fail` throws with a message.
CsvLayout csv_layout(const std::vector<std::string>& names, const CsvOptions& options,
                     const std::function<void(const std::string&)>& fail);

}  // namespace nnm::detail
