# Steps of the packaging tests (registered in tests/CMakeLists.txt), run as
#   cmake -DSTEP=<step> -D<VAR>=<value>... -P cmake/package-test.cmake
#
#   install    BUILD_DIR PREFIX CONFIG: a fresh `cmake --install` of BUILD_DIR into PREFIX.
#   project    SOURCE BINARY CXX CONFIG GENERATOR [PREFIX] [OPTIONS] [JOBS] [CTEST]: configure a
#              fresh build of the CMake project SOURCE in BINARY (finding packages in PREFIX only,
#              never in the user package registry), build it, and run its own tests when CTEST.
#   pkgconfig  PREFIX LIBDIR CXX SOURCE BINARY VERSION: compile and link SOURCE with the flags
#              `pkg-config --cflags --libs nnmoments` gives for PREFIX, run it, check the version.
cmake_minimum_required(VERSION 3.20)

function(run)
  string(JOIN " " line ${ARGN})
  message(STATUS "running: ${line}")
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${line}")
  endif()
endfunction()

function(require)
  foreach(var ${ARGN})
    if(NOT DEFINED ${var})
      message(FATAL_ERROR "package-test.cmake: STEP=${STEP} needs -D${var}=...")
    endif()
  endforeach()
endfunction()

if(NOT JOBS)
  set(JOBS 2)
endif()

if(STEP STREQUAL "install")
  require(BUILD_DIR PREFIX CONFIG)
  file(REMOVE_RECURSE "${PREFIX}")
  run(${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${PREFIX}" --config "${CONFIG}")

elseif(STEP STREQUAL "project")
  require(SOURCE BINARY CXX CONFIG GENERATOR)
  file(REMOVE_RECURSE "${BINARY}")
  set(args -S "${SOURCE}" -B "${BINARY}" -G "${GENERATOR}" "-DCMAKE_CXX_COMPILER=${CXX}"
      "-DCMAKE_BUILD_TYPE=${CONFIG}" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF)
  if(PREFIX)
    list(APPEND args "-DCMAKE_PREFIX_PATH=${PREFIX}" "-DNNM_EXPECTED_PREFIX=${PREFIX}")
  endif()
  run(${CMAKE_COMMAND} ${args} ${OPTIONS})
  if(NOT CONFIGURE_ONLY)
    run(${CMAKE_COMMAND} --build "${BINARY}" --config "${CONFIG}" --parallel ${JOBS})
  endif()
  if(CTEST)
    get_filename_component(bin "${CMAKE_COMMAND}" DIRECTORY)
    run(${bin}/ctest --test-dir "${BINARY}" -C "${CONFIG}" --output-on-failure)
  endif()

elseif(STEP STREQUAL "pkgconfig")
  require(PREFIX LIBDIR CXX SOURCE BINARY VERSION)
  find_program(PKG_CONFIG pkg-config REQUIRED)
  set(ENV{PKG_CONFIG_PATH} "${PREFIX}/${LIBDIR}/pkgconfig")
  execute_process(COMMAND ${PKG_CONFIG} --modversion nnmoments OUTPUT_VARIABLE version
                  OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0 OR NOT version STREQUAL VERSION)
    message(FATAL_ERROR "pkg-config --modversion nnmoments: '${version}' (exit ${rc}), expected ${VERSION}")
  endif()
  execute_process(COMMAND ${PKG_CONFIG} --cflags --libs nnmoments OUTPUT_VARIABLE flags
                  OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "pkg-config --cflags --libs nnmoments failed (${rc})")
  endif()
  message(STATUS "pkg-config --cflags --libs nnmoments: ${flags}")
  # nnmoments.pc locates the prefix from its own directory (${pcfiledir}), so the paths start
  # with PKG_CONFIG_PATH's directory.
  string(FIND "${flags}" "-I${PREFIX}/" at_include)
  string(FIND "${flags}" "-L${PREFIX}/" at_lib)
  if(at_include EQUAL -1 OR at_lib EQUAL -1)
    message(FATAL_ERROR "the flags do not point into ${PREFIX}")
  endif()
  separate_arguments(flags UNIX_COMMAND "${flags}")
  file(REMOVE_RECURSE "${BINARY}")
  file(MAKE_DIRECTORY "${BINARY}")
  # The rpath only matters for a shared libnnmoments.
  run(${CXX} -std=c++20 -O2 "${SOURCE}" -o "${BINARY}/pkgconfig_consumer" ${flags}
      "-Wl,-rpath,${PREFIX}/${LIBDIR}")
  run("${BINARY}/pkgconfig_consumer")

else()
  message(FATAL_ERROR "package-test.cmake: unknown STEP '${STEP}'")
endif()
