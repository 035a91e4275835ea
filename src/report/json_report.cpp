// The JSON report of README.md#commands, for tools that post-process findings.
//
// The shape and the key order are a contract. The report is written straight into its output
// string, field by field, in the layout of nlohmann's `dump(2)` (two-space indent, `": "`,
// `[]` for an empty list): a rig with 100,000 connections has tens of thousands of diagnostics,
// and building them as a document first cost more than the rest of the check after loading.
// Strings of printable ASCII, nearly all of them, are quoted here; any other string goes through
// nlohmann's serializer, so control characters are escaped and bytes that are not UTF-8 (a rig
// file may hold anything) become U+FFFD exactly as in the other JSON outputs. Diagnostics of all
// files form one flat list in file order, each naming its file. Unknown lines and columns (0 in
// memory) are `null`, never 0, so that a consumer cannot mistake them for a position.
#include <rigcheck/report/report.hpp>

#include "report_common.hpp"

#include <algorithm>
#include <charconv>
#include <string_view>
#include <vector>

namespace rigcheck {

namespace {

using report_detail::located_in;

class json_writer {
public:
    [[nodiscard]] std::string take() { return std::move(out_); }

    /// Opens an object or list: as a member `"key": {` when `key` is given, else as an item.
    void open(std::string_view key, char bracket) {
        start(key);
        out_ += bracket;
        counts_.push_back(0);
    }
    /// Closes the innermost object or list; an empty one closes on the same line (`[]`).
    void close(char bracket) {
        const bool empty = counts_.back() == 0;
        counts_.pop_back();
        if (!empty) newline();
        out_ += bracket;
    }

    void string(std::string_view key, std::string_view text) {
        start(key);
        quoted(text);
    }
    void number(std::string_view key, std::size_t value) {
        start(key);
        char digits[24];
        const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
        out_.append(digits, end);
    }
    /// A 1-based position, or null when unknown.
    void position(std::string_view key, std::uint32_t value) {
        if (value == 0) {
            start(key);
            out_ += "null";
        } else {
            number(key, value);
        }
    }

private:
    /// Begins the next member or item of the innermost object or list.
    void start(std::string_view key) {
        if (counts_.empty()) return;
        if (counts_.back()++ > 0) out_ += ',';
        newline();
        if (!key.empty()) {
            quoted(key);
            out_ += ": ";
        }
    }
    void newline() {
        out_ += '\n';
        out_.append(2 * counts_.size(), ' ');
    }
    void quoted(std::string_view text) {
        const bool plain = std::all_of(text.begin(), text.end(), [](char c) {
            const auto byte = static_cast<unsigned char>(c);
            return byte >= 0x20 && byte < 0x7f;
        });
        if (!plain) {
            out_ += nlohmann::ordered_json(std::string(text))
                        .dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
            return;
        }
        out_ += '"';
        for (const char c : text) {
            if (c == '"' || c == '\\') out_ += '\\';
            out_ += c;
        }
        out_ += '"';
    }

    std::string out_;
    std::vector<std::size_t> counts_; ///< members or items written so far, per open level
};

void write_location(json_writer& json, const source_location& location) {
    json.string("file", location.file);
    json.position("line", location.line);
    json.position("column", location.line == 0 ? 0 : location.column);
}

void write_diagnostic(json_writer& json, const diagnostic& finding, const std::string& report_file) {
    json.open({}, '{');
    json.string("rule", finding.rule);
    json.string("severity", to_string(finding.severity));
    json.string("message", finding.message);
    write_location(json, located_in(finding.location, report_file));
    json.string("scope", to_string(finding.scope));
    json.string("subject", finding.subject);
    json.string("fix", finding.fix);
    json.open("related", '[');
    for (const related_location& related : finding.related) {
        json.open({}, '{');
        write_location(json, located_in(related.location, report_file));
        json.string("message", related.message);
        json.close('}');
    }
    json.close(']');
    json.close('}');
}

void write_exemption(json_writer& json, const exemption_record& record, const std::string& report_file) {
    json.open({}, '{');
    json.string("rule", record.rule);
    json.string("exemption", record.exemption);
    write_location(json, located_in(record.location, report_file));
    json.string("subject", record.subject);
    json.close('}');
}

} // namespace

std::string render_json(const report_input& input) {
    json_writer json;
    json.open({}, '{');
    json.open("tool", '{');
    json.string("name", "rigcheck");
    json.string("version", input.tool_version);
    json.close('}');
    json.open("files", '[');
    for (const file_report& file : input.files) json.string({}, file.file);
    json.close(']');
    json.open("diagnostics", '[');
    for (const file_report& file : input.files)
        for (const diagnostic& finding : file.diagnostics) write_diagnostic(json, finding, file.file);
    json.close(']');
    json.open("exempted", '[');
    for (const file_report& file : input.files)
        for (const exemption_record& record : file.exempted) write_exemption(json, record, file.file);
    json.close(']');
    const severity_counts counts = count_by_severity(input);
    json.open("summary", '{');
    for (const severity level : {severity::error, severity::warning, severity::info})
        json.number(to_string(level), counts[static_cast<std::size_t>(level)]);
    json.close('}');
    json.close('}');
    return json.take() + "\n";
}

} // namespace rigcheck
