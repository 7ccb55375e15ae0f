// The resumable sweep: runs an experiment's grid point by point, rewriting its results CSV
// atomically after every point, and reads such files back (keeping whole rows only).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "experiments/experiment.hpp"
#include "nnm/core/error.hpp"
#include "nnm/data/atomic_file.hpp"

namespace nnm {
namespace {

std::string csv_line(const ExperimentRow& row) {
  std::string line;
  for (std::size_t i = 0; i < row.size(); ++i) line += (i ? "," : "") + row[i];
  return line + "\n";
}

ExperimentRow split_line(const std::string& line) {
  ExperimentRow out;
  std::stringstream ss(line);
  std::string cell;
  while (std::getline(ss, cell, ',')) out.push_back(cell);
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}

}  // namespace

std::string results_csv(const std::vector<std::string>& columns,
                        const std::vector<ExperimentRow>& rows) {
  std::string text = csv_line(columns);
  for (const auto& row : rows) text += csv_line(row);
  return text;
}

SweepSummary read_sweep(const std::string& path, bool drop_partial_last) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(located(path, 0, "cannot open"));
  SweepSummary s;
  std::string line;
  long number = 0;
  while (std::getline(in, line)) {
    ++number;
    const bool whole = !in.eof();  // getline stopped at a line end, not at the end of the file
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    ExperimentRow row = split_line(line);
    if (s.columns.empty()) {
      s.columns = std::move(row);
      continue;
    }
    if (whole && row.size() == s.columns.size()) {
      s.rows.push_back(std::move(row));
      continue;
    }
    const bool last = in.peek() == std::char_traits<char>::eof();
    if (!last || row.size() > s.columns.size())
      throw InputError(located(path, number,
                               "expected " + std::to_string(s.columns.size()) + " fields, found " +
                                   std::to_string(row.size())));
    if (!drop_partial_last)
      throw InputError(located(path, number, "the last row is not whole (the file was cut)"));
    ++s.dropped;
  }
  if (s.columns.empty())
    throw InputError(located(path, 0, "empty file (expected a results header)"));
  return s;
}

namespace {

/// The points still to run, `options.ways` at a time on as many processes; every process ends
/// with every row (write() is a no-op on those that do not write). The rows are the ones a single
/// process computes: each point is run whole by one process.
template <class Write>
void run_shared(const Experiment& experiment, const SweepOptions& options,
                const std::vector<ExperimentRow>& points, SweepSummary& s,
                std::map<ExperimentRow, ExperimentRow>& done, const Write& write) {
  std::vector<ExperimentRow> todo;
  for (const auto& point : points)
    if (!done.count(point)) todo.push_back(point);
  s.reused = points.size() - todo.size();
  std::size_t finished = s.reused;
  const auto ways = static_cast<std::size_t>(std::max(1, options.ways));
  for (std::size_t start = 0; start < todo.size(); start += ways) {
    const std::size_t count = std::min(ways, todo.size() - start);
    if (options.progress) options.progress(finished, points.size(), todo[start]);
    const std::size_t at = start + static_cast<std::size_t>(options.way);
    std::string mine;
    std::exception_ptr failure;
    if (at < todo.size()) {
      try {
        ExperimentRow row = todo[at];
        const ExperimentRow measured = experiment.run(todo[at], options.scale);
        row.insert(row.end(), measured.begin(), measured.end());
        mine = csv_line(row);
      } catch (...) {
        failure = std::current_exception();
      }
    }
    const std::vector<std::string> lines = options.share(failure, mine);
    for (std::size_t k = 0; k < count; ++k) {
      const std::string& line = lines.at(k);
      done[todo[start + k]] = split_line(line.substr(0, line.size() - 1));  // less the line end
    }
    s.ran += count;
    finished += count;
    write();  // after every round: a killed sweep loses at most the points of one round
  }
  if (s.ran == 0) write();
  if (options.progress) options.progress(finished, points.size(), {});
  for (const auto& point : points) s.rows.push_back(done.at(point));
}

}  // namespace

SweepSummary run_sweep(const Experiment& experiment, const SweepOptions& options) {
  SweepSummary s;
  s.columns = experiment.parameter_columns();
  const auto results = experiment.result_columns();
  s.columns.insert(s.columns.end(), results.begin(), results.end());
  const std::size_t keys = experiment.parameter_columns().size();
  const std::vector<ExperimentRow> points = experiment.points(options.scale);
  s.points = points.size();

  // Finished rows of an earlier run, by their parameters.
  std::map<ExperimentRow, ExperimentRow> done;
  if (std::filesystem::exists(options.path)) {
    if (!options.resume)
      throw InputError(
          located(options.path, 0, "already exists (pass --resume to continue it, or remove it)"));
    const SweepSummary old = read_sweep(options.path, true);
    s.dropped = old.dropped;
    if (old.columns != s.columns)
      throw InputError(located(options.path, 1,
                               "its columns are not those of experiment " + experiment.name() +
                                   " (it has " + std::to_string(old.columns.size()) +
                                   " columns starting with \"" + old.columns.front() + "\")"));
    for (const auto& row : old.rows)
      done[ExperimentRow(row.begin(), row.begin() + static_cast<long>(keys))] = row;
    const std::set<ExperimentRow> grid_points(points.begin(), points.end());
    for (const auto& [key, row] : done)
      if (!grid_points.count(key))
        throw InputError(
            located(options.path, 0,
                    "holds the point (" + csv_line(key).substr(0, csv_line(key).size() - 1) + ")" +
                        ", which is not in this grid (another size, fewer seeds or another first "
                        "seed?)"));
  }

  auto write = [&] {
    if (!options.writes) return;
    std::vector<ExperimentRow> rows;
    for (const auto& point : points)
      if (const auto it = done.find(point); it != done.end()) rows.push_back(it->second);
    write_file_atomically(options.path, results_csv(s.columns, rows));
  };
  std::size_t finished = 0;
  if (options.share) {
    run_shared(experiment, options, points, s, done, write);
    return s;
  }
  for (const auto& point : points) {
    if (done.count(point)) {
      ++s.reused;
      ++finished;
      continue;
    }
    if (options.progress) options.progress(finished, points.size(), point);
    ExperimentRow row = point;
    const ExperimentRow measured = experiment.run(point, options.scale);
    row.insert(row.end(), measured.begin(), measured.end());
    done[point] = std::move(row);
    ++s.ran;
    ++finished;
    write();  // after every point: a killed sweep loses at most the point it was running
  }
  if (s.ran == 0) write();  // an empty or fully finished grid still leaves a well-formed file
  if (options.progress) options.progress(finished, points.size(), {});
  for (const auto& point : points) s.rows.push_back(done.at(point));
  return s;
}

}  // namespace nnm
