// The type checker of the rule expression language, and `compile`, which runs lexer, parser and
// checker in turn.
//
// Checking and lowering are one pass: each syntax node is checked once and, when it is well
// typed, emitted as a compiled node with its names resolved (fields to slots, macro variables to
// locals, functions to opcodes). A subexpression that failed gets the `error` type, which every
// consumer accepts silently, so one mistake yields one message rather than a cascade; all
// independent mistakes in an expression are reported. Messages name what was expected and what
// was found, and point at the token responsible.
#include <rigcheck/rules/detail/expression_compiled.hpp>
#include <rigcheck/rules/detail/expression_syntax.hpp>

#include <algorithm>
#include <array>
#include <fmt/format.h>

namespace rigcheck::expr::detail {

namespace {

/// The checker's types: the value types, plus the type of the `null` literal, the type of the
/// empty list literal (a list of either element type) and the type of a failed subexpression.
enum class checked_type : std::uint8_t { boolean, number, string, string_list, number_list, null, empty_list, error };

checked_type checked_from(value_type type) {
    switch (type) {
        case value_type::boolean:
            return checked_type::boolean;
        case value_type::number:
            return checked_type::number;
        case value_type::string:
            return checked_type::string;
        case value_type::string_list:
            return checked_type::string_list;
        case value_type::number_list:
            return checked_type::number_list;
    }
    return checked_type::error;
}

bool is_list(checked_type type) {
    return type == checked_type::string_list || type == checked_type::number_list || type == checked_type::empty_list;
}

/// The type with its article, as messages use it: "a number", "null".
std::string described(checked_type type) {
    switch (type) {
        case checked_type::boolean:
            return "a bool";
        case checked_type::number:
            return "a number";
        case checked_type::string:
            return "a string";
        case checked_type::string_list:
            return "a list<string>";
        case checked_type::number_list:
            return "a list<number>";
        case checked_type::null:
            return "`null`";
        case checked_type::empty_list:
            return "an empty list";
        case checked_type::error:
            return "an invalid value";
    }
    return "a value";
}

/// The common type of two branches or two compared values, when there is one.
std::optional<checked_type> unify(checked_type a, checked_type b) {
    if (a == b) return a;
    if (a == checked_type::null) return b;
    if (b == checked_type::null) return a;
    if (a == checked_type::empty_list && is_list(b)) return b;
    if (b == checked_type::empty_list && is_list(a)) return a;
    return std::nullopt;
}

constexpr std::array<std::string_view, 5> global_functions = {"has", "size", "abs", "min", "max"};
constexpr std::array<std::string_view, 7> method_functions = {"size", "startsWith", "endsWith", "contains",
                                                              "glob", "exists",     "all"};

bool is_global_function(std::string_view name) {
    return std::find(global_functions.begin(), global_functions.end(), name) != global_functions.end();
}
bool is_method(std::string_view name) {
    return std::find(method_functions.begin(), method_functions.end(), name) != method_functions.end();
}

struct checked {
    checked_type type;
    std::uint32_t node; ///< the compiled node; meaningless when type is error
};

class checker {
public:
    checker(const syntax_tree& tree, std::string_view text, const fact_schema& schema, const expression_origin& origin,
            bool allow_display_object, compiled_program& out, std::vector<input_error>& errors)
        : tree_(tree),
          text_(text),
          schema_(schema),
          origin_(origin),
          allow_display_object_(allow_display_object),
          out_(out),
          errors_(errors) {}

    /// Checks the whole tree; returns the root's type, `error` when anything failed.
    checked_type run(std::optional<value_type> expected) {
        const checked root = check(tree_.root, true);
        const bool fits = !expected || root.type == checked_from(*expected) ||
                          (root.type == checked_type::empty_list && is_list(checked_from(*expected)));
        if (root.type != checked_type::error && !fits) {
            const bool wants_condition = *expected == value_type::boolean;
            report(tree_.nodes[tree_.root].start,
                   wants_condition
                       ? fmt::format("a condition must be a bool, but this expression is {}", described(root.type))
                       : fmt::format("expected {}, but this expression is {}", described(checked_from(*expected)),
                                     described(root.type)));
        }
        out_.root = root.node;
        return failed_ ? checked_type::error : root.type;
    }

private:
    // --- emitting ---------------------------------------------------------------------------

