// The id rules of ids.hpp: each checked by hand and published as one schema pattern.
#include <rigcheck/core/ids.hpp>

#include <fmt/format.h>

#include <cstdint>

namespace rigcheck {
namespace {

/// Decodes the UTF-8 code point at `at`, advancing it; invalid bytes decode as U+FFFD. The
/// loaders have checked their text is UTF-8 already; code-built ids may not have been.
char32_t next_code_point(std::string_view text, std::size_t& at) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(at);
    std::size_t length = lead < 0x80           ? 1
                         : (lead >> 5) == 0x6  ? 2
                         : (lead >> 4) == 0xE  ? 3
                         : (lead >> 3) == 0x1E ? 4
                                               : 0;
    if (length == 0 || at + length > text.size()) {
        ++at;
        return U'\uFFFD';
    }
    char32_t point = length == 1 ? lead : lead & (0xFF >> (length + 1));
    for (std::size_t i = 1; i < length; ++i) {
        if ((byte(at + i) & 0xC0) != 0x80) {
            ++at;
            return U'\uFFFD';
        }
        point = (point << 6) | (byte(at + i) & 0x3F);
    }
    at += length;
    return point;
}

/// The code points that ECMA-262's `\s` matches (WhiteSpace and LineTerminator), which the
/// schemas' patterns exclude; control characters are refused separately.
bool is_space(char32_t c) {
    switch (c) {
        case U'\t':
        case U'\n':
        case U'\v':
        case U'\f':
        case U'\r':
        case U' ':
        case U'\u00A0':
        case U'\u1680':
        case U'\u2028':
        case U'\u2029':
        case U'\u202F':
        case U'\u205F':
        case U'\u3000':
        case U'\uFEFF':
            return true;
        default:
            return c >= U'\u2000' && c <= U'\u200A';
    }
}

bool is_control(char32_t c) { return c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0); }

/// A name that goes into subjects: no blank, no arrow, and for a device no dot, since
/// `DEVICE.PORT` splits at the first one (a port id may hold dots: `in-3.5`).
std::optional<std::string> name_problem(std::string_view text, bool dot_allowed) {
    if (text.empty()) return std::string("must not be empty");
    for (std::size_t at = 0; at < text.size();) {
        const char32_t c = next_code_point(text, at);
        if (is_space(c)) return std::string("must not contain a blank or a line break");
        if (is_control(c)) return std::string("must not contain a control character");
        if (c == U'.' && !dot_allowed) return std::string("must not contain `.` (it separates DEVICE.PORT)");
    }
    if (text.find("->") != std::string_view::npos)
        return std::string("must not contain `->` (it separates a subject's ends)");
    return std::nullopt;
}

/// Words of lower-case letters and digits joined by single hyphens.
bool is_slug(std::string_view text) {
    if (text.empty() || text.front() == '-' || text.back() == '-') return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const bool word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (!word && !(c == '-' && text[i + 1] != '-')) return false;
    }
    return true;
}

std::optional<std::string> printable_problem(std::string_view text) {
    if (text.empty()) return std::string("must not be empty");
    for (std::size_t at = 0; at < text.size();) {
        const char32_t c = next_code_point(text, at);
        if (is_space(c)) return std::string("must not contain a blank or a line break");
        if (is_control(c)) return std::string("must not contain a control character");
    }
    return std::nullopt;
}

} // namespace

std::string_view to_string(id_kind kind) {
    switch (kind) {
        case id_kind::device:
            return "device id";
        case id_kind::port:
            return "port id";
        case id_kind::gear:
            return "gear id";
        case id_kind::cable:
            return "cable id";
        case id_kind::rule:
            return "rule id";
        case id_kind::exemption:
            return "exemption id";
        case id_kind::param:
            return "param name";
    }
    return "id";
}

std::optional<std::string> id_problem(id_kind kind, std::string_view text) {
    switch (kind) {
        case id_kind::device:
            return name_problem(text, false);
        case id_kind::port:
            return name_problem(text, true);
        case id_kind::gear: {
            if (auto problem = printable_problem(text)) return problem;
            const auto slash = text.find('/');
            if (slash == std::string_view::npos || slash == 0 || slash + 1 == text.size() ||
                text.find('/', slash + 1) != std::string_view::npos)
                return std::string("must be `vendor/model`, with one `/` and text on both sides");
            return std::nullopt;
        }
        case id_kind::cable:
            return printable_problem(text);
        case id_kind::rule:
        case id_kind::exemption:
            if (!is_slug(text))
                return std::string("must be lower-case letters and digits in words joined by single hyphens");
            return std::nullopt;
        case id_kind::param: {
            const auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
            if (text.empty() || !letter(text.front())) return std::string("must start with a letter or `_`");
            for (const char c : text)
                if (!letter(c) && !(c >= '0' && c <= '9')) return std::string("must hold only letters, digits and `_`");
            return std::nullopt;
        }
    }
    return std::nullopt;
}

std::string_view id_pattern(id_kind kind) {
    // `\s` and the control ranges mirror is_space and is_control above.
    switch (kind) {
        case id_kind::device:
            return R"(^(?!.*->)[^.\s\u0000-\u001f\u007f-\u009f]+$)";
        case id_kind::port:
            return R"(^(?!.*->)[^\s\u0000-\u001f\u007f-\u009f]+$)";
        case id_kind::gear:
            return R"(^[^/\s\u0000-\u001f\u007f-\u009f]+/[^/\s\u0000-\u001f\u007f-\u009f]+$)";
        case id_kind::cable:
            return R"(^[^\s\u0000-\u001f\u007f-\u009f]+$)";
        case id_kind::rule:
        case id_kind::exemption:
            return "^[a-z0-9]+(-[a-z0-9]+)*$";
        case id_kind::param:
            return "^[A-Za-z_][A-Za-z0-9_]*$";
    }
    return "";
}

std::string_view id_description(id_kind kind) {
    switch (kind) {
        case id_kind::device:
            return "A device id: no dots, blanks, control characters or `->`.";
        case id_kind::port:
            return "A port id, unique within its gear: no blanks, control characters or `->`.";
        case id_kind::gear:
            return "A gear id, `vendor/model` (`acme/x100`, `generic/dynamic-mic`).";
        case id_kind::cable:
            return "A cable id: a builtin one (`xlr`, `ts-to-xlr-male`, ...) or one defined in a catalog or the rig "
                   "(`house/xlr-to-ts-100r`); no blanks or control characters.";
        case id_kind::rule:
            return "A rule id, lower-case words joined by hyphens (`missing-di`).";
        case id_kind::exemption:
            return "An exemption id, lower-case words joined by hyphens (`short-run-high-level`); it shares one "
                   "namespace with rule ids.";
        case id_kind::param:
            return "A parameter name, an identifier usable as `params.NAME` in expressions.";
    }
    return "";
}

std::string printable_text(std::string_view text) {
    constexpr std::size_t max_bytes = 80;
    std::string result;
    std::size_t at = 0;
    while (at < text.size() && result.size() < max_bytes) {
        const std::size_t start = at;
        const char32_t c = next_code_point(text, at);
        if (c == U'\n')
            result += "\\n";
        else if (c == U'\t')
            result += "\\t";
        else if (c == U'\r')
            result += "\\r";
        else if (is_control(c) || c == U'\uFFFD') {
            for (std::size_t i = start; i < at; ++i)
                result += fmt::format("\\x{:02x}", static_cast<unsigned char>(text[i]));
        } else {
            result.append(text.substr(start, at - start));
        }
    }
    if (at < text.size()) result += "...";
    return result;
}

} // namespace rigcheck
