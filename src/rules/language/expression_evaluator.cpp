// The evaluator of the rule expression language: runs a compiled program against a span of
// facts, applying the unknown-value rules of docs/analysis.md.
//
// Evaluation walks the compiled tree recursively; the parser bounded its height, so recursion
// depth is bounded too. Nothing allocates: values are views, constants live in the program and
// macro variables live in a fixed array. Every node visited, every macro iteration and every
// step of string work costs from a budget; when it runs out, the result is unknown and the
// caller is told, so no rule can make a check hang. Unknown values follow one table:
// arithmetic and functions propagate them, comparisons make them false, `&&`/`||` read them as
// false, `has()` and `== null` test for them.
#include <rigcheck/rules/detail/expression_compiled.hpp>

#include <algorithm>
#include <array>
#include <cmath>

namespace rigcheck::expr::detail {

namespace {

/// A code point and the number of bytes it took; malformed bytes decode as themselves, one each.
struct decoded_character {
    char32_t code_point;
    std::size_t length;
};

decoded_character decode(std::string_view text, std::size_t at) {
    const auto lead = static_cast<unsigned char>(text[at]);
    std::size_t length = 1;
    char32_t code_point = lead;
    if (lead >= 0xC0 && lead < 0xE0) {
        length = 2;
        code_point = lead & 0x1F;
    } else if (lead >= 0xE0 && lead < 0xF0) {
        length = 3;
        code_point = lead & 0x0F;
    } else if (lead >= 0xF0 && lead < 0xF8) {
        length = 4;
        code_point = lead & 0x07;
    }
    if (length == 1 || at + length > text.size()) return {lead, 1};
    for (std::size_t i = 1; i < length; ++i) {
        const auto continuation = static_cast<unsigned char>(text[at + i]);
        if ((continuation & 0xC0) != 0x80) return {lead, 1};
        code_point = (code_point << 6) | (continuation & 0x3F);
    }
    return {code_point, length};
}

std::size_t count_code_points(std::string_view text) {
    std::size_t count = 0;
    for (std::size_t at = 0; at < text.size(); at += decode(text, at).length) ++count;
    return count;
}

/// Where the pattern token at `at` ends, and whether it matches `c`. A token is one character,
/// `?`, or a bracket set; a `[` without its `]` is an ordinary character.
struct token_match {
    std::size_t end;
    bool matches;
};

token_match match_token(std::string_view pattern, std::size_t at, char32_t c) {
    if (pattern[at] == '?') return {at + 1, true};
    if (pattern[at] == '[') {
        std::size_t position = at + 1;
        bool negated = false;
        if (position < pattern.size() && (pattern[position] == '!' || pattern[position] == '^')) {
            negated = true;
            ++position;
        }
        bool found = false;
        bool first = true;
        while (position < pattern.size() && (pattern[position] != ']' || first)) {
            first = false;
            const decoded_character low = decode(pattern, position);
            position += low.length;
            char32_t high = low.code_point;
            if (position + 1 < pattern.size() && pattern[position] == '-' && pattern[position + 1] != ']') {
                const decoded_character upper = decode(pattern, position + 1);
                high = upper.code_point;
                position += 1 + upper.length;
            }
            if (c >= low.code_point && c <= high) found = true;
        }
        if (position < pattern.size()) return {position + 1, found != negated};
        // No closing bracket: the `[` stands for itself.
    }
    const decoded_character literal = decode(pattern, at);
    return {at + literal.length, literal.code_point == c};
}

} // namespace

// The classic two-cursor wildcard match: remember the last `*` and where the text stood when it
// was seen; on a mismatch, let that star absorb one more character and retry. Every pattern token
// other than `*` consumes exactly one character, which is what makes keeping only the last star
// correct, and bounds the work by text length times pattern length.
std::optional<bool> glob_match(std::string_view text, std::string_view pattern, std::uint64_t& steps,
                               std::uint64_t budget) {
    std::size_t t = 0;
    std::size_t p = 0;
    std::size_t star_pattern = std::string_view::npos;
    std::size_t star_text = 0;
    while (t < text.size()) {
        if (++steps > budget) return std::nullopt;
        if (p < pattern.size() && pattern[p] == '*') {
            star_pattern = p++;
            star_text = t;
            continue;
        }
        const decoded_character c = decode(text, t);
        if (p < pattern.size()) {
            const token_match m = match_token(pattern, p, c.code_point);
            if (m.matches) {
                p = m.end;
                t += c.length;
                continue;
            }
        }
        if (star_pattern == std::string_view::npos) return false;
        p = star_pattern + 1;
        star_text += decode(text, star_text).length;
        t = star_text;
    }
    while (p < pattern.size() && pattern[p] == '*') ++p;
    return p == pattern.size();
}

namespace {

/// Rough work of comparing or searching strings of these sizes, in steps: a step stands for a
/// small block of byte comparisons.
std::uint64_t string_cost(std::size_t haystack, std::size_t needle) {
    constexpr std::uint64_t bytes_per_step = 64;
    return 1 + (static_cast<std::uint64_t>(haystack) * std::max<std::uint64_t>(needle, 1)) / bytes_per_step;
}

bool lists_equal(const value& a, const value& b) {
    if (const auto strings = a.as_string_list(); a.has_type(value_type::string_list)) {
        if (b.has_type(value_type::string_list)) return std::ranges::equal(strings, b.as_string_list());
        return strings.empty() && b.has_type(value_type::number_list) && b.as_number_list().empty();
    }
    const auto numbers = a.as_number_list();
    if (b.has_type(value_type::number_list)) return std::ranges::equal(numbers, b.as_number_list());
    return numbers.empty() && b.has_type(value_type::string_list) && b.as_string_list().empty();
}

class evaluator {
public:
    evaluator(const compiled_program& program, std::span<const value> facts, std::uint64_t budget)
        : program_(program), facts_(facts), budget_(budget) {}

