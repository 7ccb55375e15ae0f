#include "nnm/data/hdf5.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "data/chunk_rows.hpp"
#include "data/csv_columns.hpp"
#include "nnm/core/error.hpp"
#include "nnm/data/atomic_file.hpp"

#ifdef NNM_HAVE_HDF5
#include <hdf5.h>
#endif

namespace nnm {
namespace {

[[noreturn]] void fail(const std::string& path, const std::string& what) {
  throw InputError(located(path, 0, what));
}

#ifndef NNM_HAVE_HDF5
[[noreturn]] void unavailable(const std::string& path) {
  fail(path,
       "this build of nnmoments has no HDF5 support (built without HDF5: install libhdf5-dev and "
       "reconfigure), so .h5 files cannot be read or written; use .npy or CSV");
}
#else
// Closes an HDF5 handle of any kind when it goes out of scope.
class Handle {
 public:
  Handle(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
  ~Handle() {
    if (id_ >= 0) close_(id_);
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle(Handle&& o) noexcept : id_(o.id_), close_(o.close_) { o.id_ = -1; }
  Handle& operator=(Handle&& o) noexcept {
    std::swap(id_, o.id_);
    std::swap(close_, o.close_);
    return *this;
  }
  hid_t get() const { return id_; }
  bool ok() const { return id_ >= 0; }
  hid_t release() {
    const hid_t id = id_;
    id_ = -1;
    return id;
  }

 private:
  hid_t id_;
  herr_t (*close_)(hid_t);
};

// The library prints its error stack to stderr by default; nnm reports one line instead.
void quiet() {
  static const bool done = [] {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    return true;
  }();
  (void)done;
}

struct Shape {
  std::uint64_t rows = 0, cols = 0;
};

// Dataset `name`'s shape after checking that it is a 2-D array of floating-point numbers.
Shape dataset_shape(hid_t file, const char* name, const std::string& path) {
  Handle set(H5Dopen2(file, name, H5P_DEFAULT), H5Dclose);
  if (!set.ok()) fail(path, std::string("no dataset '") + name + "' (expected datasets x and y)");
  Handle type(H5Dget_type(set.get()), H5Tclose);
  if (!type.ok() || H5Tget_class(type.get()) != H5T_FLOAT)
    fail(path, std::string("dataset '") + name + "' is not floating point (float32 or float64)");
  Handle space(H5Dget_space(set.get()), H5Sclose);
  if (!space.ok() || H5Sget_simple_extent_ndims(space.get()) != 2)
    fail(path, std::string("dataset '") + name + "' must be 2-D (samples × columns)");
  hsize_t dims[2] = {0, 0};
  H5Sget_simple_extent_dims(space.get(), dims, nullptr);
  if (dims[1] == 0 || dims[1] > 100000)
    fail(path, std::string("dataset '") + name + "' has " + std::to_string(dims[1]) +
                   " columns (1 to 100000 are read)");
  return {dims[0], dims[1]};
}

Handle open_file(const std::string& path) {
  quiet();
  if (H5Fis_hdf5(path.c_str()) <= 0) {
    if (std::FILE* f = std::fopen(path.c_str(), "rb"))
      std::fclose(f);
    else
      fail(path, "cannot open");
    fail(path, "not an HDF5 file (no HDF5 signature)");
  }
  Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (!file.ok()) fail(path, "cannot open as HDF5 (damaged file?)");
  return file;
}

// Rows [first, first + rows) of a 2-D dataset, as doubles in row-major order.
void read_slab(hid_t file, const char* name, std::uint64_t first, std::uint64_t rows,
               std::uint64_t cols, std::vector<double>& out, const std::string& path) {
  out.resize(rows * cols);
  Handle set(H5Dopen2(file, name, H5P_DEFAULT), H5Dclose);
  Handle space(set.ok() ? H5Dget_space(set.get()) : -1, H5Sclose);
  const hsize_t start[2] = {first, 0}, count[2] = {rows, cols};
  Handle memory(H5Screate_simple(2, count, nullptr), H5Sclose);
  if (!space.ok() || !memory.ok() ||
      H5Sselect_hyperslab(space.get(), H5S_SELECT_SET, start, nullptr, count, nullptr) < 0 ||
      H5Dread(set.get(), H5T_NATIVE_DOUBLE, memory.get(), space.get(), H5P_DEFAULT, out.data()) < 0)
    fail(path, std::string("cannot read rows ") + std::to_string(first + 1) + " to " +
                   std::to_string(first + rows) + " of dataset '" + name + "' (damaged file?)");
}
#endif

}  // namespace

bool hdf5_available() {
#ifdef NNM_HAVE_HDF5
  return true;
#else
  return false;
#endif
}

Hdf5Source::Hdf5Source(std::string path, const CsvOptions& options)
    : path_(std::move(path)), options_(options) {
  options_.validate();
#ifndef NNM_HAVE_HDF5
  unavailable(path_);
#else
  const Handle file = open_file(path_);
  const Shape x = dataset_shape(file.get(), "x", path_);
  rows_ = x.rows;
  file_d_ = static_cast<Eigen::Index>(x.cols);
  if (H5Lexists(file.get(), "y", H5P_DEFAULT) > 0) {
    const Shape y = dataset_shape(file.get(), "y", path_);
    if (y.rows != x.rows)
      fail(path_,
           "dataset x has " + std::to_string(x.rows) + " rows but y has " + std::to_string(y.rows));
    file_m_ = static_cast<Eigen::Index>(y.cols);
  }
  if (rows_ == 0) fail(path_, "no samples (dataset x has 0 rows)");
  std::vector<std::string> names;
  for (Eigen::Index j = 0; j < file_d_; ++j) names.push_back("x" + std::to_string(j + 1));
  for (Eigen::Index j = 0; j < file_m_; ++j) names.push_back("y" + std::to_string(j + 1));
  const auto layout =
      detail::csv_layout(names, options_, [&](const std::string& what) { fail(path_, what); });
  d_ = layout.d;
  m_ = layout.m;
  if (options_.require_outputs && m_ == 0) fail(path_, "no outputs (no dataset y)");
  x_columns_.assign(static_cast<std::size_t>(d_), 0);
  y_columns_.assign(static_cast<std::size_t>(m_), 0);
  for (std::size_t c = 0; c < layout.target.size(); ++c) {
    const int t = layout.target[c];
    if (t < 0) continue;
    (t < d_ ? x_columns_[static_cast<std::size_t>(t)]
            : y_columns_[static_cast<std::size_t>(t - d_)]) = static_cast<Eigen::Index>(c);
  }
#endif
}

Hdf5Source::~Hdf5Source() = default;

void Hdf5Source::for_each_chunk(const ChunkVisitor& visit) const {
  for_each_chunk_in(0, rows_, visit);
}

void Hdf5Source::for_each_chunk_in(std::uint64_t begin, std::uint64_t end,
                                   const ChunkVisitor& visit) const {
#ifndef NNM_HAVE_HDF5
  (void)begin;
  (void)end;
  (void)visit;
  unavailable(path_);
#else
  const Handle file = open_file(path_);
  std::vector<double> xs, ys;
  const auto dx = static_cast<std::uint64_t>(file_d_), dy = static_cast<std::uint64_t>(file_m_);
  const auto fill = [&](std::uint64_t first, Eigen::MatrixXd& X, Eigen::MatrixXd& Y) {
    const auto rows = static_cast<std::uint64_t>(X.rows());
    read_slab(file.get(), "x", first, rows, dx, xs, path_);
    if (dy > 0) read_slab(file.get(), "y", first, rows, dy, ys, path_);
    const auto value = [&](std::uint64_t r, Eigen::Index c) {
      const auto col = static_cast<std::uint64_t>(c);
      return col < dx ? xs[r * dx + col] : ys[r * dy + col - dx];
    };
    for (std::uint64_t r = 0; r < rows; ++r) {
      const auto i = static_cast<Eigen::Index>(r);
      for (Eigen::Index j = 0; j < d_; ++j) X(i, j) = value(r, x_columns_[std::size_t(j)]);
      for (Eigen::Index j = 0; j < m_; ++j) Y(i, j) = value(r, y_columns_[std::size_t(j)]);
      if (!X.row(i).allFinite() || !Y.row(i).allFinite())
        fail(path_, "row " + std::to_string(first + r + 1) + " holds a value that is not finite");
    }
  };
  detail::for_each_filled_chunk(begin, std::min(end, rows_), d_, m_, fill, visit);
#endif
}

#ifdef NNM_HAVE_HDF5
struct Hdf5Writer::Impl {
  AtomicFile file;
  std::uint64_t n, written = 0;
  Eigen::Index d, m;
  Handle h5{-1, H5Fclose}, x{-1, H5Dclose}, y{-1, H5Dclose};
  std::vector<double> buffer;

