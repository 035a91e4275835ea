// Looks up the embedded JSON Schemas by file kind.
#include <rigcheck/project/schemas.hpp>

#include <rigcheck/core/detail/embedded_file.hpp>

#include <span>

#include <algorithm>
#include <array>
#include <string>

namespace rigcheck::detail {
/// The embedded schemas/*.schema.json (cmake/embed.cmake).
std::span<const embedded_file> builtin_schema_files();
} // namespace rigcheck::detail

namespace rigcheck {

std::span<const std::string_view> schema_kinds() {
    static constexpr std::array<std::string_view, 4> kinds{"rig", "catalog", "pack", "config"};
    return kinds;
}

std::optional<std::string_view> json_schema(std::string_view kind) {
    const auto kinds = schema_kinds();
    if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) return std::nullopt;
    const std::string path = "schemas/" + std::string(kind) + ".schema.json";
    for (const auto& file : detail::builtin_schema_files())
        if (file.path == path) return file.text;
    return std::nullopt;
}

} // namespace rigcheck
