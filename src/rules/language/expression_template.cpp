// Message and fix templates: literal text with `{expr}` and `{expr:spec}` holes, compiled at load
// time and rendered per diagnostic.
//
// Each hole is an ordinary expression, compiled with its own origin so that its errors point
// into the right column, except that an object name alone prints the object's display string
// (`{source}` -> "desk.out-1"). Format specs are {fmt}'s, and each one is tried on a sample value
// of the hole's type at compile time: a spec that {fmt} rejects, or that would blow a message up
// to an absurd width, is a located load error rather than an exception while rendering.
#include <rigcheck/rules/detail/expression_compiled.hpp>
#include <rigcheck/rules/detail/expression_syntax.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <string>

namespace rigcheck::expr::detail {

namespace {

/// Longest format spec accepted; real specs are a handful of characters.
constexpr std::size_t max_spec_length = 32;
/// Longest output a spec may produce for its sample value, which bounds widths and precisions.
constexpr std::size_t max_sample_output = 256;

struct hole_extent {
    std::size_t colon; ///< the `:` before the spec, or npos
    std::size_t close; ///< the closing `}`
};

/// Finds the end of the hole whose expression starts at `from`. A `}` outside string literals
/// closes it. A `:` outside strings and brackets starts the spec, unless it answers an earlier
/// `?`, so `{ok ? 'yes' : 'no'}` needs no parentheses.
std::optional<hole_extent> find_hole_end(std::string_view text, std::size_t from) {
    std::size_t depth = 0;
    std::size_t pending_questions = 0;
    std::size_t colon = std::string_view::npos;
    char quote = 0;
    for (std::size_t j = from; j < text.size(); ++j) {
        const char c = text[j];
        if (quote != 0) {
            if (c == '\\')
                ++j;
            else if (c == quote)
                quote = 0;
            continue;
        }
        if (c == '}') return hole_extent{colon, j};
        if (colon != std::string_view::npos) continue;
        switch (c) {
            case '\'':
            case '"':
                quote = c;
                break;
            case '(':
            case '[':
                ++depth;
                break;
            case ')':
            case ']':
                if (depth > 0) --depth;
                break;
            case '?':
                if (depth == 0) ++pending_questions;
                break;
            case ':':
                if (depth != 0) break;
                if (pending_questions > 0)
                    --pending_questions;
                else
                    colon = j;
                break;
            default:
                break;
        }
    }
    return std::nullopt;
}

struct spec_error {
    error_code code;
    std::string message;
};

/// The largest width or precision a spec may ask for (docs/robustness.md#limits): `{x:>999999999}` would make a
/// gigabyte of padding before any check of the output could refuse it.
constexpr unsigned max_width_or_precision = 100;

/// The width and the precision a {fmt} spec asks for, read from its grammar
/// `[[fill]align][sign][#][0][width][.precision][L][type]`; digits past four are counted as 9999.
struct spec_numbers {
    unsigned width = 0;
    unsigned precision = 0;
};

spec_numbers read_spec_numbers(std::string_view spec) {
    std::size_t i = 0;
    const auto is_align = [](char c) { return c == '<' || c == '>' || c == '^'; };
    // The fill is one code point, which may be several bytes long.
    const auto lead = spec.empty() ? 0u : static_cast<unsigned char>(spec[0]);
    const std::size_t fill_length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    if (spec.size() > fill_length && is_align(spec[fill_length]))
        i = fill_length + 1;
    else if (!spec.empty() && is_align(spec[0]))
        i = 1;
    if (i < spec.size() && (spec[i] == '+' || spec[i] == '-' || spec[i] == ' ')) ++i;
    if (i < spec.size() && spec[i] == '#') ++i;
    const auto number = [&] {
        unsigned value = 0;
        while (i < spec.size() && spec[i] >= '0' && spec[i] <= '9') {
            value = std::min(9999u, value * 10 + static_cast<unsigned>(spec[i] - '0'));
            ++i;
        }
        return value;
    };
    spec_numbers result;
    result.width = number(); // a leading 0 (zero padding) reads as part of the width: same value
    if (i < spec.size() && spec[i] == '.') {
        ++i;
        result.precision = number();
    }
    return result;
}

/// Formats a sample of the hole's type with `format`, so that a bad spec fails here.
std::optional<spec_error> spec_problem(const std::string& format, std::string_view spec,
                                       std::optional<value_type> type) {
    if (spec.size() > max_spec_length) {
        return spec_error{error_code::limit_exceeded,
                          fmt::format("format spec `{}` is longer than {} characters", spec, max_spec_length)};
    }
    if (spec.find_first_of("{}") != std::string_view::npos) {
        return spec_error{error_code::expression_syntax, fmt::format("format spec `{}` cannot contain braces", spec)};
    }
    const auto numbers = read_spec_numbers(spec);
    if (numbers.width > max_width_or_precision || numbers.precision > max_width_or_precision) {
        const bool wide = numbers.width > max_width_or_precision;
        const unsigned asked = wide ? numbers.width : numbers.precision;
        return spec_error{
            error_code::limit_exceeded,
            fmt::format("format spec `{}` asks for a {} of {}{}; at most {} is allowed", spec,
                        wide ? "width" : "precision", asked, asked >= 9999 ? " or more" : "", max_width_or_precision)};
    }
    const bool numeric = type == value_type::number || type == value_type::number_list;
    try {
        const std::string sample = numeric ? fmt::format(fmt::runtime(format), 1234.5678)
                                           : fmt::format(fmt::runtime(format), std::string_view("sample"));
        if (sample.size() > max_sample_output) {
            return spec_error{
                error_code::limit_exceeded,
                fmt::format("format spec `{}` produces output longer than {} characters", spec, max_sample_output)};
        }
    } catch (const fmt::format_error& error) {
        return spec_error{error_code::expression_syntax, fmt::format("invalid format spec `{}` for {}: {}", spec,
                                                                     numeric ? "a number" : "text", error.what())};
    }
    return std::nullopt;
}

std::string format_one(const value& v, const std::string& format) {
    if (v.has_type(value_type::number)) return fmt::format(fmt::runtime(format), v.as_number());
    if (v.has_type(value_type::boolean)) {
        return fmt::format(fmt::runtime(format), std::string_view(v.as_boolean() ? "true" : "false"));
    }
    return fmt::format(fmt::runtime(format), v.as_string());
}

std::string render_hole(const value& v, const std::string& format) {
    if (v.is_unknown() || format.empty()) return to_string(v);
    try {
        if (v.has_type(value_type::string_list) || v.has_type(value_type::number_list)) {
            std::string text = "[";
            bool first = true;
            auto append = [&](const value& element) {
                if (!first) text += ", ";
                text += format_one(element, format);
                first = false;
            };
            for (const std::string_view s : v.as_string_list()) append(value::of(s));
            for (const double n : v.as_number_list()) append(value::of(n));
            return text + "]";
        }
        return format_one(v, format);
    } catch (const fmt::format_error&) {
        // The spec was checked against this type at compile time; this is only a safety net.
        return to_string(v);
    }
}

/// `render_hole`, appending to `out` rather than making a string per hole: the common holes (a
/// string or a number with the default rendering, a formatted number) go straight into it.
void append_hole(std::string& out, const value& v, const std::string& format) {
    if (format.empty() || v.is_unknown()) {
        if (v.has_type(value_type::string))
            out += v.as_string();
        else if (v.is_unknown())
            out += "unknown";
        else
            out += to_string(v);
        return;
    }
    if (v.has_type(value_type::number)) {
        const std::size_t before = out.size();
        try {
            fmt::format_to(std::back_inserter(out), fmt::runtime(format), v.as_number());
            return;
        } catch (const fmt::format_error&) {
            out.resize(before);
        }
    }
    out += render_hole(v, format);
}

/// A hole that only reads one fact or constant, read as the evaluator would read it.
const value* direct_operand(const compiled_program& program, std::span<const value> facts, value& scratch) {
    if (program.nodes.size() != 1) return nullptr;
    const compiled_node& node = program.nodes[program.root];
    if (node.op == operation::constant) return &program.constants[node.first];
    if (node.op != operation::load_fact) return nullptr;
    scratch = node.first < facts.size() && facts[node.first].has_type(node.type) ? facts[node.first] : value();
    return &scratch;
}

} // namespace

} // namespace rigcheck::expr::detail

