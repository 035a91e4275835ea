// The JSON report of SPEC §11, for tools that post-process findings.
//
// The shape and the key order are a contract, so the document is built with nlohmann's
// ordered_json, which keeps keys in insertion order. Diagnostics of all files form one flat list
// in file order, each naming its file. Unknown lines and columns (0 in memory) are `null`, never
// 0, so that a consumer cannot mistake them for a position.
#include <rigcheck/report/report.hpp>

#include "report_common.hpp"

namespace rigcheck {

namespace {

using nlohmann::ordered_json;
using report_detail::located_in;

/// A 1-based position, or null when unknown.
ordered_json position(std::uint32_t value) {
    return value == 0 ? ordered_json(nullptr) : ordered_json(value);
}

ordered_json related_json(const related_location& related, const std::string& report_file) {
    const source_location location = located_in(related.location, report_file);
    ordered_json entry = ordered_json::object();
    entry["file"] = location.file;
    entry["line"] = position(location.line);
    entry["column"] = position(location.line == 0 ? 0 : location.column);
    entry["message"] = related.message;
    return entry;
}

ordered_json diagnostic_json(const diagnostic& finding, const std::string& report_file) {
    const source_location location = located_in(finding.location, report_file);
    ordered_json entry = ordered_json::object();
    entry["rule"] = finding.rule;
    entry["severity"] = to_string(finding.severity);
    entry["message"] = finding.message;
    entry["file"] = location.file;
    entry["line"] = position(location.line);
    entry["column"] = position(location.line == 0 ? 0 : location.column);
    entry["scope"] = to_string(finding.scope);
    entry["subject"] = finding.subject;
    entry["fix"] = finding.fix;
    entry["related"] = ordered_json::array();
    for (const related_location& related : finding.related) {
        entry["related"].push_back(related_json(related, report_file));
    }
    return entry;
}

ordered_json exemption_json(const exemption_record& record, const std::string& report_file) {
    const source_location location = located_in(record.location, report_file);
    ordered_json entry = ordered_json::object();
    entry["rule"] = record.rule;
    entry["exemption"] = record.exemption;
    entry["file"] = location.file;
    entry["line"] = position(location.line);
    entry["column"] = position(location.line == 0 ? 0 : location.column);
    entry["subject"] = record.subject;
    return entry;
}

} // namespace

std::string render_json(const report_input& input) {
    ordered_json document = ordered_json::object();
    document["tool"] = ordered_json::object();
    document["tool"]["name"] = "rigcheck";
    document["tool"]["version"] = input.tool_version;
    document["files"] = ordered_json::array();
    document["diagnostics"] = ordered_json::array();
    document["exempted"] = ordered_json::array();
    for (const file_report& file : input.files) {
        document["files"].push_back(file.file);
        for (const diagnostic& finding : file.diagnostics) {
            document["diagnostics"].push_back(diagnostic_json(finding, file.file));
        }
        for (const exemption_record& record : file.exempted) {
            document["exempted"].push_back(exemption_json(record, file.file));
        }
    }
    const severity_counts counts = count_by_severity(input);
    document["summary"] = ordered_json::object();
    for (const severity level : {severity::error, severity::warning, severity::info}) {
        document["summary"][std::string(to_string(level))] = counts[static_cast<std::size_t>(level)];
    }
    return report_detail::dump_document(document);
}

} // namespace rigcheck
