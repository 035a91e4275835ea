// Stable ids of the error codes (documented in docs/errors.md) and error formatting.
#include <rigcheck/core/errors.hpp>

#include <fmt/format.h>

namespace rigcheck {

std::string_view error_id(error_code code) {
    switch (code) {
        case error_code::io:
            return "io";
        case error_code::file_too_large:
            return "file-too-large";
        case error_code::not_utf8:
            return "not-utf8";
        case error_code::yaml_syntax:
            return "yaml-syntax";
        case error_code::multiple_documents:
            return "multiple-documents";
        case error_code::duplicate_key:
            return "duplicate-key";
        case error_code::alias_cycle:
            return "alias-cycle";
        case error_code::node_limit:
            return "node-limit";
        case error_code::depth_limit:
            return "depth-limit";
        case error_code::version:
            return "version";
        case error_code::unknown_key:
            return "unknown-key";
        case error_code::missing_key:
            return "missing-key";
        case error_code::wrong_type:
            return "wrong-type";
        case error_code::invalid_value:
            return "invalid-value";
        case error_code::invalid_unit:
            return "invalid-unit";
        case error_code::unknown_reference:
            return "unknown-reference";
        case error_code::duplicate_id:
            return "duplicate-id";
        case error_code::port_reused:
            return "port-reused";
        case error_code::invalid_connection:
            return "invalid-connection";
        case error_code::expression_syntax:
            return "expression-syntax";
        case error_code::expression_type:
            return "expression-type";
        case error_code::limit_exceeded:
            return "limit-exceeded";
        case error_code::path_outside_root:
            return "path-outside-root";
        case error_code::usage:
            return "usage";
    }
    return "unknown";
}

std::string to_string(const input_error& error) {
    const auto& where = error.location;
    const std::string prefix = where.line != 0      ? fmt::format("{}:{}:{}: ", where.file, where.line, where.column)
                               : where.file.empty() ? std::string()
                                                    : fmt::format("{}: ", where.file);
    return fmt::format("{}{} [rigcheck.{}]", prefix, error.message, error_id(error.code));
}

namespace {
std::string summarise(const std::vector<input_error>& errors) {
    if (errors.empty()) return "invalid input";
    if (errors.size() == 1) return to_string(errors.front());
    return fmt::format("{} (and {} more errors)", to_string(errors.front()), errors.size() - 1);
}
} // namespace

load_error::load_error(std::vector<input_error> errors)
    : std::runtime_error(summarise(errors)), errors_(std::move(errors)) {}

} // namespace rigcheck
