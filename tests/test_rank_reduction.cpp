// Several ranks reducing one data set (nnm/core/reduction_channel.hpp), without MPI: each rank is
// a thread with its own ShardSource, and the channel passes states between threads. recover() over
// 1, 2, 3 or 7 ranks (some with no rows) gives the single-process model to the last bit; a failure
// on one rank reaches every rank; accumulator states survive the round trip; the shares cover
// every row once; the implicit moment tensor of nnm cp (SampleMoment) contracts, slices and
// decomposes to the single-process bits on 1, 2, 3 or 7 ranks; a data set kept as three files is
// shared the same way.
#include <doctest/doctest.h>

#include <Eigen/Core>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "nnm/core/error.hpp"
#include "nnm/data/block_reduce.hpp"
#include "nnm/data/data_file.hpp"
#include "nnm/data/distributions.hpp"
#include "nnm/data/shard_source.hpp"
#include "nnm/data/teacher.hpp"
#include "nnm/recovery/moments.hpp"
#include "nnm/recovery/recover.hpp"
#include "nnm/tensor/data_cp.hpp"
#include "temp_dir.hpp"

namespace {

// What the ranks share: one mailbox per rank for the running state, the totals and the votes of
// each round, all behind one lock.
struct Hub {
  explicit Hub(int n) : ranks(n), inbox(static_cast<std::size_t>(n)) {}
  int ranks;
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::deque<std::vector<double>>> inbox;
  std::map<long, std::vector<double>> totals;
  std::map<long, std::vector<std::pair<int, int>>> votes;  // (code, rank) per check round
};

class ThreadChannel final : public nnm::ReductionChannel {
 public:
  ThreadChannel(Hub& hub, int rank) : hub_(hub), rank_(rank) {}
  int rank() const override { return rank_; }
  int ranks() const override { return hub_.ranks; }
  void check(std::exception_ptr failure) const override {
    std::unique_lock lock(hub_.mu);
    auto& v = hub_.votes[check_round_++];
    v.emplace_back(failure ? 2 : 0, rank_);
    hub_.cv.notify_all();
    hub_.cv.wait(lock, [&] { return static_cast<int>(v.size()) == hub_.ranks; });
    std::pair<int, int> worst{0, 0};
    for (const auto& [code, rank] : v)
      if (code > worst.first || (code == worst.first && code > 0 && rank < worst.second))
        worst = {code, rank};
    if (worst.first == 0) return;
    lock.unlock();
    if (worst.second == rank_) std::rethrow_exception(failure);
    throw nnm::RankFailed(worst.first, worst.second);
  }
  void receive_running(std::vector<double>& state) const override {
    if (rank_ == 0) return;
    std::unique_lock lock(hub_.mu);
    auto& box = hub_.inbox[static_cast<std::size_t>(rank_)];
    hub_.cv.wait(lock, [&] { return !box.empty(); });
    state = std::move(box.front());
    box.pop_front();
  }
  void send_running(const std::vector<double>& state) const override {
    if (rank_ + 1 >= hub_.ranks) return;
    std::lock_guard lock(hub_.mu);
    hub_.inbox[static_cast<std::size_t>(rank_ + 1)].push_back(state);
    hub_.cv.notify_all();
  }
  void share_total(std::vector<double>& state) const override {
    std::unique_lock lock(hub_.mu);
    const long round = total_round_++;
    if (rank_ == hub_.ranks - 1) {
      hub_.totals[round] = state;
      hub_.cv.notify_all();
    }
    hub_.cv.wait(lock, [&] { return hub_.totals.count(round) > 0; });
    state = hub_.totals[round];
  }