    evaluation_result run() {
        const value result = evaluate(program_.root);
        if (exceeded_) return {value::unknown(), true, steps_};
        return {result, false, steps_};
    }

private:
    /// Charges `cost` steps; false once the budget is spent.
    bool charge(std::uint64_t cost) {
        steps_ += cost;
        if (steps_ > budget_) exceeded_ = true;
        return !exceeded_;
    }

    static value truth(bool flag) { return value::of(flag); }

    value evaluate(std::uint32_t index) {
        if (!charge(1)) return value::unknown();
        const compiled_node& node = program_.nodes[index];
        switch (node.op) {
            case operation::constant:
                return program_.constants[node.first];
            case operation::load_fact: {
                if (node.first >= facts_.size()) return value::unknown();
                const value& fact = facts_[node.first];
                return fact.has_type(node.type) ? fact : value::unknown();
            }
            case operation::load_local:
                return locals_[node.local].held;
            case operation::is_known:
                return truth(!evaluate(node.first).is_unknown());
            case operation::is_unknown:
                return truth(evaluate(node.first).is_unknown());
            case operation::logical_not: {
                const value operand = evaluate(node.first);
                return operand.is_unknown() ? operand : truth(!operand.as_boolean());
            }
            case operation::negate:
                return unary_number(node, [](double x) { return -x; });
            case operation::absolute:
                return unary_number(node, [](double x) { return std::fabs(x); });
            case operation::add:
                return binary_number(node, [](double a, double b) { return a + b; });
            case operation::subtract:
                return binary_number(node, [](double a, double b) { return a - b; });
            case operation::multiply:
                return binary_number(node, [](double a, double b) { return a * b; });
            case operation::divide:
                return binary_number(node, [](double a, double b) { return a / b; });
            case operation::remainder:
                return binary_number(node, [](double a, double b) { return std::fmod(a, b); });
            case operation::minimum:
                return binary_number(node, [](double a, double b) { return std::min(a, b); });
            case operation::maximum:
                return binary_number(node, [](double a, double b) { return std::max(a, b); });
            case operation::less:
                return order(node, [](auto c) { return c < 0; });
            case operation::less_equal:
                return order(node, [](auto c) { return c <= 0; });
            case operation::greater:
                return order(node, [](auto c) { return c > 0; });
            case operation::greater_equal:
                return order(node, [](auto c) { return c >= 0; });
            case operation::equal:
            case operation::not_equal: {
                const value left = evaluate(node.first);
                const value right = evaluate(node.second);
                // A comparison with an unknown operand is false, `!=` included (docs/analysis.md).
                if (left.is_unknown() || right.is_unknown()) return truth(false);
                const bool same = equal(left, right);
                return truth(node.op == operation::equal ? same : !same);
            }
            case operation::contained_in:
                return contained_in(node);
            case operation::logical_and: {
                if (!evaluate(node.first).is_true()) return truth(false);
                return truth(evaluate(node.second).is_true());
            }
            case operation::logical_or: {
                if (evaluate(node.first).is_true()) return truth(true);
                return truth(evaluate(node.second).is_true());
            }
            case operation::conditional: {
                const value condition = evaluate(node.first);
                if (condition.is_unknown()) return condition;
                return evaluate(condition.as_boolean() ? node.second : node.third);
            }
            case operation::index:
                return index_list(node);
            case operation::size:
                return size_of(evaluate(node.first));
            case operation::starts_with:
            case operation::ends_with:
            case operation::contains:
            case operation::glob:
                return string_test(node);
            case operation::exists:
            case operation::all:
                return quantify(node);
        }
        return value::unknown();
    }

