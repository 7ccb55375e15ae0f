#pragma once
// What every part of the module shares: NumPy arrays seen as Eigen matrices without copying, a
// SampleSource over them, the thread count of one call, and conversions of networks and JSON.
#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <Eigen/Core>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "nnm/core/network.hpp"
#include "nnm/data/sample_source.hpp"

namespace nnm::python {

namespace py = pybind11;

/// Float64 arrays of any layout (float32 and others are converted once, by pybind11's forcecast).
using Array = py::array_t<double, py::array::forcecast>;

/// A 2-D float64 array as an n × d matrix, read in place. Column-major (Fortran order) arrays map
/// to the library's own layout; any other layout is read through its strides.
class MatrixView {
 public:
  /// `what` names the argument in messages ("X must be a 2-D array, got 3 dimensions").
  MatrixView(const Array& array, const char* what);
  Eigen::Index rows() const { return rows_; }
  Eigen::Index cols() const { return cols_; }
  /// Rows [first, first + count) as the library's column-major type. The library's own sources
  /// (a CSV file, a generator) hand out each chunk as a fresh count × d matrix, and Eigen's
  /// vectorised sums round differently where a column starts at a different alignment. So the
  /// rows are read in place only when the array is in Fortran order and each column of the chunk
  /// starts at the alignment it would have in such a matrix; otherwise they are copied into one.
  /// Either way the bits equal those of the nnm command on the same numbers.
  template <class Visit>
  void with_rows(Eigen::Index first, Eigen::Index count, Visit&& visit) const {
    if (column_major_ && reads_like_a_fresh_chunk(column_major_->data(),
                                                  column_major_->outerStride(), first, count)) {
      visit(Eigen::Ref<const Eigen::MatrixXd>(column_major_->middleRows(first, count)));
    } else if (column_major_) {
      const Eigen::MatrixXd rows = column_major_->middleRows(first, count);
      visit(Eigen::Ref<const Eigen::MatrixXd>(rows));
    } else {
      visit(Eigen::Ref<const Eigen::MatrixXd>(strided_->middleRows(first, count)));
    }
  }
  /// The whole matrix, copied only when the layout is not column-major.
  Eigen::MatrixXd copy() const;

 private:
  using Strided =
      Eigen::Map<const Eigen::MatrixXd, 0, Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>>;
  using ColumnMajor = Eigen::Map<const Eigen::MatrixXd, 0, Eigen::OuterStride<>>;
  Eigen::Index rows_ = 0, cols_ = 0;
  std::optional<ColumnMajor> column_major_;
  std::optional<Strided> strided_;
};

/// Samples (X, and Y when given) held in NumPy arrays, handed out in the same fixed chunks as every
/// other SampleSource, so that the results equal those of the same numbers read from a file.
/// The arrays must stay alive (and unchanged) while the source is used.
class ArraySource final : public SampleSource {
 public:
  ArraySource(const Array& X, const Array* Y);
  Eigen::Index dim() const override { return X_.cols(); }
  Eigen::Index output_dim() const override { return Y_ ? Y_->cols() : 0; }
  void for_each_chunk(const ChunkVisitor& visit) const override;

 private:
  MatrixView X_;
  std::optional<MatrixView> Y_;
};

/// A data file in any format the nnm tools read (CSV, .npy, HDF5: by extension), opened as they
/// open it: CSV and HDF5 read once and held in memory when they fit the library's default memory
/// budget, streamed on every pass otherwise; .npy read in place on every pass. Gives the same
/// samples, in the same chunks, as `nnm`.
std::unique_ptr<SampleSource> open_data_file(const std::string& path, bool require_outputs);

/// Sets the OpenMP thread count for one call (0 = all cores, as `--threads 0`) and restores the
/// caller's setting afterwards. Results never depend on it.
class ThreadScope {
 public:
  explicit ThreadScope(int threads);
  ~ThreadScope();
  ThreadScope(const ThreadScope&) = delete;
  ThreadScope& operator=(const ThreadScope&) = delete;

 private:
  int previous_;
};

/// A column-major matrix handed to NumPy without a copy (the array owns the moved matrix).
py::array to_numpy(Eigen::MatrixXd matrix);
py::array to_numpy(Eigen::VectorXd vector);

/// A network as a dict {"W", "A", "b", "c", "activation"} (b and c None when absent) and back.
py::dict network_to_dict(const Network& network);
Network network_from_dict(const py::dict& network);

/// JSON values as Python objects (through the json module: exact for numbers and strings).
py::object json_to_python(const nlohmann::json& value);

/// Registration of each part of the module.
void register_data(py::module_& m);
void register_recovery(py::module_& m);
void register_tensor(py::module_& m);
void register_hard(py::module_& m);
void register_learn(py::module_& m);
void register_probe(py::module_& m);

}  // namespace nnm::python
