// The lexer of the rule expression language, plus the small text utilities every stage shares:
// turning byte offsets into file positions and suggesting the nearest known name.
//
// Lexing is one forward pass over at most `max_expression_length` bytes, so it needs no limits
// of its own. Numbers are decimal doubles (no sign: `-` is an operator); a number glued to a
// letter, like `3m`, is rejected rather than split, because it is almost always a unit typed
// into a rule by mistake.
#include <rigcheck/rules/detail/expression_syntax.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fmt/format.h>

namespace rigcheck::expr::detail {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_identifier_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_identifier_part(char c) { return is_identifier_start(c) || is_digit(c); }

/// The length of the UTF-8 sequence that starts with `lead`, so that messages quote whole
/// characters; malformed lead bytes count as one.
std::size_t utf8_sequence_length(unsigned char lead) {
    if (lead >= 0xF0 && lead < 0xF8) return 4;
    if (lead >= 0xE0) return lead < 0xF0 ? 3 : 1;
    if (lead >= 0xC0) return 2;
    return 1;
}

class lexer {
public:
    explicit lexer(std::string_view text) : text_(text) {}

    lex_result run() {
        lex_result result;
        try {
            while (true) {
                skip_whitespace();
                if (position_ >= text_.size()) {
                    result.tokens.push_back(make(token_kind::end, position_, 0));
                    break;
                }
                result.tokens.push_back(next());
            }
        } catch (const syntax_error& error) {
            result.tokens.clear();
            result.error = error;
        }
        return result;
    }

private:
    [[noreturn]] static void fail(std::size_t offset, std::string message) {
        throw syntax_error{error_code::expression_syntax, static_cast<std::uint32_t>(offset), std::move(message)};
    }

    static token make(token_kind kind, std::size_t offset, std::size_t length) {
        token t;
        t.kind = kind;
        t.offset = static_cast<std::uint32_t>(offset);
        t.length = static_cast<std::uint32_t>(length);
        return t;
    }

    [[nodiscard]] char peek(std::size_t ahead = 0) const {
        return position_ + ahead < text_.size() ? text_[position_ + ahead] : '\0';
    }

    void skip_whitespace() {
        while (position_ < text_.size()) {
            const char c = text_[position_];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
            ++position_;
        }
    }

    token next() {
        const std::size_t start = position_;
        const char c = text_[position_];
        if (is_digit(c)) return number();
        if (c == '\'' || c == '"') return string_literal();
        if (is_identifier_start(c)) return word();

        auto single = [&](token_kind kind) {
            ++position_;
            return make(kind, start, 1);
        };
        auto pair_or = [&](char second, token_kind both, token_kind alone) {
            if (peek(1) == second) {
                position_ += 2;
                return make(both, start, 2);
            }
            ++position_;
            return make(alone, start, 1);
        };
        switch (c) {
            case '(':
                return single(token_kind::left_paren);
            case ')':
                return single(token_kind::right_paren);
            case '[':
                return single(token_kind::left_bracket);
            case ']':
                return single(token_kind::right_bracket);
            case '.':
                if (is_digit(peek(1))) fail(start, "a number must start with a digit; write `0.5`, not `.5`");
                return single(token_kind::dot);
            case ',':
                return single(token_kind::comma);
            case '?':
                return single(token_kind::question);
            case ':':
                return single(token_kind::colon);
            case '-':
                return single(token_kind::minus);
            case '+':
                return single(token_kind::plus);
            case '*':
                return single(token_kind::star);
            case '/':
                return single(token_kind::slash);
            case '%':
                return single(token_kind::percent);
            case '!':
                return pair_or('=', token_kind::bang_equal, token_kind::bang);
            case '<':
                return pair_or('=', token_kind::less_equal, token_kind::less);
            case '>':
                return pair_or('=', token_kind::greater_equal, token_kind::greater);
            case '=':
                if (peek(1) == '=') {
                    position_ += 2;
                    return make(token_kind::equal_equal, start, 2);
                }
                fail(start, "unexpected `=`; compare with `==`");
            case '&':
                if (peek(1) == '&') {
                    position_ += 2;
                    return make(token_kind::and_and, start, 2);
                }
                fail(start, "unexpected `&`; the logical and is `&&`");
            case '|':
                if (peek(1) == '|') {
                    position_ += 2;
                    return make(token_kind::or_or, start, 2);
                }
                fail(start, "unexpected `|`; the logical or is `||`");
            default:
                break;
        }
        const std::size_t length = std::min(utf8_sequence_length(static_cast<unsigned char>(c)), text_.size() - start);
        fail(start, fmt::format("unexpected character `{}`", text_.substr(start, length)));
    }