    template <class function> value unary_number(const compiled_node& node, function apply) {
        const value operand = evaluate(node.first);
        if (operand.is_unknown()) return operand;
        return value::of(apply(operand.as_number()));
    }

    // value::of turns a non-finite result (division by zero, overflow) into unknown.
    template <class function> value binary_number(const compiled_node& node, function apply) {
        const value left = evaluate(node.first);
        if (left.is_unknown()) return left;
        const value right = evaluate(node.second);
        if (right.is_unknown()) return right;
        return value::of(apply(left.as_number(), right.as_number()));
    }

    template <class predicate> value order(const compiled_node& node, predicate holds) {
        const value left = evaluate(node.first);
        const value right = evaluate(node.second);
        if (left.is_unknown() || right.is_unknown()) return truth(false);
        if (left.has_type(value_type::number)) {
            const double a = left.as_number();
            const double b = right.as_number();
            return truth(holds(a < b ? -1 : (a > b ? 1 : 0)));
        }
        const std::string_view a = left.as_string();
        const std::string_view b = right.as_string();
        if (!charge(string_cost(std::min(a.size(), b.size()), 1))) return value::unknown();
        return truth(holds(a.compare(b)));
    }

    bool equal(const value& left, const value& right) {
        const auto type = left.type();
        switch (*type) {
            case value_type::boolean:
                return right.has_type(value_type::boolean) && left.as_boolean() == right.as_boolean();
            case value_type::number:
                return left.as_number() == right.as_number();
            case value_type::string: {
                charge(string_cost(std::min(left.as_string().size(), right.as_string().size()), 1));
                return left.as_string() == right.as_string();
            }
            case value_type::string_list:
            case value_type::number_list: {
                const std::size_t size = std::max(left.as_string_list().size(), left.as_number_list().size());
                charge(1 + size);
                return lists_equal(left, right);
            }
        }
        return false;
    }

    value contained_in(const compiled_node& node) {
        const value element = evaluate(node.first);
        const value list = evaluate(node.second);
        if (element.is_unknown() || list.is_unknown()) return truth(false);
        if (element.has_type(value_type::string)) {
            const auto strings = list.as_string_list();
            if (!charge(1 + strings.size())) return value::unknown();
            return truth(std::ranges::find(strings, element.as_string()) != strings.end());
        }
        const auto numbers = list.as_number_list();
        if (!charge(1 + numbers.size())) return value::unknown();
        return truth(std::ranges::find(numbers, element.as_number()) != numbers.end());
    }

