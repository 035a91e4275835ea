// The compiled form of an expression: what the checker produces and the evaluator runs.
//
// It is the checked tree with every name resolved: fields are slots, macro variables are local
// indices, functions and operators are opcodes, literals are constants in a pool that the
// program owns. Nodes sit in one vector, children before parents, and refer to each other by
// 32-bit index; the tree is no higher than `max_nesting_depth`, so the evaluator may recurse.
#pragma once

#include <rigcheck/rules/expression.hpp>

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rigcheck::expr::detail {

enum class operation : std::uint8_t {
    constant,   ///< constants[first]
    load_fact,  ///< facts[first], read as unknown unless it has the declared `type`
    load_local, ///< the current element of the macro whose variable is `local`
    is_known,   ///< has(first); also `first != null`
    is_unknown, ///< first == null
    logical_not,
    negate,
    absolute,
    add,
    subtract,
    multiply,
    divide,
    remainder,
    minimum,
    maximum,
    less,
    less_equal,
    greater,
    greater_equal,
    equal,
    not_equal,
    contained_in, ///< first in second
    logical_and,
    logical_or,
    conditional, ///< first ? second : third
    index,       ///< first[second]
    size,
    starts_with,
    ends_with,
    contains,
    glob,
    exists, ///< first.exists(local, second)
    all,    ///< first.all(local, second)
};

struct compiled_node {
    operation op = operation::constant;
    value_type type = value_type::boolean; ///< the declared type, for load_fact
    std::uint16_t local = 0;               ///< for load_local, exists and all
    std::uint32_t first = 0;               ///< first child, constant index or slot
    std::uint32_t second = 0;
    std::uint32_t third = 0;
};

/// Locals are indexed by macro nesting level, which the height limit bounds.
inline constexpr std::size_t max_locals = max_nesting_depth;

struct compiled_program {
    std::string text;
    std::vector<compiled_node> nodes;
    std::uint32_t root = 0;
    std::vector<value> constants;
    // Deques, because constants hold views into these and growing must not move what they view.
    std::deque<std::string> strings;
    std::deque<std::vector<std::string_view>> string_lists;
    std::deque<std::vector<double>> number_lists;
    std::optional<value_type> result_type;
};

/// One hole of a template: a program and the {fmt} format string built from its spec, if any.
struct template_hole {
    program expression;
    std::string format; ///< "{:spec}", or empty for the default rendering
};

/// A template is a sequence of literal text and holes; a piece is one or the other.
struct template_piece {
    std::string literal;
    std::optional<template_hole> hole;
};

struct compiled_template {
    std::string text;
    std::vector<template_piece> pieces;
};

struct program_access {
    static const compiled_program* get(const program& p) { return p.compiled_.get(); }
    static program make(std::shared_ptr<const compiled_program> compiled) { return program(std::move(compiled)); }
    static const compiled_template* get(const text_template& t) { return t.compiled_.get(); }
    static text_template make(std::shared_ptr<const compiled_template> compiled) {
        return text_template(std::move(compiled));
    }
};

/// Options the template compiler needs beyond the public `compile`.
struct compile_options {
    std::optional<value_type> expected;
    /// An object name as the whole expression reads its display slot (template holes only).
    bool allow_display_object = false;
};

/// `compile`, with the options that template holes need.
std::optional<program> compile_with(std::string_view text, const fact_schema& schema, const expression_origin& origin,
                                    const compile_options& options, std::vector<input_error>& errors);

/// Whole-string glob match: `*` any run, `?` one character, `[abc]`, `[a-z]`, `[!abc]` one
/// character of (or not of) a set. Characters are UTF-8 code points. Adds the work done to
/// `steps`; returns nullopt once `steps` passes `budget`.
std::optional<bool> glob_match(std::string_view text, std::string_view pattern, std::uint64_t& steps,
                               std::uint64_t budget);

/// The default rendering of a number: up to two decimals, trailing zeros trimmed.
std::string format_number(double number);

} // namespace rigcheck::expr::detail
