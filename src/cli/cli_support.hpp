// Helpers the CLI's subcommands share: the rule-source options that `check` and the picture
// commands take, source lines for compiler-style error text, atomic output, and loading one rig
// the way `check` loads it (its configuration, packs, catalogs and the packs' gear overrides)
// for the commands that draw or tabulate a single rig.
#pragma once

#include <rigcheck/analysis/analysis.hpp>
#include <rigcheck/project/check.hpp>
#include <rigcheck/core/errors.hpp>

#include <CLI/CLI.hpp>

#include <cstdint>
#include <filesystem>
#include <span>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rigcheck::cli {

/// The options that decide which rules apply: shared by check, rules, explain, test-rules,
/// levels and graph.
struct rule_source_options {
    std::string config;
    std::string root;
    bool no_config = false;
    std::vector<std::string> packs;
    std::vector<std::string> catalogs;
    std::vector<std::string> params;
    std::vector<std::string> rules;

    [[nodiscard]] check_settings settings() const;
};

/// --config, --no-config and --pack: which packs and configuration apply.
void add_rule_source_options(CLI::App* command, rule_source_options& o);

/// Writes to --output (write_output_file: never over one of `inputs`), or to standard output.
/// Returns 0, or the usage-error status after printing why the file could not be written.
int emit(const std::string& text, const std::string& output, std::span<const std::filesystem::path> inputs);

void print_errors(const std::vector<input_error>& errors);

/// The files the command line names (rigs, --config, --pack, --catalog): trusted, so a text
/// report may quote them wherever they are (SPEC §20).
std::vector<std::filesystem::path> trusted_files(const std::vector<std::string>& rigs, const rule_source_options& sources);

/// A rig loaded and analysed in the context `check` would give it, with that context's rules.
struct analysed_in_context {
    std::shared_ptr<const analysed_rig> analysed;
    std::shared_ptr<const rule_set> rules;
    std::vector<std::filesystem::path> files_read;  ///< the rig, its catalogs, config and packs
};

/// Loads and analyses one rig file as `check` does. On invalid input (the rig, or the
/// configuration and packs that apply to it) prints every located error compiler-style on
/// standard error, as `check` prints them, and returns nothing.
std::optional<analysed_in_context> load_for_report(const std::string& file, const rule_source_options& sources);

} // namespace rigcheck::cli