    std::uint32_t emit(operation op, std::uint32_t first = 0, std::uint32_t second = 0, std::uint32_t third = 0) {
        compiled_node node;
        node.op = op;
        node.first = first;
        node.second = second;
        node.third = third;
        out_.nodes.push_back(node);
        costs_.push_back(worst_case_steps(node));
        return static_cast<std::uint32_t>(out_.nodes.size() - 1);
    }

    /// Evaluation steps a node may take at most, as far as the expression itself decides: each
    /// operation is a step, a macro runs its predicate once per element of a list literal, and a
    /// list the rig supplies counts as one element, since its size is not known here. A double,
    /// because nested macros multiply and must not wrap around.
    [[nodiscard]] double worst_case_steps(const compiled_node& node) const {
        const auto cost = [&](std::uint32_t child) { return child < costs_.size() ? costs_[child] : 0.0; };
        switch (node.op) {
            case operation::constant:
            case operation::load_fact:
            case operation::load_local:
                return 1.0;
            case operation::is_known:
            case operation::is_unknown:
            case operation::logical_not:
            case operation::negate:
            case operation::absolute:
            case operation::size:
                return 1.0 + cost(node.first);
            case operation::conditional:
                return 1.0 + cost(node.first) + std::max(cost(node.second), cost(node.third));
            case operation::exists:
            case operation::all: {
                double elements = 1.0;
                const compiled_node& receiver = out_.nodes[node.first];
                if (receiver.op == operation::constant) {
                    const value& list = out_.constants[receiver.first];
                    elements =
                        static_cast<double>(std::max(list.as_string_list().size(), list.as_number_list().size()));
                }
                return 1.0 + cost(node.first) + elements * (1.0 + cost(node.second));
            }
            default:
                return 1.0 + cost(node.first) + cost(node.second);
        }
    }

    std::uint32_t emit_constant(value v) {
        out_.constants.push_back(v);
        return emit(operation::constant, static_cast<std::uint32_t>(out_.constants.size() - 1));
    }

    std::uint32_t emit_string(std::string text) {
        out_.strings.push_back(std::move(text));
        return emit_constant(value::of(std::string_view(out_.strings.back())));
    }

    std::uint32_t emit_load(value_type type, std::uint32_t slot) {
        const std::uint32_t node = emit(operation::load_fact, slot);
        out_.nodes[node].type = type;
        return node;
    }

    // --- reporting --------------------------------------------------------------------------

    void report(std::uint32_t offset, std::string message) {
        failed_ = true;
        errors_.push_back(locate(origin_, text_, offset, error_code::expression_type, std::move(message)));
    }

    checked failure(std::uint32_t offset, std::string message) {
        report(offset, std::move(message));
        return failed();
    }

    static checked failed() { return checked{checked_type::error, 0}; }

    [[nodiscard]] const syntax_node& node_at(node_index index) const { return tree_.nodes[index]; }
    [[nodiscard]] std::uint32_t start_of(node_index index) const { return tree_.nodes[index].start; }

    // --- dispatch ---------------------------------------------------------------------------

    checked check(node_index index, bool is_root = false) {
        const syntax_node& node = node_at(index);
        return boost::variant2::visit([&](const auto& kind) { return check_kind(kind, node, index, is_root); },
                                      node.kind);
    }

    checked check_kind(const number_literal& literal, const syntax_node&, node_index, bool) {
        return {checked_type::number, emit_constant(value::of(literal.number))};
    }

    checked check_kind(const string_literal& literal, const syntax_node&, node_index, bool) {
        return {checked_type::string, emit_string(literal.text)};
    }

    checked check_kind(const bool_literal& literal, const syntax_node&, node_index, bool) {
        return {checked_type::boolean, emit_constant(value::of(literal.flag))};
    }

    checked check_kind(const null_literal&, const syntax_node&, node_index, bool) {
        return {checked_type::null, emit_constant(value::unknown())};
    }