 private:
  Hub& hub_;
  int rank_;
  mutable long check_round_ = 0, total_round_ = 0;
};

struct Data {
  Eigen::MatrixXd X, Y;
};

Data teacher_data(std::uint64_t n) {
  nnm::TeacherOptions t;
  t.d = 6;
  t.k = 3;
  t.m = 4;
  t.seed = 3;
  const nnm::Network teacher = nnm::make_teacher(t);
  const auto law = nnm::make_input_law("gaussian", t.d, 3);
  const nnm::TeacherSampler sampler(teacher, *law, n, 0.1, 3);
  Data data{Eigen::MatrixXd(static_cast<Eigen::Index>(n), t.d),
            Eigen::MatrixXd(static_cast<Eigen::Index>(n), t.m)};
  sampler.fill(0, data.X, data.Y);
  return data;
}

// Runs body(source) on `ranks` threads, each with its share of the rows of `data`.
template <class Body>
void on_ranks(const Data& data, int ranks, Body body) {
  Hub hub(ranks);
  std::vector<std::thread> threads;
  for (int r = 0; r < ranks; ++r)
    threads.emplace_back([&, r] {
      ThreadChannel channel(hub, r);
      const auto n = static_cast<std::uint64_t>(data.X.rows());
      nnm::ShardSource shard(std::make_unique<nnm::MatrixSource>(data.X, &data.Y),
                             nnm::rank_rows(n, r, ranks), &channel);
      body(r, shard);
    });
  for (auto& t : threads) t.join();
}

bool same_bits(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         std::memcmp(a.data(), b.data(), sizeof(double) * static_cast<std::size_t>(a.size())) == 0;
}

}  // namespace

TEST_CASE("rank_rows: whole chunks, contiguous, every row once, the last rank to the end") {
  const auto chunk = static_cast<std::uint64_t>(nnm::kSourceChunkRows);
  for (const std::uint64_t n : {std::uint64_t{0}, std::uint64_t{5}, 7 * chunk + 11, 9 * chunk})
    for (int ranks : {1, 2, 3, 4, 16}) {
      std::uint64_t next = 0;
      for (int r = 0; r < ranks; ++r) {
        const nnm::RowRange range = nnm::rank_rows(n, r, ranks);
        CHECK(range.first == next);
        CHECK(range.first % chunk == 0);
        CHECK(range.count % chunk == 0);
        CHECK(range.to_end == (r == ranks - 1));
        next = range.first + range.count;
      }
      CHECK(next >= n);  // the last rank's count covers the rest
    }
  CHECK(nnm::rank_rows(9 * chunk, 1, 3).first == 3 * chunk);  // as even as whole chunks allow
  CHECK_THROWS_AS(nnm::rank_rows(10, 3, 3), std::invalid_argument);
}

TEST_CASE("an accumulator's state round trip keeps every bit") {
  const Data data = teacher_data(5000);
  nnm::JointMomentAccumulator full(6, 4);
  full.add(data.X, data.Y);
  nnm::JointMomentAccumulator copy(6, 4);
  nnm::load_state(copy, nnm::save_state(full));
  CHECK(copy.count() == full.count());
  CHECK(same_bits(copy.second_moment(), full.second_moment()));
  CHECK(same_bits(copy.cross_moment(), full.cross_moment()));
  CHECK(same_bits(copy.odd_z_scores(), full.odd_z_scores()));
  nnm::JointMomentAccumulator other_shape(5, 4);
  CHECK_THROWS_AS(nnm::load_state(other_shape, nnm::save_state(full)), std::logic_error);
}

TEST_CASE("recover over 1, 2, 3 and 7 ranks gives the single-process model bit for bit") {
  // 4.3 chunks, so 5 chunks to share: 3 ranks get 1, 2 and 2 (the last one short); of 7 ranks,
  // ranks 0 and 3 get no rows at all.
  const Data data = teacher_data(static_cast<std::uint64_t>(4.3 * nnm::kSourceChunkRows));
  nnm::RecoveryOptions options;
  options.polish_iterations = 2;  // the Gauss-Newton passes too
  const nnm::MatrixSource whole(data.X, &data.Y);
  const nnm::RecoveryResult single = nnm::recover(whole, options);
  REQUIRE(single.model_computed());
  for (int ranks : {1, 2, 3, 7}) {
    CAPTURE(ranks);
    std::vector<nnm::RecoveryResult> results(static_cast<std::size_t>(ranks));
    on_ranks(data, ranks, [&](int r, const nnm::SampleSource& shard) {
      results[static_cast<std::size_t>(r)] = nnm::recover(shard, options);
    });
    for (const auto& r : results) {
      CHECK(r.summary.n == single.summary.n);
      CHECK(same_bits(r.model.W, single.model.W));
      CHECK(same_bits(r.model.A, single.model.A));
      CHECK(r.summary.fit_residual == single.summary.fit_residual);
    }
  }
}

