// Project configuration: `.rigcheck.yaml` files (`rigcheck-config: 1`, docs/rule-packs.md, README.md#commands).
//
// A configuration names the extra rule packs and catalogs a project uses, overrides rule
// severities and param values, and sets the `fail-on` threshold. `rigcheck check` looks for
// `.rigcheck.yaml` from each rig's directory upward unless `--config` names one or `--no-config`
// turns discovery off. Relative paths in a configuration resolve against its own directory, and
// every value is located so that a bad entry is reported at its line and column. The command-line
// forms `--param NAME=VALUE` and `--rule ID=LEVEL` are parsed here too, so that the CLI and
// embedders read them alike.
#pragma once

#include <rigcheck/core/errors.hpp>
#include <rigcheck/core/diagnostic.hpp>
#include <rigcheck/rules/rule_set.hpp>

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rigcheck {

/// The name discovery looks for.
inline constexpr std::string_view config_file_name = ".rigcheck.yaml";

/// `fail-on` / `--fail-on`: the lowest severity that makes a run fail.
struct fail_on_level {
    std::optional<severity> lowest; ///< nullopt: `never`
    friend bool operator==(const fail_on_level&, const fail_on_level&) = default;
};

/// "error", "warning", "info" or "never"; nothing for any other spelling.
std::optional<fail_on_level> parse_fail_on(std::string_view text);

/// A file a configuration names, with the list item that names it, so that a file that cannot be
/// read is reported at that entry rather than nowhere.
struct config_file_entry {
    std::filesystem::path path; ///< resolved against the configuration's directory
    source_location location;   ///< the `packs` or `catalogs` item
    friend bool operator==(const config_file_entry&, const config_file_entry&) = default;
};

/// A loaded configuration; every path is resolved against the configuration's directory.
struct project_config {
    std::filesystem::path file;
    std::vector<config_file_entry> packs;
    std::vector<config_file_entry> catalogs;
    std::vector<severity_setting> rules; ///< in file order; checked against the rule set later
    std::vector<param_setting> params;   ///< in file order; checked against the param table later
    std::optional<fail_on_level> fail_on;
};

struct config_load_result {
    std::optional<project_config> loaded; ///< set when there were no errors
    std::vector<input_error> errors;
    std::size_t dropped_errors = 0; ///< errors past `max_reported_input_errors`, counted only
};

/// Loads a configuration. With a `root`, each `packs` and `catalogs` entry must resolve inside it
/// (`path-outside-root` otherwise, docs/robustness.md#trust-boundaries): a discovered configuration may be a pull
/// request's. Without one the entries are trusted, as for a configuration named with `--config`.
config_load_result load_config_file(const std::filesystem::path& file,
                                    const std::optional<std::filesystem::path>& root = std::nullopt);
/// Loads a configuration from text; `file_name` locates errors and anchors relative paths.
config_load_result load_config_text(std::string_view text, const std::filesystem::path& file_name,
                                    const std::optional<std::filesystem::path>& root = std::nullopt);

/// The nearest `.rigcheck.yaml` in `directory` or any of its parents, up to the filesystem root.
std::optional<std::filesystem::path> find_config_from(const std::filesystem::path& directory);
/// The configuration that applies to a rig file: found from the file's directory upward.
std::optional<std::filesystem::path> find_config_for(const std::filesystem::path& rig_file);

/// `NAME=VALUE` (`--param`); errors are `usage` errors without a location.
std::optional<param_setting> parse_param_assignment(std::string_view text, std::vector<input_error>& errors);
/// `ID=error|warning|info|off` (`--rule`).
std::optional<severity_setting> parse_rule_assignment(std::string_view text, std::vector<input_error>& errors);

} // namespace rigcheck