    token number() {
        const std::size_t start = position_;
        while (is_digit(peek())) ++position_;
        if (peek() == '.') {
            ++position_;
            if (!is_digit(peek())) fail(start, "malformed number: a digit must follow the decimal point");
            while (is_digit(peek())) ++position_;
        }
        if (peek() == 'e' || peek() == 'E') {
            ++position_;
            if (peek() == '+' || peek() == '-') ++position_;
            if (!is_digit(peek())) fail(start, "malformed number: the exponent has no digits");
            while (is_digit(peek())) ++position_;
        }
        if (is_identifier_part(peek()) || peek() == '.') {
            std::size_t end = position_;
            while (end < text_.size() && (is_identifier_part(text_[end]) || text_[end] == '.')) ++end;
            fail(start, fmt::format("malformed number `{}`; numbers are plain decimals such as `3`, `2.5` or "
                                    "`1e3`, without units",
                                    text_.substr(start, end - start)));
        }
        const std::string_view spelled = text_.substr(start, position_ - start);
        double number = 0.0;
        const auto [end, status] = std::from_chars(spelled.data(), spelled.data() + spelled.size(), number);
        if (status == std::errc::result_out_of_range || !std::isfinite(number)) {
            fail(start, fmt::format("number `{}` is out of range", spelled));
        }
        if (status != std::errc() || end != spelled.data() + spelled.size()) {
            fail(start, fmt::format("malformed number `{}`", spelled));
        }
        token t = make(token_kind::number, start, spelled.size());
        t.number = number;
        return t;
    }

    token string_literal() {
        const std::size_t start = position_;
        const char quote = text_[position_++];
        std::string decoded;
        while (true) {
            if (position_ >= text_.size() || text_[position_] == '\n') {
                fail(start, fmt::format("unterminated string: no closing {} on this line", quote));
            }
            const char c = text_[position_];
            if (c == quote) {
                ++position_;
                break;
            }
            if (c == '\\') {
                if (position_ + 1 >= text_.size()) {
                    fail(start, fmt::format("unterminated string: no closing {} on this line", quote));
                }
                const char escaped = peek(1);
                switch (escaped) {
                    case '\\':
                        decoded += '\\';
                        break;
                    case '\'':
                        decoded += '\'';
                        break;
                    case '"':
                        decoded += '"';
                        break;
                    case 'n':
                        decoded += '\n';
                        break;
                    case 't':
                        decoded += '\t';
                        break;
                    default: {
                        const std::size_t after = position_ + 1;
                        const std::size_t length = std::min(
                            utf8_sequence_length(static_cast<unsigned char>(text_[after])), text_.size() - after);
                        fail(position_, fmt::format("unknown escape `\\{}` in string; the escapes are \\\\, \\', "
                                                    "\\\", \\n and \\t",
                                                    text_.substr(after, length)));
                    }
                }
                position_ += 2;
                continue;
            }
            decoded += c;
            ++position_;
        }
        token t = make(token_kind::string, start, position_ - start);
        t.text = std::move(decoded);
        return t;
    }