  Impl(std::string path, std::uint64_t rows, Eigen::Index d_, Eigen::Index m_)
      : file(std::move(path)), n(rows), d(d_), m(m_) {
    file.require_space(8.0L * static_cast<long double>(d + m) * static_cast<long double>(n), n);
    quiet();
    h5 = Handle(H5Fcreate(file.temp_path().c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT),
                H5Fclose);
    if (!h5.ok()) fail(file.path(), "cannot create an HDF5 file");
    x = create("x", d);
    if (m > 0) y = create("y", m);
  }

  Handle create(const char* name, Eigen::Index cols) {
    const hsize_t dims[2] = {n, static_cast<hsize_t>(cols)};
    // Chunks of whole rows, about 1 MB, so a reader's row slabs touch few chunks.
    const hsize_t chunk_rows =
        std::max<hsize_t>(1, std::min<hsize_t>(n, (hsize_t{1} << 17) / static_cast<hsize_t>(cols)));
    const hsize_t chunk[2] = {chunk_rows, static_cast<hsize_t>(cols)};
    Handle space(H5Screate_simple(2, dims, nullptr), H5Sclose);
    Handle plist(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
    if (!space.ok() || !plist.ok() || H5Pset_chunk(plist.get(), 2, chunk) < 0)
      fail(file.path(), "cannot lay out the HDF5 datasets");
    Handle set(H5Dcreate2(h5.get(), name, H5T_IEEE_F64LE, space.get(), H5P_DEFAULT, plist.get(),
                          H5P_DEFAULT),
               H5Dclose);
    if (!set.ok()) fail(file.path(), std::string("cannot create dataset '") + name + "'");
    return set;
  }

  void put(hid_t set, const Eigen::Ref<const Eigen::MatrixXd>& M) {
    const auto rows = static_cast<hsize_t>(M.rows()), cols = static_cast<hsize_t>(M.cols());
    buffer.resize(rows * cols);
    for (hsize_t r = 0; r < rows; ++r)
      for (hsize_t c = 0; c < cols; ++c)
        buffer[r * cols + c] = M(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c));
    Handle space(H5Dget_space(set), H5Sclose);
    const hsize_t start[2] = {written, 0}, count[2] = {rows, cols};
    Handle memory(H5Screate_simple(2, count, nullptr), H5Sclose);
    if (!space.ok() || !memory.ok() ||
        H5Sselect_hyperslab(space.get(), H5S_SELECT_SET, start, nullptr, count, nullptr) < 0 ||
        H5Dwrite(set, H5T_NATIVE_DOUBLE, memory.get(), space.get(), H5P_DEFAULT, buffer.data()) < 0)
      fail(file.path(), "write error (disk full?)");
  }
};
#else
struct Hdf5Writer::Impl {};
#endif

Hdf5Writer::Hdf5Writer(std::string path, std::uint64_t n, Eigen::Index d, Eigen::Index m) {
#ifndef NNM_HAVE_HDF5
  (void)n, (void)d, (void)m;
  unavailable(path);
#else
  impl_ = std::make_unique<Impl>(std::move(path), n, d, m);
#endif
}

Hdf5Writer::~Hdf5Writer() = default;

void Hdf5Writer::write(const Eigen::Ref<const Eigen::MatrixXd>& X,
                       const Eigen::Ref<const Eigen::MatrixXd>& Y) {
#ifdef NNM_HAVE_HDF5
  Impl& w = *impl_;
  if (X.cols() != w.d || Y.cols() != w.m || X.rows() != Y.rows())
    throw std::logic_error("Hdf5Writer::write: block shape does not match the datasets");
  if (w.written + static_cast<std::uint64_t>(X.rows()) > w.n)
    throw std::logic_error("Hdf5Writer::write: more rows than the datasets hold");
  if (X.rows() == 0) return;
  w.put(w.x.get(), X);
  if (w.m > 0) w.put(w.y.get(), Y);
  w.written += static_cast<std::uint64_t>(X.rows());
#else
  (void)X, (void)Y;
#endif
}

void Hdf5Writer::commit() {
#ifdef NNM_HAVE_HDF5
  Impl& w = *impl_;
  if (w.written != w.n)
    throw std::logic_error("Hdf5Writer::commit: " + std::to_string(w.written) + " rows written, " +
                           std::to_string(w.n) + " promised");
  H5Dclose(w.x.release());
  if (w.m > 0) H5Dclose(w.y.release());
  if (H5Fclose(w.h5.release()) < 0) fail(w.file.path(), "write error while closing (disk full?)");
  w.file.commit();
#endif
}

}  // namespace nnm
