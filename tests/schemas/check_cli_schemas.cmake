# `rigcheck schema KIND` must print schemas/KIND.schema.json byte for byte, for every kind: the
# binary generates the schemas, and an editor's modeline points at the files, so the two must
# agree (tools/write-schemas writes the files again).
# A kind that does not exist must be refused with the usage-error status.
foreach(kind rig catalog pack config)
  execute_process(COMMAND ${RIGCHECK} schema ${kind}
    OUTPUT_VARIABLE printed ERROR_VARIABLE errors RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "rigcheck schema ${kind} exited ${status}: ${errors}")
  endif()
  file(READ ${SOURCE_DIR}/schemas/${kind}.schema.json expected)
  if(printed STREQUAL "")
    message(FATAL_ERROR "rigcheck schema ${kind} printed nothing")
  endif()
  if(NOT printed STREQUAL expected)
    message(FATAL_ERROR "rigcheck schema ${kind} differs from schemas/${kind}.schema.json")
  endif()
  message(STATUS "schema ${kind}: identical to schemas/${kind}.schema.json")
endforeach()
execute_process(COMMAND ${RIGCHECK} schema rigs
  OUTPUT_VARIABLE printed ERROR_VARIABLE errors RESULT_VARIABLE status)
if(NOT status EQUAL 2 OR NOT printed STREQUAL "")
  message(FATAL_ERROR "rigcheck schema rigs: status ${status}, output `${printed}`; expected 2 and nothing")
endif()
