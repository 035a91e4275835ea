// The shapes of the ids users write: devices, ports, gear, cables, rules, exemptions and params.
//
// Ids become parts of subjects (`desk.in-1 -> amp.in`), of text-report tags (`[missing-di]`) and
// of `DEVICE.PORT` references, so an id that holds a `.`, an arrow, a bracket or a line break
// would make what rigcheck prints ambiguous or forgeable (docs/robustness.md#limits). Each kind of id has one
// rule, checked here by the loaders and the builder alike, and one JSON Schema pattern that says
// the same thing, which the schemas publish (a test holds the two in agreement).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace rigcheck {

enum class id_kind { device, port, gear, cable, rule, exemption, param };

/// "device id", "port id", ... as messages name the kind.
std::string_view to_string(id_kind kind);

/// Why `text` is not a valid id of `kind`, as a phrase that completes "... must ..." style
/// messages ("must not be empty", "must not contain `.`"), or nothing when it is valid.
std::optional<std::string> id_problem(id_kind kind, std::string_view text);

/// True when `text` is a valid id of `kind`.
inline bool valid_id(id_kind kind, std::string_view text) { return !id_problem(kind, text); }

/// The ECMA-262 regular expression of the JSON Schemas for ids of `kind`.
std::string_view id_pattern(id_kind kind);

/// A short description of the rule, for the schemas and the docs.
std::string_view id_description(id_kind kind);

/// `text` as a message may show it: control characters escaped (`\n`, `\x01`), so that a
/// hostile id cannot start a line of its own in a report, and cut to 80 bytes with `...`.
std::string printable_text(std::string_view text);

} // namespace rigcheck
