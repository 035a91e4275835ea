// The SARIF 2.1.0 report, for code-scanning services (GitHub, Azure DevOps) and SARIF viewers.
//
// One run carries the metadata of every known rule, so a viewer can show a rule's description
// and fix beside each result. File paths become relative URIs against the `%SRCROOT%` base, so
// the log does not depend on the machine that produced it. Each result has a partial fingerprint
// made of its rule, file and subject but not its line: a code-scanning service then recognises a
// finding as the same one after lines are inserted above it, instead of closing and reopening it.
// Exempted findings are left out: a consumer that ignored SARIF suppressions would show them as
// live findings, and the JSON report already lists them.
#include <rigcheck/report/report.hpp>

#include "report_common.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <set>
#include <vector>

namespace rigcheck {

namespace {

using nlohmann::ordered_json;
using report_detail::located_in;

constexpr std::string_view sarif_schema_uri = "https://json.schemastore.org/sarif-2.1.0.json";
constexpr std::string_view information_uri = "https://github.com/rigcheck/rigcheck";
constexpr std::string_view source_root_base_id = "%SRCROOT%";
constexpr std::string_view fingerprint_name = "rigcheck/v1";

std::string_view sarif_level(severity level) {
    switch (level) {
        case severity::error:
            return "error";
        case severity::warning:
            return "warning";
        case severity::info:
            return "note";
    }
    return "warning";
}

/// "missing-di" -> "MissingDi": SARIF's `name` is meant to read as an identifier.
std::string pascal_case(std::string_view id) {
    std::string name;
    bool start_of_word = true;
    for (const char character : id) {
        if (std::isalnum(static_cast<unsigned char>(character)) == 0) {
            start_of_word = true;
            continue;
        }
        name += start_of_word ? static_cast<char>(std::toupper(static_cast<unsigned char>(character))) : character;
        start_of_word = false;
    }
    return name;
}

/// Percent-encodes every byte outside RFC 3986's unreserved set, keeping `/` as the separator.
std::string percent_encode(std::string_view text) {
    std::string encoded;
    for (const char character : text) {
        const auto byte = static_cast<unsigned char>(character);
        if (std::isalnum(byte) != 0 || character == '-' || character == '.' || character == '_' || character == '~' ||
            character == '/') {
            encoded += character;
        } else {
            encoded += fmt::format("%{:02X}", byte);
        }
    }
    return encoded;
}

struct artifact_uri {
    std::string uri;
    bool relative = true;
};

/// The file path as the user gave it, as a URI: relative paths stay relative (to %SRCROOT%),
/// absolute ones become `file:` URIs. Backslashes are Windows separators.
artifact_uri to_artifact_uri(std::string_view given_path) {
    std::string path(given_path);
    std::replace(path.begin(), path.end(), '\\', '/');
    const bool drive_letter = path.size() >= 2 && std::isalpha(static_cast<unsigned char>(path[0])) != 0 &&
                              path[1] == ':' && (path.size() == 2 || path[2] == '/');
    if (drive_letter) {
        return {fmt::format("file:///{}:{}", path[0], percent_encode(std::string_view(path).substr(2))), false};
    }
    if (!path.empty() && path.front() == '/') {
        return {"file://" + percent_encode(path), false};
    }
    std::string_view relative = path;
    while (relative.starts_with("./")) {
        relative.remove_prefix(2);
    }
    return {percent_encode(relative), true};
}

ordered_json artifact_location(std::string_view path) {
    const artifact_uri converted = to_artifact_uri(path);
    ordered_json location = ordered_json::object();
    location["uri"] = converted.uri;
    if (converted.relative) {
        location["uriBaseId"] = source_root_base_id;
    }
    return location;
}

/// FNV-1a, 64 bits: small, fast and stable across platforms and releases, which is all a
/// fingerprint needs (it identifies findings, it does not protect anything).
std::uint64_t fnv1a_64(std::string_view data) {
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (const char character : data) {
        hash ^= static_cast<unsigned char>(character);
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

/// Rule, file and subject identify a finding. Where they do not tell two findings of one file
/// apart (the invalid-input errors of a file all have the file as their subject), the message is
/// added, and where even that repeats, the finding's rank among its twins; a finding without a
/// subject is told apart by its message from the start.
std::vector<std::string> fingerprints_of(const file_report& file) {
    std::vector<std::string> keys;
    keys.reserve(file.diagnostics.size());
    for (const diagnostic& finding : file.diagnostics) {
        const source_location location = located_in(finding.location, file.file);
        const std::string uri = to_artifact_uri(location.file).uri;
        const std::string_view identity = finding.subject.empty() ? finding.message : finding.subject;
        keys.push_back(fmt::format("{}\x1f{}\x1f{}", finding.rule, uri, identity));
    }
    const auto count_each = [](const std::vector<std::string>& list) {
        std::map<std::string, std::size_t, std::less<>> counts;
        for (const std::string& key : list) {
            ++counts[key];
        }
        return counts;
    };
    const auto by_subject = count_each(keys);
    for (std::size_t index = 0; index < keys.size(); ++index) {
        if (by_subject.at(keys[index]) > 1 && !file.diagnostics[index].subject.empty()) {
            keys[index] += fmt::format("\x1f{}", file.diagnostics[index].message);
        }
    }
    const auto by_message = count_each(keys);
    std::map<std::string, std::size_t, std::less<>> seen;
    std::vector<std::string> fingerprints;
    fingerprints.reserve(keys.size());
    for (const std::string& key : keys) {
        const std::string unique_key = by_message.at(key) > 1 ? fmt::format("{}\x1f#{}", key, seen[key]++) : key;
        fingerprints.push_back(fmt::format("{:016x}", fnv1a_64(unique_key)));
    }
    return fingerprints;
}

/// A location in a file, or nothing when no file is known (a location without a physical
/// part would carry no information).
std::optional<ordered_json> physical_location(const source_location& location) {
    if (location.file.empty()) {
        return std::nullopt;
    }
    ordered_json physical = ordered_json::object();
    physical["artifactLocation"] = artifact_location(location.file);
    if (location.known()) {
        ordered_json region = ordered_json::object();
        region["startLine"] = location.line;
        if (location.column != 0) {
            region["startColumn"] = location.column;
        }
        region["endLine"] = location.line;
        if (location.column != 0) {
            region["endColumn"] = location.column + 1;
        }
        physical["region"] = std::move(region);
    }
    return physical;
}

ordered_json text_message(std::string_view text) {
    ordered_json message = ordered_json::object();
    message["text"] = text;
    return message;
}

/// The first sentence (up to a full stop followed by white space), else the first line: rule
/// descriptions are paragraphs, and viewers show the short description as a one-line summary.
std::string_view first_sentence(std::string_view text) {
    const std::string_view line = text.substr(0, text.find('\n'));
    for (std::size_t stop = line.find('.'); stop != std::string_view::npos; stop = line.find('.', stop + 1)) {
        if (stop + 1 < line.size() && (line[stop + 1] == ' ' || line[stop + 1] == '\t')) {
            return line.substr(0, stop + 1);
        }
    }
    return line;
}

ordered_json rule_descriptor(const rule_metadata& rule) {
    const std::string_view description = rule.description.empty() ? std::string_view(rule.id) : rule.description;
    ordered_json descriptor = ordered_json::object();
    descriptor["id"] = rule.id;
    descriptor["name"] = pascal_case(rule.id);
    descriptor["shortDescription"] = text_message(first_sentence(description));
    descriptor["fullDescription"] = text_message(description);

    std::string help_text(description);
    std::string help_markdown(description);
    if (!rule.fix.empty()) {
        help_text += fmt::format("\n\nFix: {}", rule.fix);
        help_markdown += fmt::format("\n\n**Fix:** {}", rule.fix);
    }
    if (!rule.help_uri.empty()) {
        help_text += fmt::format("\n\nSee {}", rule.help_uri);
        help_markdown += fmt::format("\n\n[Documentation]({})", rule.help_uri);
    }
    descriptor["help"] = ordered_json::object();
    descriptor["help"]["text"] = help_text;
    descriptor["help"]["markdown"] = help_markdown;
    if (!rule.help_uri.empty()) {
        descriptor["helpUri"] = rule.help_uri;
    }
    descriptor["defaultConfiguration"] = ordered_json::object();
    descriptor["defaultConfiguration"]["level"] = sarif_level(rule.severity);

    // The schema wants tags unique; a pack may repeat one.
    ordered_json tags = ordered_json::array();
    for (const std::string& tag : rule.tags) {
        if (std::find(tags.begin(), tags.end(), tag) == tags.end()) {
            tags.push_back(tag);
        }
    }
    descriptor["properties"] = ordered_json::object();
    descriptor["properties"]["tags"] = std::move(tags);
    descriptor["properties"]["scope"] = to_string(rule.scope);
    if (!rule.pack.empty()) {
        descriptor["properties"]["pack"] = rule.pack;
    }
    return descriptor;
}

ordered_json result_json(const diagnostic& finding, const std::string& report_file, const std::string& fingerprint,
                         const std::map<std::string, std::size_t, std::less<>>& rule_indices) {
    const source_location location = located_in(finding.location, report_file);
    ordered_json result = ordered_json::object();
    result["ruleId"] = finding.rule;
    // A rule without metadata (invalid-input, when the caller has none for it) keeps its id
    // but gets no index: an index must point into driver.rules.
    if (const auto found = rule_indices.find(finding.rule); found != rule_indices.end()) {
        result["ruleIndex"] = found->second;
    }
    result["level"] = sarif_level(finding.severity);
    result["message"] = text_message(finding.message);

    if (std::optional<ordered_json> physical = physical_location(location)) {
        ordered_json entry = ordered_json::object();
        entry["physicalLocation"] = std::move(*physical);
        result["locations"] = ordered_json::array({std::move(entry)});
    }

    if (!finding.related.empty()) {
        result["relatedLocations"] = ordered_json::array();
        int next_id = 1;
        for (const related_location& related : finding.related) {
            ordered_json entry = ordered_json::object();
            entry["id"] = next_id++;
            if (std::optional<ordered_json> physical = physical_location(located_in(related.location, report_file))) {
                entry["physicalLocation"] = std::move(*physical);
            }
            entry["message"] = text_message(related.message.empty() ? "related location" : related.message);
            result["relatedLocations"].push_back(std::move(entry));
        }
    }

    result["partialFingerprints"] = ordered_json::object();
    result["partialFingerprints"][std::string(fingerprint_name)] = fingerprint;

    result["properties"] = ordered_json::object();
    result["properties"]["scope"] = to_string(finding.scope);
    if (!finding.subject.empty()) {
        result["properties"]["subject"] = finding.subject;
    }
    if (!finding.fix.empty()) {
        result["properties"]["fix"] = finding.fix;
    }
    return result;
}

ordered_json source_root_json(const std::string& source_root) {
    ordered_json base = ordered_json::object();
    if (!source_root.empty()) {
        artifact_uri root = to_artifact_uri(source_root);
        // A base URI must be absolute and end with a slash, or relative URIs lose a segment.
        if (!root.relative) {
            if (!root.uri.ends_with('/')) {
                root.uri += '/';
            }
            base["uri"] = root.uri;
            return base;
        }
    }
    base["description"] = text_message("The directory rigcheck was run from; file URIs are relative to it.");
    return base;
}

} // namespace

std::string render_sarif(const report_input& input) {
    // The driver lists the rules the results refer to, in the rule set's order: a log then
    // describes what it reports, and stays the same when a rule that did not fire is added.
    std::set<std::string, std::less<>> referenced;
    for (const file_report& file : input.files)
        for (const diagnostic& d : file.diagnostics) referenced.insert(d.rule);
    std::map<std::string, std::size_t, std::less<>> rule_indices;
    ordered_json rules = ordered_json::array();
    for (const rule_metadata& rule : input.rules) {
        if (referenced.count(rule.id) && rule_indices.emplace(rule.id, rules.size()).second) {
            rules.push_back(rule_descriptor(rule));
        }
    }

    ordered_json driver = ordered_json::object();
    driver["name"] = "rigcheck";
    if (!input.tool_version.empty()) {
        driver["version"] = input.tool_version;
        driver["semanticVersion"] = input.tool_version;
    }
    driver["informationUri"] = information_uri;
    driver["rules"] = std::move(rules);

    ordered_json run = ordered_json::object();
    run["tool"] = ordered_json::object();
    run["tool"]["driver"] = std::move(driver);
    run["originalUriBaseIds"] = ordered_json::object();
    run["originalUriBaseIds"][std::string(source_root_base_id)] = source_root_json(input.source_root);

    run["artifacts"] = ordered_json::array();
    run["results"] = ordered_json::array();
    for (const file_report& file : input.files) {
        if (!file.file.empty()) {
            ordered_json artifact = ordered_json::object();
            artifact["location"] = artifact_location(file.file);
            artifact["roles"] = ordered_json::array({"analysisTarget"});
            run["artifacts"].push_back(std::move(artifact));
        }
        const std::vector<std::string> fingerprints = fingerprints_of(file);
        for (std::size_t index = 0; index < file.diagnostics.size(); ++index) {
            run["results"].push_back(
                result_json(file.diagnostics[index], file.file, fingerprints[index], rule_indices));
        }
    }

    ordered_json log = ordered_json::object();
    log["$schema"] = sarif_schema_uri;
    log["version"] = "2.1.0";
    log["runs"] = ordered_json::array();
    log["runs"].push_back(std::move(run));
    return report_detail::dump_document(log);
}

} // namespace rigcheck
