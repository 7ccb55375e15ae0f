// A user's own MPI program (the example of docs/library.md, built and run by the tests when
// NNM_MPI is on): every rank opens its share of one data file, recover() combines the ranks' sums
// through the MPI channel, and every rank ends with the same model. Rank 0 prints n and W in hex
// floats, so that runs on different numbers of ranks can be compared bit for bit.
//   mpirun -np 3 rank_recover data.csv
#include <mpi.h>

#include <cstdio>

#include "nnm/data/shard_source.hpp"
#include "nnm/mpi/mpi_channel.hpp"
#include "nnm/recovery/recover.hpp"

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int code = 0;
  {
    const nnm::mpi::MpiChannel channel(MPI_COMM_WORLD);
    try {
      if (argc != 2) throw nnm::InputError("usage: rank_recover DATA_FILE");
      const auto shard = nnm::open_rank_samples(argv[1], nnm::DataOptions{}, channel);
      const nnm::RecoveryResult r = nnm::recover(*shard, nnm::RecoveryOptions{});
      if (channel.rank() == 0) {
        std::printf("n = %llu, status %s\n", static_cast<unsigned long long>(r.summary.n),
                    std::string(r.summary.status_name()).c_str());
        for (Eigen::Index i = 0; i < r.model.W.size(); ++i) std::printf("%a\n", r.model.W(i));
      }
    } catch (const std::exception& e) {
      // Every rank must learn of a failure, wherever it happened, before leaving.
      try {
        channel.check(std::current_exception());
      } catch (const nnm::RankFailed& f) {
        code = f.code;
      } catch (const std::exception& own) {
        std::fprintf(stderr, "rank_recover: %s\n", own.what());
        code = 2;
      }
    }
  }
  MPI_Finalize();
  return code;
}
