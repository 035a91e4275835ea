// Runtime values and fact schemas of the rule expression language: the host-facing vocabulary
// that both the checker (names and types) and the evaluator (slots and values) rely on.
//
// The default rendering of values lives here too, because templates and hosts print values the
// same way: numbers with at most two decimals and no exponent for ordinary magnitudes, so that
// messages read "2.5 m" rather than "2.500000e+00 m".
#include <rigcheck/rules/detail/expression_compiled.hpp>

#include <cmath>
#include <fmt/format.h>
#include <stdexcept>

namespace rigcheck::expr {

std::string_view to_string(value_type type) {
    switch (type) {
        case value_type::boolean:
            return "bool";
        case value_type::number:
            return "number";
        case value_type::string:
            return "string";
        case value_type::string_list:
            return "list<string>";
        case value_type::number_list:
            return "list<number>";
    }
    return "value";
}

value value::of(double number) noexcept {
    if (!std::isfinite(number)) return value();
    value result(kind::number);
    result.number_ = number;
    return result;
}

std::optional<value_type> value::type() const noexcept {
    if (kind_ == kind::unknown) return std::nullopt;
    return static_cast<value_type>(static_cast<std::uint8_t>(kind_) - 1);
}

std::string to_string(const value& v) {
    const auto type = v.type();
    if (!type) return "unknown";
    switch (*type) {
        case value_type::boolean:
            return v.as_boolean() ? "true" : "false";
        case value_type::number:
            return detail::format_number(v.as_number());
        case value_type::string:
            return std::string(v.as_string());
        case value_type::string_list:
            return fmt::format("[{}]", fmt::join(v.as_string_list(), ", "));
        case value_type::number_list: {
            std::string text = "[";
            bool first = true;
            for (const double number : v.as_number_list()) {
                if (!first) text += ", ";
                text += detail::format_number(number);
                first = false;
            }
            return text + "]";
        }
    }
    return "unknown";
}

namespace {

bool is_identifier(std::string_view name) {
    if (name.empty()) return false;
    auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
    if (!letter(name.front())) return false;
    for (const char c : name) {
        if (!letter(c) && !(c >= '0' && c <= '9')) return false;
    }
    return name != "true" && name != "false" && name != "null" && name != "in";
}

/// A name an expression can spell: identifiers joined by dots.
void require_dotted_name(std::string_view name) {
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = name.find('.', start);
        const std::string_view component = name.substr(start, dot == std::string_view::npos ? dot : dot - start);
        if (!is_identifier(component)) {
            throw std::invalid_argument(fmt::format("fact name `{}` is not a dotted list of identifiers", name));
        }
        if (dot == std::string_view::npos) return;
        start = dot + 1;
    }
}

} // namespace

void fact_schema::add_field(std::string_view dotted_name, value_type type, std::uint32_t slot) {
    require_dotted_name(dotted_name);
    for (field& existing : fields_) {
        if (existing.name == dotted_name) {
            existing.type = type;
            existing.slot = slot;
            return;
        }
    }
    fields_.push_back(field{std::string(dotted_name), type, slot});
}

void fact_schema::set_display(std::string_view object_name, std::uint32_t string_slot) {
    require_dotted_name(object_name);
    for (display& existing : displays_) {
        if (existing.object_name == object_name) {
            existing.slot = string_slot;
            return;
        }
    }
    displays_.push_back(display{std::string(object_name), string_slot});
}

std::size_t fact_schema::slot_count() const {
    std::size_t count = 0;
    for (const field& f : fields_) count = std::max<std::size_t>(count, std::size_t{f.slot} + 1);
    for (const display& d : displays_) count = std::max<std::size_t>(count, std::size_t{d.slot} + 1);
    return count;
}

const fact_schema::field* fact_schema::find_field(std::string_view dotted_name) const {
    for (const field& f : fields_) {
        if (f.name == dotted_name) return &f;
    }
    return nullptr;
}

const fact_schema::display* fact_schema::find_display(std::string_view object_name) const {
    for (const display& d : displays_) {
        if (d.object_name == object_name) return &d;
    }
    return nullptr;
}

bool fact_schema::is_object(std::string_view name) const {
    for (const field& f : fields_) {
        if (f.name.size() > name.size() && f.name.starts_with(name) && f.name[name.size()] == '.') return true;
    }
    return false;
}

} // namespace rigcheck::expr

namespace rigcheck::expr::detail {

std::string format_number(double number) {
    // Beyond this magnitude fixed notation stops being readable, and %g takes over.
    constexpr double largest_fixed = 1e15;
    if (std::fabs(number) >= largest_fixed) return fmt::format("{:g}", number);
    // Whole numbers (most params and lengths) print as integers: what trimming "{:.2f}" gives,
    // without the exact decimal conversion it needs. -0 prints as 0 either way.
    if (number == std::trunc(number)) return fmt::format_int(static_cast<long long>(number)).str();
    std::string text = fmt::format("{:.2f}", number);
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
    if (text == "-0") text = "0";
    return text;
}

} // namespace rigcheck::expr::detail