    token word() {
        const std::size_t start = position_;
        while (is_identifier_part(peek())) ++position_;
        const std::string_view name = text_.substr(start, position_ - start);
        token_kind kind = token_kind::identifier;
        if (name == "true")
            kind = token_kind::keyword_true;
        else if (name == "false")
            kind = token_kind::keyword_false;
        else if (name == "null")
            kind = token_kind::keyword_null;
        else if (name == "in")
            kind = token_kind::keyword_in;
        token t = make(kind, start, name.size());
        t.text = std::string(name);
        return t;
    }

    std::string_view text_;
    std::size_t position_ = 0;
};

} // namespace

lex_result tokenize(std::string_view text) { return lexer(text).run(); }

std::string describe(token_kind kind) {
    switch (kind) {
        case token_kind::end:
            return "the end of the expression";
        case token_kind::number:
            return "a number";
        case token_kind::string:
            return "a string";
        case token_kind::identifier:
            return "a name";
        case token_kind::keyword_true:
            return "`true`";
        case token_kind::keyword_false:
            return "`false`";
        case token_kind::keyword_null:
            return "`null`";
        case token_kind::keyword_in:
            return "`in`";
        case token_kind::left_paren:
            return "`(`";
        case token_kind::right_paren:
            return "`)`";
        case token_kind::left_bracket:
            return "`[`";
        case token_kind::right_bracket:
            return "`]`";
        case token_kind::dot:
            return "`.`";
        case token_kind::comma:
            return "`,`";
        case token_kind::question:
            return "`?`";
        case token_kind::colon:
            return "`:`";
        case token_kind::bang:
            return "`!`";
        case token_kind::minus:
            return "`-`";
        case token_kind::plus:
            return "`+`";
        case token_kind::star:
            return "`*`";
        case token_kind::slash:
            return "`/`";
        case token_kind::percent:
            return "`%`";
        case token_kind::less:
            return "`<`";
        case token_kind::less_equal:
            return "`<=`";
        case token_kind::greater:
            return "`>`";
        case token_kind::greater_equal:
            return "`>=`";
        case token_kind::equal_equal:
            return "`==`";
        case token_kind::bang_equal:
            return "`!=`";
        case token_kind::and_and:
            return "`&&`";
        case token_kind::or_or:
            return "`||`";
    }
    return "a token";
}

source_position position_in_text(source_position start, std::string_view text, std::size_t offset) {
    if (!start.known()) return {};
    source_position at = start;
    const std::size_t end = std::min(offset, text.size());
    for (std::size_t i = 0; i < end; ++i) {
        if (text[i] == '\n') {
            ++at.line;
            at.column = 1;
        } else {
            ++at.column;
        }
    }
    // An offset past the end (the end-of-text token) still moves on by the bytes beyond it.
    if (offset > end) at.column += static_cast<std::uint32_t>(offset - end);
    at.offset += static_cast<std::uint32_t>(offset);
    return at;
}

input_error locate(const expression_origin& origin, std::string_view text, std::size_t offset, error_code code,
                   std::string message) {
    const source_position at = position_in_text(origin.start, text, offset);
    return input_error{code, located(origin.file, at), std::move(message)};
}

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> previous(b.size() + 1);
    std::vector<std::size_t> current(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        current[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
        }
        std::swap(previous, current);
    }
    return previous[b.size()];
}

} // namespace

std::string nearest_name(std::string_view typed, const std::vector<std::string_view>& candidates) {
    // Long inputs are not typos of short names, and comparing them would only cost time.
    constexpr std::size_t longest_compared = 256;
    if (typed.size() > longest_compared) return {};
    const std::size_t tolerance = std::max<std::size_t>(2, typed.size() / 3);
    std::string_view best;
    std::size_t best_distance = tolerance + 1;
    for (const std::string_view candidate : candidates) {
        if (candidate.size() > longest_compared) continue;
        const std::size_t distance = edit_distance(typed, candidate);
        if (distance < best_distance) {
            best_distance = distance;
            best = candidate;
        }
    }
    return std::string(best);
}

} // namespace rigcheck::expr::detail
