// Printing a source location the way compilers do, so editors and terminals can jump to it.
//
// A location degrades gracefully: an unknown column prints `file:line`, an unknown line prints
// just the file, and a location with no file at all prints `<unknown>` rather than an empty
// string that would make `: error: ...` lines unreadable.
#include <rigcheck/core/source_location.hpp>

#include <fmt/format.h>

namespace rigcheck {

std::string to_string(const source_location& location) {
    const std::string_view file = location.file.empty() ? std::string_view("<unknown>") : location.file;
    if (location.line == 0) {
        return std::string(file);
    }
    if (location.column == 0) {
        return fmt::format("{}:{}", file, location.line);
    }
    return fmt::format("{}:{}:{}", file, location.line, location.column);
}

} // namespace rigcheck
