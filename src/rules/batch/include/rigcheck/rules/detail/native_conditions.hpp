// The builtin pack's conditions compiled to C++ ahead of time.
//
// The builtin rules are the ones every run decides, over every connection and path, so their
// conditions are also written out as C++ (src/rules/native/builtin_conditions.cpp, made from the
// rule files by tools/native_rules) and compiled with the library: each scope gets one function
// that makes a subject and decides all of the scope's conditions on it, reading facts through
// the same typed binders as the batch columns (fact_binders.hpp), so no fact is bound twice and
// nothing is interpreted. A condition is identified by its text: the engine uses the native form
// of a rule's `when` or exemption only when its text is exactly one of these, in the same scope,
// so a rule a user pack rewrites, or a stale table, falls back to the batch form and can never be
// decided by the wrong code. Params are read when the function runs, so `--param` and packs
// that change a value keep the native form.
#pragma once

#include <rigcheck/rules/detail/fact_binders.hpp>

#include <rigcheck/core/diagnostic.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string_view>

namespace rigcheck::rules_detail {

/// Decides every native condition of one scope for the subjects [first, first + count) of that
/// scope: bit k of `held[i]` is set when condition k holds (is a known true) for subject
/// first + i. `params` holds the values of native_scope::params, in that order.
using native_decider = void (*)(const run_data& run, std::size_t first, std::size_t count, const double* params,
                                std::uint64_t* held);

struct native_scope {
    rule_scope scope = rule_scope::connection;
    /// The condition texts, as the rule or exemption spells them; at most 64, bit k for the k-th.
    std::span<const std::string_view> conditions;
    /// The params the conditions read, by name.
    std::span<const std::string_view> params;
    native_decider decide = nullptr;
};

/// The scopes with native conditions: generated at build time into the engine.
std::span<const native_scope> native_scopes();

/// What the generated conditions call: each operation of a batch test for one subject, with
/// unknown read as in the rule language (docs/analysis.md): unknown operands propagate through
/// arithmetic and make comparisons false.
namespace native {

inline bool is_true(std::int8_t flag) { return flag == 1; }
inline bool is_false(std::int8_t flag) { return flag == 0; }
inline bool known_number(double x) { return !std::isnan(x); }
inline bool known_flag(std::int8_t flag) { return flag >= 0; }
inline bool known_code(std::uint8_t code) { return code != unknown_code; }
inline bool code_in(std::uint8_t code, std::uint64_t mask) { return code < 64U && ((mask >> code) & 1U) != 0; }
inline bool codes_equal(std::uint8_t a, std::uint8_t b) { return a != unknown_code && b != unknown_code && a == b; }
inline bool codes_differ(std::uint8_t a, std::uint8_t b) { return a != unknown_code && b != unknown_code && a != b; }
inline bool flags_equal(std::int8_t a, std::int8_t b) { return a >= 0 && b >= 0 && a == b; }
inline bool flags_differ(std::int8_t a, std::int8_t b) { return a >= 0 && b >= 0 && a != b; }
inline bool less(double a, double b) { return a < b; }
inline bool less_equal(double a, double b) { return a <= b; }
inline bool greater(double a, double b) { return a > b; }
inline bool greater_equal(double a, double b) { return a >= b; }
inline bool equal(double a, double b) { return a == b; }
inline bool differ(double a, double b) { return !std::isnan(a) && !std::isnan(b) && a != b; }
inline bool one_of(double x, std::initializer_list<double> list) {
    for (const double y : list)
        if (x == y) return true;
    return false;
}

/// A result that is not finite is unknown, as `value::of` makes it.
inline double finite(double x) { return std::isfinite(x) ? x : unknown_number; }
inline double add(double x, double y) { return finite(x + y); }
inline double subtract(double x, double y) { return finite(x - y); }
inline double multiply(double x, double y) { return finite(x * y); }
inline double divide(double x, double y) { return finite(x / y); }
inline double remainder(double x, double y) {
    return std::isnan(x) || std::isnan(y) ? unknown_number : finite(std::fmod(x, y));
}
inline double minimum(double x, double y) { return std::isnan(x) || std::isnan(y) ? unknown_number : std::min(x, y); }
inline double maximum(double x, double y) { return std::isnan(x) || std::isnan(y) ? unknown_number : std::max(x, y); }

} // namespace native
} // namespace rigcheck::rules_detail
