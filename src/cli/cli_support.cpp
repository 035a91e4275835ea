// Shared CLI helpers (see cli_support.hpp).
#include "cli_support.hpp"

#include "commands.hpp"

#include <rigcheck/load/loader.hpp>
#include <rigcheck/report/atomic_file.hpp>
#include <rigcheck/report/report.hpp>
#include <rigcheck/report/source_excerpts.hpp>
#include <rigcheck/core/version.hpp>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <sstream>
#include <iostream>
#include <unistd.h>

namespace rigcheck::cli {

check_settings rule_source_options::settings() const {
    check_settings result;
    if (!config.empty()) result.config = config;
    if (!root.empty()) result.root = root;
    result.discover_config = !no_config;
    for (const auto& p : packs) result.packs.emplace_back(p);
    for (const auto& c : catalogs) result.catalogs.emplace_back(c);
    result.params = params;
    result.rules = rules;
    return result;
}

void add_rule_source_options(CLI::App* command, rule_source_options& o) {
    command->add_option("--config", o.config, "Configuration file (default: .rigcheck.yaml found upward)");
    command->add_flag("--no-config", o.no_config, "Do not look for a .rigcheck.yaml");
    command->add_option("--root", o.root,
                        "Project root that files named inside rigs and discovered configs must stay in "
                        "(default: the discovered config's directory, else the working directory)");
    command->add_option("--pack", o.packs, "Additional rule pack (repeatable)")->allow_extra_args(false);
}

int emit(const std::string& text, const std::string& output, std::span<const std::filesystem::path> inputs) {
    if (output.empty()) {
        std::fwrite(text.data(), 1, text.size(), stdout);
        std::fflush(stdout);
        return 0;
    }
    try {
        write_output_file(output, text, inputs);
    } catch (const std::exception& error) {
        std::cerr << "rigcheck: " << error.what() << '\n';
        return usage_error_status;
    }
    return 0;
}

void print_errors(const std::vector<input_error>& errors) {
    for (const auto& e : errors) std::cerr << to_string(e) << '\n';
}

std::vector<std::filesystem::path> trusted_files(const std::vector<std::string>& rigs, const rule_source_options& sources) {
    std::vector<std::filesystem::path> trusted(rigs.begin(), rigs.end());
    if (!sources.config.empty()) trusted.emplace_back(sources.config);
    trusted.insert(trusted.end(), sources.packs.begin(), sources.packs.end());
    trusted.insert(trusted.end(), sources.catalogs.begin(), sources.catalogs.end());
    return trusted;
}

namespace {

/// Prints load errors the way `check` prints invalid input in text form, on standard error so
/// that a report redirected to a file never holds them.
void print_invalid_input(const std::string& file, std::vector<input_error> errors, const rule_source_options& options,
                         const std::filesystem::path& root) {
    report_input input;
    input.tool_version = version_string;
    file_report report;
    report.file = file;
    add_invalid_input(report, errors);
    sort_diagnostics(report);
    input.files.push_back(std::move(report));
    source_excerpts sources({root}, trusted_files({file}, options));
    text_options text;
    text.color = isatty(STDERR_FILENO) && std::getenv("NO_COLOR") == nullptr;
    text.source_line = [&](const std::string& name, std::uint32_t line) { return sources.line(name, line); };
    const auto rendered = render_text(input, text);
    std::fwrite(rendered.data(), 1, rendered.size(), stderr);
    std::fflush(stderr);
}

} // namespace

std::optional<analysed_in_context> load_for_report(const std::string& file, const rule_source_options& sources) {
    const checker rules(sources.settings());
    const auto context = rules.context_for(file);
    if (!context->rules) {
        // As `check` does: the rig's own errors are worth seeing in the same run.
        auto errors = context->errors;
        for (auto& e : load_rig_file(file, context->load).errors) errors.push_back(std::move(e));
        print_invalid_input(file, std::move(errors), sources, context->root);
        return std::nullopt;
    }
    load_options load = context->load;
    // Packs' gear overrides (a pin-3-hot quirk, say) change what the links do.
    if (context->rules->has_gear_overrides()) load.gear_transforms.push_back(context->rules->gear_transform());
    auto loaded = load_rig_file(file, load);
    if (!loaded.loaded) {
        print_invalid_input(file, std::move(loaded.errors), sources, context->root);
        return std::nullopt;
    }
    auto files_read = std::move(loaded.files_read);
    files_read.insert(files_read.end(), context->files_read.begin(), context->files_read.end());
    return analysed_in_context{analyse(std::move(*loaded.loaded)), context->rules, std::move(files_read)};
}

} // namespace rigcheck::cli