    value index_list(const compiled_node& node) {
        const value list = evaluate(node.first);
        const value position = evaluate(node.second);
        if (list.is_unknown() || position.is_unknown()) return value::unknown();
        const double at = position.as_number();
        // Out of range and fractional indices have no element: unknown, like a missing fact.
        if (at < 0 || at != std::floor(at)) return value::unknown();
        if (list.has_type(value_type::string_list)) {
            const auto strings = list.as_string_list();
            if (at >= static_cast<double>(strings.size())) return value::unknown();
            return value::of(strings[static_cast<std::size_t>(at)]);
        }
        const auto numbers = list.as_number_list();
        if (at >= static_cast<double>(numbers.size())) return value::unknown();
        return value::of(numbers[static_cast<std::size_t>(at)]);
    }

    value size_of(const value& operand) {
        if (operand.is_unknown()) return operand;
        if (operand.has_type(value_type::string)) {
            const std::string_view text = operand.as_string();
            if (!charge(string_cost(text.size(), 1))) return value::unknown();
            return value::of(static_cast<double>(count_code_points(text)));
        }
        if (operand.has_type(value_type::string_list))
            return value::of(static_cast<double>(operand.as_string_list().size()));
        return value::of(static_cast<double>(operand.as_number_list().size()));
    }

    value string_test(const compiled_node& node) {
        const value subject = evaluate(node.first);
        const value argument = evaluate(node.second);
        if (subject.is_unknown() || argument.is_unknown()) return value::unknown();
        const std::string_view text = subject.as_string();
        const std::string_view part = argument.as_string();
        switch (node.op) {
            case operation::starts_with:
                if (!charge(string_cost(part.size(), 1))) return value::unknown();
                return truth(text.starts_with(part));
            case operation::ends_with:
                if (!charge(string_cost(part.size(), 1))) return value::unknown();
                return truth(text.ends_with(part));
            case operation::contains:
                if (!charge(string_cost(text.size(), part.size()))) return value::unknown();
                return truth(text.find(part) != std::string_view::npos);
            default: {
                const auto matched = glob_match(text, part, steps_, budget_);
                if (!matched) {
                    exceeded_ = true;
                    return value::unknown();
                }
                return truth(*matched);
            }
        }
    }

    // `exists` is an `||` over the elements and `all` an `&&`, so a predicate that comes out
    // unknown counts as false, exactly as those operators read it.
    value quantify(const compiled_node& node) {
        const value list = evaluate(node.first);
        if (list.is_unknown()) return list;
        const bool want_any = node.op == operation::exists;
        const auto visit = [&](const value& element) -> std::optional<bool> {
            if (!charge(1)) return std::nullopt;
            locals_[node.local].held = element;
            const bool holds = evaluate(node.second).is_true();
            if (exceeded_) return std::nullopt;
            return holds;
        };
        if (list.has_type(value_type::string_list)) {
            for (const std::string_view element : list.as_string_list()) {
                const auto holds = visit(value::of(element));
                if (!holds) return value::unknown();
                if (*holds == want_any) return truth(want_any);
            }
        } else {
            for (const double element : list.as_number_list()) {
                const auto holds = visit(value::of(element));
                if (!holds) return value::unknown();
                if (*holds == want_any) return truth(want_any);
            }
        }
        return truth(!want_any);
    }

    const compiled_program& program_;
    std::span<const value> facts_;
    std::uint64_t budget_;
    std::uint64_t steps_ = 0;
    bool exceeded_ = false;
    // Left uninitialised: a macro writes its variable before its predicate can read it, and
    // clearing the whole array would cost more than evaluating a typical predicate.
    union local_slot {
        value held;
        constexpr local_slot() noexcept {}
    };
    std::array<local_slot, max_locals> locals_;
};

} // namespace

} // namespace rigcheck::expr::detail

namespace rigcheck::expr {

evaluation_result evaluate(const program& p, std::span<const value> facts, std::uint64_t step_budget) noexcept {
    const detail::compiled_program* compiled = detail::program_access::get(p);
    if (!compiled) return {};
    return detail::evaluator(*compiled, facts, step_budget).run();
}

} // namespace rigcheck::expr