    // List literals hold constants only, so that they live in the program and evaluation never
    // has to build a list.
    checked check_kind(const list_literal& list, const syntax_node&, node_index, bool) {
        if (list.count == 0) return {checked_type::empty_list, emit_constant(value::of(std::span<const double>()))};
        std::vector<std::string_view> strings;
        std::vector<double> numbers;
        std::optional<bool> holds_numbers; // decided by the first valid element
        bool ok = true;
        for (std::uint32_t i = 0; i < list.count; ++i) {
            const node_index element = tree_.arguments[list.first + i];
            const auto literal = constant_element(element);
            if (!literal) {
                report(start_of(element),
                       "list elements must be literal numbers or strings, such as "
                       "`['a', 'b']` or `[1, -2.5]`");
                ok = false;
                continue;
            }
            if (!holds_numbers) holds_numbers = literal->is_number;
            if (literal->is_number != *holds_numbers) {
                report(start_of(element),
                       fmt::format("list elements must all have one type, but this {} follows {}",
                                   literal->is_number ? "number" : "string", *holds_numbers ? "numbers" : "strings"));
                ok = false;
                continue;
            }
            if (literal->is_number)
                numbers.push_back(literal->number);
            else
                strings.push_back(literal->text);
        }
        if (!ok) return failed();
        if (*holds_numbers) {
            out_.number_lists.push_back(std::move(numbers));
            return {checked_type::number_list,
                    emit_constant(value::of(std::span<const double>(out_.number_lists.back())))};
        }
        // The views point into the syntax tree; re-point them at strings the program owns.
        std::vector<std::string_view> owned;
        owned.reserve(strings.size());
        for (const std::string_view s : strings) {
            out_.strings.emplace_back(s);
            owned.push_back(out_.strings.back());
        }
        out_.string_lists.push_back(std::move(owned));
        return {checked_type::string_list,
                emit_constant(value::of(std::span<const std::string_view>(out_.string_lists.back())))};
    }

    struct literal_element {
        bool is_number;
        double number;
        std::string_view text;
    };

    [[nodiscard]] std::optional<literal_element> constant_element(node_index index) const {
        const node_kind& kind = node_at(index).kind;
        if (const auto* number = boost::variant2::get_if<number_literal>(&kind)) {
            return literal_element{true, number->number, {}};
        }
        if (const auto* string = boost::variant2::get_if<string_literal>(&kind)) {
            return literal_element{false, 0.0, string->text};
        }
        if (const auto* negated = boost::variant2::get_if<unary>(&kind);
            negated && negated->op == unary_operator::negate) {
            if (const auto* number = boost::variant2::get_if<number_literal>(&node_at(negated->operand).kind)) {
                return literal_element{true, -number->number, {}};
            }
        }
        return std::nullopt;
    }

    // --- names ------------------------------------------------------------------------------

    struct bound_variable {
        std::string_view name;
        checked_type type;
        std::uint16_t local;
    };

    [[nodiscard]] const bound_variable* find_variable(std::string_view name) const {
        for (auto it = scope_.rbegin(); it != scope_.rend(); ++it) {
            if (it->name == name) return &*it;
        }
        return nullptr;
    }

    struct path_component {
        std::string_view name;
        std::uint32_t offset;
    };

    /// The components of `a.b.c` when the node is such a chain rooted at a name that is not a
    /// macro variable; nullopt otherwise.
    [[nodiscard]] std::optional<std::vector<path_component>> collect_path(node_index index) const {
        std::vector<path_component> components;
        while (true) {
            const syntax_node& node = node_at(index);
            if (const auto* m = boost::variant2::get_if<member>(&node.kind)) {
                components.push_back({m->name, node.token});
                index = m->object;
                continue;
            }
            if (const auto* id = boost::variant2::get_if<identifier>(&node.kind)) {
                if (find_variable(id->name)) return std::nullopt;
                components.push_back({id->name, node.token});
                std::reverse(components.begin(), components.end());
                return components;
            }
            return std::nullopt;
        }
    }

    std::string suggestion_for(std::string_view typed) const {
        std::vector<std::string_view> candidates;
        for (const auto& field : schema_.fields()) candidates.push_back(field.name);
        for (const auto& variable : scope_) candidates.push_back(variable.name);
        const std::string nearest = nearest_name(typed, candidates);
        return nearest.empty() ? std::string() : fmt::format("; did you mean `{}`?", nearest);
    }

