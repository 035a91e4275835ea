# Install rules and package files: `find_package(rigcheck CONFIG)` from an install prefix or from
# the build tree gives `rigcheck::rigcheck`, and `rigcheck.pc` serves pkg-config users.
#
# Included from the top-level CMakeLists.txt when RIGCHECK_INSTALL is on.

include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(RIGCHECK_CMAKE_INSTALL_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/rigcheck
    CACHE STRING "Where rigcheck's CMake package files are installed, relative to the prefix")
set(RIGCHECK_PKGCONFIG_INSTALL_DIR ${CMAKE_INSTALL_LIBDIR}/pkgconfig
    CACHE STRING "Where rigcheck.pc is installed, relative to the prefix")

# A static rigcheck carries its private dependencies into every consumer's link line, so the
# package must find them too; a shared one resolves them itself.
get_target_property(RIGCHECK_LIBRARY_TYPE rigcheck TYPE)
if(RIGCHECK_LIBRARY_TYPE STREQUAL "STATIC_LIBRARY")
  set(RIGCHECK_STATIC ON)
else()
  set(RIGCHECK_STATIC OFF)
endif()

install(TARGETS rigcheck EXPORT rigcheckTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/rigcheck
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.hpp")
install(FILES ${PROJECT_BINARY_DIR}/generated/include/rigcheck/core/version.hpp
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/rigcheck/core)

# The CLI is a tool, not part of the exported interface: it is installed but not exported.
if(TARGET rigcheck_cli)
  install(TARGETS rigcheck_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()

install(EXPORT rigcheckTargets
  FILE rigcheckTargets.cmake
  NAMESPACE rigcheck::
  DESTINATION ${RIGCHECK_CMAKE_INSTALL_DIR})

# The config file sits beside the build-tree export too, so `rigcheck_DIR=<build dir>` works
# without installing.
export(EXPORT rigcheckTargets
  FILE ${PROJECT_BINARY_DIR}/rigcheckTargets.cmake
  NAMESPACE rigcheck::)

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/rigcheckConfig.cmake.in
  ${PROJECT_BINARY_DIR}/rigcheckConfig.cmake
  INSTALL_DESTINATION ${RIGCHECK_CMAKE_INSTALL_DIR})
# A request for version X.Y accepts any installed X.Z with Z >= Y.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/rigcheckConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/rigcheckConfig.cmake ${PROJECT_BINARY_DIR}/rigcheckConfigVersion.cmake
  DESTINATION ${RIGCHECK_CMAKE_INSTALL_DIR})

# pkg-config: the prefix is found from the .pc file's own location, so an installed tree can be
# moved (or installed with `cmake --install --prefix`) and still resolve.
function(rigcheck_pc_path out dir)
  if(IS_ABSOLUTE "${dir}")
    set(${out} "${dir}" PARENT_SCOPE)
  else()
    set(${out} "\${prefix}/${dir}" PARENT_SCOPE)
  endif()
endfunction()
if(IS_ABSOLUTE "${RIGCHECK_PKGCONFIG_INSTALL_DIR}")
  set(RIGCHECK_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
else()
  file(RELATIVE_PATH RIGCHECK_PC_PREFIX_FROM_PCFILEDIR
       /rigcheck-prefix/${RIGCHECK_PKGCONFIG_INSTALL_DIR} /rigcheck-prefix)
  string(REGEX REPLACE "/$" "" RIGCHECK_PC_PREFIX_FROM_PCFILEDIR "${RIGCHECK_PC_PREFIX_FROM_PCFILEDIR}")
  set(RIGCHECK_PC_PREFIX "\${pcfiledir}/${RIGCHECK_PC_PREFIX_FROM_PCFILEDIR}")
endif()
rigcheck_pc_path(RIGCHECK_PC_LIBDIR "${CMAKE_INSTALL_LIBDIR}")
rigcheck_pc_path(RIGCHECK_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
# Boost ships no .pc file, and nlohmann_json is only used inside the library's sources, so
# neither is required here. yaml-cpp and fmt must reach the link line of a static rigcheck.
if(RIGCHECK_STATIC)
  set(RIGCHECK_PC_REQUIRES "yaml-cpp fmt")
  set(RIGCHECK_PC_REQUIRES_PRIVATE "")
else()
  set(RIGCHECK_PC_REQUIRES "")
  set(RIGCHECK_PC_REQUIRES_PRIVATE "yaml-cpp fmt")
endif()
configure_file(${PROJECT_SOURCE_DIR}/cmake/rigcheck.pc.in ${PROJECT_BINARY_DIR}/rigcheck.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/rigcheck.pc DESTINATION ${RIGCHECK_PKGCONFIG_INSTALL_DIR})
