// The error types rigcheck raises, each with a stable id.
//
// Only invalid input raises: a malformed file, an unknown reference, a pack whose expression does
// not type-check. Every such error is an `input_error` value carrying a stable `error_code`, a
// 1-based location and a message; a `load_error` exception carries one or more of them. The ids
// are a contract documented in one place, docs/errors.md, and printed as `[rigcheck.<id>]`.
#pragma once

#include <rigcheck/core/source_location.hpp>

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace rigcheck {

enum class error_code {
    io,                 ///< the file cannot be read
    file_too_large,     ///< larger than the 64 MiB input limit
    not_utf8,           ///< bytes that are not UTF-8 text
    yaml_syntax,        ///< the YAML parser rejected the text
    multiple_documents, ///< more than one YAML document in a file
    duplicate_key,      ///< a mapping names a key twice
    alias_cycle,        ///< an alias refers to the node that contains it
    node_limit,         ///< too many nodes, e.g. an alias bomb
    depth_limit,        ///< nesting deeper than the depth limit
    version,            ///< missing or unsupported format-version key
    unknown_key,        ///< a key the schema does not define
    missing_key,        ///< a required key is absent
    wrong_type,         ///< a mapping where a scalar was expected, and so on
    invalid_value,      ///< a value outside its allowed set or range
    invalid_unit,       ///< a unit string that is malformed or of the wrong quantity
    unknown_reference,  ///< a device, port, gear, cable, rule or exemption id that does not exist
    duplicate_id,       ///< an id defined twice
    port_reused,        ///< a port used by two connections
    invalid_connection, ///< a connection whose shape is wrong (ends, chain)
    expression_syntax,  ///< a rule expression does not parse
    expression_type,    ///< a rule expression does not type-check
    limit_exceeded,     ///< a resource limit other than the above
    path_outside_root,  ///< a path named inside a file resolves outside the project root
    usage,              ///< a command-line usage error
};

/// The most `invalid-input` diagnostics one file reports; past it, one more says how many were
/// not shown, and the summary still counts them all (docs/robustness.md#limits).
inline constexpr std::size_t max_reported_input_errors = 200;

/// The stable id of an error code, e.g. "unknown-key".
std::string_view error_id(error_code code);

/// One located problem in the input.
struct input_error {
    error_code code;
    source_location location;
    std::string message;
};

/// "file:line:col: message [rigcheck.id]".
std::string to_string(const input_error& error);

/// Raised by the throwing loading API; holds every error found, in file order.
class load_error : public std::runtime_error {
public:
    explicit load_error(std::vector<input_error> errors);
    [[nodiscard]] const std::vector<input_error>& errors() const noexcept { return errors_; }

private:
    std::vector<input_error> errors_;
};

} // namespace rigcheck
