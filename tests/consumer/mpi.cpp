// A consumer of the installed `mpi` component: an MPI program whose ranks share one data file
// through nnmoments::mpi's channel. Run as one process (MPI's singleton start) by the package
// test, it must give the model a plain recover() of the same file gives, bit for bit.
#include <mpi.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <nnm/data/shard_source.hpp>
#include <nnm/mpi/mpi_channel.hpp>
#include <nnm/nnm.hpp>
#include <string>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int code = 1;
  {
    const nnm::mpi::MpiChannel channel(MPI_COMM_WORLD);
    nnm::TeacherOptions t;
    t.d = 5;
    t.k = 2;
    t.m = 3;
    const nnm::Network teacher = nnm::make_teacher(t);
    const auto law = nnm::make_input_law("gaussian", t.d, 1);
    const nnm::TeacherSampler sampler(teacher, *law, 40000, 0.0, 1);
    nnm::Dataset data{Eigen::MatrixXd(40000, t.d), Eigen::MatrixXd(40000, t.m)};
    sampler.fill(0, data.X, data.Y);
    const auto path = std::filesystem::temp_directory_path() /
                      ("nnm-consumer-mpi-" + std::to_string(getpid()) + ".csv");
    nnm::write_csv(path.string(), data);
    nnm::RecoveryOptions options;
    options.k = t.k;
    const auto share = nnm::open_rank_samples(path.string(), nnm::DataOptions{}, channel);
    const nnm::RecoveryResult shared = nnm::recover(*share, options);
    const auto whole = nnm::open_samples(path.string(), nnm::DataOptions{});
    const nnm::RecoveryResult single = nnm::recover(*whole, options);
    std::filesystem::remove(path);
    const bool same = shared.summary.usable() && shared.model.W == single.model.W &&
                      shared.model.A == single.model.A;
    std::printf("nnmoments::mpi on %d rank(s): %s, model %s the single-process one\n",
                channel.ranks(), std::string(shared.summary.status_name()).c_str(),
                same ? "equals" : "DIFFERS from");
    code = same ? 0 : 1;
  }
  MPI_Finalize();
  return code;
}
