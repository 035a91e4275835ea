// Loading rigs and catalogs from YAML files (docs/formats.md#files-and-version-keys, #values-with-units,
// #connectors-and-mating, #pinouts, #gear, #cables-and-adapters, #rigs), with located errors.
//
// The loader reads a file once, builds a located YAML tree (guarding against duplicate keys,
// alias cycles and bombs, excessive depth, oversized and non-UTF-8 files), walks it with a
// closed set of keys per object, and hands the result to `rig_builder`, which resolves every
// reference. Errors never stop at the first one when the rest of the file can still be read.
#pragma once

#include <rigcheck/core/errors.hpp>
#include <rigcheck/model/catalog.hpp>
#include <rigcheck/model/rig.hpp>

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rigcheck {

struct load_options {
    /// Catalogs to make available besides the builtin one and the rig's own `include`s
    /// (e.g. from `--catalog` or a config's `catalogs`). Trusted: they are not held to `root`.
    std::vector<std::filesystem::path> catalogs;
    /// The project root (docs/robustness.md#trust-boundaries): when set, an `include` that resolves outside it is
    /// refused with `path-outside-root` at its list item, and never read.
    std::optional<std::filesystem::path> root;
    /// Applied to every gear the rig uses after loading (rule packs' `gear-overrides`).
    std::vector<std::function<void(gear&)>> gear_transforms;
};

struct rig_load_result {
    std::optional<rig> loaded;       ///< set when there were no errors
    std::vector<input_error> errors; ///< in file order
    /// Errors found past `max_reported_input_errors` of a file, counted but not kept.
    std::size_t dropped_errors = 0;
    /// Every file read for it: the rig, then the catalogs, as they were named.
    std::vector<std::filesystem::path> files_read;
};

struct catalog_load_result {
    std::optional<catalog> loaded;
    std::vector<input_error> errors;
    std::size_t dropped_errors = 0; ///< as in rig_load_result
};

/// Loads a rig file. Relative `include` paths resolve against the file's directory.
rig_load_result load_rig_file(const std::filesystem::path& file, const load_options& options = {});
/// Loads a rig from text; `file_name` is used in locations and to resolve `include`s.
rig_load_result load_rig_text(std::string_view text, const std::string& file_name, const load_options& options = {});
/// Like load_rig_file, but throws load_error.
rig load_rig(const std::filesystem::path& file, const load_options& options = {});

catalog_load_result load_catalog_file(const std::filesystem::path& file);
catalog_load_result load_catalog_text(std::string_view text, const std::string& file_name);

/// Reads a whole input file, refusing files over the 64 MiB limit before reading them. An error
/// gives the system's reason ("No such file or directory").
std::optional<std::string> read_input_file(const std::filesystem::path& file, std::vector<input_error>& errors);

/// What is wrong with a path named inside a file (an `include`, a config's `packs` or
/// `catalogs`), or nothing (docs/robustness.md#trust-boundaries): a control character (NUL included), or, when `root`
/// is given, a resolved form (every symlink followed) that does not lie under the root's.
enum class named_path_problem { none, control_character, outside_root };
named_path_problem check_named_path(const std::filesystem::path& path,
                                    const std::optional<std::filesystem::path>& root);

/// The message for a problem of `check_named_path`, naming what the path is for ("the included
/// catalog").
std::string describe_named_path_problem(named_path_problem problem, std::string_view what, const std::string& path,
                                        const std::optional<std::filesystem::path>& root);

} // namespace rigcheck
