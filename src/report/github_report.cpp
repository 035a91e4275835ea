// GitHub Actions workflow commands, so that findings appear as annotations on a pull request.
//
// Each diagnostic is one `::error`, `::warning` or `::notice` line. GitHub parses these lines out
// of the job log, so a message must not break the line or the command syntax: the runner's own
// escaping rules apply (`%`, CR and LF in the message; additionally `:` and `,` in property
// values, which would otherwise end a value or the property list). Annotations carry no separate
// fix field, so the fix follows the message on a second line.
#include <rigcheck/report/report.hpp>

#include "report_common.hpp"

#include <fmt/format.h>

#include <vector>

namespace rigcheck {

namespace {

using report_detail::located_in;

/// Escaping for the message part, after `::`.
std::string escape_data(std::string_view text) {
    std::string escaped;
    escaped.reserve(text.size());
    for (const char character : text) {
        switch (character) {
            case '%':
                escaped += "%25";
                break;
            case '\r':
                escaped += "%0D";
                break;
            case '\n':
                escaped += "%0A";
                break;
            default:
                escaped += character;
                break;
        }
    }
    return escaped;
}

/// Escaping for a property value (`file=`, `title=`).
std::string escape_property(std::string_view text) {
    std::string escaped;
    escaped.reserve(text.size());
    for (const char character : text) {
        switch (character) {
            case ':':
                escaped += "%3A";
                break;
            case ',':
                escaped += "%2C";
                break;
            default:
                escaped += escape_data(std::string_view(&character, 1));
                break;
        }
    }
    return escaped;
}

std::string_view command_for(severity level) {
    switch (level) {
        case severity::error:
            return "error";
        case severity::warning:
            return "warning";
        case severity::info:
            return "notice";
    }
    return "warning";
}

std::string annotation(const diagnostic& finding, const std::string& report_file) {
    const source_location location = located_in(finding.location, report_file);
    std::vector<std::string> properties;
    if (!location.file.empty()) {
        properties.push_back("file=" + escape_property(location.file));
    }
    if (location.known()) {
        properties.push_back(fmt::format("line={}", location.line));
        if (location.column != 0) {
            properties.push_back(fmt::format("col={}", location.column));
        }
    }
    if (!finding.rule.empty()) {
        properties.push_back("title=" + escape_property(finding.rule));
    }
    std::string message = finding.message;
    if (!finding.fix.empty()) {
        message += fmt::format("\nfix: {}", finding.fix);
    }
    const std::string property_list = fmt::format("{}", fmt::join(properties, ","));
    return fmt::format("::{}{}{}::{}\n", command_for(finding.severity), property_list.empty() ? "" : " ", property_list,
                       escape_data(message));
}

} // namespace

std::string render_github(const report_input& input) {
    std::string out;
    for (const file_report& file : input.files) {
        for (const diagnostic& finding : file.diagnostics) {
            out += annotation(finding, file.file);
        }
    }
    return out;
}

} // namespace rigcheck
