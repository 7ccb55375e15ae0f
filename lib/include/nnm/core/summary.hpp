#pragma once
// The one Summary vocabulary of the library (Ceres style). Every algorithm returns a result with a
// Summary whose status enum starts with `success`; `usable()` says whether the result may be used,
// `message` says why not (empty on success), `seconds` is the wall time, and `brief_report()` is a
// line or a few for humans. Module summaries derive from BasicSummary<TheirStatus>.
#include <string>

#include "nnm/core/enum_names.hpp"

namespace nnm {

/// Whether a status leaves a usable result. By default only `success` does; a module whose
/// statuses include other usable outcomes (training stopped early) overloads this for its enum.
template <class Status>
constexpr bool status_usable(Status status) {
  return status == Status::success;
}

template <class Status>
struct BasicSummary {
  Status status = Status::success;
  std::string message;  ///< empty on success; otherwise what failed and, where known, why
  double seconds = 0.0;

  bool usable() const { return status_usable(status); }
  std::string_view status_name() const { return enum_name(status); }
};

}  // namespace nnm
