// The parser of the rule expression language: recursive descent over CEL's precedence levels,
// producing the flat syntax tree.
//
// Recursion is driven by user input, so it is bounded here, at parse time: every construct that
// makes the parser recurse (parentheses, brackets, calls, unary operators, `?:`) counts towards
// `max_nesting_depth`, and every node records the height of its subtree, which may not exceed the
// same limit. Ten thousand opening parentheses therefore stop at the 65th with a located
// `limit_exceeded` error, and the checker and evaluator can recurse over any tree that got
// through.
#include <rigcheck/rules/detail/expression_syntax.hpp>

#include <algorithm>
#include <fmt/format.h>

namespace rigcheck::expr::detail {

std::string_view spelling(binary_operator op) {
    switch (op) {
        case binary_operator::logical_or:
            return "||";
        case binary_operator::logical_and:
            return "&&";
        case binary_operator::less:
            return "<";
        case binary_operator::less_equal:
            return "<=";
        case binary_operator::greater:
            return ">";
        case binary_operator::greater_equal:
            return ">=";
        case binary_operator::equal:
            return "==";
        case binary_operator::not_equal:
            return "!=";
        case binary_operator::in:
            return "in";
        case binary_operator::add:
            return "+";
        case binary_operator::subtract:
            return "-";
        case binary_operator::multiply:
            return "*";
        case binary_operator::divide:
            return "/";
        case binary_operator::remainder:
            return "%";
    }
    return "?";
}

namespace {

/// A parsed subexpression and the height of its tree, parentheses included.
struct parsed {
    node_index node;
    std::uint32_t height;
};

class parser {
public:
    parser(const std::vector<token>& tokens, std::string_view text) : tokens_(tokens), text_(text) {}

    parse_result run() {
        parse_result result;
        try {
            const parsed root = parse_conditional();
            if (current().kind != token_kind::end) {
                fail(current(),
                     fmt::format("unexpected {} after a complete expression; expected an operator", quote(current())));
            }
            tree_.root = root.node;
            result.tree = std::move(tree_);
        } catch (const syntax_error& error) {
            result.error = error;
        }
        return result;
    }

private:
    [[noreturn]] static void fail(const token& at, std::string message) {
        throw syntax_error{error_code::expression_syntax, at.offset, std::move(message)};
    }

    [[noreturn]] static void too_deep(std::uint32_t offset) {
        throw syntax_error{error_code::limit_exceeded, offset,
                           fmt::format("expression nests deeper than {} levels", max_nesting_depth)};
    }

    /// The token as written, for messages: "`foo`", or "the end of the expression".
    [[nodiscard]] std::string quote(const token& t) const {
        if (t.kind == token_kind::end) return describe(t.kind);
        constexpr std::size_t longest_quoted = 40;
        std::string_view spelled = text_.substr(t.offset, t.length);
        if (spelled.size() > longest_quoted) return fmt::format("`{}...`", spelled.substr(0, longest_quoted));
        return fmt::format("`{}`", spelled);
    }

    [[nodiscard]] const token& current() const { return tokens_[position_]; }

    const token& advance() {
        const token& t = tokens_[position_];
        if (t.kind != token_kind::end) ++position_;
        return t;
    }

    bool accept(token_kind kind) {
        if (current().kind != kind) return false;
        advance();
        return true;
    }

    /// Enters a construct that makes the parser recurse; see the file comment.
    void enter(const token& at) {
        if (++open_constructs_ > max_nesting_depth) too_deep(at.offset);
    }
    void leave() { --open_constructs_; }

    parsed add(node_kind kind, std::uint32_t start, std::uint32_t token_offset, std::uint32_t height) {
        if (height > max_nesting_depth) too_deep(token_offset);
        tree_.nodes.push_back(syntax_node{std::move(kind), start, token_offset});
        return parsed{static_cast<node_index>(tree_.nodes.size() - 1), height};
    }

    [[nodiscard]] std::uint32_t start_of(const parsed& p) const { return tree_.nodes[p.node].start; }

