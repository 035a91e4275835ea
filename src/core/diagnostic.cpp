// Names of severities and rule scopes, as they appear in rule packs, configs and every report.
//
// The spellings are a contract (docs/rule-packs.md, rules/README.md, README.md#commands): `--fail-on warning`,
// `severity: info` and the JSON report's `"scope": "connection"` all use them, so parsing accepts exactly these words.
#include <rigcheck/core/diagnostic.hpp>

#include <array>
#include <cstddef>
#include <utility>

namespace rigcheck {

namespace {

constexpr std::array<std::pair<severity, std::string_view>, 3> severity_names{{
    {severity::info, "info"},
    {severity::warning, "warning"},
    {severity::error, "error"},
}};

constexpr std::array<std::pair<rule_scope, std::string_view>, 6> scope_names{{
    {rule_scope::connection, "connection"},
    {rule_scope::path, "path"},
    {rule_scope::port, "port"},
    {rule_scope::device, "device"},
    {rule_scope::rig, "rig"},
    {rule_scope::cycle, "cycle"},
}};

template <typename Enum, std::size_t Size>
std::string_view name_of(const std::array<std::pair<Enum, std::string_view>, Size>& names, Enum value) {
    for (const auto& [candidate, name] : names) {
        if (candidate == value) {
            return name;
        }
    }
    return "unknown";
}

template <typename Enum, std::size_t Size>
std::optional<Enum> value_of(const std::array<std::pair<Enum, std::string_view>, Size>& names, std::string_view text) {
    for (const auto& [value, name] : names) {
        if (name == text) {
            return value;
        }
    }
    return std::nullopt;
}

} // namespace

std::string_view to_string(severity value) { return name_of(severity_names, value); }

std::string_view to_string(rule_scope value) { return name_of(scope_names, value); }

std::optional<severity> parse_severity(std::string_view text) { return value_of(severity_names, text); }

std::optional<rule_scope> parse_rule_scope(std::string_view text) { return value_of(scope_names, text); }

} // namespace rigcheck
