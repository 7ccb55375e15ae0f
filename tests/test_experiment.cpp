// Experiment grids and the resumable sweep, on a toy experiment whose runs are counted.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>

#include "experiments/experiment.hpp"
#include "experiments/results.hpp"
#include "nnm/core/error.hpp"

namespace {

class Squares final : public nnm::Experiment {
 public:
  mutable int runs = 0;
  int fail_at = -1;  // throw on this run, like a sweep killed midway
  std::string name() const override { return "squares"; }
  std::string description() const override { return "x^2 + seed"; }
  std::vector<std::string> parameter_columns() const override { return {"x", "seed"}; }
  std::vector<std::string> result_columns() const override { return {"value"}; }
  std::vector<nnm::ExperimentRow> points(const nnm::ExperimentScale& s) const override {
    std::vector<nnm::ExperimentRow> out;
    for (int x = 1; x <= 4; ++x)
      for (int r = 0; r < (s.seeds ? s.seeds : 2); ++r)
        out.push_back({std::to_string(x), std::to_string(s.seed + static_cast<std::uint64_t>(r))});
    return out;
  }
  nnm::ExperimentRow run(const nnm::ExperimentRow& p, const nnm::ExperimentScale&) const override {
    if (runs++ == fail_at) throw std::runtime_error("killed");
    return {std::to_string(std::stoi(p[0]) * std::stoi(p[0]) + std::stoi(p[1]))};
  }
};

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), {}};
}

}  // namespace

