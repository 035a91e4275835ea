# Builds and runs a consumer project against rigcheck, the way a downstream user would (cmake -P).
#
#   MODE=install          install BUILD_DIR into WORK_DIR/prefix, find_package it from there,
#                         and also compile the consumer with pkg-config's flags for rigcheck.pc
#   MODE=build_tree       find_package from BUILD_DIR itself (the build-tree export)
#   MODE=add_subdirectory build tests/cmake_add_subdirectory, which vendors SOURCE_DIR
#
# Other inputs: SOURCE_DIR, BUILD_DIR, WORK_DIR (wiped first), CXX_COMPILER, VERSION (expected in
# the consumer's output), CONFIG (rigcheck's build configuration, for the install), SANITIZE (rigcheck
# was built with RIGCHECK_SANITIZE), JOBS.

foreach(input IN ITEMS MODE SOURCE_DIR BUILD_DIR WORK_DIR CXX_COMPILER VERSION)
  if(NOT DEFINED ${input} OR "${${input}}" STREQUAL "")
    message(FATAL_ERROR "run_consumer.cmake needs -D${input}=...")
  endif()
endforeach()
if(NOT CONFIG)
  set(CONFIG Release)
endif()
if(NOT JOBS)
  set(JOBS 2)
endif()

function(run_step what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "${what} failed (${result}):\n${out}\n${err}")
  endif()
  set(step_output "${out}" PARENT_SCOPE)
endfunction()

# Single-config generators put the program in the build directory, multi-config ones below Debug/.
function(find_consumer out build_dir)
  foreach(candidate IN ITEMS ${build_dir}/rigcheck_consumer ${build_dir}/Debug/rigcheck_consumer)
    if(EXISTS ${candidate})
      set(${out} ${candidate} PARENT_SCOPE)
      return()
    endif()
  endforeach()
  message(FATAL_ERROR "no rigcheck_consumer program in ${build_dir}")
endfunction()

function(check_consumer_output what executable)
  run_step("running the ${what} consumer" ${executable})
  set(expected "rigcheck ${VERSION}: 1 connection(s)")
  string(STRIP "${step_output}" actual)
  if(NOT actual STREQUAL expected)
    message(FATAL_ERROR "the ${what} consumer printed\n  ${actual}\nexpected\n  ${expected}")
  endif()
  message(STATUS "${what} consumer: ${actual}")
endfunction()

file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})

# Consumers are compiled unoptimised with the compiler that built rigcheck: they only have to prove
# that configuring and linking work, and quickly. An imported rigcheck built in another
# configuration is still used, as CMake falls back to the configuration it has.
set(consumer_flags
  -DCMAKE_CXX_COMPILER=${CXX_COMPILER}
  -DCMAKE_BUILD_TYPE=Debug
  -DCMAKE_CXX_FLAGS_DEBUG=-O0
  -DCMAKE_FIND_PACKAGE_NO_PACKAGE_REGISTRY=ON)
# A sanitized rigcheck needs the sanitizer runtimes at link time. The sanitizer options are a
# property of rigcheck's own build, not of its interface, so consumers opt in the same way.
set(sanitizer_flags "")
if(SANITIZE)
  set(sanitizer_flags -fsanitize=address,undefined -fno-omit-frame-pointer)
  list(JOIN sanitizer_flags " " joined)
  list(APPEND consumer_flags "-DCMAKE_CXX_FLAGS=${joined}" "-DCMAKE_EXE_LINKER_FLAGS=${joined}")
endif()

if(MODE STREQUAL "install")
  set(prefix ${WORK_DIR}/prefix)
  run_step("installing rigcheck" ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix} --config ${CONFIG})
  foreach(expected_file IN ITEMS include/rigcheck/core/version.hpp include/rigcheck/load/builder.hpp)
    if(NOT EXISTS ${prefix}/${expected_file})
      message(FATAL_ERROR "the install is missing ${expected_file}")
    endif()
  endforeach()
  file(GLOB_RECURSE config_files ${prefix}/*/rigcheckConfig.cmake)
  file(GLOB_RECURSE pc_files ${prefix}/*/rigcheck.pc)
  if(NOT config_files OR NOT pc_files)
    message(FATAL_ERROR "the install is missing rigcheckConfig.cmake or rigcheck.pc")
  endif()

  set(consumer_build ${WORK_DIR}/consumer)
  run_step("configuring the find_package consumer"
    ${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/cmake_import -B ${consumer_build}
    -DCMAKE_PREFIX_PATH=${prefix} ${consumer_flags})
  # The package must come from the fresh install, not from the build tree or a system prefix.
  file(STRINGS ${consumer_build}/CMakeCache.txt found_dir REGEX "^rigcheck_DIR:")
  string(FIND "${found_dir}" "${prefix}/" at)
  if(NOT at GREATER -1)
    message(FATAL_ERROR "find_package(rigcheck) did not use the install prefix: ${found_dir}")
  endif()
  run_step("building the find_package consumer" ${CMAKE_COMMAND} --build ${consumer_build} --config Debug)
  find_consumer(consumer ${consumer_build})
  check_consumer_output("find_package" ${consumer})

  # pkg-config users get the same library: compile the same program with rigcheck.pc's flags.
  find_program(PKG_CONFIG_EXECUTABLE NAMES pkg-config pkgconf)
  if(PKG_CONFIG_EXECUTABLE)
    list(GET pc_files 0 pc_file)
    get_filename_component(pc_dir ${pc_file} DIRECTORY)
    set(ENV{PKG_CONFIG_PATH} "${pc_dir}")
    run_step("pkg-config --cflags --libs rigcheck" ${PKG_CONFIG_EXECUTABLE} --cflags --libs rigcheck)
    string(STRIP "${step_output}" pc_flags)
    separate_arguments(pc_flags UNIX_COMMAND "${pc_flags}")
    run_step("compiling with pkg-config's flags"
      ${CXX_COMPILER} -std=c++20 -O0 ${sanitizer_flags} ${SOURCE_DIR}/tests/cmake_import/main.cpp ${pc_flags}
      -o ${WORK_DIR}/pkg_config_consumer)
    check_consumer_output("pkg-config" ${WORK_DIR}/pkg_config_consumer)
  else()
    message(STATUS "pkg-config not found; rigcheck.pc was installed but not exercised")
  endif()

elseif(MODE STREQUAL "build_tree")
  set(consumer_build ${WORK_DIR}/consumer)
  run_step("configuring the build-tree consumer"
    ${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/cmake_import -B ${consumer_build}
    -Drigcheck_DIR=${BUILD_DIR} ${consumer_flags})
  run_step("building the build-tree consumer" ${CMAKE_COMMAND} --build ${consumer_build} --config Debug)
  find_consumer(consumer ${consumer_build})
  check_consumer_output("build-tree" ${consumer})

elseif(MODE STREQUAL "add_subdirectory")
  set(consumer_build ${WORK_DIR}/consumer)
  run_step("configuring the add_subdirectory consumer"
    ${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/cmake_add_subdirectory -B ${consumer_build}
    -DRIGCHECK_SOURCE_DIR=${SOURCE_DIR} ${consumer_flags})
  run_step("building the add_subdirectory consumer"
    ${CMAKE_COMMAND} --build ${consumer_build} --config Debug --parallel ${JOBS})
  find_consumer(consumer ${consumer_build})
  check_consumer_output("add_subdirectory" ${consumer})

else()
  message(FATAL_ERROR "unknown MODE `${MODE}`")
endif()