    // conditional := or ['?' or ':' conditional]    (as in CEL, the middle is not a conditional)
    parsed parse_conditional() {
        const parsed condition = parse_or();
        if (current().kind != token_kind::question) return condition;
        const token& question = advance();
        enter(question);
        const parsed when_true = parse_or();
        if (current().kind == token_kind::question) {
            fail(current(), "a `?:` in the middle of another `?:` needs parentheses: `a ? (b ? c : d) : e`");
        }
        if (!accept(token_kind::colon)) {
            fail(current(), fmt::format("expected `:` of the `?:` operator, found {}", quote(current())));
        }
        const parsed when_false = parse_conditional();
        leave();
        const std::uint32_t height = 1 + std::max({condition.height, when_true.height, when_false.height});
        return add(conditional{condition.node, when_true.node, when_false.node}, start_of(condition), question.offset,
                   height);
    }

    parsed parse_or() {
        parsed left = parse_and();
        while (current().kind == token_kind::or_or) {
            const token& op = advance();
            const parsed right = parse_and();
            left = make_binary(binary_operator::logical_or, left, right, op);
        }
        return left;
    }

    parsed parse_and() {
        parsed left = parse_relation();
        while (current().kind == token_kind::and_and) {
            const token& op = advance();
            const parsed right = parse_relation();
            left = make_binary(binary_operator::logical_and, left, right, op);
        }
        return left;
    }

    static std::optional<binary_operator> relation_of(token_kind kind) {
        switch (kind) {
            case token_kind::less:
                return binary_operator::less;
            case token_kind::less_equal:
                return binary_operator::less_equal;
            case token_kind::greater:
                return binary_operator::greater;
            case token_kind::greater_equal:
                return binary_operator::greater_equal;
            case token_kind::equal_equal:
                return binary_operator::equal;
            case token_kind::bang_equal:
                return binary_operator::not_equal;
            case token_kind::keyword_in:
                return binary_operator::in;
            default:
                return std::nullopt;
        }
    }

    // All relations share one level and associate to the left, as in CEL: `1 < 2 == true` is
    // `(1 < 2) == true`.
    parsed parse_relation() {
        parsed left = parse_additive();
        while (const auto op = relation_of(current().kind)) {
            const token& op_token = advance();
            const parsed right = parse_additive();
            left = make_binary(*op, left, right, op_token);
        }
        return left;
    }

    parsed parse_additive() {
        parsed left = parse_multiplicative();
        while (current().kind == token_kind::plus || current().kind == token_kind::minus) {
            const token& op = advance();
            const parsed right = parse_multiplicative();
            left = make_binary(op.kind == token_kind::plus ? binary_operator::add : binary_operator::subtract, left,
                               right, op);
        }
        return left;
    }

    parsed parse_multiplicative() {
        parsed left = parse_unary();
        while (current().kind == token_kind::star || current().kind == token_kind::slash ||
               current().kind == token_kind::percent) {
            const token& op = advance();
            const binary_operator which = op.kind == token_kind::star    ? binary_operator::multiply
                                          : op.kind == token_kind::slash ? binary_operator::divide
                                                                         : binary_operator::remainder;
            const parsed right = parse_unary();
            left = make_binary(which, left, right, op);
        }
        return left;
    }

    parsed make_binary(binary_operator op, const parsed& left, const parsed& right, const token& op_token) {
        return add(binary{op, left.node, right.node}, start_of(left), op_token.offset,
                   1 + std::max(left.height, right.height));
    }

    parsed parse_unary() {
        if (current().kind != token_kind::bang && current().kind != token_kind::minus) return parse_postfix();
        const token& op = advance();
        enter(op);
        const parsed operand = parse_unary();
        leave();
        const unary_operator which = op.kind == token_kind::bang ? unary_operator::logical_not : unary_operator::negate;
        return add(unary{which, operand.node}, op.offset, op.offset, operand.height + 1);
    }

    parsed parse_postfix() {
        parsed result = parse_primary();
        while (true) {
            if (current().kind == token_kind::dot) {
                advance();
                const token& name = current();
                if (name.kind != token_kind::identifier) {
                    fail(name, fmt::format("expected a field or method name after `.`, found {}", quote(name)));
                }
                advance();
                if (current().kind == token_kind::left_paren) {
                    result = parse_call(name, result);
                } else {
                    result = add(member{result.node, name.text}, start_of(result), name.offset, result.height + 1);
                }
            } else if (current().kind == token_kind::left_bracket) {
                const token& bracket = advance();
                enter(bracket);
                const parsed position = parse_conditional();
                if (!accept(token_kind::right_bracket)) {
                    fail(current(), fmt::format("expected `]` to close `[`, found {}", quote(current())));
                }
                leave();
                result = add(index_access{result.node, position.node}, start_of(result), bracket.offset,
                             1 + std::max(result.height, position.height));
            } else {
                return result;
            }
        }
    }

