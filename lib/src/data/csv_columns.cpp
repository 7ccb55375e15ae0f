#include "data/csv_columns.hpp"

#include <algorithm>
#include <charconv>

#include "nnm/core/error.hpp"

namespace nnm::detail {
namespace {

std::string shorten(std::string_view s) {
  return s.size() <= 40 ? std::string(s) : std::string(s.substr(0, 37)) + "...";
}

std::string column_name(long j, long d) {
  return std::string(j < d ? "x" : "y").append(std::to_string(j < d ? j + 1 : j - d + 1));
}

bool is_index_name(const std::string& name) { return name.empty() || name == "Unnamed: 0"; }

// A 1-based column number, or 0 if `s` is not one.
long column_number(std::string_view s) {
  long v = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && ptr == s.data() + s.size() && v > 0 ? v : 0;
}

// The 0-based column that `item` names: an exact header name first, then a column number.
long resolve(std::string_view item, const std::vector<std::string>& names,
             const std::function<void(const std::string&)>& fail, const char* option) {
  const auto it = std::find(names.begin(), names.end(), item);
  if (it != names.end()) return it - names.begin();
  const long number = column_number(item);
  if (number > 0 && number <= static_cast<long>(names.size())) return number - 1;
  fail(std::string(option) + ": no column '" + shorten(item) + "' in the header (" +
       std::to_string(names.size()) + " columns)");
  return -1;
}

// The columns of a list like "a,b:d,7", in the order given.
std::vector<long> select(const std::string& list, const std::vector<std::string>& names,
                         const std::function<void(const std::string&)>& fail, const char* option) {
  std::vector<long> out;
  if (list.empty()) return out;
  for_each_field(list, [&](std::size_t, std::string_view item) {
    if (item.empty()) fail(std::string(option) + ": empty item in '" + shorten(list) + "'");
    const auto colon = item.find(':');
    const bool exact = std::find(names.begin(), names.end(), item) != names.end();
    if (colon == std::string_view::npos || exact) {
      out.push_back(resolve(item, names, fail, option));
      return true;
    }
    const long first = resolve(trim(item.substr(0, colon)), names, fail, option);
    const long last = resolve(trim(item.substr(colon + 1)), names, fail, option);
    if (last < first) fail(std::string(option) + ": range '" + shorten(item) + "' runs backwards");
    for (long c = first; c <= last; ++c) out.push_back(c);
    return true;
  });
  return out;
}

// The default layout: an optional index column, then x1..xd, y1..ym numbered in order.
CsvLayout default_layout(const std::vector<std::string>& names,
                         const std::function<void(const std::string&)>& fail) {
  CsvLayout l;
  const std::size_t skip = names.size() > 1 && is_index_name(names[0]) ? 1 : 0;
  l.target.assign(names.size(), -1);
  for (std::size_t c = skip; c < names.size(); ++c) {
    const std::string& name = names[c];
    const bool is_x = !name.empty() && name[0] == 'x';
    const bool is_y = !name.empty() && name[0] == 'y';
    const long expected = is_x ? l.d + 1 : l.m + 1;
    if ((is_x && l.m > 0) || (!is_x && !is_y) || name.substr(1) != std::to_string(expected)) {
      const std::string want =
          (is_y || l.m > 0) ? column_name(l.d + l.m, l.d) : column_name(l.d, l.d + 1);
      fail("bad header: column " + std::to_string(c + 1) + " is '" + shorten(name) +
           "', expected '" + want +
           "' (the header lists x1..xd then y1..ym; --x-cols and --y-cols, or CsvOptions::x_cols "
           "and y_cols, pick others)");
    }
    (is_x ? l.d : l.m) += 1;
  }
  for (std::size_t c = skip; c < names.size(); ++c) l.target[c] = static_cast<int>(c - skip);
  if (l.d == 0) fail("bad header: no input columns x1..xd");
  return l;
}

}  // namespace

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::size_t for_each_field(std::string_view line,
                           const std::function<bool(std::size_t, std::string_view)>& field) {
  std::size_t count = 0, start = 0;
  for (;;) {
    std::size_t stop = start;
    while (stop < line.size() && (line[stop] == ' ' || line[stop] == '\t')) ++stop;
    std::string_view value;
    if (stop < line.size() && line[stop] == '"') {
      // A quoted field: up to the closing quote ("" is a quote inside), then blanks to the comma.
      std::size_t close = stop + 1;
      while (close < line.size() &&
             !(line[close] == '"' && (close + 1 == line.size() || line[close + 1] != '"')))
        close += line[close] == '"' ? 2 : 1;
      value = line.substr(stop + 1, std::min(close, line.size()) - stop - 1);
      stop = line.find(',', std::min(close, line.size()));
    } else {
      stop = line.find(',', start);
      value = trim(line.substr(start, stop == std::string_view::npos ? line.npos : stop - start));
    }
    const bool more = field(count++, value);
    if (!more || stop == std::string_view::npos) return count;
    start = stop + 1;
  }
}

std::vector<std::string> split_header(std::string_view line, std::size_t max_columns,
                                      const std::function<void(const std::string&)>& fail) {
  std::vector<std::string> names;
  for_each_field(line, [&](std::size_t i, std::string_view v) {
    if (i >= max_columns)
      fail("the header has more than " + std::to_string(max_columns) + " columns (the limit)");
    std::string name;
    for (std::size_t k = 0; k < v.size(); ++k) {
      name += v[k];
      if (v[k] == '"' && k + 1 < v.size() && v[k + 1] == '"') ++k;
    }
    names.push_back(std::move(name));
    return true;
  });
  return names;
}

CsvLayout csv_layout(const std::vector<std::string>& names, const CsvOptions& options,
                     const std::function<void(const std::string&)>& fail) {
  if (options.x_cols.empty() && options.y_cols.empty()) return default_layout(names, fail);
  std::vector<long> x = select(options.x_cols, names, fail, "x_cols");
  std::vector<long> y = select(options.y_cols, names, fail, "y_cols");
  const bool index = names.size() > 1 && is_index_name(names[0]);
  // The list not given: every column not named and not the index column.
  std::vector<long>& rest = options.x_cols.empty() ? x : y;
  const std::vector<long>& given = options.x_cols.empty() ? y : x;
  if (options.x_cols.empty() || options.y_cols.empty())
    for (long c = index ? 1 : 0; c < static_cast<long>(names.size()); ++c)
      if (std::find(given.begin(), given.end(), c) == given.end()) rest.push_back(c);
  CsvLayout l;
  l.target.assign(names.size(), -1);
  l.d = static_cast<long>(x.size());
  l.m = static_cast<long>(y.size());
  long place = 0;
  for (const auto* list : {&x, &y})
    for (const long c : *list) {
      if (l.target[static_cast<std::size_t>(c)] >= 0)
        fail("column " + std::to_string(c + 1) + " ('" +
             shorten(names[static_cast<std::size_t>(c)]) +
             "') is selected twice by x_cols and y_cols");
      l.target[static_cast<std::size_t>(c)] = static_cast<int>(place++);
    }
  if (l.d == 0) fail("x_cols selects no input column");
  return l;
}

}  // namespace nnm::detail
