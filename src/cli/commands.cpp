// Subcommand wiring for the rigcheck CLI. Options are parsed here; all work happens in the library.
#include "cli/commands.hpp"

#include <rigcheck/check.hpp>
#include <rigcheck/report/atomic_file.hpp>
#include <rigcheck/report/report.hpp>
#include <rigcheck/schemas.hpp>
#include <rigcheck/version.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>
#include <unistd.h>

namespace rigcheck::cli {
namespace {

struct check_command_options {
    std::vector<std::string> files;
    std::string config;
    bool no_config = false;
    std::vector<std::string> packs;
    std::vector<std::string> catalogs;
    std::string format;
    std::string output;
    std::string fail_on = "error";
    std::vector<std::string> params;
    std::vector<std::string> rules;
    unsigned jobs = 1;
};

check_command_options check_options_storage;
std::function<int()> selected_action;

/// Reads source lines for text output, each file once.
class source_cache {
public:
    std::optional<std::string> line(const std::string& file, std::uint32_t number) {
        std::lock_guard lock(mutex_);
        auto found = files_.find(file);
        if (found == files_.end()) {
            std::vector<std::string> lines;
            std::ifstream stream(file, std::ios::binary);
            for (std::string text; std::getline(stream, text);) {
                if (!text.empty() && text.back() == '\r') text.pop_back();
                lines.push_back(std::move(text));
            }
            found = files_.emplace(file, std::move(lines)).first;
        }
        if (number == 0 || number > found->second.size()) return std::nullopt;
        return found->second[number - 1];
    }

private:
    std::mutex mutex_;
    std::map<std::string, std::vector<std::string>> files_;
};

/// Writes to --output atomically, or to standard output.
int emit(const std::string& text, const std::string& output) {
    if (output.empty()) {
        std::fwrite(text.data(), 1, text.size(), stdout);
        std::fflush(stdout);
        return 0;
    }
    try {
        write_file_atomically(output, text);
    } catch (const std::exception& error) {
        std::cerr << "rigcheck: " << error.what() << '\n';
        return usage_error_status;
    }
    return 0;
}

int run_check(const check_command_options& options) {
    std::optional<severity> fail_on;
    if (options.fail_on != "never") fail_on = parse_severity(options.fail_on);
    std::string format_name = options.format;
    if (format_name.empty()) {
        const char* github = std::getenv("GITHUB_ACTIONS");
        format_name = github && std::string_view(github) == "true" ? "github" : "text";
    }
    const auto format = parse_report_format(format_name);

    check_options check;
    for (const auto& c : options.catalogs) check.load.catalogs.emplace_back(c);

    std::vector<check_result> results(options.files.size());
    const unsigned jobs = std::max(1u, std::min<unsigned>(options.jobs, static_cast<unsigned>(options.files.size())));
    {
        // Each worker takes the next file; results land at their file's index, so the output is
        // the same whatever the scheduling.
        std::atomic<std::size_t> next{0};
        const auto work = [&] {
            for (std::size_t i = next++; i < options.files.size(); i = next++) results[i] = check_file(options.files[i], check);
        };
        std::vector<std::thread> workers;
        for (unsigned k = 1; k < jobs; ++k) workers.emplace_back(work);
        work();
        for (auto& worker : workers) worker.join();
    }

    report_input input;
    input.tool_version = version_string;
    bool invalid = false;
    for (auto& result : results) {
        invalid = invalid || result.invalid_input;
        sort_diagnostics(result.report);
        input.files.push_back(std::move(result.report));
    }
    source_cache sources;
    text_options text;
    text.color = options.output.empty() && *format == report_format::text && isatty(STDOUT_FILENO) &&
                 std::getenv("NO_COLOR") == nullptr;
    text.source_line = [&](const std::string& file, std::uint32_t line) { return sources.line(file, line); };
    if (const int status = emit(render(input, *format, text), options.output); status != 0) return status;
    if (invalid) return usage_error_status;
    return exit_status(input, fail_on);
}

int run_schema(const std::string& kind) {
    const auto text = json_schema(kind);
    if (!text) {
        std::cerr << "rigcheck: unknown schema kind `" << kind << "`; expected rig, catalog, pack or config\n";
        return usage_error_status;
    }
    std::fwrite(text->data(), 1, text->size(), stdout);
    return 0;
}

} // namespace

void register_commands(CLI::App& app) {
    auto& o = check_options_storage;
    CLI::App* check = app.add_subcommand("check", "Validate rigs");
    check->add_option("files", o.files, "Rig files")->required();
    check->add_option("--config", o.config, "Configuration file (default: .rigcheck.yaml found upward)");
    check->add_flag("--no-config", o.no_config, "Do not look for a .rigcheck.yaml");
    check->add_option("--pack", o.packs, "Additional rule pack (repeatable)")->allow_extra_args(false);
    check->add_option("--catalog", o.catalogs, "Additional gear catalog (repeatable)")->allow_extra_args(false);
    check->add_option("--format", o.format, "Output format")->check(CLI::IsMember({"text", "json", "sarif", "junit", "github"}));
    check->add_option("--output", o.output, "Write the report to FILE (atomically)");
    check->add_option("--fail-on", o.fail_on, "Lowest severity that fails the run")
        ->check(CLI::IsMember({"error", "warning", "info", "never"}));
    check->add_option("--param", o.params, "Set a rule parameter, NAME=VALUE (repeatable)")->allow_extra_args(false);
    check->add_option("--rule", o.rules, "Set a rule's severity, ID=error|warning|info|off (repeatable)")->allow_extra_args(false);
    check->add_option("-j", o.jobs, "Files checked in parallel")->check(CLI::Range(1u, 256u));
    check->callback([&o] { selected_action = [&o] { return run_check(o); }; });

    static std::string schema_kind;
    CLI::App* schema = app.add_subcommand("schema", "Print the JSON Schema of a file kind");
    schema->add_option("kind", schema_kind, "rig, catalog, pack or config")->required()
        ->check(CLI::IsMember({"rig", "catalog", "pack", "config"}));
    schema->callback([] { selected_action = [] { return run_schema(schema_kind); }; });
}

int run_selected(CLI::App&) {
    if (!selected_action) return usage_error_status;
    return selected_action();
}

} // namespace rigcheck::cli
