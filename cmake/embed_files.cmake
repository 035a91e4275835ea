# Script mode: writes OUTPUT, a C++ file embedding FILES (paths relative to BASE).
set(body "")
foreach(file IN LISTS FILES)
  file(READ ${file} content)
  file(RELATIVE_PATH relative ${BASE} ${file})
  # Raw string literals cannot hold their own delimiter; the delimiter is chosen to be absent.
  string(APPEND body "    {\"${relative}\", R\"rc_embed(${content})rc_embed\"},\n")
endforeach()
file(WRITE ${OUTPUT}.tmp
"// Generated from the builtin catalog and rule packs by cmake/embed_files.cmake.
#include <span>
#include <string_view>
#include \"builtin_data.hpp\"

namespace rigcheck::detail {
namespace {
constexpr embedded_file files[] = {
${body}    {\"\", \"\"}};
} // namespace

std::span<const embedded_file> builtin_files() { return {files, std::size(files) - 1}; }
} // namespace rigcheck::detail
")
file(COPY_FILE ${OUTPUT}.tmp ${OUTPUT} ONLY_IF_DIFFERENT)