TEST_CASE("a failure on one rank stops every rank: it rethrows, the others get RankFailed") {
  const Data data = teacher_data(3 * static_cast<std::uint64_t>(nnm::kSourceChunkRows));
  // An accumulator that fails on rank 1's rows only (rows of its second chunk onward).
  struct Picky {
    std::uint64_t n = 0;
    void add(const Eigen::Ref<const Eigen::MatrixXd>& X, const Eigen::Ref<const Eigen::MatrixXd>&) {
      n += static_cast<std::uint64_t>(X.rows());
    }
    void merge(const Picky& o) { n += o.n; }
    void save(nnm::StateWriter& out) const { out << n; }
    void load(nnm::StateReader& in) { in >> n; }
  };
  std::vector<int> outcome(3, -1);
  on_ranks(data, 3, [&](int r, const nnm::SampleSource& shard) {
    try {
      if (r == 1) throw nnm::InputError("rank 1's rows are bad");
      (void)nnm::block_reduce(shard, Picky{});
      outcome[static_cast<std::size_t>(r)] = 0;
    } catch (const nnm::RankFailed& e) {
      outcome[static_cast<std::size_t>(r)] = 100 + e.rank;
    } catch (const nnm::InputError&) {
      // Rank 1 failed before its reduction; it still has to say so at the same step.
      try {
        shard.channel()->check(std::current_exception());
      } catch (const nnm::InputError&) {
        outcome[static_cast<std::size_t>(r)] = 1;
      }
    }
  });
  CHECK(outcome == std::vector<int>{101, 1, 101});
  // And without a failure the ranks count every row once.
  std::vector<std::uint64_t> counts(3);
  on_ranks(data, 3, [&](int r, const nnm::SampleSource& shard) {
    counts[static_cast<std::size_t>(r)] = nnm::block_reduce(shard, Picky{}).n;
  });
  CHECK(counts == std::vector<std::uint64_t>(3, static_cast<std::uint64_t>(data.X.rows())));
}

