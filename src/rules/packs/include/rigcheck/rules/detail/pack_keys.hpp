// The keys each object of a rule pack accepts (docs/rule-packs.md), shared by the pack loader, which
// refuses any other key, and the JSON Schema generator, which lists the same properties.
#pragma once

#include <rigcheck/load/detail/catalog_reader.hpp>

#include <array>
#include <string_view>

namespace rigcheck::rules_detail::keys {

inline constexpr std::string_view pack[] = {"rigcheck-rules", "pack",  "description",   "params",
                                            "exemptions",     "rules", "gear-overrides"};
inline constexpr std::string_view rule[] = {"id",     "scope",      "severity", "description", "when",
                                            "unless", "supersedes", "message",  "fix",         "tags"};
inline constexpr std::string_view exemption[] = {"id", "description", "when"};
/// The spellings of `scope` and `severity`, in enum order: the loader casts the index it reads.
inline constexpr std::string_view scopes[] = {"connection", "path", "port", "device", "rig", "cycle"};
inline constexpr std::string_view severities[] = {"info", "warning", "error"};

/// A gear override (`gear-overrides` entry), its `match` globs and the gear fields `set` replaces.
inline constexpr std::string_view override_entry[] = {"match", "set", "ports"};
inline constexpr std::string_view match[] = {"id", "manufacturer", "model", "description", "category", "power"};
inline constexpr std::string_view set[] = {"manufacturer", "model", "description", "category", "power", "quirks"};

/// A port patch takes a port's keys (load::keys::port) but `id`, which is what the glob matches.
inline constexpr auto port_patch = [] {
    std::array<std::string_view, std::size(load::keys::port) - 1> patch{};
    std::size_t next = 0;
    for (const auto key : load::keys::port)
        if (key != "id") patch[next++] = key;
    return patch;
}();

} // namespace rigcheck::rules_detail::keys
