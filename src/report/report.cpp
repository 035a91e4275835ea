// The format-independent part of reporting: format names, counting, ordering and the colour
// policy. These live apart from the writers because the CLI needs them whatever the format.
#include <rigcheck/report/report.hpp>

#include <algorithm>
#include <cstdlib>
#include <array>
#include <tuple>
#include <utility>

namespace rigcheck {

namespace {

constexpr std::array<std::pair<report_format, std::string_view>, 5> format_names{{
    {report_format::text, "text"},
    {report_format::json, "json"},
    {report_format::sarif, "sarif"},
    {report_format::junit, "junit"},
    {report_format::github, "github"},
}};

} // namespace

std::span<const std::string_view> report_format_names() {
    static const auto names = [] {
        std::array<std::string_view, format_names.size()> list{};
        for (std::size_t i = 0; i < format_names.size(); ++i) list[i] = format_names[i].second;
        return list;
    }();
    return names;
}

bool use_color(color_choice choice, bool terminal) {
    // no-color.org and force-color.org: set means set to something other than the empty string.
    const auto flag = [](const char* name) {
        const char* value = std::getenv(name);
        return value != nullptr && *value != '\0';
    };
    switch (choice) {
        case color_choice::always:
            return true;
        case color_choice::never:
            return false;
        case color_choice::automatic:
            break;
    }
    if (flag("NO_COLOR")) return false;
    return terminal || flag("FORCE_COLOR");
}

std::optional<color_choice> parse_color_choice(std::string_view text) {
    if (text == "auto") return color_choice::automatic;
    if (text == "always") return color_choice::always;
    if (text == "never") return color_choice::never;
    return std::nullopt;
}

std::optional<report_format> parse_report_format(std::string_view text) {
    for (const auto& [format, name] : format_names) {
        if (name == text) {
            return format;
        }
    }
    return std::nullopt;
}

std::string_view to_string(report_format format) {
    for (const auto& [candidate, name] : format_names) {
        if (candidate == format) {
            return name;
        }
    }
    return "unknown";
}

std::string render(const report_input& input, report_format format, const text_options& options) {
    switch (format) {
        case report_format::text:
            return render_text(input, options);
        case report_format::json:
            return render_json(input);
        case report_format::sarif:
            return render_sarif(input);
        case report_format::junit:
            return render_junit(input);
        case report_format::github:
            return render_github(input);
    }
    return render_text(input, options);
}

severity_counts count_by_severity(const report_input& input) {
    severity_counts counts{};
    for (const file_report& file : input.files) {
        for (const diagnostic& finding : file.diagnostics) {
            ++counts[static_cast<std::size_t>(finding.severity)];
        }
        // The one "N more" diagnostic stands for all N errors it does not show.
        if (file.hidden_errors > 0) counts[static_cast<std::size_t>(severity::error)] += file.hidden_errors - 1;
    }
    return counts;
}

void sort_diagnostics(file_report& report) {
    std::stable_sort(
        report.diagnostics.begin(), report.diagnostics.end(), [](const diagnostic& left, const diagnostic& right) {
            return std::tie(left.location.line, left.location.column, left.rule, left.subject, left.location.file,
                            left.message) < std::tie(right.location.line, right.location.column, right.rule,
                                                     right.subject, right.location.file, right.message);
        });
    std::stable_sort(report.exempted.begin(), report.exempted.end(),
                     [](const exemption_record& left, const exemption_record& right) {
                         return std::tie(left.location.line, left.location.column, left.rule, left.subject,
                                         left.location.file, left.exemption) <
                                std::tie(right.location.line, right.location.column, right.rule, right.subject,
                                         right.location.file, right.exemption);
                     });
}

} // namespace rigcheck
