// The one-call path: load a rig file, analyse it, run the rules, and get its report (docs/api.md).
//
// `check_file` is what most embedders need: it loads the rig with the rule set's gear overrides
// applied, analyses it and runs the rules. Each step is also available on its own:
// `load_rig_file` (load/loader.hpp), `analyse` (analysis/analysis.hpp), `load_rule_set`
// (rules/rule_set.hpp) and `run_rules` (rules/engine.hpp). `checker` adds what the command line
// does around that: it finds each rig's `.rigcheck.yaml` (or takes `--config`), loads the packs,
// catalogs, params and severities that configuration and the options name, and caches the
// resulting rule set per configuration, so checking many files in parallel compiles each rule
// set once. Invalid input never throws here: it becomes `invalid-input` diagnostics with their
// file, line and column, as rules/README.md requires.
#pragma once

#include <rigcheck/load/loader.hpp>
#include <rigcheck/core/diagnostic.hpp>
#include <rigcheck/project/config.hpp>
#include <rigcheck/rules/rule_set.hpp>

#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace rigcheck {

class analysed_rig;

struct check_options {
    /// Catalogs and gear transforms for loading; the rule set's gear overrides are added to these.
    load_options load;
    /// The rules to run; null runs the builtin rule set.
    std::shared_ptr<const rule_set> rules;
};

/// The result of checking one file.
struct check_result {
    file_report report;
    bool invalid_input = false; ///< the file (or a pack or config it needs) could not be loaded
    /// Every file read to check it: the rig, its catalogs, and the configuration and packs of
    /// its context. Outputs must never be written over any of them (docs/robustness.md#trust-boundaries).
    std::vector<std::filesystem::path> files_read;
    /// The `fail-on` of the configuration that applied to the file, if it gave one.
    std::optional<fail_on_level> fail_on;
    /// Rule evaluations that ran out of their step budget (counted as not firing).
    std::size_t budget_exceeded = 0;
};

/// Turns load errors into `invalid-input` diagnostics (rule scope `rig`), at most
/// `max_reported_input_errors` of them per file. `dropped` counts errors already left out by the
/// loaders. Past the limit, one more diagnostic at 1:1 of `file` says how many were not shown,
/// and `report.hidden_errors` gets the count, so the summary still counts them all (docs/robustness.md#limits).
/// Called once per report, with every load error of the file.
void add_invalid_input(file_report& report, const std::vector<input_error>& errors, std::size_t dropped = 0);

/// The `invalid-input` diagnostics of load errors, every one of them (no limit applies).
std::vector<diagnostic> invalid_input_diagnostics(const std::vector<input_error>& errors);

/// Loads, analyses and checks one rig file. Diagnostics come sorted by position.
check_result check_file(const std::filesystem::path& file, const check_options& options = {});

/// Checks an already analysed rig (e.g. one built with `rig_builder`; give the builder the rule
/// set's `gear_transform()` so that quirk overlays apply). Diagnostics come sorted by position.
check_result check_analysed(const analysed_rig& rig, const rule_set& rules);

/// What the command line's check options mean (README.md#commands), independent of any one rig.
struct check_settings {
    std::optional<std::filesystem::path> config; ///< `--config`: used for every file
    /// `--root`: the project root; else a discovered configuration's directory, else the
    /// working directory (docs/robustness.md#trust-boundaries). Files named inside rigs and discovered configurations
    /// must lie under it.
    std::optional<std::filesystem::path> root;
    bool discover_config = true;                 ///< false with `--no-config`
    std::vector<std::filesystem::path> packs;    ///< `--pack`, loaded after the config's packs
    std::vector<std::filesystem::path> catalogs; ///< `--catalog`, after the config's catalogs
    std::vector<std::string> params;             ///< `--param NAME=VALUE`, over the config's
    std::vector<std::string> rules;              ///< `--rule ID=LEVEL`, over the config's
};

/// Everything that applies to the rigs governed by one configuration (or by none).
struct check_context {
    std::optional<std::filesystem::path> config; ///< the configuration file, if any
    std::filesystem::path root;                  ///< the project root of the rigs it governs
    /// The configuration, packs and catalogs read for it (check_result::files_read).
    std::vector<std::filesystem::path> files_read;
    std::size_t dropped_errors = 0;        ///< errors of `errors` past the limit, counted only
    std::shared_ptr<const rule_set> rules; ///< null when `errors` is not empty
    std::vector<input_error> errors;       ///< configuration, option and pack errors
    load_options load;                     ///< the catalogs; `check_file` adds the gear overrides
    std::optional<fail_on_level> fail_on;  ///< the configuration's `fail-on`
};

/// A rig loaded and analysed in the context `check` gives it: its configuration, packs,
/// catalogs and the packs' gear overrides. What the commands that draw or tabulate one rig
/// (`levels`, `graph`) start from, and `check` too.
struct analysed_file {
    std::shared_ptr<const analysed_rig> analysed; ///< null when the input is invalid
    std::shared_ptr<const rule_set> rules;        ///< the context's rules; null when they did not load
    /// On invalid input, the report of it (`invalid_input` set); else only the file and fail-on.
    check_result invalid;
    std::vector<std::filesystem::path> files_read; ///< as check_result::files_read
    std::filesystem::path root;                    ///< the project root of its context
};

/// Checks files the way `rigcheck check` does. Thread-safe: one checker serves every worker.
class checker {
public:
    explicit checker(check_settings settings);
    ~checker();
    checker(const checker&) = delete;
    checker& operator=(const checker&) = delete;

    /// The context for a rig file: its configuration is found from the file's directory upward.
    [[nodiscard]] std::shared_ptr<const check_context> context_for(const std::filesystem::path& rig_file) const;
    /// The context for a directory, e.g. the working directory of `rigcheck rules`.
    [[nodiscard]] std::shared_ptr<const check_context> context_for_directory(
        const std::filesystem::path& directory) const;
    /// Loads and analyses one rig file in its context.
    [[nodiscard]] analysed_file analyse(const std::filesystem::path& rig_file) const;
    /// Loads, analyses and checks one rig file in its context.
    [[nodiscard]] check_result check(const std::filesystem::path& rig_file) const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

/// The exit status of a run over several files (README.md#commands): 2 when any input was invalid, else 1
/// when some file has a diagnostic at or above its threshold, else 0. The threshold is
/// `command_line` when given, else the file's configuration's `fail-on`, else `error`.
int check_exit_status(std::span<const check_result> results, std::optional<fail_on_level> command_line);

} // namespace rigcheck
