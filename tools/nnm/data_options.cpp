// The data-reading options every subcommand shares: columns, format, memory budget.
#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <cmath>

#include "command.hpp"
#include "nnm/core/enum_names.hpp"
#include "nnm/core/error.hpp"
#include "nnm/data/data_file.hpp"

namespace nnm::cli {

void add_column_options(CLI::App& app, ColumnOptions& columns) {
  app.add_option(
      "--x-cols", columns.x,
      "Input columns of the data file: names, 1-based numbers and ranges FIRST:LAST, "
      "comma-separated (default: the header's x1..xd; a plain .npy array: every column)");
  app.add_option("--y-cols", columns.y,
                 "Output columns, as --x-cols (default: the header's y1..ym; with only --x-cols, "
                 "every other column but an index column)");
  add_format_option(app, columns.format,
                    "Data file format: csv, npy or h5 (default auto: by extension, .npy, "
                    ".h5/.hdf5, anything else CSV)");
}

CLI::Option* add_format_option(CLI::App& app, std::string& format, const std::string& help) {
  return app.add_option("--format", format, help)
      ->capture_default_str()
      ->check(CLI::IsMember({"auto", "csv", "npy", "h5"}));
}

void add_memory_budget_option(CLI::App& app, ColumnOptions& columns) {
  app.add_option("--memory-budget", columns.memory_budget,
                 "Hold the samples in memory after the first pass when n·(d+m)·8 bytes fit this "
                 "budget (e.g. 512M, 4G; 0 streams every pass). Default: a quarter of RAM, and "
                 ".npy files of float64 in C order read in place on every pass instead (as fast, "
                 "less memory); given, the budget applies to .npy files too")
      ->check([](const std::string& text) {
        try {
          parse_memory_budget(text);
          return std::string();
        } catch (const InputError& e) {
          return std::string(e.what());
        }
      });
}

std::uint64_t parse_memory_budget(const std::string& text) {
  double value = 0;
  const char* first = text.data();
  const char* last = first + text.size();
  const auto [ptr, ec] = std::from_chars(first, last, value);
  std::string unit(ptr, last);
  for (char& c : unit) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  int shift = -1;
  for (const auto& [name, bits] :
       {std::pair{"", 0}, std::pair{"B", 0}, std::pair{"K", 10}, std::pair{"KB", 10},
        std::pair{"KIB", 10}, std::pair{"M", 20}, std::pair{"MB", 20}, std::pair{"MIB", 20},
        std::pair{"G", 30}, std::pair{"GB", 30}, std::pair{"GIB", 30}, std::pair{"T", 40},
        std::pair{"TB", 40}, std::pair{"TIB", 40}})
    if (unit == name) shift = bits;
  const double bytes = std::ldexp(value, shift < 0 ? 0 : shift);
  if (ec != std::errc() || ptr == first || shift < 0 || !(value >= 0) || !(bytes < 1.8e19))
    throw InputError("--memory-budget: '" + text +
                     "' is not a size (a number of bytes with an optional unit K, M, G or T, "
                     "e.g. 512M or 4G)");
  return static_cast<std::uint64_t>(bytes);
}

CsvOptions csv_options(const ColumnOptions& columns, bool require_outputs) {
  CsvOptions o;
  o.require_outputs = require_outputs;
  o.x_cols = columns.x;
  o.y_cols = columns.y;
  o.validate();
  return o;
}

DataOptions data_options(const ColumnOptions& columns, bool require_outputs) {
  DataOptions o;
  o.columns = csv_options(columns, require_outputs);
  o.format = parse_enum<DataFormat>(columns.format);
  if (!columns.memory_budget.empty()) {  // given: it applies to every format, .npy included
    o.memory_budget = parse_memory_budget(columns.memory_budget);
    o.hold = HoldPolicy::always;
  }
  return o;
}

CLI::Option* add_data_files_option(CLI::App& app, std::vector<std::string>& paths,
                                   const std::string& help, bool required) {
  return app
      .add_option("--data", paths,
                  help +
                      "; give --data again for a data set kept as several files (rows in the "
                      "order given, formats may be mixed, columns the same in every file)")
      ->required(required)
      ->type_size(1)
      ->allow_extra_args(false);
}

std::string data_files_name(const std::vector<std::string>& paths) {
  std::string out;
  for (const auto& path : paths) out += (out.empty() ? "" : ", ") + path;
  return out;
}

std::string data_files_format(const std::vector<std::string>& paths, const ColumnOptions& columns) {
  const auto requested = parse_enum<DataFormat>(columns.format);
  std::string out;
  for (const auto& path : paths) {
    const std::string name(enum_name(data_format(path, requested)));
    if (!out.empty() && name != out) return "mixed";
    out = name;
  }
  return out;
}

std::string data_report_line(const std::string& path, const HeldSource& source) {
  const auto mb = [](std::uint64_t bytes) { return fmt::format("{:.0f} MB", bytes / 1e6); };
  // Under mpirun the source is rank 0's share: say so rather than call it the file's size.
  const ReductionChannel* ranks = source.channel();
  const std::string whose = ranks ? fmt::format(" (rank 0's share of {} rank{})", ranks->ranks(),
                                                ranks->ranks() == 1 ? "" : "s")
                                  : std::string();
  const std::string head = fmt::format("{}: {} samples{} ({} as doubles)", path, source.rows(),
                                       whose, mb(source.sample_bytes()));
  const auto passes = [](int n) { return fmt::format("{} pass{}", n, n == 1 ? "" : "es"); };
  if (source.reads_in_place())  // the budget plays no part
    return fmt::format("{} read in place from the mapped file ({})\n", head,
                       passes(source.passes_read()));
  return fmt::format("{} {} (memory budget {}; {} read, {} from memory)\n", head,
                     source.held() ? "held in memory after one read" : "streamed on every pass",
                     mb(source.budget()), passes(source.passes_read()), source.passes_held());
}

}  // namespace nnm::cli
