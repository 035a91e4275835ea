// Diagnostics: what a check finds, as plain values (docs/rule-packs.md, rules/README.md, README.md#commands).
//
// A diagnostic carries its rule id, severity, message, subject and 1-based source location, and
// is what every report format renders. Diagnostics are values, never exceptions: only invalid
// input raises, and the CLI turns that into `invalid-input` diagnostics too.
#pragma once

#include <rigcheck/core/source_location.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rigcheck {

/// Ordered: info < warning < error.
enum class severity : std::uint8_t { info, warning, error };

/// `cycle`: one subject per cycle in the signal graph (the `feedback-loop` rule).
enum class rule_scope : std::uint8_t { connection, path, port, device, rig, cycle };

std::string_view to_string(severity value);
std::string_view to_string(rule_scope value);
std::optional<severity> parse_severity(std::string_view text);
std::optional<rule_scope> parse_rule_scope(std::string_view text);

struct related_location {
    source_location location;
    std::string message;
};

struct diagnostic {
    std::string rule;
    rigcheck::severity severity = severity::error;
    std::string message;
    source_location location;
    rule_scope scope = rule_scope::rig;
    std::string subject; ///< "dev.port -> dev.port", "dev.port", "dev", or the file for a rig
    std::string fix;
    std::vector<related_location> related;
};

/// A rule that would have fired, silenced by an exemption (`unless`).
struct exemption_record {
    std::string rule;
    std::string exemption;
    source_location location;
    std::string subject;
};

/// What a report needs to know about a rule (SARIF `tool.driver.rules[]`, `rigcheck rules`).
struct rule_metadata {
    std::string id;
    rigcheck::severity severity = severity::warning; ///< the default severity
    rule_scope scope = rule_scope::connection;
    std::string pack;
    std::string description;
    std::string fix;
    std::vector<std::string> tags;
    std::string help_uri; ///< a link to the rule's doc
};

/// The findings for one checked file, in file order.
struct file_report {
    std::string file;
    std::vector<diagnostic> diagnostics;
    std::vector<exemption_record> exempted;
    /// `invalid-input` errors past the per-file limit that no diagnostic shows; one diagnostic
    /// says how many, and the summary counts each of them (docs/robustness.md#limits).
    std::size_t hidden_errors = 0;
};

/// Counts of diagnostics per severity, indexed by severity.
using severity_counts = std::array<std::size_t, 3>;

} // namespace rigcheck
