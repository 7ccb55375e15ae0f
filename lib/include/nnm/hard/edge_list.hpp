// A graph from an edge-list text file, for reductions built on a given graph (relu-maxcut).
#pragma once
#include <Eigen/Core>
#include <string>
#include <string_view>

#include "nnm/hard/coloring.hpp"

namespace nnm {

/// The largest vertex number an edge list may use (the hard families' vertex limit).
inline constexpr Eigen::Index kMaxEdgeListVertices = 2000;

/// Parses one edge per line, "u v" or "u,v", vertices numbered from 1; text after '#' and blank
/// lines are ignored. The graph has `vertices` vertices when that is > 0, else as many as the
/// largest number named. Throws InputError as "name:line: problem" for a line that is not two
/// positive integers, a vertex outside 1..vertices, a self-loop or a repeated edge, and
/// "name: problem" for a list with no edges and no vertex count.
Graph parse_edge_list(std::string_view text, const std::string& name, Eigen::Index vertices = 0);
/// parse_edge_list() of a file (at most 64 MiB), named by its path in errors.
Graph read_edge_list(const std::string& path, Eigen::Index vertices = 0);

}  // namespace nnm
