// Reports to their target, and invalid input to standard error (output.hpp).
#include "output.hpp"

#include "app.hpp"

#include <rigcheck/core/version.hpp>
#include <rigcheck/report/atomic_file.hpp>
#include <rigcheck/report/report.hpp>
#include <rigcheck/report/source_excerpts.hpp>

#include <cstdio>
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

std::vector<std::filesystem::path> rule_source_options::named_files() const {
    std::vector<std::filesystem::path> named;
    if (!config.empty()) named.emplace_back(config);
    named.insert(named.end(), packs.begin(), packs.end());
    named.insert(named.end(), catalogs.begin(), catalogs.end());
    return named;
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

void print_invalid_input(const file_report& report, const std::filesystem::path& root,
                         std::vector<std::filesystem::path> trusted) {
    report_input input;
    input.tool_version = version_string;
    input.files.push_back(report);
    source_excerpts sources({root}, std::move(trusted));
    text_options text;
    text.color = use_color(color_choice::automatic, isatty(STDERR_FILENO) != 0);
    text.source_line = [&](const std::string& name, std::uint32_t line) { return sources.line(name, line); };
    const auto rendered = render_text(input, text);
    std::fwrite(rendered.data(), 1, rendered.size(), stderr);
    std::fflush(stderr);
}

void print_errors(const std::vector<input_error>& errors) {
    for (const auto& e : errors) std::cerr << to_string(e) << '\n';
}

} // namespace rigcheck::cli
