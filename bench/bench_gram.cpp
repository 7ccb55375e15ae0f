// Speed of the SQ machinery's Gram matrices (issue target: a 50 × 50 Gram matrix of wave or parity
// members under Gaussian inputs in under a second; Monte Carlo streams samples and uses all cores).
// Reports absolute times, and the Monte Carlo speed-up from one thread to all of them as the
// in-run yardstick of how well it uses the machine.
#include <omp.h>

#include <chrono>
#include <cstdio>
#include <vector>

#include "nnm/data/distributions.hpp"
#include "nnm/hard.hpp"
#include "nnm/sq/correlation.hpp"

namespace {
double seconds_of(const auto& f) {
  const auto t = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}
}  // namespace

int main() {
  const auto law = nnm::make_input_law("gaussian", 20, 1);
  for (const nnm::FamilyOptions& options : {nnm::FamilyOptions(nnm::ParityOptions{}),
                                            nnm::FamilyOptions(nnm::WaveOptions{})}) {  // d = 20
    const auto family = nnm::make_family(options);
    const auto kind = nnm::family_kind(options);
    std::vector<nnm::Network> members;
    for (const auto i : nnm::sample_member_indices(family->size(), 50, 1))
      members.push_back(family->member(i).network);
    for (const auto method : {nnm::CorrelationMethod::automatic, nnm::CorrelationMethod::series}) {
      nnm::CorrelationOptions o;
      o.method = method;
      nnm::GramResult g;
      const double s = seconds_of([&] { g = nnm::gram_matrix(members, *law, o); });
      std::printf(
          "%-6s 50x50 Gram, %-9s: %.3f s (target < 1 s), method used %s, max error bound %.2g\n",
          std::string(nnm::enum_name(kind)).c_str(), std::string(nnm::enum_name(method)).c_str(), s,
          std::string(nnm::enum_name(g.summary.method)).c_str(), g.summary.max_error);
    }
    const int cores = omp_get_max_threads();
    double one = 0, all = 0;
    omp_set_num_threads(1);
    one = seconds_of([&] { nnm::monte_carlo_gram(members, *law, 100000); });
    omp_set_num_threads(cores);
    all = seconds_of([&] { nnm::monte_carlo_gram(members, *law, 100000); });
    std::printf(
        "%-6s 50x50 Monte Carlo Gram, 1e5 samples: %.3f s on 1 thread, %.3f s on %d (speed-up "
        "%.2f)\n",
        std::string(nnm::enum_name(kind)).c_str(), one, all, cores, one / all);
  }
  return 0;
}
