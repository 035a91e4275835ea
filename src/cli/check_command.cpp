// `rigcheck check FILE...` (README.md#commands, docs/ci.md): checks every file, in parallel with -j, and renders
// one report in the chosen format.
#include "app.hpp"
#include "options.hpp"
#include "output.hpp"

#include <rigcheck/core/version.hpp>
#include <rigcheck/report/report.hpp>
#include <rigcheck/report/source_excerpts.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <iostream>
#include <set>
#include <thread>
#include <unistd.h>

namespace rigcheck::cli {
namespace {

/// Every rule any checked file's rule set knows, for SARIF's `driver.rules`.
std::vector<rule_metadata> metadata_for(const checker& rules, const std::vector<std::string>& files) {
    std::vector<rule_metadata> result;
    std::set<std::string> seen;
    std::set<const rule_set*> visited;
    const auto add = [&](const rule_set& set) {
        if (!visited.insert(&set).second) return;
        for (auto& m : set.metadata())
            if (seen.insert(m.id).second) result.push_back(std::move(m));
    };
    for (const auto& file : files)
        if (const auto context = rules.context_for(file); context->rules) add(*context->rules);
    if (const auto& builtin = builtin_rule_set(); builtin.rules) add(*builtin.rules);
    return result;
}

} // namespace

int run_check(const check_options& options) {
    std::string format_name = options.format;
    if (format_name.empty()) {
        const char* github = std::getenv("GITHUB_ACTIONS");
        format_name = github && std::string_view(github) == "true" ? "github" : "text";
    }
    const auto format = parse_report_format(format_name);
    const checker rules(options.sources.settings());

    std::vector<check_result> results(options.files.size());
    const unsigned jobs = std::max(1u, std::min<unsigned>(options.jobs, static_cast<unsigned>(options.files.size())));
    {
        // Each worker takes the next file; results land at their file's index, so the output is
        // the same whatever the scheduling.
        std::atomic<std::size_t> next{0};
        const auto work = [&] {
            for (std::size_t i = next++; i < options.files.size(); i = next++)
                results[i] = rules.check(options.files[i]);
        };
        std::vector<std::thread> workers;
        for (unsigned k = 1; k < jobs; ++k) workers.emplace_back(work);
        work();
        for (auto& worker : workers) worker.join();
    }

    std::optional<fail_on_level> command_line_fail_on;
    if (!options.fail_on.empty()) command_line_fail_on = parse_fail_on(options.fail_on);
    const int status = check_exit_status(results, command_line_fail_on);

    // Outputs are never written over a file the run read (docs/robustness.md#trust-boundaries); the text report quotes
    // only files inside the project roots or named on the command line.
    std::vector<std::filesystem::path> files_read;
    std::vector<std::filesystem::path> roots;
    std::vector<std::filesystem::path> trusted(options.files.begin(), options.files.end());
    for (const auto& file : options.sources.named_files()) trusted.push_back(file);
    for (std::size_t i = 0; i < options.files.size(); ++i) {
        files_read.insert(files_read.end(), results[i].files_read.begin(), results[i].files_read.end());
        const auto context = rules.context_for(options.files[i]);
        if (std::find(roots.begin(), roots.end(), context->root) == roots.end()) roots.push_back(context->root);
        // What a configuration named with --config names is trusted like the command line.
        if (!options.sources.config.empty())
            trusted.insert(trusted.end(), context->files_read.begin(), context->files_read.end());
    }

    report_input input;
    input.tool_version = version_string;
    input.rules = metadata_for(rules, options.files);
    for (auto& result : results) {
        if (result.budget_exceeded > 0)
            std::cerr << fmt::format(
                "rigcheck: {}: {} rule {} ran out of {} step budget and {} counted as not "
                "firing\n",
                result.report.file, result.budget_exceeded, result.budget_exceeded == 1 ? "evaluation" : "evaluations",
                result.budget_exceeded == 1 ? "its" : "their", result.budget_exceeded == 1 ? "was" : "were");
        input.files.push_back(std::move(result.report));
    }
    source_excerpts sources(std::move(roots), std::move(trusted));
    text_options text;
    const auto color = parse_color_choice(options.color).value_or(color_choice::automatic);
    text.color =
        options.output.empty() && *format == report_format::text && use_color(color, isatty(STDOUT_FILENO) != 0);
    text.source_line = [&](const std::string& file, std::uint32_t line) { return sources.line(file, line); };
    if (const int written = emit(render(input, *format, text), options.output, files_read); written != 0)
        return written;
    return status;
}

} // namespace rigcheck::cli
