#pragma once
// The report page built from sweep results alone (`nnm report --from DIR`, and the last step of
// `nnm demo`): every number in a sentence, table cell or plotted point is an Estimate read by
// claim_from_csv, so the page is a pure function of the CSV files.
#include <string>
#include <utility>
#include <vector>

#include "experiments/claims.hpp"

namespace nnm {

struct ReportPage {
  std::string html;           ///< the self-contained index.html
  std::string summary;        ///< one line per claim (summary.txt)
  std::vector<Claim> claims;  ///< every sentence that states a result, in page order
  std::vector<std::pair<std::string, std::string>> figures;  ///< (file name, SVG element)
};

/// The page for whatever experiments `results` holds (a section per experiment present, the
/// boundary paths first). `command` is quoted as how the results were produced.
ReportPage build_report(const Results& results, const std::string& command);

}  // namespace nnm
