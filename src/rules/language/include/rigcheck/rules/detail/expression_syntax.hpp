// The syntax of the rule expression language: tokens, the flat syntax tree and the parser's
// entry points, shared by the lexer, the parser, the checker and the template compiler.
//
// Syntax nodes live in one vector and refer to each other by 32-bit index; a node is always
// stored after its children, and the parser guarantees the tree is at most `max_nesting_depth`
// levels high, so every later pass may recurse over it without risking the stack. Offsets are
// byte offsets into the expression text; `locate` turns them into file positions.
#pragma once

#include <rigcheck/core/errors.hpp>
#include <rigcheck/rules/expression.hpp>

#include <boost/variant2/variant.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rigcheck::expr::detail {

using node_index = std::uint32_t;

enum class token_kind : std::uint8_t {
    end,
    number,
    string,
    identifier,
    keyword_true,
    keyword_false,
    keyword_null,
    keyword_in,
    left_paren,
    right_paren,
    left_bracket,
    right_bracket,
    dot,
    comma,
    question,
    colon,
    bang,
    minus,
    plus,
    star,
    slash,
    percent,
    less,
    less_equal,
    greater,
    greater_equal,
    equal_equal,
    bang_equal,
    and_and,
    or_or,
};

/// How a token is spelled in messages, e.g. "`&&`" or "end of expression".
std::string describe(token_kind kind);

struct token {
    token_kind kind = token_kind::end;
    std::uint32_t offset = 0;
    std::uint32_t length = 0;
    double number = 0.0; ///< for number tokens
    std::string text;    ///< identifier name, or the decoded contents of a string literal
};

/// A problem found before type checking, at a byte offset of the text.
struct syntax_error {
    error_code code = error_code::expression_syntax;
    std::uint32_t offset = 0;
    std::string message;
};

struct lex_result {
    std::vector<token> tokens; ///< always ends with an `end` token when there is no error
    std::optional<syntax_error> error;
};

/// Splits `text` into tokens. The caller has already checked the length limit.
lex_result tokenize(std::string_view text);

enum class unary_operator : std::uint8_t { logical_not, negate };

enum class binary_operator : std::uint8_t {
    logical_or,
    logical_and,
    less,
    less_equal,
    greater,
    greater_equal,
    equal,
    not_equal,
    in,
    add,
    subtract,
    multiply,
    divide,
    remainder,
};

/// The operator as written, e.g. "&&".
std::string_view spelling(binary_operator op);

struct number_literal {
    double number;
};
struct string_literal {
    std::string text;
};
struct bool_literal {
    bool flag;
};
struct null_literal {};
/// `[a, b]`; the elements are `count` consecutive entries of syntax_tree::arguments from `first`.
struct list_literal {
    std::uint32_t first;
    std::uint32_t count;
};
struct identifier {
    std::string name;
};
/// `object.name`
struct member {
    node_index object;
    std::string name;
};
/// `object[position]`
struct index_access {
    node_index object;
    node_index position;
};
/// `function(args)` or, with a receiver, `receiver.function(args)`.
struct call {
    std::string function;
    std::optional<node_index> receiver;
    std::uint32_t first; ///< into syntax_tree::arguments
    std::uint32_t count;
};
struct unary {
    unary_operator op;
    node_index operand;
};
struct binary {
    binary_operator op;
    node_index left;
    node_index right;
};
struct conditional {
    node_index condition;
    node_index when_true;
    node_index when_false;
};

using node_kind = boost::variant2::variant<number_literal, string_literal, bool_literal, null_literal, list_literal,
                                           identifier, member, index_access, call, unary, binary, conditional>;

struct syntax_node {
    node_kind kind;
    std::uint32_t start; ///< offset of the first token of the whole subexpression
    std::uint32_t token; ///< offset of the token that names the node: operator, name or literal
};

struct syntax_tree {
    std::vector<syntax_node> nodes;
    std::vector<node_index> arguments; ///< call arguments and list elements, referenced by range
    node_index root = 0;
};

struct parse_result {
    syntax_tree tree;
    std::optional<syntax_error> error;
};

/// Parses a token list that `tokenize` produced from `text` without error.
parse_result parse(const std::vector<token>& tokens, std::string_view text);

/// The file position of byte `offset` of `text`, which starts at `start`. A '\n' moves to the
/// next line, column 1; every other byte advances the column by one.
source_position position_in_text(source_position start, std::string_view text, std::size_t offset);

/// A located error at byte `offset` of `text`.
input_error locate(const expression_origin& origin, std::string_view text, std::size_t offset, error_code code,
                   std::string message);

/// The candidate closest to `typed` by edit distance, or empty when none is close enough to be
/// a plausible typo.
std::string nearest_name(std::string_view typed, const std::vector<std::string_view>& candidates);

} // namespace rigcheck::expr::detail