    checked resolve_path(const std::vector<path_component>& components, bool is_root) {
        std::string full;
        for (const auto& component : components) {
            if (!full.empty()) full += '.';
            full += component.name;
        }
        if (const auto* field = schema_.find_field(full)) {
            return {checked_from(field->type), emit_load(field->type, field->slot)};
        }
        if (schema_.is_object(full)) {
            if (is_root && allow_display_object_) {
                if (const auto* display = schema_.find_display(full)) {
                    return {checked_type::string, emit_load(value_type::string, display->slot)};
                }
            }
            return failure(components.front().offset, object_message(full));
        }
        // Point at the first component that does not name anything.
        std::string prefix;
        for (std::size_t i = 0; i < components.size(); ++i) {
            if (!prefix.empty()) prefix += '.';
            prefix += components[i].name;
            if (const auto* field = schema_.find_field(prefix)) {
                return failure(components[i + 1].offset,
                               fmt::format("`{}` is {} and has no field `{}`", prefix,
                                           described(checked_from(field->type)), components[i + 1].name));
            }
            if (!schema_.is_object(prefix)) {
                return failure(components[i].offset, fmt::format("unknown field `{}`{}", full, suggestion_for(full)));
            }
        }
        return failure(components.front().offset, fmt::format("unknown field `{}`", full));
    }

    [[nodiscard]] std::string object_message(std::string_view object) const {
        std::string example;
        const std::string prefix = std::string(object) + ".";
        for (const auto& field : schema_.fields()) {
            if (field.name.starts_with(prefix)) {
                example = fmt::format(", such as `{}`", field.name);
                break;
            }
        }
        return fmt::format("`{}` is a group of facts, not a value; name one of its fields{}", object, example);
    }

    checked check_kind(const identifier& id, const syntax_node&, node_index index, bool is_root) {
        if (const auto* variable = find_variable(id.name)) {
            const std::uint32_t compiled = emit(operation::load_local);
            out_.nodes[compiled].local = variable->local;
            return {variable->type, compiled};
        }
        return resolve_path(*collect_path(index), is_root);
    }

    checked check_kind(const member& m, const syntax_node& node, node_index index, bool is_root) {
        if (auto components = collect_path(index)) return resolve_path(*components, is_root);
        const checked object = check(m.object);
        if (object.type == checked_type::error) return failed();
        return failure(node.token,
                       fmt::format("{} has no fields, so `.{}` names nothing", described(object.type), m.name));
    }

    checked check_kind(const index_access& access, const syntax_node& node, node_index, bool) {
        const checked object = check(access.object);
        const checked position = check(access.position);
        if (object.type == checked_type::error || position.type == checked_type::error) return failed();
        if (object.type == checked_type::empty_list) {
            return failure(node.token, "an empty list literal has no elements to index");
        }
        if (!is_list(object.type)) {
            return failure(node.token,
                           fmt::format("only lists can be indexed, but this is {}", described(object.type)));
        }
        if (position.type != checked_type::number) {
            return failure(start_of(access.position),
                           fmt::format("a list index must be a number, but this is {}", described(position.type)));
        }
        const checked_type element =
            object.type == checked_type::string_list ? checked_type::string : checked_type::number;
        return {element, emit(operation::index, object.node, position.node)};
    }

    // --- operators --------------------------------------------------------------------------

    checked check_kind(const unary& u, const syntax_node& node, node_index, bool) {
        const checked operand = check(u.operand);
        if (operand.type == checked_type::error) return failed();
        if (u.op == unary_operator::logical_not) {
            if (operand.type != checked_type::boolean) {
                return failure(node.token, fmt::format("operator `!` needs a bool, but its operand is {}",
                                                       described(operand.type)));
            }
            return {checked_type::boolean, emit(operation::logical_not, operand.node)};
        }
        if (operand.type != checked_type::number) {
            return failure(node.token,
                           fmt::format("operator `-` needs a number, but its operand is {}", described(operand.type)));
        }
        return {checked_type::number, emit(operation::negate, operand.node)};
    }

