// The builtin catalog and rule packs, embedded into the library at build time.
#pragma once

#include <span>
#include <string_view>

namespace rigcheck::detail {

struct embedded_file {
    std::string_view path;  ///< relative to the source tree, e.g. "catalog/generic.yaml"
    std::string_view text;
};

std::span<const embedded_file> builtin_files();

} // namespace rigcheck::detail