TEST_SUITE("experiment") {
  TEST_CASE("an interrupted sweep resumes to the same file, running only the missing points") {
    const auto dir = std::filesystem::temp_directory_path() / "nnm-test-experiment";
    std::filesystem::create_directories(dir);
    const std::string whole = (dir / "whole.csv").string(), part = (dir / "part.csv").string();
    std::filesystem::remove(whole);
    std::filesystem::remove(part);

    Squares plain;
    nnm::SweepOptions o;
    o.path = whole;
    const nnm::SweepSummary all = nnm::run_sweep(plain, o);
    CHECK(all.ran == 8);
    CHECK(plain.runs == 8);
    CHECK(slurp(whole).rfind("x,seed,value\n1,1,2\n1,2,3\n2,1,5\n", 0) == 0);

    Squares killed;
    killed.fail_at = 5;
    o.path = part;
    CHECK_THROWS(nnm::run_sweep(killed, o));
    CHECK(nnm::read_sweep(part).rows.size() == 5);  // the finished points survived

    Squares again;
    CHECK_THROWS_AS(nnm::run_sweep(again, o), nnm::InputError);  // exists, no resume
    o.resume = true;
    const nnm::SweepSummary resumed = nnm::run_sweep(again, o);
    CHECK(resumed.reused == 5);
    CHECK(again.runs == 3);
    CHECK(slurp(part) == slurp(whole));

    o.scale.seeds = 1;  // another grid: the file's extra points must not be dropped silently
    CHECK_THROWS_WITH_AS(nnm::run_sweep(again, o), doctest::Contains("not in this grid"),
                         nnm::InputError);
    std::filesystem::remove_all(dir);
  }

  TEST_CASE("the named experiments give well-formed, seed-indexed grids") {
    for (const auto& name : nnm::experiment_names()) {
      CAPTURE(name);
      const auto e = nnm::make_experiment(name);
      nnm::ExperimentScale s;
      s.size = nnm::ExperimentSize::demo;
      s.seeds = 2;
      s.seed = 7;
      const auto points = e->points(s);
      REQUIRE(!points.empty());
      CHECK(e->parameter_columns().back() == "seed");
      for (const auto& p : points) CHECK(p.size() == e->parameter_columns().size());
      CHECK(points[0].back() == "7");
      CHECK(points[1].back() == "8");
    }
    CHECK_THROWS_AS(nnm::make_experiment("nope"), nnm::InputError);
    CHECK_THROWS_AS(nnm::parse_experiment_size("huge"), nnm::InputError);
  }

  TEST_CASE("a smoke point is a pure function of its parameters") {
    const auto e = nnm::make_experiment("symmetry-break");
    nnm::ExperimentScale s;
    s.size = nnm::ExperimentSize::smoke;
    const auto p = e->points(s).back();  // shift 1: the symmetry test must refuse it
    const auto a = e->run(p, s), b = e->run(p, s);
    CHECK(a == b);
    CHECK(a[0] == "not_symmetric");
    CHECK(std::stod(a[1]) > 6);
  }

  TEST_CASE("each result struct survives a round trip through its CSV row") {
    const nnm::SpectralSamplesRow s{"laplace", 20000, 3, "success", 0.125, 1e-7, 0.5, 2.25, 0.75};
    CHECK(nnm::from_row<nnm::SpectralSamplesRow>(nnm::to_row(s)) == s);
    CHECK(nnm::to_row(s) == nnm::ExperimentRow{"laplace", "20000", "3", "success", "0.125", "1e-07",
                                               "0.5", "2.25", "0.75"});
    const nnm::WavePhaseRow w{"laplace", 20, 1.5, 4, 0.3, 0.2, 1e-3, 0.1, 0.9};
    CHECK(nnm::from_row<nnm::WavePhaseRow>(nnm::to_row(w)) == w);
    const nnm::ParityGdRow p{30, 4, 1, 27405, 273, 274049, 0.0625, 106, 4.8e7, 0.01, 0.99};
    CHECK(nnm::from_row<nnm::ParityGdRow>(nnm::to_row(p)) == p);
    const nnm::SymmetryBreakRow b{0.05, 2, "not_symmetric", 7.5, 0.06, 0.01, 0.2, 0.4};
    CHECK(nnm::from_row<nnm::SymmetryBreakRow>(nnm::to_row(b)) == b);

    // A model that was not computed is written "nan" and read back as NaN.
    nnm::SymmetryBreakRow refused{1, 1, "not_symmetric"};
    const auto cells = nnm::to_row(refused);
    CHECK(cells[6] == "nan");
    CHECK(std::isnan(nnm::from_row<nnm::SymmetryBreakRow>(cells).W_err));
    // The parameters alone (a grid point) fill only the leading fields.
    const auto point = nnm::to_row(w, 0, nnm::WavePhaseRow::parameters);
    CHECK(point == nnm::ExperimentRow{"laplace", "20", "1.5", "4"});
    CHECK(nnm::to_row(w, nnm::WavePhaseRow::parameters) ==
          nnm::ExperimentRow{"0.3", "0.2", "0.001", "0.1", "0.9"});
    const nnm::BoundaryRankRow r{0.95, 3,    4,     4,      1e-3, "none", "success",
                                 0.01, 0.02, 0.001, 0.0005, 0.3,  0.8};
    CHECK(nnm::from_row<nnm::BoundaryRankRow>(nnm::to_row(r)) == r);
    CHECK(nnm::to_row(r)[0] == "0.95");
    // A cell that is not a number names its column.
    CHECK_THROWS_WITH_AS(nnm::from_row<nnm::WavePhaseRow>({"gaussian", "20", "sharp", "4"}),
                         doctest::Contains("sharpness"), nnm::InputError);
    CHECK_THROWS_AS(nnm::from_row<nnm::WavePhaseRow>({"gaussian", "2.5", "1", "4"}),
                    nnm::InputError);
  }

  TEST_CASE("the field tables are the experiments' CSV columns") {
    // The headers nnm sweep has always written: a field table that reorders, renames, adds or
    // drops a column fails here (and would break --resume of existing files).
    const std::string boundary =
        ",seed,rank_A,rank_W,sigma_min,lower_bound,spectral_status,spectral_W_err,"
        "spectral_out_err,wide_test_error,wide_train_error,narrow_test_error,narrow_W_err";
    const std::map<std::string, std::string> headers{
        {"spectral-samples",
         "law,n,seed,spectral_status,spectral_W_err,spectral_out_err,gd_W_err,gd_out_err,"
         "gd_test_error"},
        {"spectral-laws", "law,seed,symmetric,status,symmetry_z,gap,W_err,out_err,W_err_polished"},
        {"wave-phase",
         "law,d,sharpness,seed,amplitude,oscillation_rms,cutoff_error,train_error,test_error"},
        {"parity-gd",
         "d,k,seed,family_size,query_bound_tau_0.1,query_bound_tau_0.01,batch_tau,"
         "query_bound_batch_tau,gd_queries,train_error,test_error"},
        {"symmetry-break",
         "shift,seed,status,symmetry_z,symmetry_effect,symmetry_bias,W_err,out_err"},
        {"boundary-outputs", "m" + boundary},
        {"boundary-rank", "collapse" + boundary},
        {"boundary-symmetry", "shift" + boundary},
        {"boundary-noise", "noise" + boundary}};
    const std::map<std::string, std::vector<std::string>> tables{
        {"spectral-samples", nnm::columns_of<nnm::SpectralSamplesRow>()},
        {"spectral-laws", nnm::columns_of<nnm::SpectralLawsRow>()},
        {"wave-phase", nnm::columns_of<nnm::WavePhaseRow>()},
        {"parity-gd", nnm::columns_of<nnm::ParityGdRow>()},
        {"symmetry-break", nnm::columns_of<nnm::SymmetryBreakRow>()},
        {"boundary-outputs", nnm::columns_of<nnm::BoundaryOutputsRow>()},
        {"boundary-rank", nnm::columns_of<nnm::BoundaryRankRow>()},
        {"boundary-symmetry", nnm::columns_of<nnm::BoundarySymmetryRow>()},
        {"boundary-noise", nnm::columns_of<nnm::BoundaryNoiseRow>()}};
    CHECK(headers.size() == nnm::experiment_names().size());
    for (const auto& name : nnm::experiment_names()) {
      CAPTURE(name);
      const auto e = nnm::make_experiment(name);
      auto columns = e->parameter_columns();
      const auto results = e->result_columns();
      columns.insert(columns.end(), results.begin(), results.end());
      CHECK(columns == tables.at(name));
      CHECK(nnm::results_csv(tables.at(name), {}) == headers.at(name) + "\n");
      CHECK(columns[e->parameter_columns().size() - 1] == "seed");
    }
    // Reading a table whose header is another struct's is refused, not re-parsed by position.
    CHECK_THROWS_AS(nnm::typed_rows<nnm::WavePhaseRow>(tables.at("parity-gd"), {}, "parity-gd"),
                    nnm::InputError);
  }
}
