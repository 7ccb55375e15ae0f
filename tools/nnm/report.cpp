// nnm report: the report page built from a directory of sweep CSV files (written by `nnm sweep`
// or `nnm demo`, at any size, whole or in pieces), with no computation of its own.
#include <filesystem>
#include <iostream>

#include "command.hpp"
#include "experiments/findings.hpp"
#include "nnm/core/error.hpp"
#include "nnm/data/atomic_file.hpp"
#include "report_files.hpp"

namespace nnm::cli {

std::filesystem::path output_directory(const std::string& out) {
  const std::filesystem::path dir(out);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir))
    throw InputError(located(out, 0,
                             "cannot create the output directory: " +
                                 (ec ? ec.message() : std::string("a file is in the way"))));
  check_files({}, {{"--out", (dir / "index.html").string()}});
  return dir;
}

void write_report(const std::filesystem::path& dir, const ReportPage& page,
                  const std::string& html_name) {
  for (const auto& [file, svg] : page.figures) write_file_atomically((dir / file).string(), svg);
  write_file_atomically((dir / "summary.txt").string(), page.summary);
  write_file_atomically((dir / html_name).string(), page.html);
}

namespace {

struct ReportArgs {
  std::string from, out;
};

int run_report(const ReportArgs& a) {
  const std::filesystem::path dir(a.from);
  if (!std::filesystem::is_directory(dir))
    throw InputError(located(a.from, 0, "is not a directory of sweep results"));
  const Results results = read_results(dir);
  if (results.empty())
    throw InputError(located(a.from, 0, "holds no sweep results (NAME.csv of nnm sweep --list)"));
  const std::filesystem::path out =
      a.out.empty() ? dir / "index.html" : std::filesystem::path(a.out);
  check_files({}, {{"--out", out.string()}});
  const std::filesystem::path out_dir = out.has_parent_path() ? out.parent_path() : ".";
  const ReportPage page = build_report(results, "nnm report --from " + a.from);
  write_report(out_dir, page, out.filename().string());
  std::cout << page.summary << "\nwrote " << out.string() << "\n";
  return kExitOk;
}

}  // namespace

void register_report(CLI::App& app, Action& action) {
  auto a = std::make_shared<ReportArgs>();
  auto* cmd = app.add_subcommand(
      "report", "Build the report page from a directory of sweep CSV files (NAME.csv)");
  cmd->add_option("--from", a->from, "Directory holding the sweeps' CSV files")->required();
  cmd->add_option("--out", a->out,
                  "The page to write (default DIR/index.html); its figures and summary.txt go "
                  "beside it");
  cmd->callback([a, &action] { action = [a] { return run_report(*a); }; });
}

static const Subcommand registered{"report", &register_report};

}  // namespace nnm::cli
