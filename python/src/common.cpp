#include "common.hpp"

#include <omp.h>

#include <string>

#include "nnm/core/error.hpp"
#include "nnm/data/data_file.hpp"

namespace nnm::python {

MatrixView::MatrixView(const Array& array, const char* what) {
  if (array.ndim() != 2)
    throw InputError(std::string(what) + " must be a 2-D array (samples × columns), got " +
                     std::to_string(array.ndim()) + " dimension(s)");
  rows_ = array.shape(0);
  cols_ = array.shape(1);
  const auto size = static_cast<py::ssize_t>(sizeof(double));
  const py::ssize_t row_stride = array.strides(0), col_stride = array.strides(1);
  if (row_stride < 0 || col_stride < 0 || row_stride % size || col_stride % size)
    throw InputError(std::string(what) +
                     " has negative or unaligned strides; pass numpy.ascontiguousarray of it");
  const double* data = array.data();
  if (row_stride == size || rows_ <= 1) {
    const Eigen::Index outer = cols_ > 1 ? col_stride / size : rows_;
    column_major_.emplace(data, rows_, cols_, Eigen::OuterStride<>(std::max(outer, rows_)));
  } else {
    strided_.emplace(
        data, rows_, cols_,
        Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>(col_stride / size, row_stride / size));
  }
}

Eigen::MatrixXd MatrixView::copy() const {
  if (column_major_) return *column_major_;
  return *strided_;
}

ArraySource::ArraySource(const Array& X, const Array* Y) : X_(X, "X") {
  if (Y) {
    Y_.emplace(*Y, "Y");
    if (Y_->rows() != X_.rows())
      throw InputError("X has " + std::to_string(X_.rows()) + " samples but Y has " +
                       std::to_string(Y_->rows()));
  }
}

void ArraySource::for_each_chunk(const ChunkVisitor& visit) const {
  for (Eigen::Index first = 0; first < X_.rows(); first += kSourceChunkRows) {
    const Eigen::Index rows = std::min(kSourceChunkRows, X_.rows() - first);
    X_.with_rows(first, rows, [&](const Eigen::Ref<const Eigen::MatrixXd>& X) {
      if (Y_)
        Y_->with_rows(first, rows,
                      [&](const Eigen::Ref<const Eigen::MatrixXd>& Y) { visit(X, Y); });
      else
        visit(X, Eigen::MatrixXd(rows, 0));
    });
  }
}

ThreadScope::ThreadScope(int threads) : previous_(omp_get_max_threads()) {
  if (threads < 0) throw InputError("threads must be at least 0, got " + std::to_string(threads));
  omp_set_num_threads(threads > 0 ? threads : omp_get_num_procs());
}

ThreadScope::~ThreadScope() { omp_set_num_threads(previous_); }

py::array to_numpy(Eigen::MatrixXd matrix) {
  auto* owned = new Eigen::MatrixXd(std::move(matrix));
  py::capsule free(owned, [](void* p) { delete static_cast<Eigen::MatrixXd*>(p); });
  const auto size = static_cast<py::ssize_t>(sizeof(double));
  return py::array_t<double>({owned->rows(), owned->cols()}, {size, size * owned->rows()},
                             owned->data(), free);
}

py::array to_numpy(Eigen::VectorXd vector) {
  auto* owned = new Eigen::VectorXd(std::move(vector));
  py::capsule free(owned, [](void* p) { delete static_cast<Eigen::VectorXd*>(p); });
  return py::array_t<double>({owned->size()}, {static_cast<py::ssize_t>(sizeof(double))},
                             owned->data(), free);
}

py::dict network_to_dict(const Network& network) {
  py::dict out;
  out["W"] = to_numpy(Eigen::MatrixXd(network.W));
  out["A"] = to_numpy(Eigen::MatrixXd(network.A));
  out["b"] = network.b.size() ? py::object(to_numpy(Eigen::VectorXd(network.b))) : py::none();
  out["c"] = network.c.size() ? py::object(to_numpy(Eigen::VectorXd(network.c))) : py::none();
  out["activation"] = network.activation.name();
  return out;
}

namespace {
Eigen::VectorXd optional_vector(const py::dict& d, const char* key) {
  if (!d.contains(key) || d[key].is_none()) return {};
  const Array a = py::cast<Array>(d[key]);
  if (a.ndim() != 1) throw InputError(std::string("network: ") + key + " must be 1-D");
  return Eigen::Map<const Eigen::VectorXd, 0, Eigen::InnerStride<>>(
      a.data(), a.shape(0), Eigen::InnerStride<>(a.strides(0) / py::ssize_t(sizeof(double))));
}
}  // namespace

Network network_from_dict(const py::dict& d) {
  Network n;
  n.W = MatrixView(py::cast<Array>(d["W"]), "W").copy();
  n.A = MatrixView(py::cast<Array>(d["A"]), "A").copy();
  n.b = optional_vector(d, "b");
  n.c = optional_vector(d, "c");
  n.activation = Activation::parse(py::cast<std::string>(d["activation"]));
  n.validate();
  return n;
}

py::object json_to_python(const nlohmann::json& value) {
  return py::module_::import("json").attr("loads")(value.dump());
}

std::unique_ptr<SampleSource> open_data_file(const std::string& path, bool require_outputs) {
  DataOptions options;
  options.columns.require_outputs = require_outputs;
  return open_samples(path, options);
}

}  // namespace nnm::python
