// Telling rigcheck's files from other YAML without loading them: which version key a text shows.
//
// A directory of a repository holds other YAML too (CI workflows, compose files), and a hostile
// rig may name `/etc/passwd` as a catalog. Finding the files to check (docs/ci.md), refusing to
// write a report over a rig and deciding which files a report may quote (docs/robustness.md#trust-boundaries) all ask
// the same question, answered here from the text's first top-level keys: comments, a byte-order mark, directives and
// `---` are skipped, and only the first document is looked at.
#pragma once

#include <filesystem>
#include <optional>
#include <string_view>

namespace rigcheck {

enum class file_kind { rig, catalog, pack, config };

/// The version key of a kind: `rigcheck`, `rigcheck-catalog`, `rigcheck-rules`, `rigcheck-config`.
std::string_view version_key(file_kind kind);

/// The kind whose version key is among the top-level keys of the text's first document, or
/// nothing. `first_key_only` asks for the very first key (a file that shows its version key
/// first is a rigcheck file beyond doubt).
std::optional<file_kind> detect_file_kind(std::string_view text, bool first_key_only = false);

/// `detect_file_kind` on the first 64 KiB of a file; nothing when it cannot be read.
std::optional<file_kind> detect_file_kind_of(const std::filesystem::path& file, bool first_key_only = false);

} // namespace rigcheck
