// The compiled core of the Python package nnmoments. Bad input (nnm::InputError) becomes ValueError
// with the library's message, FileNotFoundError when the file is missing; the estimators and the
// UntrustworthyResult warning live in the pure-Python package above it.
#include <cerrno>
#include <cstring>
#include <string>

#include "common.hpp"
#include "nnm/core/error.hpp"
#include "nnm/version.hpp"

PYBIND11_MODULE(_nnmoments, m) {
  namespace py = pybind11;
  m.doc() = "Compiled core of nnmoments (use the nnmoments package, not this module)";
  py::register_exception_translator([](std::exception_ptr error) {
    try {
      if (error) std::rethrow_exception(error);
    } catch (const nnm::InputError& e) {
      const std::string what = e.what();
      if (what.find(std::strerror(ENOENT)) != std::string::npos)
        PyErr_SetString(PyExc_FileNotFoundError, e.what());
      else
        PyErr_SetString(PyExc_ValueError, e.what());
    }
  });
  m.attr("version") = NNM_VERSION_STRING;
  nnm::python::register_data(m);
  nnm::python::register_recovery(m);
  nnm::python::register_tensor(m);
  nnm::python::register_hard(m);
  nnm::python::register_learn(m);
  nnm::python::register_probe(m);
}