    checked check_kind(const binary& b, const syntax_node& node, node_index, bool) {
        const checked left = check(b.left);
        const checked right = check(b.right);
        if (left.type == checked_type::error || right.type == checked_type::error) return failed();
        const std::string_view op = spelling(b.op);
        const std::uint32_t at = node.token;

        switch (b.op) {
            case binary_operator::equal:
            case binary_operator::not_equal:
                return check_equality(b.op, left, right, at);
            case binary_operator::in:
                return check_in(left, right, at);
            default:
                break;
        }

        if (left.type == checked_type::null || right.type == checked_type::null) {
            return failure(at, fmt::format("`null` cannot be used with `{}`; it can only be compared with `==` or "
                                           "`!=`, or be a branch of `?:`",
                                           op));
        }

        switch (b.op) {
            case binary_operator::logical_and:
            case binary_operator::logical_or: {
                if (left.type != checked_type::boolean || right.type != checked_type::boolean) {
                    const bool left_wrong = left.type != checked_type::boolean;
                    return failure(
                        at, fmt::format("operator `{}` needs bool operands, but the {} operand is {}", op,
                                        left_wrong ? "left" : "right", described(left_wrong ? left.type : right.type)));
                }
                const operation code =
                    b.op == binary_operator::logical_and ? operation::logical_and : operation::logical_or;
                return {checked_type::boolean, emit(code, left.node, right.node)};
            }
            case binary_operator::less:
            case binary_operator::less_equal:
            case binary_operator::greater:
            case binary_operator::greater_equal: {
                const bool both_numbers = left.type == checked_type::number && right.type == checked_type::number;
                const bool both_strings = left.type == checked_type::string && right.type == checked_type::string;
                if (!both_numbers && !both_strings) {
                    if (left.type == right.type) {
                        return failure(at, fmt::format("operator `{}` orders numbers or strings, and cannot order {}s",
                                                       op, type_word(left.type)));
                    }
                    return failure(at, fmt::format("cannot compare {} with {} using `{}`", described(left.type),
                                                   described(right.type), op));
                }
                const operation code = b.op == binary_operator::less         ? operation::less
                                       : b.op == binary_operator::less_equal ? operation::less_equal
                                       : b.op == binary_operator::greater    ? operation::greater
                                                                             : operation::greater_equal;
                return {checked_type::boolean, emit(code, left.node, right.node)};
            }
            default: {
                if (left.type != checked_type::number || right.type != checked_type::number) {
                    const bool strings = left.type == checked_type::string && right.type == checked_type::string &&
                                         b.op == binary_operator::add;
                    return failure(at, fmt::format("operator `{}` needs two numbers, but got {} and {}{}", op,
                                                   described(left.type), described(right.type),
                                                   strings ? "; strings cannot be joined in an expression, but a "
                                                             "message template can interpolate them"
                                                           : ""));
                }
                const operation code = b.op == binary_operator::add        ? operation::add
                                       : b.op == binary_operator::subtract ? operation::subtract
                                       : b.op == binary_operator::multiply ? operation::multiply
                                       : b.op == binary_operator::divide   ? operation::divide
                                                                           : operation::remainder;
                return {checked_type::number, emit(code, left.node, right.node)};
            }
        }
    }

    static std::string type_word(checked_type type) {
        switch (type) {
            case checked_type::boolean:
                return "bool";
            case checked_type::string_list:
            case checked_type::number_list:
            case checked_type::empty_list:
                return "list";
            default:
                return "value";
        }
    }

    checked check_equality(binary_operator op, const checked& left, const checked& right, std::uint32_t at) {
        const bool equal = op == binary_operator::equal;
        const bool left_null = left.type == checked_type::null;
        const bool right_null = right.type == checked_type::null;
        if (left_null && right_null) return {checked_type::boolean, emit_constant(value::of(equal))};
        if (left_null || right_null) {
            // `x == null` asks whether x is unknown; it is the one comparison that an unknown
            // operand does not make false.
            const std::uint32_t operand = left_null ? right.node : left.node;
            return {checked_type::boolean, emit(equal ? operation::is_unknown : operation::is_known, operand)};
        }
        if (!unify(left.type, right.type)) {
            return failure(at, fmt::format("cannot compare {} with {} using `{}`", described(left.type),
                                           described(right.type), spelling(op)));
        }
        return {checked_type::boolean, emit(equal ? operation::equal : operation::not_equal, left.node, right.node)};
    }

