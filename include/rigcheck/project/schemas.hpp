// The JSON Schemas (draft-07) of rigcheck's four file kinds, built by the library itself.
//
// Editors use them through the yaml-language-server modeline; `rigcheck schema KIND` prints them.
// They are generated from the loaders' own key lists, the model's enum spellings and the id
// rules, so they list what the loaders accept; schemas/*.schema.json are the same text,
// committed, and a test keeps the two equal.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace rigcheck {

/// The kinds: "rig", "catalog", "pack", "config".
std::span<const std::string_view> schema_kinds();

/// The schema text of a kind, or nothing for an unknown kind. Each text is built on the first
/// call and lives as long as the program.
std::optional<std::string_view> json_schema(std::string_view kind);

} // namespace rigcheck