namespace rigcheck::expr {

std::optional<text_template> compile_template(std::string_view text, const fact_schema& schema,
                                              const expression_origin& origin, std::vector<input_error>& errors) {
    using namespace detail;
    if (text.size() > max_expression_length) {
        errors.push_back(locate(origin, text, max_expression_length, error_code::limit_exceeded,
                                fmt::format("template is longer than {} bytes", max_expression_length)));
        return std::nullopt;
    }
    auto compiled = std::make_shared<compiled_template>();
    compiled->text = std::string(text);
    std::string literal;
    bool ok = true;
    auto syntax_error_at = [&](std::size_t offset, std::string message) {
        errors.push_back(locate(origin, text, offset, error_code::expression_syntax, std::move(message)));
        ok = false;
    };

    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (c == '}') {
            if (i + 1 < text.size() && text[i + 1] == '}') {
                literal += '}';
                i += 2;
            } else {
                syntax_error_at(i, "unmatched `}` in template; write `}}` for a literal brace");
                ++i;
            }
            continue;
        }
        if (c != '{') {
            literal += c;
            ++i;
            continue;
        }
        if (i + 1 < text.size() && text[i + 1] == '{') {
            literal += '{';
            i += 2;
            continue;
        }
        const auto extent = find_hole_end(text, i + 1);
        if (!extent) {
            syntax_error_at(i, "unclosed `{` in template; write `{{` for a literal brace");
            break;
        }
        const std::size_t expression_begin = i + 1;
        const std::size_t expression_end = extent->colon != std::string_view::npos ? extent->colon : extent->close;
        const std::string_view expression = text.substr(expression_begin, expression_end - expression_begin);
        if (expression.find_first_not_of(" \t\r\n") == std::string_view::npos) {
            syntax_error_at(i,
                            "empty `{}` in template; put an expression inside, or write `{{` and `}}` for "
                            "literal braces");
            i = extent->close + 1;
            continue;
        }
        expression_origin hole_origin{origin.file, position_in_text(origin.start, text, expression_begin)};
        auto hole_program = compile_with(expression, schema, hole_origin, compile_options{std::nullopt, true}, errors);
        std::string format;
        if (extent->colon != std::string_view::npos) {
            const std::string_view spec = text.substr(extent->colon + 1, extent->close - extent->colon - 1);
            if (!spec.empty()) format = fmt::format("{{:{}}}", spec);
            if (hole_program && !spec.empty()) {
                if (auto problem = spec_problem(format, spec, hole_program->result_type())) {
                    errors.push_back(
                        locate(origin, text, extent->colon + 1, problem->code, std::move(problem->message)));
                    ok = false;
                }
            }
        }
        if (!hole_program) {
            ok = false;
        } else if (ok) {
            if (!literal.empty()) compiled->pieces.push_back(template_piece{std::move(literal), std::nullopt});
            literal.clear();
            compiled->pieces.push_back(template_piece{{}, template_hole{std::move(*hole_program), std::move(format)}});
        }
        i = extent->close + 1;
    }
    if (!ok) return std::nullopt;
    if (!literal.empty()) compiled->pieces.push_back(template_piece{std::move(literal), std::nullopt});
    return program_access::make(std::shared_ptr<const compiled_template>(std::move(compiled)));
}

std::string render(const text_template& t, std::span<const value> facts) {
    const detail::compiled_template* compiled = detail::program_access::get(t);
    if (!compiled) return {};
    std::string text;
    text.reserve(compiled->text.size() + 64);
    value scratch;
    for (const detail::template_piece& piece : compiled->pieces) {
        if (!piece.hole) {
            text += piece.literal;
            continue;
        }
        // A single-node hole costs the evaluator one step of its budget, so it can never run out.
        const auto* program = detail::program_access::get(piece.hole->expression);
        if (const value* direct = program ? detail::direct_operand(*program, facts, scratch) : nullptr) {
            detail::append_hole(text, *direct, piece.hole->format);
            continue;
        }
        const evaluation_result result = evaluate(piece.hole->expression, facts);
        detail::append_hole(text, result.result, piece.hole->format);
    }
    return text;
}

std::string_view text_template::text() const noexcept {
    return compiled_ ? std::string_view(compiled_->text) : std::string_view();
}

} // namespace rigcheck::expr
