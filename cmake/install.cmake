# Install rules: the library, its headers, a CMake package (nnmoments-config.cmake with its version
# file and exported targets) and a pkg-config file. After `cmake --install build --prefix P`:
#   find_package(nnmoments CONFIG REQUIRED)            # with P in CMAKE_PREFIX_PATH
#   target_link_libraries(app PRIVATE nnmoments::nnmoments)
# or `PKG_CONFIG_PATH=P/lib/pkgconfig pkg-config --cflags --libs nnmoments`.
# Both are relocatable: the prefix is found from where the files are, not from the configure-time
# CMAKE_INSTALL_PREFIX. tests/CMakeLists.txt installs into a scratch prefix and builds against it.
include(CMakePackageConfigHelpers)

set(NNM_CONFIG_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/nnmoments)

install(TARGETS nnmoments EXPORT nnmoments-targets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# Every public header (nnm/armadillo.hpp too: it is only compiled by those who include it) and the
# generated nnm/version.hpp.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/lib/include/ ${PROJECT_BINARY_DIR}/lib/include/
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.hpp")
install(EXPORT nnmoments-targets NAMESPACE nnmoments:: DESTINATION ${NNM_CONFIG_DIR})
# The MPI component has its own export set, loaded only by find_package(nnmoments COMPONENTS mpi),
# so that users without MPI never need to find it.
if(NNM_MPI)
  install(TARGETS nnmoments_mpi EXPORT nnmoments-mpi-targets
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
    RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/lib/mpi/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
    FILES_MATCHING PATTERN "*.hpp")
  install(EXPORT nnmoments-mpi-targets NAMESPACE nnmoments:: DESTINATION ${NNM_CONFIG_DIR})
endif()

configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/nnmoments-config.cmake.in
  ${PROJECT_BINARY_DIR}/nnmoments-config.cmake
  INSTALL_DESTINATION ${NNM_CONFIG_DIR})
# 0.x: minor versions may break the API, so only the same major.minor is compatible.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/nnmoments-config-version.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/nnmoments-config.cmake
              ${PROJECT_BINARY_DIR}/nnmoments-config-version.cmake
        DESTINATION ${NNM_CONFIG_DIR})

# pkg-config: prefix relative to the .pc file's own directory, so the file stays right when the
# tree is installed elsewhere (cmake --install --prefix, DESTDIR, a moved tree).
set(NNM_PC_DIR ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
file(RELATIVE_PATH NNM_PC_TO_PREFIX ${CMAKE_INSTALL_PREFIX}/${NNM_PC_DIR} ${CMAKE_INSTALL_PREFIX})
string(REGEX REPLACE "/$" "" NNM_PC_TO_PREFIX "${NNM_PC_TO_PREFIX}")
foreach(dir INCLUDEDIR LIBDIR)
  if(IS_ABSOLUTE "${CMAKE_INSTALL_${dir}}")
    set(NNM_PC_${dir} "${CMAKE_INSTALL_${dir}}")
  else()
    set(NNM_PC_${dir} "\${prefix}/${CMAKE_INSTALL_${dir}}")
  endif()
endforeach()
set(NNM_PC_CFLAGS "-DEIGEN_DONT_PARALLELIZE ${OpenMP_CXX_FLAGS}")
if(NNM_NATIVE)
  list(JOIN NNM_NATIVE_FLAGS " " native)
  string(APPEND NNM_PC_CFLAGS " ${native}")
endif()
# A static libnnmoments needs its private HDF5 libraries on the consumer's link line too.
set(NNM_PC_LIBS "")
if(HDF5_FOUND)
  foreach(lib IN LISTS HDF5_C_LIBRARIES)
    if(lib MATCHES "/")
      string(APPEND NNM_PC_LIBS " ${lib}")
    else()
      string(APPEND NNM_PC_LIBS " -l${lib}")
    endif()
  endforeach()
endif()
configure_file(${CMAKE_CURRENT_LIST_DIR}/nnmoments.pc.in ${PROJECT_BINARY_DIR}/nnmoments.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/nnmoments.pc DESTINATION ${NNM_PC_DIR})
