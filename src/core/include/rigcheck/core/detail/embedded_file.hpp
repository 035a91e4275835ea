// Files compiled into the library at build time: the builtin catalog, the builtin rule packs.
//
// cmake/embed.cmake writes, for each set of files a layer embeds, a function returning them as
// (path, text) pairs, so a rig can use builtin gear and rules with no file beside it. Each layer
// declares its own function next to the code that reads it.
#pragma once

#include <string_view>

namespace rigcheck::detail {

struct embedded_file {
    std::string_view path; ///< relative to the source tree, e.g. "catalog/generic.yaml"
    std::string_view text;
};

} // namespace rigcheck::detail