TEST_CASE("the sample moment over 1, 2, 3 and 7 ranks: contractions, slices, factors bit for bit") {
  // 4.3 chunks, as above: 3 ranks hold 1, 2 and 2 chunks, 7 ranks include two with no rows.
  const Data data = teacher_data(static_cast<std::uint64_t>(4.3 * nnm::kSourceChunkRows));
  const nnm::MatrixSource whole(data.X, &data.Y);
  struct Case {
    const char* name;
    nnm::MomentKind kind;
    int order;
    Eigen::Index whiten_rank;
  };
  for (const Case c : {Case{"cumulant, order 4", nnm::MomentKind::cumulant, 4, 0},
                       Case{"score (weighted), order 3", nnm::MomentKind::hermite, 3, 0},
                       Case{"raw, order 4, whitened", nnm::MomentKind::raw, 4, 3}}) {
    CAPTURE(c.name);
    nnm::DataCpOptions o;
    o.moment.kind = c.kind;
    o.moment.order = c.order;
    o.moment.whiten_rank = c.whiten_rank;
    o.cp.common.rank = 2;
    o.cp.common.seed = 5;
    o.materialize_up_to = 0;  // implicit: every power iteration contracts over the samples
    o.cp.power.starts = 2;    // a short run: bits, not quality, are compared
    o.cp.power.iterations = 5;
    o.cp.power.refine_iterations = 5;
    o.cp.common.residual_probes = 4;
    nnm::OutputWeights weights;
    if (c.kind == nnm::MomentKind::hermite)
      weights = [](const Eigen::Ref<const Eigen::MatrixXd>& Y, Eigen::Ref<Eigen::VectorXd> w) {
        w = Y.col(0) - 0.5 * Y.col(1);
      };
    // What the ranks compute: the operator's contractions and slices for fixed queries, and a
    // whole decomposition (which calls contract() many times).
    struct Seen {
      std::uint64_t samples = 0;
      Eigen::MatrixXd contracted, factors;
      std::vector<Eigen::MatrixXd> slices;
    };
    const auto look = [&](const nnm::SampleSource& source) {
      Seen seen;
      const nnm::PreparedMoment prep = nnm::prepare_moment(source, o.moment, weights);
      if (!prep.op) return seen;  // no assertions here: this runs on the ranks' threads
      const Eigen::Index k = prep.op->dim();
      Eigen::MatrixXd U(k, 3);
      for (Eigen::Index i = 0; i < k; ++i)
        for (Eigen::Index j = 0; j < 3; ++j)
          U(i, j) = std::cos(1.0 + static_cast<double>(i * 3 + j));
      seen.samples = prep.samples;
      seen.contracted = prep.op->contract(U);
      seen.slices = prep.op->slices(U);
      seen.factors = nnm::decompose_samples(source, o, weights).cp.factors;
      return seen;
    };
    const Seen single = look(whole);
    REQUIRE(single.samples == static_cast<std::uint64_t>(data.X.rows()));
    for (int ranks : {1, 2, 3, 7}) {
      CAPTURE(ranks);
      std::vector<Seen> seen(static_cast<std::size_t>(ranks));
      on_ranks(data, ranks, [&](int r, const nnm::SampleSource& shard) {
        seen[static_cast<std::size_t>(r)] = look(shard);
      });
      for (const Seen& s : seen) {
        CHECK(s.samples == single.samples);
        CHECK(same_bits(s.contracted, single.contracted));
        REQUIRE(s.slices.size() == single.slices.size());
        for (std::size_t l = 0; l < s.slices.size(); ++l)
          CHECK(same_bits(s.slices[l], single.slices[l]));
        CHECK(same_bits(s.factors, single.factors));
      }
    }
  }
}

TEST_CASE("ranks sharing a data set kept as three files give the single-process model") {
  // Files of 20000, 50001 and 70902 rows (cut off chunk boundaries), in three formats.
  const Data data = teacher_data(140903);
  nnm::test::TempDir dir("nnm_rank_files_");
  const std::vector<std::string> paths = {dir / "a.csv", dir / "b.npy", dir / "c.csv"};
  const Eigen::Index cuts[] = {0, 20000, 70001, 140903};
  for (std::size_t i = 0; i < 3; ++i)
    nnm::write_data(paths[i], nnm::DataFormat::automatic,
                    {data.X.middleRows(cuts[i], cuts[i + 1] - cuts[i]),
                     data.Y.middleRows(cuts[i], cuts[i + 1] - cuts[i])});
  nnm::RecoveryOptions options;
  options.polish_iterations = 1;
  const nnm::MatrixSource whole(data.X, &data.Y);
  const nnm::RecoveryResult single = nnm::recover(whole, options);
  REQUIRE(single.model_computed());
  for (int ranks : {1, 2, 3, 7}) {
    CAPTURE(ranks);
    Hub hub(ranks);
    std::vector<nnm::RecoveryResult> results(static_cast<std::size_t>(ranks));
    std::vector<std::thread> threads;
    for (int r = 0; r < ranks; ++r)
      threads.emplace_back([&, r] {
        ThreadChannel channel(hub, r);
        const auto share = nnm::open_rank_samples(paths, nnm::DataOptions{}, channel);
        results[static_cast<std::size_t>(r)] = nnm::recover(*share, options);
      });
    for (auto& t : threads) t.join();
    for (const auto& r : results) {
      CHECK(r.summary.n == single.summary.n);
      CHECK(same_bits(r.model.W, single.model.W));
      CHECK(same_bits(r.model.A, single.model.A));
    }
  }
}
