#pragma once
// Claims read from results: every number a report sentence states is an Estimate that
// claim_from_csv computed from a sweep CSV, and the Claim keeps the query that produced it, so a
// test can re-derive the sentence from the files (and see it change when a cell changes).
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "experiments/experiment.hpp"
#include "experiments/statistics.hpp"

namespace nnm {

/// The sweep CSVs of a directory, by experiment name (the file NAME.csv).
struct ResultsTable {
  std::vector<std::string> columns;
  std::vector<ExperimentRow> rows;
};
using Results = std::map<std::string, ResultsTable>;
/// Reads DIR/NAME.csv for every named experiment whose file exists (whole rows only: a cut last
/// row is left out). A file whose header is not its experiment's columns is an InputError.
Results read_results(const std::filesystem::path& dir);

/// A test on one row: `column` compared with a literal `value`, or with the column named by
/// `value` when `other_column`. Two numbers compare as numbers, NaN (no model) counting as +inf;
/// anything else compares as text (eq and ne only).
struct Condition {
  enum class Op { eq, ne, lt, le, gt, ge };
  std::string column;
  Op op = Op::eq;
  std::string value;
  bool other_column = false;
};
bool holds(const Condition& c, const std::vector<std::string>& columns, const ExperimentRow& row);

/// What a number in a sentence is: a statistic of `column` (median, max) or of `event` (rate)
/// over the rows of `experiment` that satisfy every condition of `where`.
struct Query {
  enum class Kind { rate, median, max };
  std::string experiment;
  std::vector<Condition> where;
  Kind kind = Kind::rate;
  std::vector<Condition> event;  ///< rate: the rows counted as successes
  std::string column;            ///< median, max: a numeric column
};

struct Estimate {
  Query query;
  std::size_t rows = 0;   ///< rows selected by `where`
  RateEstimate rate;      ///< kind rate
  MedianEstimate median;  ///< kind median (its values: the finite cells)
  double max = 0;         ///< kind max (NaN when no finite cell)
  /// Whether the estimate has data: rows selected and, for median and max, a finite value.
  bool usable() const;
  /// The sentence text of the number, e.g. "3 of 5 (95 % interval 0.23-0.88)".
  std::string text() const;
  /// The central value: the rate, the median or the max.
  double value() const;
};

/// THE way a report reads a number from results. An experiment without a file, or a column the
/// file does not have, gives an unusable estimate (the claim using it is dropped).
Estimate claim_from_csv(const Results& results, const Query& query);

/// A sentence of the report assembled from words and estimates; `id` names it stably so that a
/// test can find the same claim in a report built from changed files.
class Claim {
 public:
  Claim(std::string id, const Results& results) : id_(std::move(id)), results_(&results) {}
  Claim& operator<<(std::string_view words);
  /// Appends the estimate's text() and keeps it as evidence.
  Claim& operator<<(const Query& query);
  /// Reads an estimate (kept as evidence) without writing it: for wording that depends on data.
  Estimate read(const Query& query);
  /// Every estimate had data.
  bool usable() const { return usable_; }
  const std::string& id() const { return id_; }
  const Results& results() const { return *results_; }
  const std::string& text() const { return text_; }
  const std::vector<Estimate>& evidence() const { return evidence_; }
  /// Whether evidence()[i] was written into the text (not only read to choose the wording).
  bool written(std::size_t i) const { return written_.at(i); }

 private:
  std::string id_, text_;
  const Results* results_;
  std::vector<Estimate> evidence_;
  std::vector<bool> written_;
  bool usable_ = true;
};

/// Query builders for the common shapes.
Condition where(std::string column, std::string value);
Condition where(std::string column, Condition::Op op, std::string value);
Query rate_of(std::string experiment, std::vector<Condition> where, std::vector<Condition> event);
Query median_of(std::string experiment, std::vector<Condition> where, std::string column);
Query max_of(std::string experiment, std::vector<Condition> where, std::string column);

}  // namespace nnm
