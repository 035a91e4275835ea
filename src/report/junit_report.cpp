// The JUnit XML report, for CI systems that display test results (GitLab, Jenkins, Azure).
//
// Each checked file is a testsuite; each diagnostic is a failing testcase, whatever its severity,
// because the CI display has no notion of a warning or an informational test, and hiding infos
// would hide them everywhere. Whether the build fails stays the job of the exit status and
// `--fail-on`. A file without diagnostics gets one passing testcase, so that it shows as checked.
//
// XML 1.0 cannot carry most control characters at all, not even as character references, and a
// rig file may contain them or bytes that are not UTF-8. Those become U+FFFD so that the report
// always parses.
#include <rigcheck/report/report.hpp>

#include "report_common.hpp"

#include <fmt/format.h>

namespace rigcheck {

namespace {

using report_detail::located_in;

constexpr char32_t replacement_code_point = 0xFFFD;

/// Decodes one UTF-8 sequence at the start of `text`; returns the code point (U+FFFD for an
/// invalid sequence) and how many bytes it took.
std::pair<char32_t, std::size_t> decode_utf8(std::string_view text) {
    const auto lead = static_cast<unsigned char>(text[0]);
    if (lead < 0x80) {
        return {lead, 1};
    }
    // The lead byte gives the sequence length; `minimum` rejects overlong encodings.
    std::size_t length = 0;
    char32_t code_point = 0;
    char32_t minimum = 0;
    if ((lead & 0xE0) == 0xC0) {
        length = 2;
        code_point = lead & 0x1F;
        minimum = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3;
        code_point = lead & 0x0F;
        minimum = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4;
        code_point = lead & 0x07;
        minimum = 0x10000;
    } else {
        return {replacement_code_point, 1};
    }
    if (text.size() < length) {
        return {replacement_code_point, 1};
    }
    for (std::size_t index = 1; index < length; ++index) {
        const auto byte = static_cast<unsigned char>(text[index]);
        if ((byte & 0xC0) != 0x80) {
            return {replacement_code_point, 1};
        }
        code_point = (code_point << 6) | (byte & 0x3F);
    }
    const bool surrogate = code_point >= 0xD800 && code_point <= 0xDFFF;
    if (code_point < minimum || code_point > 0x10FFFF || surrogate) {
        return {replacement_code_point, 1};
    }
    return {code_point, length};
}

/// True for the characters XML 1.0 allows in a document.
bool allowed_in_xml(char32_t code_point) {
    return code_point == 0x9 || code_point == 0xA || code_point == 0xD ||
           (code_point >= 0x20 && code_point <= 0xD7FF) || (code_point >= 0xE000 && code_point <= 0xFFFD) ||
           code_point >= 0x10000;
}

enum class xml_context { attribute, text };

/// Escapes for an attribute value or element text. In attributes, line breaks and tabs are
/// character references, since a parser would otherwise normalise them to spaces.
std::string escape_xml(std::string_view text, xml_context context) {
    std::string escaped;
    escaped.reserve(text.size());
    while (!text.empty()) {
        auto [code_point, length] = decode_utf8(text);
        const std::string_view original = text.substr(0, length);
        text.remove_prefix(length);
        if (!allowed_in_xml(code_point)) {
            code_point = replacement_code_point;
        }
        switch (code_point) {
            case '&':
                escaped += "&amp;";
                break;
            case '<':
                escaped += "&lt;";
                break;
            case '>':
                escaped += "&gt;";
                break;
            case '"':
                escaped += "&quot;";
                break;
            case '\'':
                escaped += "&apos;";
                break;
            case '\r':
                escaped += "&#13;";
                break;
            case '\n':
                escaped += context == xml_context::attribute ? "&#10;" : "\n";
                break;
            case '\t':
                escaped += context == xml_context::attribute ? "&#9;" : "\t";
                break;
            case replacement_code_point:
                escaped += "\xEF\xBF\xBD";
                break;
            default:
                escaped += original;
                break;
        }
    }
    return escaped;
}

std::string attribute(std::string_view text) { return escape_xml(text, xml_context::attribute); }

std::string testcase_name(const diagnostic& finding, const source_location& location) {
    if (finding.subject.empty()) {
        return fmt::format("{} at {}", finding.rule, to_string(location));
    }
    return fmt::format("{} {} at {}", finding.rule, finding.subject, to_string(location));
}

/// The failure's body reads like the text report: location, severity, message, fix, notes.
std::string failure_body(const diagnostic& finding, const source_location& location, const std::string& report_file) {
    std::string body =
        fmt::format("{}: {}: {} [{}]", to_string(location), to_string(finding.severity), finding.message, finding.rule);
    if (!finding.fix.empty()) {
        body += fmt::format("\nfix: {}", finding.fix);
    }
    for (const related_location& related : finding.related) {
        body += fmt::format("\n{}: note: {}", to_string(located_in(related.location, report_file)),
                            related.message.empty() ? std::string("related location") : related.message);
    }
    return body;
}

void append_file_suite(std::string& out, const file_report& file) {
    const std::size_t failures = file.diagnostics.size();
    const std::size_t tests = failures == 0 ? 1 : failures;
    out += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\">\n", attribute(file.file),
                       tests, failures);
    if (file.diagnostics.empty()) {
        out += fmt::format("    <testcase classname=\"rigcheck\" name=\"{}\"/>\n", attribute(file.file));
    }
    for (const diagnostic& finding : file.diagnostics) {
        const source_location location = located_in(finding.location, file.file);
        out += fmt::format("    <testcase classname=\"{}\" name=\"{}\">\n", attribute("rigcheck." + finding.rule),
                           attribute(testcase_name(finding, location)));
        out += fmt::format("      <failure type=\"{}\" message=\"{}\">{}</failure>\n", attribute(finding.rule),
                           attribute(finding.message),
                           escape_xml(failure_body(finding, location, file.file), xml_context::text));
        out += "    </testcase>\n";
    }
    out += "  </testsuite>\n";
}

} // namespace

std::string render_junit(const report_input& input) {
    std::size_t tests = 0;
    std::size_t failures = 0;
    for (const file_report& file : input.files) {
        failures += file.diagnostics.size();
        tests += file.diagnostics.empty() ? 1 : file.diagnostics.size();
    }
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out += fmt::format("<testsuites name=\"rigcheck\" tests=\"{}\" failures=\"{}\">\n", tests, failures);
    for (const file_report& file : input.files) {
        append_file_suite(out, file);
    }
    out += "</testsuites>\n";
    return out;
}

} // namespace rigcheck
