// Writing an output file so that readers see either the old content or the new, never a mix.
//
// `rigcheck check --output FILE` must not leave a truncated report behind when it is interrupted
// or the disk fills up: a CI step that reads the file afterwards would otherwise parse half a
// document. The content goes to a temporary file in the target's directory (so the final rename
// stays on one file system and is atomic), is flushed to disk, and then replaces the target.
#pragma once

#include <filesystem>
#include <functional>
#include <string_view>

namespace rigcheck {

/// Runs between the flushed write of the temporary file and the rename over the target.
using before_rename_hook = std::function<void(const std::filesystem::path& temporary_file)>;

/// Writes `content` to `target` atomically. Missing directories are not created. On any failure
/// the temporary file is removed, the target is left untouched, and a `std::system_error` naming
/// the target is thrown. An existing target keeps its permission bits; a symbolic link at the
/// target is replaced, not followed.
///
/// `before_rename` exists for tests: an exception it throws aborts the write exactly like an I/O
/// failure at that point would (the temporary file is removed and the exception propagates).
void write_file_atomically(const std::filesystem::path& target, std::string_view content,
                           const before_rename_hook& before_rename = {});

} // namespace rigcheck
