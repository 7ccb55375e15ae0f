#pragma once
// Typed CSV rows: a result struct lists its columns once, as a field table (column name + member
// pointer), and that one table both writes a row and reads it back. Nothing else needs to know
// which position a column has.
#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "nnm/core/error.hpp"

namespace nnm {

/// Values of one CSV row, already formatted (numbers in shortest round-trip form).
using ExperimentRow = std::vector<std::string>;

/// Numbers as results CSVs hold them: shortest round-trip ("nan" for NaN), integers in decimal.
std::string format_value(double value);
std::string format_value(long long value);
/// The inverse of format_value; a cell that is not a number is an InputError naming `column`.
double parse_double(const std::string& cell, std::string_view column);
long long parse_integer(const std::string& cell, std::string_view column);

/// One column of a row struct: its name and the member that holds it. A double member is written
/// by `format` when given (e.g. a display rounding), else in shortest round-trip form.
template <class Row>
struct Field {
  std::string_view column;
  std::variant<std::string Row::*, double Row::*, long long Row::*> member;
  std::string (*format)(double) = nullptr;
};

/// A row struct provides `static const std::vector<Field<Row>>& fields()`.
template <class Row>
std::vector<std::string> columns_of() {
  std::vector<std::string> out;
  for (const auto& f : Row::fields()) out.emplace_back(f.column);
  return out;
}

/// The cells of fields [first, first + count) of `row` (all from `first` by default).
template <class Row>
ExperimentRow to_row(const Row& row, std::size_t first = 0, std::size_t count = std::size_t(-1)) {
  const auto& fields = Row::fields();
  ExperimentRow out;
  for (std::size_t i = first; i < fields.size() && i - first < count; ++i) {
    const Field<Row>& f = fields[i];
    std::visit(
        [&](auto member) {
          const auto& value = row.*member;
          if constexpr (std::is_same_v<std::decay_t<decltype(value)>, double>)
            out.push_back(f.format ? f.format(value) : format_value(value));
          else if constexpr (std::is_same_v<std::decay_t<decltype(value)>, long long>)
            out.push_back(format_value(value));
          else
            out.push_back(value);
        },
        f.member);
  }
  return out;
}

/// Reads `cells` into the fields first, first + 1, ... of `row` (the others are left as they are).
template <class Row>
void read_fields(Row& row, const ExperimentRow& cells, std::size_t first = 0) {
  const auto& fields = Row::fields();
  if (first + cells.size() > fields.size())
    throw InputError("a row of " + std::to_string(cells.size()) + " cells has more than the " +
                     std::to_string(fields.size() - first) + " columns it can fill");
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const Field<Row>& f = fields[first + i];
    if (const auto* s = std::get_if<std::string Row::*>(&f.member))
      row.** s = cells[i];
    else if (const auto* d = std::get_if<double Row::*>(&f.member))
      row.** d = parse_double(cells[i], f.column);
    else
      row.*std::get<long long Row::*>(f.member) = parse_integer(cells[i], f.column);
  }
}

template <class Row>
Row from_row(const ExperimentRow& cells) {
  Row row{};
  read_fields(row, cells);
  return row;
}

/// Rows of a results table as structs; a header that is not the struct's columns is an
/// InputError (`what` names the table).
template <class Row>
std::vector<Row> typed_rows(const std::vector<std::string>& columns,
                            const std::vector<ExperimentRow>& rows, const std::string& what) {
  if (columns != columns_of<Row>())
    throw InputError(what + ": its columns are not those of its result struct");
  std::vector<Row> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(from_row<Row>(r));
  return out;
}

}  // namespace nnm
