# rigcheck_embed(OUTPUT file.cpp FUNCTION name FILES a.yaml b.yaml BASE dir)
# Generates a C++ source that defines rigcheck::detail::<name>(): each file's path relative to
# BASE and its text, so builtin data ships inside the library.
function(rigcheck_embed)
  cmake_parse_arguments(ARG "" "OUTPUT;BASE;FUNCTION" "FILES" ${ARGN})
  add_custom_command(
    OUTPUT ${ARG_OUTPUT}
    COMMAND ${CMAKE_COMMAND} -DOUTPUT=${ARG_OUTPUT} -DBASE=${ARG_BASE} -DFUNCTION=${ARG_FUNCTION}
            "-DFILES=${ARG_FILES}" -P ${PROJECT_SOURCE_DIR}/cmake/embed_files.cmake
    DEPENDS ${ARG_FILES} ${PROJECT_SOURCE_DIR}/cmake/embed_files.cmake
    COMMENT "Embedding ${ARG_FUNCTION}"
    VERBATIM)
endfunction()
