// Writing an output file so that readers see either the old content or the new, never a mix.
//
// `rigcheck check --output FILE` must not leave a truncated report behind when it is interrupted
// or the disk fills up: a CI step that reads the file afterwards would otherwise parse half a
// document. The content goes to a temporary file in the target's directory (so the final rename
// stays on one file system and is atomic), is flushed to disk, and then replaces the target.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <stdexcept>
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

/// An output rigcheck will not write: its target is a file the run read, a rigcheck file, or a
/// directory. A usage error (exit 2); nothing has been written.
class output_refused : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Writes a report or a baseline the way every rigcheck output is written
/// (docs/robustness.md#trust-boundaries):
/// - a target that resolves (after symlinks) to any of `inputs` (compared by device and inode,
///   so hard links count) is refused, and so is an existing regular file that starts with a rigcheck
///   version key (a rig, catalog, pack or config named by mistake, as `--output rigs/*.yaml`
///   does when the shell expands it);
/// - an existing target that is not a regular file (a character device such as /dev/null, a
///   FIFO, a terminal), and any path under /dev or /proc (/dev/stdout), is written into, not
///   replaced;
/// - anything else is written atomically with `write_file_atomically`.
/// Throws `output_refused`, or std::system_error naming the target when a write fails; an
/// existing regular target is then left as it was.
void write_output_file(const std::filesystem::path& target, std::string_view content,
                       std::span<const std::filesystem::path> inputs);

/// The first of `candidates` that names the same file as `target` (device and inode, every
/// symlink followed), or nothing; missing files match nothing.
std::optional<std::filesystem::path> same_file_among(const std::filesystem::path& target,
                                                     std::span<const std::filesystem::path> candidates);

} // namespace rigcheck
