#include "nnm/hard/edge_list.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <utility>
#include <vector>

#include "nnm/core/error.hpp"

namespace nnm {

namespace {

/// A vertex number: digits only, 1 ≤ value ≤ kMaxEdgeListVertices.
Eigen::Index vertex_number(const std::string& token, const std::string& name, long line) {
  const bool digits =
      !token.empty() && token.size() <= 9 &&
      std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!digits)
    throw InputError(located(name, line, "'" + token + "' is not a vertex number (1, 2, ...)"));
  const Eigen::Index v = std::stol(token);
  if (v < 1) throw InputError(located(name, line, "vertices are numbered from 1, got 0"));
  if (v > kMaxEdgeListVertices)
    throw InputError(located(name, line,
                             "vertex " + token + " is above the limit of " +
                                 std::to_string(kMaxEdgeListVertices) + " vertices"));
  return v;
}

}  // namespace

Graph parse_edge_list(std::string_view text, const std::string& name, Eigen::Index vertices) {
  Graph g{vertices, {}};
  std::map<std::pair<Eigen::Index, Eigen::Index>, long> seen;  // edge -> its line
  long number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string line(text.substr(start, end - start));
    start = end + 1;
    ++number;
    line = line.substr(0, line.find('#'));
    std::replace(line.begin(), line.end(), ',', ' ');
    std::istringstream tokens(line);
    std::vector<std::string> fields;
    for (std::string t; tokens >> t;) fields.push_back(t);
    if (fields.empty()) continue;
    if (fields.size() != 2)
      throw InputError(located(name, number,
                               "expected two vertex numbers (an edge), got " +
                                   std::to_string(fields.size()) + " fields"));
    const Eigen::Index u = vertex_number(fields[0], name, number),
                       v = vertex_number(fields[1], name, number);
    for (auto x : {u, v})
      if (vertices > 0 && x > vertices)
        throw InputError(
            located(name, number,
                    "vertex " + std::to_string(x) + " is outside 1.." + std::to_string(vertices)));
    if (u == v) throw InputError(located(name, number, "self-loop at vertex " + std::to_string(u)));
    const auto [it, fresh] = seen.emplace(std::minmax(u, v), number);
    if (!fresh)
      throw InputError(located(name, number,
                               "edge {" + std::to_string(u) + ", " + std::to_string(v) +
                                   "} repeats line " + std::to_string(it->second)));
    g.edges.push_back({u - 1, v - 1});
    if (vertices <= 0) g.vertices = std::max(g.vertices, std::max(u, v));
  }
  if (g.vertices < 1) throw InputError(located(name, 0, "no edges, and no vertex count given"));
  return g;
}

Graph read_edge_list(const std::string& path, Eigen::Index vertices) {
  constexpr std::uintmax_t kMaxBytes = std::uintmax_t{64} << 20;
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw InputError(located(path, 0, "is a directory, not an edge list"));
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(located(path, 0, std::string("cannot open: ") + std::strerror(errno)));
  std::string text;
  char block[1 << 16];
  while (in.read(block, sizeof block) || in.gcount() > 0) {
    text.append(block, static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxBytes)
      throw InputError(located(path, 0, "is over 64 MiB: too large for an edge list"));
  }
  if (text.find('\0') != std::string::npos)
    throw InputError(located(path, 0, "holds a NUL byte: not a text edge list"));
  return parse_edge_list(text, path, vertices);
}

}  // namespace nnm