    checked check_in(const checked& left, const checked& right, std::uint32_t at) {
        if (right.type == checked_type::string) {
            return failure(at,
                           "`in` needs a list on its right; to look for text inside a string, write "
                           "`text.contains(part)`");
        }
        if (!is_list(right.type)) {
            return failure(at, fmt::format("`in` needs a list on its right, but got {}", described(right.type)));
        }
        const bool fits = (left.type == checked_type::string && right.type != checked_type::number_list) ||
                          (left.type == checked_type::number && right.type != checked_type::string_list);
        if (!fits) {
            return failure(at, fmt::format("cannot look for {} in {}", described(left.type), described(right.type)));
        }
        return {checked_type::boolean, emit(operation::contained_in, left.node, right.node)};
    }

    checked check_kind(const conditional& c, const syntax_node& node, node_index, bool) {
        const checked condition = check(c.condition);
        const checked when_true = check(c.when_true);
        const checked when_false = check(c.when_false);
        if (condition.type == checked_type::error || when_true.type == checked_type::error ||
            when_false.type == checked_type::error) {
            return failed();
        }
        if (condition.type != checked_type::boolean) {
            return failure(start_of(c.condition), fmt::format("the condition of `?:` must be a bool, but it is {}",
                                                              described(condition.type)));
        }
        const auto type = unify(when_true.type, when_false.type);
        if (!type) {
            return failure(node.token, fmt::format("the branches of `?:` must have one type, but they are {} and {}",
                                                   described(when_true.type), described(when_false.type)));
        }
        return {*type, emit(operation::conditional, condition.node, when_true.node, when_false.node)};
    }

    // --- functions --------------------------------------------------------------------------

    [[nodiscard]] node_index argument(const call& c, std::uint32_t i) const { return tree_.arguments[c.first + i]; }

    static std::string arguments_word(std::uint32_t count) {
        return count == 1 ? "1 argument" : fmt::format("{} arguments", count);
    }

    std::optional<checked> check_arity(const call& c, const syntax_node& node, std::uint32_t expected,
                                       std::string_view usage) {
        if (c.count == expected) return std::nullopt;
        return failure(node.token,
                       fmt::format("`{}` takes {}, but {} given; write `{}`", c.function, arguments_word(expected),
                                   c.count == 1 ? std::string("1 was") : fmt::format("{} were", c.count), usage));
    }

    checked check_kind(const call& c, const syntax_node& node, node_index, bool) {
        const std::string_view name = c.function;
        if (c.receiver && (name == "exists" || name == "all")) return check_macro(c, node);

        const bool known = c.receiver ? is_method(name) : is_global_function(name);
        if (!known) {
            if (c.receiver && is_global_function(name)) {
                return failure(node.token,
                               fmt::format("`{}` is a function, not a method; write `{}(...)`", name, name));
            }
            if (!c.receiver && is_method(name)) {
                return failure(node.token, fmt::format("`{}` is a method; write `value.{}(...)`", name, name));
            }
            std::vector<std::string_view> candidates(global_functions.begin(), global_functions.end());
            candidates.insert(candidates.end(), method_functions.begin(), method_functions.end());
            const std::string nearest = nearest_name(name, candidates);
            return failure(node.token,
                           fmt::format("unknown function `{}`{}", name,
                                       nearest.empty() ? std::string() : fmt::format("; did you mean `{}`?", nearest)));
        }

        // Check the operands first, so that mistakes inside them are reported too.
        std::optional<checked> receiver;
        bool operands_failed = false;
        if (c.receiver) {
            receiver = check(*c.receiver);
            operands_failed = receiver->type == checked_type::error;
        }
        std::vector<checked> arguments;
        for (std::uint32_t i = 0; i < c.count; ++i) {
            arguments.push_back(check(argument(c, i)));
            operands_failed = operands_failed || arguments.back().type == checked_type::error;
        }
        if (operands_failed) return failed();

        if (!c.receiver) {
            if (name == "has") return check_has(c, node, arguments);
            if (name == "size") {
                if (auto wrong = check_arity(c, node, 1, "size(list)")) return *wrong;
                return check_size(arguments[0], start_of(argument(c, 0)));
            }
            if (name == "abs") {
                if (auto wrong = check_arity(c, node, 1, "abs(number)")) return *wrong;
                if (auto wrong = require_number(c, arguments, 0)) return *wrong;
                return {checked_type::number, emit(operation::absolute, arguments[0].node)};
            }
            // min and max
            if (auto wrong = check_arity(c, node, 2, fmt::format("{}(a, b)", name))) return *wrong;
            if (auto wrong = require_number(c, arguments, 0)) return *wrong;
            if (auto wrong = require_number(c, arguments, 1)) return *wrong;
            return {checked_type::number, emit(name == "min" ? operation::minimum : operation::maximum,
                                               arguments[0].node, arguments[1].node)};
        }

        if (name == "size") {
            if (auto wrong = check_arity(c, node, 0, "value.size()")) return *wrong;
            return check_size(*receiver, start_of(*c.receiver));
        }
        // startsWith, endsWith, contains, glob: string methods of one string argument.
        if (receiver->type != checked_type::string) {
            std::string hint;
            if (name == "contains" && is_list(receiver->type)) hint = "; to look for an element, write `x in list`";
            return failure(start_of(*c.receiver), fmt::format("`{}` applies to a string, but this is {}{}", name,
                                                              described(receiver->type), hint));
        }
        if (auto wrong =
                check_arity(c, node, 1, fmt::format("text.{}({})", name, name == "glob" ? "pattern" : "part"))) {
            return *wrong;
        }
        if (arguments[0].type != checked_type::string) {
            return failure(start_of(argument(c, 0)), fmt::format("the argument of `{}` must be a string, but it is {}",
                                                                 name, described(arguments[0].type)));
        }
        const operation code = name == "startsWith" ? operation::starts_with
                               : name == "endsWith" ? operation::ends_with
                               : name == "contains" ? operation::contains
                                                    : operation::glob;
        return {checked_type::boolean, emit(code, receiver->node, arguments[0].node)};
    }

