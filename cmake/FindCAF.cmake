# FindCAF: CAF 0.17 (Debian's libcaf-dev) ships no CMake package, so the libraries are found by
# name and wrapped in the imported targets caf::core, caf::io and caf::openssl. Used by the
# project's own build and, installed next to icnmeshConfig.cmake, by find_package(icnmesh).
#
# Result: CAF_FOUND, CAF_INCLUDE_DIR, CAF_{CORE,IO,OPENSSL}_LIBRARY and the three targets.
include(FindPackageHandleStandardArgs)
include(CMakeFindDependencyMacro)
find_dependency(Threads)
find_dependency(OpenSSL 3)

find_path(CAF_INCLUDE_DIR caf/all.hpp)
find_library(CAF_CORE_LIBRARY caf_core)
find_library(CAF_IO_LIBRARY caf_io)
find_library(CAF_OPENSSL_LIBRARY caf_openssl)
find_package_handle_standard_args(CAF REQUIRED_VARS CAF_CORE_LIBRARY CAF_IO_LIBRARY
                                  CAF_OPENSSL_LIBRARY CAF_INCLUDE_DIR)

if(CAF_FOUND AND NOT TARGET caf::core)
  add_library(caf::core UNKNOWN IMPORTED)
  set_target_properties(caf::core PROPERTIES IMPORTED_LOCATION "${CAF_CORE_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${CAF_INCLUDE_DIR}" INTERFACE_LINK_LIBRARIES Threads::Threads)
  add_library(caf::io UNKNOWN IMPORTED)
  set_target_properties(caf::io PROPERTIES IMPORTED_LOCATION "${CAF_IO_LIBRARY}"
    INTERFACE_LINK_LIBRARIES caf::core)
  add_library(caf::openssl UNKNOWN IMPORTED)
  set_target_properties(caf::openssl PROPERTIES IMPORTED_LOCATION "${CAF_OPENSSL_LIBRARY}"
    INTERFACE_LINK_LIBRARIES "caf::io;OpenSSL::SSL;OpenSSL::Crypto")
endif()
