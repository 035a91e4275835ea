// The rule expression language: a small, bounded subset of CEL that rule packs use for `when`
// conditions, exemptions and message templates (docs/analysis.md, docs/rule-packs.md; docs/rule-language.md).
//
// A host declares the facts of a scope in a `fact_schema` (dotted field name -> type and slot),
// compiles each expression once at load time, and evaluates the compiled `program` many times
// against a span of `value`s indexed by slot. Compilation parses and type-checks the text and
// reports every problem as a located `input_error`; evaluation cannot fail, never allocates for
// ordinary predicates, never looks up names, and stops after a fixed step budget. Any fact may be
// unknown at run time; the language propagates unknown values as docs/analysis.md says.
#pragma once

#include <rigcheck/core/errors.hpp>
#include <rigcheck/core/source_location.hpp>

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rigcheck::expr {

/// Longest expression or template text accepted, in bytes.
inline constexpr std::size_t max_expression_length = 4096;
/// Deepest nesting accepted: parentheses, operators, calls and member accesses all count.
inline constexpr std::size_t max_nesting_depth = 64;
/// Evaluation steps allowed per evaluation unless the host asks for another budget.
inline constexpr std::uint64_t default_step_budget = 100000;

/// The types a known value can have. `null` (unknown) is not a type of its own: any value may be
/// unknown at run time.
enum class value_type : std::uint8_t { boolean, number, string, string_list, number_list };

/// "bool", "number", "string", "list<string>" or "list<number>", as messages spell them.
std::string_view to_string(value_type type);

/// A runtime value: unknown, or one of the value_types. Cheap to copy: strings are views and
/// lists are spans into storage that the host keeps alive while it evaluates.
class value {
public:
    /// Unknown.
    constexpr value() noexcept = default;

    [[nodiscard]] static constexpr value unknown() noexcept { return value(); }
    [[nodiscard]] static constexpr value of(bool flag) noexcept {
        value result(kind::boolean);
        result.boolean_ = flag;
        return result;
    }
    /// A number that is not finite (NaN, infinity) is unknown: no fact can be measured as one.
    [[nodiscard]] static value of(double number) noexcept;
    template <std::integral integer>
    requires(!std::same_as<integer, bool>) [[nodiscard]] static value of(integer number) noexcept {
        return of(static_cast<double>(number));
    }
    [[nodiscard]] static constexpr value of(std::string_view text) noexcept {
        value result(kind::string);
        result.characters_ = text.data();
        result.size_ = text.size();
        return result;
    }
    /// Without this overload a string literal would convert to bool, not to a string.
    [[nodiscard]] static constexpr value of(const char* text) noexcept { return of(std::string_view(text)); }
    [[nodiscard]] static constexpr value of(std::span<const std::string_view> strings) noexcept {
        value result(kind::string_list);
        result.strings_ = strings.data();
        result.size_ = strings.size();
        return result;
    }
    [[nodiscard]] static constexpr value of(std::span<const double> numbers) noexcept {
        value result(kind::number_list);
        result.numbers_ = numbers.data();
        result.size_ = numbers.size();
        return result;
    }

    [[nodiscard]] constexpr bool is_unknown() const noexcept { return kind_ == kind::unknown; }
    /// The type of a known value; nullopt when unknown.
    [[nodiscard]] std::optional<value_type> type() const noexcept;
    /// True only for a known `true`: how hosts read a `when` result, where unknown does not fire.
    [[nodiscard]] constexpr bool is_true() const noexcept { return kind_ == kind::boolean && boolean_; }

    /// Each accessor returns an empty or false value when the value is not of its type.
    [[nodiscard]] constexpr bool as_boolean() const noexcept { return kind_ == kind::boolean && boolean_; }
    [[nodiscard]] constexpr double as_number() const noexcept { return kind_ == kind::number ? number_ : 0.0; }
    [[nodiscard]] constexpr std::string_view as_string() const noexcept {
        return kind_ == kind::string ? std::string_view(characters_, size_) : std::string_view();
    }
    [[nodiscard]] constexpr std::span<const std::string_view> as_string_list() const noexcept {
        return kind_ == kind::string_list ? std::span<const std::string_view>(strings_, size_)
                                          : std::span<const std::string_view>();
    }
    [[nodiscard]] constexpr std::span<const double> as_number_list() const noexcept {
        return kind_ == kind::number_list ? std::span<const double>(numbers_, size_) : std::span<const double>();
    }

    /// True when the value is known and of `type`; the evaluator's guard against a host that
    /// stores something other than what it declared.
    [[nodiscard]] constexpr bool has_type(value_type type) const noexcept {
        return kind_ != kind::unknown && static_cast<std::uint8_t>(kind_) - 1 == static_cast<std::uint8_t>(type);
    }

private:
    // The order follows value_type, shifted by one so that zero means unknown.
    enum class kind : std::uint8_t { unknown, boolean, number, string, string_list, number_list };
    constexpr explicit value(kind k) noexcept : kind_(k) {}

    kind kind_ = kind::unknown;
    union {
        bool boolean_;
        double number_ = 0.0;
        const char* characters_;
        const std::string_view* strings_;
        const double* numbers_;
    };
    std::size_t size_ = 0;
};

/// How templates print a value: `unknown`, `true`/`false`, numbers with up to two decimals and
/// trailing zeros trimmed (15, 2.5, -2.02), strings as they are, lists as `[a, b]`.
std::string to_string(const value& v);

/// Declares the facts of a scope: dotted field names -> (type, slot).
class fact_schema {
public:
    struct field {
        std::string name; ///< dotted, e.g. "link.length_m"
        value_type type;
        std::uint32_t slot;
    };
    struct display {
        std::string object_name; ///< a name prefix, e.g. "source"
        std::uint32_t slot;      ///< holds a string
    };

    /// Declaring a name again replaces the earlier declaration. Throws std::invalid_argument when
    /// the name is not a dot-separated list of identifiers (letters, digits, `_`).
    void add_field(std::string_view dotted_name, value_type type, std::uint32_t slot);
    /// What `{source}` prints in a template when an object (a name prefix like "source") is used whole.
    void set_display(std::string_view object_name, std::uint32_t string_slot);
    /// One past the highest slot declared: the size of the span that `evaluate` expects.
    [[nodiscard]] std::size_t slot_count() const;

    [[nodiscard]] const field* find_field(std::string_view dotted_name) const;
    [[nodiscard]] const display* find_display(std::string_view object_name) const;
    /// True when `name` is a proper prefix (whole components) of some declared field.
    [[nodiscard]] bool is_object(std::string_view name) const;
    [[nodiscard]] std::span<const field> fields() const { return fields_; }

private:
    std::vector<field> fields_;
    std::vector<display> displays_;
};

/// Where an expression was written: the file and the 1-based position of its first character.
struct expression_origin {
    std::string file;
    source_position start;
};

namespace detail {
struct compiled_program;
struct compiled_template;
struct program_access;
} // namespace detail

/// A compiled, type-checked expression. Immutable and safe to evaluate from many threads at
/// once; copies share the compiled form. A default-constructed program evaluates to unknown.
class program {
public:
    program() = default;

    /// The static type of the result; nullopt when the expression is the literal `null`.
    [[nodiscard]] std::optional<value_type> result_type() const noexcept;
    /// The source text it was compiled from.
    [[nodiscard]] std::string_view text() const noexcept;

private:
    friend struct detail::program_access;
    explicit program(std::shared_ptr<const detail::compiled_program> compiled) : compiled_(std::move(compiled)) {}
    std::shared_ptr<const detail::compiled_program> compiled_;
};

struct evaluation_result {
    value result;
    /// The step budget ran out; `result` is then unknown.
    bool budget_exceeded = false;
    /// The steps the evaluation took, for hosts that keep a budget across evaluations.
    std::uint64_t steps = 0;
};

/// Parses and type-checks `text`. `expected` is the required result type (boolean for `when`),
/// or nullopt for any. On failure returns nullopt and appends located errors to `errors`:
/// `expression_syntax`, `expression_type` or `limit_exceeded`.
[[nodiscard]] std::optional<program> compile(std::string_view text, const fact_schema& schema,
                                             const expression_origin& origin, std::optional<value_type> expected,
                                             std::vector<input_error>& errors);

/// Evaluates against `facts`, indexed by slot. A slot past the end of `facts`, or holding a
/// value of another type than the schema declared, reads as unknown.
[[nodiscard]] evaluation_result evaluate(const program& p, std::span<const value> facts,
                                         std::uint64_t step_budget = default_step_budget) noexcept;

/// A compiled message or fix template: "{source} drives {link.length_m:.1f} m". Immutable and
/// shareable like `program`. A default-constructed template renders as the empty string.
class text_template {
public:
    text_template() = default;
    [[nodiscard]] std::string_view text() const noexcept;

private:
    friend struct detail::program_access;
    explicit text_template(std::shared_ptr<const detail::compiled_template> compiled)
        : compiled_(std::move(compiled)) {}
    std::shared_ptr<const detail::compiled_template> compiled_;
};

/// Compiles a template: literal text with `{expr}` or `{expr:spec}` holes, where `spec` is an
/// {fmt} format spec checked here against the hole's type; `{{` and `}}` are literal braces. An
/// object name alone (`{source}`) prints the string in its display slot.
[[nodiscard]] std::optional<text_template> compile_template(std::string_view text, const fact_schema& schema,
                                                            const expression_origin& origin,
                                                            std::vector<input_error>& errors);

/// Renders with the facts; an unknown hole (or one whose budget ran out) prints `unknown`.
[[nodiscard]] std::string render(const text_template& t, std::span<const value> facts);

} // namespace rigcheck::expr