    std::optional<checked> require_number(const call& c, const std::vector<checked>& arguments, std::uint32_t i) {
        if (arguments[i].type == checked_type::number) return std::nullopt;
        return failure(start_of(argument(c, i)), fmt::format("`{}` needs number arguments, but this is {}", c.function,
                                                             described(arguments[i].type)));
    }

    checked check_has(const call& c, const syntax_node& node, const std::vector<checked>& arguments) {
        if (auto wrong = check_arity(c, node, 1, "has(field)")) return *wrong;
        if (arguments[0].type == checked_type::null) {
            return failure(start_of(argument(c, 0)), "`has` needs a field or a value, not `null`");
        }
        return {checked_type::boolean, emit(operation::is_known, arguments[0].node)};
    }

    checked check_size(const checked& operand, std::uint32_t at) {
        if (operand.type != checked_type::string && !is_list(operand.type)) {
            return failure(
                at, fmt::format("`size` applies to a list or a string, but this is {}", described(operand.type)));
        }
        return {checked_type::number, emit(operation::size, operand.node)};
    }

    checked check_macro(const call& c, const syntax_node& node) {
        const std::string_view name = c.function;
        const std::string usage = fmt::format("list.{}(x, predicate)", name);
        const checked receiver = check(*c.receiver);
        if (c.count != 2) {
            return failure(
                node.token,
                fmt::format("`{}` takes 2 arguments, a variable name and a predicate; write `{}`", name, usage));
        }
        const node_index variable_node = argument(c, 0);
        const auto* variable = boost::variant2::get_if<identifier>(&node_at(variable_node).kind);
        if (!variable) {
            return failure(start_of(variable_node),
                           fmt::format("the first argument of `{}` must be a variable name; write `{}`", name, usage));
        }

        checked_type element = checked_type::error;
        bool receiver_ok = false;
        if (receiver.type == checked_type::string_list)
            element = checked_type::string;
        else if (receiver.type == checked_type::number_list)
            element = checked_type::number;
        if (element != checked_type::error) {
            receiver_ok = true;
        } else if (receiver.type == checked_type::empty_list) {
            report(start_of(*c.receiver), fmt::format("`{}` over an empty list literal has no element type", name));
        } else if (receiver.type != checked_type::error) {
            report(start_of(*c.receiver),
                   fmt::format("`{}` applies to a list, but this is {}", name, described(receiver.type)));
        }

        // The predicate is checked even when the receiver failed, with the variable typed as
        // `error`, so that its own mistakes are reported without a cascade.
        // Each macro adds at least two levels of height, so nesting stays well below max_locals.
        const auto local = static_cast<std::uint16_t>(scope_.size());
        scope_.push_back(bound_variable{variable->name, element, local});
        const node_index predicate_node = argument(c, 1);
        const checked predicate = check(predicate_node);
        scope_.pop_back();

        if (!receiver_ok || predicate.type == checked_type::error) return failed();
        if (predicate.type != checked_type::boolean) {
            return failure(start_of(predicate_node), fmt::format("the predicate of `{}` must be a bool, but it is {}",
                                                                 name, described(predicate.type)));
        }
        const std::uint32_t compiled =
            emit(name == "exists" ? operation::exists : operation::all, receiver.node, predicate.node);
        out_.nodes[compiled].local = local;
        // Nested macros over list literals multiply: three levels over 100 elements are a million
        // steps. Evaluation would stop at its budget and the rule would never fire, so an
        // expression that can cost more than the budget is refused now, where it was written.
        // The innermost macro that crosses the budget is reported; the ones around it then see
        // a failed predicate and stay silent. The length limit keeps a single crossing below
        // 2000 elements times the budget, so the count prints as an integer.
        if (costs_[compiled] > static_cast<double>(default_step_budget)) {
            failed_ = true;
            const double steps = costs_[compiled];
            errors_.push_back(locate(origin_, text_, node.token, error_code::limit_exceeded,
                                     fmt::format("`{}` may take up to {:.0f} evaluation steps over its list literals, "
                                                 "more than the budget of {}",
                                                 name, steps, default_step_budget)));
            return failed();
        }
        return {checked_type::boolean, compiled};
    }

