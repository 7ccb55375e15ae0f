#include "experiments/claims.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "nnm/core/error.hpp"
#include "report/report.hpp"

namespace nnm {

Results read_results(const std::filesystem::path& dir) {
  Results out;
  for (const auto& name : experiment_names()) {
    const auto path = dir / (name + ".csv");
    if (!std::filesystem::exists(path)) continue;
    SweepSummary s = read_sweep(path.string(), true);
    const auto e = make_experiment(name);
    auto columns = e->parameter_columns();
    const auto results = e->result_columns();
    columns.insert(columns.end(), results.begin(), results.end());
    if (s.columns != columns)
      throw InputError(located(path.string(), 1,
                               "its columns are not those of experiment " + name +
                                   " (written by another version of nnm?)"));
    out[name] = {std::move(s.columns), std::move(s.rows)};
  }
  return out;
}

namespace {

/// A cell as a number, NaN mapped to +inf (no model: an infinite error); nullopt if not a number.
std::optional<double> number(const std::string& cell) {
  if (cell.empty()) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(cell.c_str(), &end);
  if (*end != '\0') return std::nullopt;
  return std::isnan(v) ? std::numeric_limits<double>::infinity() : v;
}

long column_index(const std::vector<std::string>& columns, const std::string& name) {
  const auto it = std::find(columns.begin(), columns.end(), name);
  return it == columns.end() ? -1 : static_cast<long>(it - columns.begin());
}

}  // namespace

bool holds(const Condition& c, const std::vector<std::string>& columns, const ExperimentRow& row) {
  const long i = column_index(columns, c.column);
  if (i < 0) return false;
  std::string other = c.value;
  if (c.other_column) {
    const long j = column_index(columns, c.value);
    if (j < 0) return false;
    other = row[static_cast<std::size_t>(j)];
  }
  const std::string& cell = row[static_cast<std::size_t>(i)];
  const auto a = number(cell), b = number(other);
  using Op = Condition::Op;
  if (!a || !b) {
    if (c.op == Op::eq) return cell == other;
    if (c.op == Op::ne) return cell != other;
    return false;
  }
  switch (c.op) {
    case Op::eq:
      return *a == *b;
    case Op::ne:
      return *a != *b;
    case Op::lt:
      return *a < *b;
    case Op::le:
      return *a <= *b;
    case Op::gt:
      return *a > *b;
    case Op::ge:
      return *a >= *b;
  }
  return false;
}

bool Estimate::usable() const {
  if (rows == 0) return false;
  if (query.kind == Query::Kind::median) return median.values > 0;
  if (query.kind == Query::Kind::max) return std::isfinite(max);
  return true;
}

double Estimate::value() const {
  switch (query.kind) {
    case Query::Kind::rate:
      return rate.rate;
    case Query::Kind::median:
      return median.median;
    case Query::Kind::max:
      return max;
  }
  return NAN;
}

std::string Estimate::text() const {
  using report::format_number;
  switch (query.kind) {
    case Query::Kind::rate:
      return std::to_string(rate.successes) + " of " + std::to_string(rate.trials) +
             " (95 % interval " + format_number(rate.lo, 2) + "–" + format_number(rate.hi, 2) + ")";
    case Query::Kind::median: {
      std::string t = format_number(median.median);
      if (median.values < 2) return t + " (a single run)";
      return t + " (median of " + std::to_string(median.values) + "; " +
             format_number(100 * median.coverage, 3) + " % interval " + format_number(median.lo) +
             "–" + format_number(median.hi) + ")";
    }
    case Query::Kind::max:
      return format_number(max);
  }
  return {};
}

Estimate claim_from_csv(const Results& results, const Query& query) {
  Estimate e;
  e.query = query;
  e.max = NAN;
  const auto it = results.find(query.experiment);
  if (it == results.end()) return e;
  const ResultsTable& t = it->second;
  const long col = query.kind == Query::Kind::rate ? 0 : column_index(t.columns, query.column);
  if (col < 0) return e;
  std::size_t events = 0;
  std::vector<double> values;
  for (const auto& row : t.rows) {
    if (!std::all_of(query.where.begin(), query.where.end(),
                     [&](const Condition& c) { return holds(c, t.columns, row); }))
      continue;
    ++e.rows;
    if (query.kind == Query::Kind::rate) {
      events += std::all_of(query.event.begin(), query.event.end(),
                            [&](const Condition& c) { return holds(c, t.columns, row); });
    } else {
      const auto v = number(row[static_cast<std::size_t>(col)]);
      values.push_back(v && std::isfinite(*v) ? *v : NAN);
    }
  }
  if (query.kind == Query::Kind::rate) e.rate = wilson_interval(events, e.rows);
  if (query.kind == Query::Kind::median) e.median = median_interval(values);
  if (query.kind == Query::Kind::max)
    for (double v : values)
      if (std::isfinite(v) && !(v <= e.max)) e.max = v;
  return e;
}

Claim& Claim::operator<<(std::string_view words) {
  text_ += words;
  return *this;
}

Claim& Claim::operator<<(const Query& query) {
  const Estimate e = read(query);
  text_ += e.text();
  written_.back() = true;
  return *this;
}

Estimate Claim::read(const Query& query) {
  Estimate e = claim_from_csv(*results_, query);
  usable_ = usable_ && e.usable();
  evidence_.push_back(e);
  written_.push_back(false);
  return e;
}

Condition where(std::string column, std::string value) {
  return {std::move(column), Condition::Op::eq, std::move(value), false};
}
Condition where(std::string column, Condition::Op op, std::string value) {
  return {std::move(column), op, std::move(value), false};
}
Query rate_of(std::string experiment, std::vector<Condition> w, std::vector<Condition> event) {
  return {std::move(experiment), std::move(w), Query::Kind::rate, std::move(event), {}};
}
Query median_of(std::string experiment, std::vector<Condition> w, std::string column) {
  return {std::move(experiment), std::move(w), Query::Kind::median, {}, std::move(column)};
}
Query max_of(std::string experiment, std::vector<Condition> w, std::string column) {
  return {std::move(experiment), std::move(w), Query::Kind::max, {}, std::move(column)};
}

}  // namespace nnm