    /// `name(args)`, with the receiver of a method call when there is one; the current token is `(`.
    parsed parse_call(const token& name, std::optional<parsed> receiver) {
        const token& paren = advance();
        enter(paren);
        std::vector<parsed> arguments;
        if (current().kind != token_kind::right_paren) {
            do {
                arguments.push_back(parse_conditional());
            } while (accept(token_kind::comma));
        }
        if (!accept(token_kind::right_paren)) {
            fail(current(),
                 fmt::format("expected `)` to close the arguments of `{}`, found {}", name.text, quote(current())));
        }
        leave();
        std::uint32_t height = receiver ? receiver->height : 0;
        const auto first = static_cast<std::uint32_t>(tree_.arguments.size());
        for (const parsed& argument : arguments) {
            height = std::max(height, argument.height);
            tree_.arguments.push_back(argument.node);
        }
        const std::uint32_t start = receiver ? start_of(*receiver) : name.offset;
        std::optional<node_index> receiver_node;
        if (receiver) receiver_node = receiver->node;
        return add(call{name.text, receiver_node, first, static_cast<std::uint32_t>(arguments.size())}, start,
                   name.offset, height + 1);
    }

    parsed parse_primary() {
        const token& t = current();
        switch (t.kind) {
            case token_kind::number:
                advance();
                return add(number_literal{t.number}, t.offset, t.offset, 1);
            case token_kind::string:
                advance();
                return add(string_literal{t.text}, t.offset, t.offset, 1);
            case token_kind::keyword_true:
                advance();
                return add(bool_literal{true}, t.offset, t.offset, 1);
            case token_kind::keyword_false:
                advance();
                return add(bool_literal{false}, t.offset, t.offset, 1);
            case token_kind::keyword_null:
                advance();
                return add(null_literal{}, t.offset, t.offset, 1);
            case token_kind::identifier:
                advance();
                if (current().kind == token_kind::left_paren) return parse_call(t, std::nullopt);
                return add(identifier{t.text}, t.offset, t.offset, 1);
            case token_kind::left_paren: {
                advance();
                enter(t);
                const parsed inner = parse_conditional();
                if (!accept(token_kind::right_paren)) {
                    fail(current(), fmt::format("expected `)` to close `(`, found {}", quote(current())));
                }
                leave();
                // Parentheses make no node, but count as a level so that the height bounds the
                // parser's own recursion too.
                if (inner.height + 1 > max_nesting_depth) too_deep(t.offset);
                return parsed{inner.node, inner.height + 1};
            }
            case token_kind::left_bracket:
                return parse_list(t);
            case token_kind::end:
                fail(t, "the expression ends too early; expected a value");
            default:
                fail(t, fmt::format("unexpected {}; expected a value", quote(t)));
        }
    }

    parsed parse_list(const token& bracket) {
        advance();
        enter(bracket);
        std::vector<parsed> elements;
        while (current().kind != token_kind::right_bracket) {
            elements.push_back(parse_conditional());
            if (!accept(token_kind::comma)) break;
        }
        if (!accept(token_kind::right_bracket)) {
            fail(current(), fmt::format("expected `,` or `]` in the list, found {}", quote(current())));
        }
        leave();
        std::uint32_t height = 0;
        const auto first = static_cast<std::uint32_t>(tree_.arguments.size());
        for (const parsed& element : elements) {
            height = std::max(height, element.height);
            tree_.arguments.push_back(element.node);
        }
        return add(list_literal{first, static_cast<std::uint32_t>(elements.size())}, bracket.offset, bracket.offset,
                   height + 1);
    }

    const std::vector<token>& tokens_;
    std::string_view text_;
    std::size_t position_ = 0;
    std::size_t open_constructs_ = 0;
    syntax_tree tree_;
};

} // namespace

parse_result parse(const std::vector<token>& tokens, std::string_view text) { return parser(tokens, text).run(); }

} // namespace rigcheck::expr::detail
