# The layers of rigcheck as CMake object libraries (docs/architecture.md).
#
# rigcheck_layer(NAME [DIRECTORY dir] [DEPENDS layer...] [GENERATED source...])
#   An object library `rigcheck_NAME` of src/DIR/*.cpp (DIR defaults to NAME) and any generated
#   sources. Its private headers are src/DIR/*.hpp; the headers it offers the layers above it,
#   which no layer below can see, are src/DIR/include/rigcheck/.../detail/*.hpp. It links its
#   DEPENDS, the layers it builds on, and nothing else: a layer links downward only. The names
#   accumulate, bottom first, in RIGCHECK_LAYERS.
#
# rigcheck_link_layers(TARGET layer...)
#   Builds an executable (a tool, a test) from the objects of the layers named, with their
#   headers, detail headers included, and their dependencies.
#
# rigcheck_library_variant(NAME option...)
#   A static library of every layer's sources compiled once more with extra options, for the
#   fuzz targets' instrumented build.
function(rigcheck_layer name)
  cmake_parse_arguments(ARG "" "DIRECTORY" "DEPENDS;GENERATED" ${ARGN})
  if(NOT ARG_DIRECTORY)
    set(ARG_DIRECTORY ${name})
  endif()
  set(directory ${PROJECT_SOURCE_DIR}/src/${ARG_DIRECTORY})
  file(GLOB sources CONFIGURE_DEPENDS ${directory}/*.cpp)
  add_library(rigcheck_${name} OBJECT ${sources} ${ARG_GENERATED})
  target_include_directories(rigcheck_${name} PRIVATE ${directory})
  if(IS_DIRECTORY ${directory}/include)
    target_include_directories(rigcheck_${name} PUBLIC $<BUILD_INTERFACE:${directory}/include>)
  endif()
  foreach(dependency IN LISTS ARG_DEPENDS)
    target_link_libraries(rigcheck_${name} PUBLIC rigcheck_${dependency})
  endforeach()
  target_link_libraries(rigcheck_${name} PRIVATE fmt::fmt nlohmann_json::nlohmann_json)
  target_compile_features(rigcheck_${name} PUBLIC cxx_std_20)
  target_compile_options(rigcheck_${name} PRIVATE -Wall -Wextra -Wpedantic
    # GCC 12's -Wmaybe-uninitialized misfires on variant2 and std::string temporaries at -O2.
    $<$<CXX_COMPILER_ID:GNU>:-Wno-maybe-uninitialized>)
  set_target_properties(rigcheck_${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  set(RIGCHECK_LAYERS ${RIGCHECK_LAYERS} ${name} PARENT_SCOPE)
endfunction()

function(rigcheck_link_layers target)
  foreach(layer IN LISTS ARGN)
    get_target_property(type ${target} TYPE)
    if(type STREQUAL "EXECUTABLE")
      target_link_libraries(${target} PRIVATE rigcheck_${layer})
    else()
      # An installed library carries the objects themselves: object libraries are not exported.
      target_sources(${target} PRIVATE $<TARGET_OBJECTS:rigcheck_${layer}>)
    endif()
  endforeach()
  target_link_libraries(${target} PRIVATE yaml-cpp fmt::fmt nlohmann_json::nlohmann_json)
endfunction()

function(rigcheck_library_variant name)
  set(sources "")
  set(includes "")
  foreach(layer IN LISTS RIGCHECK_LAYERS)
    get_target_property(layer_sources rigcheck_${layer} SOURCES)
    list(APPEND sources ${layer_sources})
    # The layer's own private and detail directories (and core's public ones).
    get_target_property(layer_includes rigcheck_${layer} INCLUDE_DIRECTORIES)
    list(APPEND includes ${layer_includes})
  endforeach()
  list(REMOVE_DUPLICATES includes)
  add_library(${name} STATIC ${sources})
  target_include_directories(${name} PUBLIC ${includes})
  target_link_libraries(${name} PUBLIC Boost::headers yaml-cpp fmt::fmt nlohmann_json::nlohmann_json)
  target_compile_features(${name} PUBLIC cxx_std_20)
  target_compile_options(${name} PRIVATE ${ARGN})
endfunction()
