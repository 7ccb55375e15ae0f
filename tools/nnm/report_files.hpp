#pragma once
// Where `nnm demo` and `nnm report` put a report: the output directory, and the page, its
// summary and each figure written into it.
#include <filesystem>
#include <string>

#include "experiments/findings.hpp"

namespace nnm::cli {

/// The output directory, created if missing; anything in the way is an InputError.
std::filesystem::path output_directory(const std::string& out);

/// Writes `page` as html_path, summary.txt and one SVG file per figure beside it.
void write_report(const std::filesystem::path& dir, const ReportPage& page,
                  const std::string& html_name = "index.html");

}  // namespace nnm::cli