    const syntax_tree& tree_;
    std::string_view text_;
    const fact_schema& schema_;
    const expression_origin& origin_;
    bool allow_display_object_;
    compiled_program& out_;
    std::vector<input_error>& errors_;
    std::vector<bound_variable> scope_;
    std::vector<double> costs_; ///< worst_case_steps of each node of out_.nodes
    bool failed_ = false;
};

std::optional<value_type> public_type(checked_type type) {
    switch (type) {
        case checked_type::boolean:
            return value_type::boolean;
        case checked_type::number:
            return value_type::number;
        case checked_type::string:
            return value_type::string;
        case checked_type::string_list:
            return value_type::string_list;
        case checked_type::number_list:
            return value_type::number_list;
        // An empty list literal compares equal to an empty list of either kind; report it as one.
        case checked_type::empty_list:
            return value_type::string_list;
        default:
            return std::nullopt;
    }
}

} // namespace

std::optional<program> compile_with(std::string_view text, const fact_schema& schema, const expression_origin& origin,
                                    const compile_options& options, std::vector<input_error>& errors) {
    if (text.size() > max_expression_length) {
        errors.push_back(locate(origin, text, max_expression_length, error_code::limit_exceeded,
                                fmt::format("expression is longer than {} bytes", max_expression_length)));
        return std::nullopt;
    }
    lex_result lexed = tokenize(text);
    if (lexed.error) {
        errors.push_back(locate(origin, text, lexed.error->offset, lexed.error->code, std::move(lexed.error->message)));
        return std::nullopt;
    }
    parse_result parsed = parse(lexed.tokens, text);
    if (parsed.error) {
        errors.push_back(
            locate(origin, text, parsed.error->offset, parsed.error->code, std::move(parsed.error->message)));
        return std::nullopt;
    }
    auto compiled = std::make_shared<compiled_program>();
    compiled->text = std::string(text);
    checker check(parsed.tree, text, schema, origin, options.allow_display_object, *compiled, errors);
    const checked_type type = check.run(options.expected);
    if (type == checked_type::error) return std::nullopt;
    compiled->result_type = type == checked_type::empty_list && options.expected ? options.expected : public_type(type);
    return program_access::make(std::move(compiled));
}

} // namespace rigcheck::expr::detail

namespace rigcheck::expr {

std::optional<program> compile(std::string_view text, const fact_schema& schema, const expression_origin& origin,
                               std::optional<value_type> expected, std::vector<input_error>& errors) {
    return detail::compile_with(text, schema, origin, detail::compile_options{expected, false}, errors);
}

std::optional<value_type> program::result_type() const noexcept {
    return compiled_ ? compiled_->result_type : std::nullopt;
}

std::string_view program::text() const noexcept {
    return compiled_ ? std::string_view(compiled_->text) : std::string_view();
}

} // namespace rigcheck::expr
