// The rule engine: evaluates a compiled rule set over an analysed rig (SPEC §9).
//
// The common case, a subject on which no rule fires, is kept cheap in three ways. Conditions
// made of comparisons, `in`, `has()`, arithmetic and the boolean connectives over facts and
// constants (every builtin condition) are decided natively rather than by the evaluator, and a
// test that several rules make (most open with the same `link.kind` test) is made once per
// subject. A subject's facts are bound when a condition first reads them, so a rule rejected by
// its first test costs one fact; the facts only messages and fixes read are bound when a rule
// fires. Where a finding goes (location, subject, related) is made once per subject and shared
// by its findings. Findings are collected with what supersession and `ignore` need (the links a
// finding concerns, the connection it points at) and filtered at the end, in that order: a rule
// that fires silences the rules it supersedes even when the user then ignores it, since the
// lesser finding describes the same fault.
#include <rigcheck/rules/engine.hpp>

#include "rules/expression_compiled.hpp"
#include "rules/rule_set_data.hpp"

#include <rigcheck/analysis/analysis.hpp>
#include <rigcheck/load/suggest.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <unordered_map>

namespace rigcheck {
namespace rules_detail {
namespace {

constexpr std::size_t no_connection = std::numeric_limits<std::size_t>::max();

struct finding {
    diagnostic d;
    std::size_t rule = 0;                       ///< index into compiled::rules
    std::size_t place = 0;                      ///< into engine::placements_: location, subject, related
    std::size_t anchor = no_connection;         ///< the connection the diagnostic points at
    std::uint32_t concern_begin = 0;            ///< into engine::concerns_: link keys it is about
    std::uint32_t concern_count = 0;
    bool silenced = false;                      ///< superseded or ignored
};

/// The part of the rule language that the engine decides natively, without the evaluator:
/// `&&`, `||` and `?:` over tests of facts and constants (a boolean fact or its negation,
/// `has()`, `== null`, `==`, `!=`, numeric orderings, `in` a constant list), where the operands
/// may be arithmetic on numbers. Each node gives exactly what the evaluator makes of it under
/// SPEC §8: unknown operands propagate through arithmetic and make comparisons false, and `&&`,
/// `||` and a rule's condition read anything but a known `true` as false. Its cost in the
/// evaluator's steps is bounded by the expression's length, far inside the step budget, except
/// for comparing very long strings (which the evaluator charges by length): those raise
/// `Facts::long_string`, and the caller hands the condition to the evaluator instead.
class native_condition {
public:
    /// Strings this long are compared by the evaluator, which charges steps by their length. With
    /// shorter ones, no expression within max_expression_length can come near the budget.
    static constexpr std::size_t long_string_bytes = 4096;

    /// Arithmetic on numbers, or a fact or constant of any type.
    struct operand {
        enum class op : std::uint8_t { fact, constant, add, subtract, multiply, divide, remainder, minimum, maximum, negate, absolute };
        op kind = op::constant;
        expr::value_type type = expr::value_type::boolean;
        std::uint32_t slot = 0;   ///< for a fact
        expr::value constant;
        std::uint32_t a = 0, b = 0;  ///< operand indices
    };
    struct node {
        enum class op : std::uint8_t {
            all, any, choose,  // && (children), || (children), first ? second : third
            truthy, falsy, known, unknown, equal, not_equal, one_of, less, less_equal, greater, greater_equal,
        };
        op kind = op::all;
        std::uint32_t a = 0, b = 0, c = 0;  ///< operands of a test, or nodes of `choose`
        std::uint32_t first_child = 0, child_count = 0;  ///< into children_, for `all` and `any`
        std::uint32_t memo = 0;  ///< a test that other conditions of the scope make too: its id, from 1
    };

    /// The native form of the boolean subtree at `index`, or nullopt when some part needs the evaluator.
    static std::optional<native_condition> of(const expr::detail::compiled_program& program, std::uint32_t index) {
        native_condition made;
        const auto root = made.convert(program, index);
        if (!root) return std::nullopt;
        made.root_ = *root;
        return made;
    }

    /// Calls `visit(key, memo)` for every test of facts and constants alone, with a key that is
    /// equal for equal tests, so that the tests several rules make are shared (`assign_memos`).
    template <class Visit>
    void each_shareable_test(Visit&& visit) {
        for (auto& n : nodes_) {
            if (n.kind == node::op::all || n.kind == node::op::any || n.kind == node::op::choose) continue;
            const bool unary = n.kind == node::op::truthy || n.kind == node::op::falsy || n.kind == node::op::known ||
                               n.kind == node::op::unknown;
            std::string key = fmt::format("{}", static_cast<int>(n.kind));
            if (!describe(n.a, key) || (!unary && !describe(n.b, key))) continue;
            visit(key, n.memo);
        }
    }

    /// True when the subtree's value is a known `true`.
    template <class Facts>
    [[nodiscard]] bool holds(Facts& facts) const { return test(root_, facts); }

private:
    using operation = expr::detail::operation;

    std::optional<std::uint32_t> convert(const expr::detail::compiled_program& program, std::uint32_t index) {
        const auto& n = program.nodes[index];
        node made;
        switch (n.op) {
        case operation::logical_and:
        case operation::logical_or: {
            // Both read each side as true or not, so a chain of one operator flattens unchanged.
            std::vector<std::uint32_t> parts;
            const auto flatten = [&](const auto& self, std::uint32_t at) -> bool {
                if (program.nodes[at].op == n.op)
                    return self(self, program.nodes[at].first) && self(self, program.nodes[at].second);
                const auto part = convert(program, at);
                if (!part) return false;
                parts.push_back(*part);
                return true;
            };
            if (!flatten(flatten, index)) return std::nullopt;
            made.kind = n.op == operation::logical_and ? node::op::all : node::op::any;
            made.first_child = static_cast<std::uint32_t>(children_.size());
            made.child_count = static_cast<std::uint32_t>(parts.size());
            children_.insert(children_.end(), parts.begin(), parts.end());
            return add(made);
        }
        case operation::conditional: {
            // An unknown condition makes the whole unknown rather than picking a branch, so only
            // conditions that are always known (not a bare fact) are taken.
            const auto condition_op = program.nodes[n.first].op;
            if (condition_op == operation::load_fact || condition_op == operation::logical_not ||
                condition_op == operation::constant || condition_op == operation::conditional)
                return std::nullopt;
            const auto condition = convert(program, n.first);
            if (!condition) return std::nullopt;
            const auto yes = convert(program, n.second);
            if (!yes) return std::nullopt;
            const auto no = convert(program, n.third);
            if (!no) return std::nullopt;
            made.kind = node::op::choose;
            made.a = *condition;
            made.b = *yes;
            made.c = *no;
            return add(made);
        }
        case operation::load_fact:
        case operation::constant: {
            const auto o = operand_of(program, index);
            if (!o || operands_[*o].type != expr::value_type::boolean) return std::nullopt;
            made.kind = node::op::truthy;
            made.a = *o;
            return add(made);
        }
        case operation::logical_not: {
            if (program.nodes[n.first].op != operation::load_fact) return std::nullopt;
            const auto o = operand_of(program, n.first);
            if (!o || operands_[*o].type != expr::value_type::boolean) return std::nullopt;
            made.kind = node::op::falsy;
            made.a = *o;
            return add(made);
        }
        case operation::is_known:
        case operation::is_unknown: {
            const auto o = operand_of(program, n.first);
            if (!o) return std::nullopt;
            made.kind = n.op == operation::is_known ? node::op::known : node::op::unknown;
            made.a = *o;
            return add(made);
        }
        case operation::equal:
        case operation::not_equal:
        case operation::less:
        case operation::less_equal:
        case operation::greater:
        case operation::greater_equal:
        case operation::contained_in: {
            const auto a = operand_of(program, n.first);
            if (!a) return std::nullopt;
            const auto b = operand_of(program, n.second);
            if (!b) return std::nullopt;
            const auto ta = operands_[*a].type;
            const auto tb = operands_[*b].type;
            // A `null` constant is left to the evaluator.
            for (const auto o : {*a, *b})
                if (operands_[o].kind == operand::op::constant && operands_[o].constant.is_unknown()) return std::nullopt;
            if (n.op == operation::contained_in) {
                const bool strings = ta == expr::value_type::string && tb == expr::value_type::string_list;
                const bool numbers = ta == expr::value_type::number && tb == expr::value_type::number_list;
                if (!strings && !numbers) return std::nullopt;
                made.kind = node::op::one_of;
            } else if (n.op == operation::equal || n.op == operation::not_equal) {
                const bool scalar = ta == expr::value_type::boolean || ta == expr::value_type::number ||
                                    ta == expr::value_type::string;
                if (!scalar || ta != tb) return std::nullopt;
                made.kind = n.op == operation::equal ? node::op::equal : node::op::not_equal;
            } else {
                // Strings order too, but at a cost in steps by their length; only numbers here.
                if (ta != expr::value_type::number || tb != expr::value_type::number) return std::nullopt;
                made.kind = n.op == operation::less         ? node::op::less
                            : n.op == operation::less_equal ? node::op::less_equal
                            : n.op == operation::greater    ? node::op::greater
                                                            : node::op::greater_equal;
            }
            made.a = *a;
            made.b = *b;
            return add(made);
        }
        default: return std::nullopt;
        }
    }

    std::optional<std::uint32_t> operand_of(const expr::detail::compiled_program& program, std::uint32_t index) {
        const auto& n = program.nodes[index];
        operand made;
        switch (n.op) {
        case operation::load_fact:
            made.kind = operand::op::fact;
            made.type = n.type;
            made.slot = n.first;
            break;
        case operation::constant:
            made.kind = operand::op::constant;
            made.constant = program.constants[n.first];
            if (const auto type = made.constant.type()) made.type = *type;
            break;
        case operation::negate:
        case operation::absolute: {
            const auto a = number_operand(program, n.first);
            if (!a) return std::nullopt;
            made.kind = n.op == operation::negate ? operand::op::negate : operand::op::absolute;
            made.type = expr::value_type::number;
            made.a = *a;
            break;
        }
        case operation::add:
        case operation::subtract:
        case operation::multiply:
        case operation::divide:
        case operation::remainder:
        case operation::minimum:
        case operation::maximum: {
            const auto a = number_operand(program, n.first);
            if (!a) return std::nullopt;
            const auto b = number_operand(program, n.second);
            if (!b) return std::nullopt;
            made.kind = n.op == operation::add        ? operand::op::add
                        : n.op == operation::subtract ? operand::op::subtract
                        : n.op == operation::multiply ? operand::op::multiply
                        : n.op == operation::divide   ? operand::op::divide
                        : n.op == operation::remainder ? operand::op::remainder
                        : n.op == operation::minimum  ? operand::op::minimum
                                                      : operand::op::maximum;
            made.type = expr::value_type::number;
            made.a = *a;
            made.b = *b;
            break;
        }
        default: return std::nullopt;
        }
        operands_.push_back(made);
        return static_cast<std::uint32_t>(operands_.size() - 1);
    }

    std::optional<std::uint32_t> number_operand(const expr::detail::compiled_program& program, std::uint32_t index) {
        const auto o = operand_of(program, index);
        if (!o || operands_[*o].type != expr::value_type::number) return std::nullopt;
        if (operands_[*o].kind == operand::op::constant && operands_[*o].constant.is_unknown()) return std::nullopt;
        return o;
    }

    /// Appends an exact description of a fact or constant operand; false for arithmetic.
    [[nodiscard]] bool describe(std::uint32_t index, std::string& key) const {
        const operand& o = operands_[index];
        if (o.kind == operand::op::fact) {
            fmt::format_to(std::back_inserter(key), "|f{}:{}", o.slot, static_cast<int>(o.type));
            return true;
        }
        if (o.kind != operand::op::constant) return false;
        const expr::value& v = o.constant;
        fmt::format_to(std::back_inserter(key), "|c{}:", static_cast<int>(o.type));
        // Numbers print in their shortest exact form; strings carry their length, so no two differ alike.
        if (v.has_type(expr::value_type::boolean)) key += v.as_boolean() ? "1" : "0";
        else if (v.has_type(expr::value_type::number)) fmt::format_to(std::back_inserter(key), "{}", v.as_number());
        else if (v.has_type(expr::value_type::string))
            fmt::format_to(std::back_inserter(key), "{}:{}", v.as_string().size(), v.as_string());
        for (const auto text : v.as_string_list()) fmt::format_to(std::back_inserter(key), "{}:{},", text.size(), text);
        for (const auto number : v.as_number_list()) fmt::format_to(std::back_inserter(key), "{},", number);
        return true;
    }

    std::uint32_t add(const node& n) {
        nodes_.push_back(n);
        return static_cast<std::uint32_t>(nodes_.size() - 1);
    }

    /// Facts and constants are read inline; only arithmetic recurses.
    template <class Facts>
    [[nodiscard]] expr::value read(std::uint32_t index, Facts& facts) const {
        const operand& o = operands_[index];
        if (o.kind == operand::op::fact) {
            if (o.slot >= facts.size()) return {};
            const expr::value& fact = facts.get(o.slot);
            return fact.has_type(o.type) ? fact : expr::value();
        }
        if (o.kind == operand::op::constant) return o.constant;
        return compute(o, facts);
    }

    template <class Facts>
    [[nodiscard]] expr::value compute(const operand& o, Facts& facts) const {
        switch (o.kind) {
        case operand::op::negate:
        case operand::op::absolute: {
            const expr::value a = read(o.a, facts);
            if (a.is_unknown()) return a;
            return expr::value::of(o.kind == operand::op::negate ? -a.as_number() : std::fabs(a.as_number()));
        }
        default: break;
        }
        const expr::value left = read(o.a, facts);
        if (left.is_unknown()) return left;
        const expr::value right = read(o.b, facts);
        if (right.is_unknown()) return right;
        const double x = left.as_number();
        const double y = right.as_number();
        // value::of turns a non-finite result into unknown, as the evaluator does.
        switch (o.kind) {
        case operand::op::add: return expr::value::of(x + y);
        case operand::op::subtract: return expr::value::of(x - y);
        case operand::op::multiply: return expr::value::of(x * y);
        case operand::op::divide: return expr::value::of(x / y);
        case operand::op::remainder: return expr::value::of(std::fmod(x, y));
        case operand::op::minimum: return expr::value::of(std::min(x, y));
        case operand::op::maximum: return expr::value::of(std::max(x, y));
        default: break;
        }
        return {};
    }

    /// `==` as the evaluator decides it for the scalar types admitted.
    static bool same(const expr::value& a, const expr::value& b) {
        if (a.has_type(expr::value_type::boolean))
            return b.has_type(expr::value_type::boolean) && a.as_boolean() == b.as_boolean();
        if (a.has_type(expr::value_type::number)) return a.as_number() == b.as_number();
        return a.as_string() == b.as_string();
    }

    /// `&&`, `||` and `?:` recurse; the tests under them are made inline.
    template <class Facts>
    [[nodiscard]] bool test(std::uint32_t index, Facts& facts) const {
        const node& n = nodes_[index];
        switch (n.kind) {
        case node::op::all:
            for (std::uint32_t i = 0; i < n.child_count; ++i) {
                const auto child = children_[n.first_child + i];
                if (!(is_leaf(child) ? leaf(nodes_[child], facts) : test(child, facts))) return false;
            }
            return true;
        case node::op::any:
            for (std::uint32_t i = 0; i < n.child_count; ++i) {
                const auto child = children_[n.first_child + i];
                if (is_leaf(child) ? leaf(nodes_[child], facts) : test(child, facts)) return true;
            }
            return false;
        case node::op::choose: return test(test(n.a, facts) ? n.b : n.c, facts);
        default: return leaf(n, facts);
        }
    }

    [[nodiscard]] bool is_leaf(std::uint32_t index) const {
        const auto kind = nodes_[index].kind;
        return kind != node::op::all && kind != node::op::any && kind != node::op::choose;
    }

    /// A test that other rules share is made once per subject.
    template <class Facts>
    [[nodiscard]] bool leaf(const node& n, Facts& facts) const {
        if (n.memo == 0) return decide_leaf(n, facts);
        if (facts.memo_at[n.memo] == facts.subject_number) return facts.memo_value[n.memo] != 0;
        const bool result = decide_leaf(n, facts);
        if (!facts.long_string) {
            facts.memo_at[n.memo] = facts.subject_number;
            facts.memo_value[n.memo] = result ? 1 : 0;
        }
        return result;
    }

    template <class Facts>
    [[nodiscard]] bool decide_leaf(const node& n, Facts& facts) const {
        switch (n.kind) {
        case node::op::truthy: return read(n.a, facts).is_true();
        case node::op::falsy: {
            const expr::value a = read(n.a, facts);
            return a.has_type(expr::value_type::boolean) && !a.as_boolean();
        }
        case node::op::known: return !read(n.a, facts).is_unknown();
        case node::op::unknown: return read(n.a, facts).is_unknown();
        default: break;
        }
        const expr::value a = read(n.a, facts);
        if (a.is_unknown()) return false;
        const expr::value b = read(n.b, facts);
        if (b.is_unknown()) return false;
        switch (n.kind) {
        case node::op::equal:
        case node::op::not_equal:
            if (a.has_type(expr::value_type::string) &&
                std::min(a.as_string().size(), b.as_string().size()) >= long_string_bytes) {
                facts.long_string = true;
                return false;
            }
            return same(a, b) == (n.kind == node::op::equal);
        case node::op::one_of: {
            if (a.has_type(expr::value_type::string)) {
                const auto strings = b.as_string_list();
                return std::find(strings.begin(), strings.end(), a.as_string()) != strings.end();
            }
            const auto numbers = b.as_number_list();
            return std::find(numbers.begin(), numbers.end(), a.as_number()) != numbers.end();
        }
        case node::op::less: return a.as_number() < b.as_number();
        case node::op::less_equal: return a.as_number() <= b.as_number();
        case node::op::greater: return a.as_number() > b.as_number();
        case node::op::greater_equal: return a.as_number() >= b.as_number();
        default: break;
        }
        return false;
    }

    std::vector<node> nodes_;
    std::vector<operand> operands_;
    std::vector<std::uint32_t> children_;
    std::uint32_t root_ = 0;
};

/// A condition as the engine runs it. When all of it is native it is decided natively; else its
/// leading conjuncts that are native are tested first, in evaluation order up to the first that
/// is not, so a condition they reject is one whose evaluation would have stopped at that same
/// conjunct, within budget and false; only the rest goes to the evaluator.
struct fast_condition {
    std::optional<native_condition> whole;
    std::vector<native_condition> leading;
    const expr::program* program = nullptr;
    std::vector<std::uint32_t> slots;  ///< every slot the program reads, bound before it runs

    static fast_condition of(const expr::program& p) {
        using expr::detail::operation;
        fast_condition made;
        made.program = &p;
        const auto* compiled = expr::detail::program_access::get(p);
        if (compiled == nullptr || compiled->nodes.empty()) return made;
        for (const auto& node : compiled->nodes)
            if (node.op == operation::load_fact) made.slots.push_back(node.first);
        made.whole = native_condition::of(*compiled, compiled->root);
        if (made.whole) return made;
        const auto& nodes = compiled->nodes;
        std::vector<std::uint32_t> conjuncts;
        const auto flatten = [&](const auto& self, std::uint32_t index) -> void {
            if (nodes[index].op == operation::logical_and) {
                self(self, nodes[index].first);
                self(self, nodes[index].second);
            } else {
                conjuncts.push_back(index);
            }
        };
        flatten(flatten, compiled->root);
        for (const auto conjunct : conjuncts) {
            auto native = native_condition::of(*compiled, conjunct);
            if (!native) break;
            made.leading.push_back(std::move(*native));
        }
        return made;
    }
};

/// Where a firing rule's diagnostic goes and what it is about; made only when a rule fires.
struct placement {
    source_location location;
    std::string subject;
    std::size_t anchor = no_connection;
    std::vector<related_location> related;
    std::size_t uses = 0;  ///< findings that point here; the last one takes the strings
};

class engine {
public:
    engine(const rule_set::compiled& data, const analysed_rig& analysed, rule_run& out)
        : data_(data), run_(analysed), out_(out) {
        for (std::size_t scope = 0; scope < scope_count; ++scope)
            for (const auto& rule : data_.scopes[scope].rules) {
                rule_conditions conditions{fast_condition::of(rule.when), {}};
                for (const auto& exemption : rule.unless) conditions.unless.push_back(fast_condition::of(exemption.second));
                fast_[scope].push_back(std::move(conditions));
            }
        assign_memos();
    }

    void run() {
        run_connections();
        run_paths();
        run_ports();
        run_devices();
        run_rig();
        run_cycles();
        finish();
    }

private:
    // ---------------------------------------------------------------------------------------------
    // Evaluation

    /// The fact array of a scope, with the params in place; reused for every subject.
    std::vector<expr::value>& facts_for(rule_scope scope) {
        auto& facts = facts_[scope_index(scope)];
        if (facts.empty()) {
            const auto& compiled = data_.scopes[scope_index(scope)];
            facts.resize(compiled.param_base + data_.param_values.size());
            for (std::size_t i = 0; i < data_.param_values.size(); ++i)
                facts[compiled.param_base + i] = expr::value::of(data_.param_values[i]);
        }
        return facts;
    }

    /// The facts of one subject, each bound when first read: most conditions fail on their first
    /// test, so most of the facts the scope's conditions could read are never needed. A slot is
    /// bound when its mark equals the subject's number; params stay bound throughout.
    struct lazy_facts {
        std::vector<expr::value>& values;
        std::vector<std::uint32_t>& bound_at;
        std::uint32_t subject_number;
        std::uint32_t param_base;
        const std::vector<fact_definition>& definitions;
        const run_data& run;
        const subject& s;
        scratch& buffers;
        std::vector<std::uint32_t>& memo_at;  ///< per shared test: the subject number it was made for
        std::vector<std::uint8_t>& memo_value;
        bool long_string = false;  ///< a native test met a string too long to compare natively

        [[nodiscard]] std::size_t size() const { return values.size(); }
        const expr::value& get(std::uint32_t slot) {
            if (slot < param_base && bound_at[slot] != subject_number) {
                values[slot] = bind_fact(definitions[slot], run, s, buffers);
                bound_at[slot] = subject_number;
            }
            return values[slot];
        }
        void bind(std::span<const std::uint32_t> slots) {
            for (const auto slot : slots)
                if (slot < values.size()) get(slot);
        }
    };

    /// Gives the tests that more than one condition of a scope makes a shared id, so that each is
    /// made once per subject: most builtin rules open with a `link.kind` test, many with the same.
    void assign_memos() {
        for (std::size_t scope = 0; scope < scope_count; ++scope) {
            const auto each = [&](auto&& visit) {
                for (auto& rule : fast_[scope]) {
                    const auto in = [&](fast_condition& c) {
                        if (c.whole) c.whole->each_shareable_test(visit);
                        for (auto& conjunct : c.leading) conjunct.each_shareable_test(visit);
                    };
                    in(rule.when);
                    for (auto& exemption : rule.unless) in(exemption);
                }
            };
            std::unordered_map<std::string, std::uint32_t> uses;
            each([&](const std::string& key, std::uint32_t&) { ++uses[key]; });
            std::unordered_map<std::string, std::uint32_t> ids;
            each([&](const std::string& key, std::uint32_t& memo) {
                if (uses[key] < 2) return;
                memo = ids.try_emplace(key, static_cast<std::uint32_t>(ids.size() + 1)).first->second;
            });
            memo_at_[scope].assign(ids.size() + 1, 0);
            memo_value_[scope].assign(ids.size() + 1, 0);
        }
    }

    enum class outcome : std::uint8_t { fails, holds, budget_exceeded };

    /// A condition's truth for the subject; a spent budget is counted and reads as not firing.
    outcome decide(const fast_condition& condition, lazy_facts& facts) {
        facts.long_string = false;
        if (condition.whole) {
            const bool holds = condition.whole->holds(facts);
            if (!facts.long_string) return holds ? outcome::holds : outcome::fails;
        } else {
            for (const auto& conjunct : condition.leading)
                if (!conjunct.holds(facts)) {
                    if (!facts.long_string) return outcome::fails;
                    break;
                }
        }
        facts.bind(condition.slots);
        const auto result = expr::evaluate(*condition.program, facts.values);
        if (result.budget_exceeded) {
            ++out_.budget_exceeded;
            return outcome::budget_exceeded;
        }
        return result.result.is_true() ? outcome::holds : outcome::fails;
    }

    template <class Place, class Concerns>
    void evaluate(rule_scope scope, const subject& s, Place&& place, Concerns&& concerns) {
        const auto& compiled = data_.scopes[scope_index(scope)];
        const auto& definitions = facts_of(scope).facts;
        auto& values = facts_for(scope);
        auto& bound_at = bound_at_[scope_index(scope)];
        auto& memo_at = memo_at_[scope_index(scope)];
        if (bound_at.size() != compiled.param_base || ++subject_number_ == 0) {
            // First use, or the numbering wrapped: no slot counts as bound, no test as made.
            bound_at.assign(compiled.param_base, 0);
            std::fill(memo_at.begin(), memo_at.end(), 0);
            subject_number_ = 1;
        }
        lazy_facts facts{values, bound_at, subject_number_, compiled.param_base, definitions, run_, s, scratch_,
                         memo_at, memo_value_[scope_index(scope)]};
        bool fully_bound = false;
        std::optional<std::size_t> where;
        const auto& fast = fast_[scope_index(scope)];
        for (std::size_t r = 0; r < compiled.rules.size(); ++r) {
            const auto& rule = compiled.rules[r];
            if (decide(fast[r].when, facts) != outcome::holds) continue;
            std::optional<std::size_t> exempted_by;
            for (std::size_t e = 0; e < rule.unless.size(); ++e) {
                if (decide(fast[r].unless[e], facts) == outcome::holds) {
                    exempted_by = rule.unless[e].first;
                    break;
                }
            }
            if (!where) {
                where = placements_.size();
                placements_.push_back(place());
            }
            placement& here = placements_[*where];
            const auto& info = data_.rules[rule.info];
            if (exempted_by) {
                out_.exempted.push_back({info.id, data_.exemptions[*exempted_by].id, here.location, here.subject});
                continue;
            }
            if (!fully_bound) {
                facts.bind(compiled.condition_slots);
                facts.bind(compiled.template_slots);
                fully_bound = true;
            }
            finding f;
            f.rule = rule.info;
            f.anchor = here.anchor;
            f.place = *where;
            ++here.uses;
            f.d.rule = info.id;
            f.d.severity = rule.level;
            f.d.message = expr::render(rule.message, values);
            f.d.scope = scope;
            f.d.fix = expr::render(rule.fix, values);
            f.concern_begin = static_cast<std::uint32_t>(concerns_.size());
            concerns(concerns_);
            f.concern_count = static_cast<std::uint32_t>(concerns_.size() - f.concern_begin);
            findings_.push_back(std::move(f));
        }
    }

    [[nodiscard]] bool scope_active(rule_scope scope) const { return !data_.scopes[scope_index(scope)].rules.empty(); }

    [[nodiscard]] source_location at(source_position position) const {
        return {run_.model().file, position.line, position.column};
    }

    void run_connections() {
        if (!scope_active(rule_scope::connection)) return;
        const rig& r = run_.model();
        const auto& links = run_.links();
        const auto signals = run_.analysed().signals();
        subject s;
        for (std::size_t i = 0; i < links.links.size(); ++i) {
            const link& l = links.links[i];
            s.link_of = &l;
            s.conflict = nullptr;
            s.signal = i < signals.size() ? &signals[i] : nullptr;
            s.connection_of = &r.connections[l.connection];
            s.source = run_.view(l.source, l.source_face);
            s.dest = run_.view(l.destination, l.destination_face);
            evaluate(rule_scope::connection, s,
                     [&] { return connection_placement(l.connection, l.source, l.destination); },
                     [&](std::vector<std::size_t>& into) { into.push_back(i); });
        }
        for (std::size_t i = 0; i < links.conflicts.size(); ++i) {
            const direction_conflict& c = links.conflicts[i];
            s.link_of = nullptr;
            s.conflict = &c;
            s.signal = nullptr;
            s.connection_of = &r.connections[c.connection];
            s.source = run_.view(c.first, std::nullopt);
            s.dest = run_.view(c.second, std::nullopt);
            const std::size_t key = links.links.size() + i;
            evaluate(rule_scope::connection, s, [&] { return connection_placement(c.connection, c.first, c.second); },
                     [&](std::vector<std::size_t>& into) { into.push_back(key); });
        }
    }

    placement connection_placement(std::size_t connection_index, port_ref from, port_ref to) const {
        const rig& r = run_.model();
        const connection& conn = r.connections[connection_index];
        placement p;
        p.location = at(conn.position);
        const std::string_view from_device = r.devices[from.device].id;
        const std::string_view from_port = r.port_at(from).id;
        const std::string_view to_device = r.devices[to.device].id;
        const std::string_view to_port = r.port_at(to).id;
        // "device.port -> device.port", as rig::port_name spells each end, in one allocation.
        p.subject.reserve(from_device.size() + from_port.size() + to_device.size() + to_port.size() + 6);
        p.subject.append(from_device).append(".").append(from_port).append(" -> ");
        p.subject.append(to_device).append(".").append(to_port);
        p.anchor = connection_index;
        for (const auto& end : conn.ends)
            if (end.port == to && end.position.known()) {
                std::string note;
                note.reserve(to_device.size() + to_port.size() + 18);
                note.append("the destination, ").append(to_device).append(".").append(to_port);
                p.related.push_back({at(end.position), std::move(note)});
            }
        return p;
    }

    void run_paths() {
        if (!scope_active(rule_scope::path)) return;
        const rig& r = run_.model();
        const auto& links = run_.links().links;
        subject s;
        for (const auto& path : run_.analysed().paths()) {
            if (path.links.empty()) continue;
            const link& last = links[path.links.back()];
            s.path = &path;
            s.source = run_.view(path.source, std::nullopt);
            s.dest = run_.view(path.sink, last.destination_face);
            evaluate(
                rule_scope::path, s,
                [&] {
                    placement p;
                    p.location = at(r.connections[last.connection].position);
                    p.subject = fmt::format("{} -> {}", r.port_name(path.source), r.port_name(path.sink));
                    p.anchor = last.connection;
                    return p;
                },
                [&](std::vector<std::size_t>& into) { into.insert(into.end(), path.links.begin(), path.links.end()); });
        }
        if (run_.analysed().paths_truncated()) report_path_limit();
    }

    /// A ladder of splitters has exponentially many paths, so enumeration stops at its limit
    /// (SPEC §13). Path-scope rules then saw only some paths, and a clean report would overstate
    /// what was checked, so the cut is reported rather than passed over.
    void report_path_limit() {
        // Configured like any rule through its builtin entry (rules/path-limit/): `off` silences it.
        const auto entry = data_.rule_index.find("path-limit");
        const rule_info* info = entry == data_.rule_index.end() ? nullptr : &data_.rules[entry->second];
        if (info != nullptr && !info->effective_severity) return;
        const rig& r = run_.model();
        std::vector<std::string_view> path_rules;
        for (const auto& rule : data_.scopes[scope_index(rule_scope::path)].rules)
            path_rules.push_back(data_.rules[rule.info].id);
        std::sort(path_rules.begin(), path_rules.end());
        path_rules.erase(std::unique(path_rules.begin(), path_rules.end()), path_rules.end());
        diagnostic d;
        d.rule = "path-limit";
        d.severity = info ? *info->effective_severity : severity::warning;
        d.scope = rule_scope::rig;
        d.location = {r.file, 1, 1};
        d.subject = r.file.empty() ? r.name : r.file;
        d.message = fmt::format(
            "path enumeration stopped at the limit of {} source-to-sink paths; the path-scope rules ({}) "
            "were checked on those paths only",
            run_.analysed().paths().size(), fmt::join(path_rules, ", "));
        d.fix = "Split the rig into smaller files, or remove parallel routes that split and merge again: each "
                "split-and-merge stage doubles the number of paths";
        notices_.push_back(std::move(d));
    }

    void run_ports() {
        if (!scope_active(rule_scope::port)) return;
        const rig& r = run_.model();
        subject s;
        for (std::size_t d = 0; d < r.devices.size(); ++d) {
            const auto port_total = r.gear_of(r.devices[d]).ports.size();
            s.device_index = d;
            for (std::size_t p = 0; p < port_total; ++p) {
                const port_ref ref{d, p};
                s.source = run_.view(ref, run_.arriving_face(ref));
                evaluate(
                    rule_scope::port, s,
                    [&] {
                        placement where;
                        where.location = at(r.devices[d].position);
                        where.subject = r.port_name(ref);
                        return where;
                    },
                    [](std::vector<std::size_t>&) {});
            }
        }
    }

    void run_devices() {
        if (!scope_active(rule_scope::device)) return;
        const rig& r = run_.model();
        subject s;
        for (std::size_t d = 0; d < r.devices.size(); ++d) {
            s.device_index = d;
            evaluate(
                rule_scope::device, s,
                [&] {
                    placement where;
                    where.location = at(r.devices[d].position);
                    where.subject = r.devices[d].id;
                    return where;
                },
                [](std::vector<std::size_t>&) {});
        }
    }

    void run_rig() {
        if (!scope_active(rule_scope::rig)) return;
        const rig& r = run_.model();
        subject s;
        evaluate(
            rule_scope::rig, s,
            [&] {
                placement where;
                where.location = {r.file, 1, 1};
                where.subject = r.file.empty() ? r.name : r.file;
                return where;
            },
            [](std::vector<std::size_t>&) {});
    }

    void run_cycles() {
        if (!scope_active(rule_scope::cycle)) return;
        const rig& r = run_.model();
        const auto& links = run_.links().links;
        subject s;
        for (const auto& cycle : run_.analysed().cycles()) {
            if (cycle.links.empty()) continue;
            s.cycle = &cycle;
            evaluate(
                rule_scope::cycle, s,
                [&] {
                    // Connections are held in file order, so the lowest index is the first written.
                    std::size_t first = links[cycle.links.front()].connection;
                    for (const auto index : cycle.links) first = std::min(first, links[index].connection);
                    placement where;
                    where.location = at(r.connections[first].position);
                    where.subject = std::string(bind_fact(facts_of(rule_scope::cycle).facts.front(), run_, s, scratch_)
                                                    .as_string());
                    where.anchor = first;
                    return where;
                },
                [&](std::vector<std::size_t>& into) { into.insert(into.end(), cycle.links.begin(), cycle.links.end()); });
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Supersession, ignores and unused ignores

    [[nodiscard]] std::span<const std::size_t> concerns_of(const finding& f) const {
        return {concerns_.data() + f.concern_begin, f.concern_count};
    }

    void supersede() {
        std::vector<std::size_t> superseding;
        for (std::size_t i = 0; i < findings_.size(); ++i)
            if (!data_.rules[findings_[i].rule].supersedes.empty()) superseding.push_back(i);
        if (superseding.empty()) return;
        // Findings by the links they concern; findings about a port, device or the rig by subject.
        // Only the links and subjects of superseding findings can silence anything, so only
        // findings that share one of those are indexed.
        std::unordered_map<std::size_t, std::vector<std::size_t>> by_link;
        std::unordered_map<std::string, std::vector<std::size_t>> by_subject;
        for (const auto i : superseding) {
            const auto keys = concerns_of(findings_[i]);
            if (keys.empty()) by_subject.try_emplace(subject_key(findings_[i]));
            for (const auto key : keys) by_link.try_emplace(key);
        }
        for (std::size_t i = 0; i < findings_.size(); ++i) {
            const auto keys = concerns_of(findings_[i]);
            if (keys.empty() && !by_subject.empty()) {
                if (const auto found = by_subject.find(subject_key(findings_[i])); found != by_subject.end())
                    found->second.push_back(i);
            }
            for (const auto key : keys)
                if (const auto found = by_link.find(key); found != by_link.end()) found->second.push_back(i);
        }
        for (const auto i : superseding) {
            const auto& silenced_rules = data_.rules[findings_[i].rule].supersedes;
            const auto silence = [&](const std::vector<std::size_t>& candidates) {
                for (const auto j : candidates)
                    if (j != i && std::find(silenced_rules.begin(), silenced_rules.end(), findings_[j].d.rule) !=
                                      silenced_rules.end())
                        findings_[j].silenced = true;
            };
            const auto keys = concerns_of(findings_[i]);
            if (keys.empty()) {
                if (const auto found = by_subject.find(subject_key(findings_[i])); found != by_subject.end())
                    silence(found->second);
            }
            for (const auto key : keys)
                if (const auto found = by_link.find(key); found != by_link.end()) silence(found->second);
        }
    }

    [[nodiscard]] std::string subject_key(const finding& f) const {
        return fmt::format("{}\n{}", to_string(f.d.scope), placements_[f.place].subject);
    }

    void finish() {
        supersede();
        const rig& r = run_.model();
        // Findings by the connection they point at, for the connections that have ignores.
        std::unordered_map<std::size_t, std::vector<std::size_t>> at_connection;
        for (std::size_t i = 0; i < findings_.size(); ++i) {
            const auto anchor = findings_[i].anchor;
            if (anchor != no_connection && !r.connections[anchor].ignores.empty() && !findings_[i].silenced)
                at_connection[anchor].push_back(i);
        }
        std::vector<diagnostic> unused;
        for (std::size_t c = 0; c < r.connections.size(); ++c) {
            const connection& conn = r.connections[c];
            if (conn.ignores.empty()) continue;
            const auto found = at_connection.find(c);
            for (const auto& entry : conn.ignores) {
                bool used = false;
                if (found != at_connection.end())
                    for (const auto i : found->second)
                        if (findings_[i].d.rule == entry.rule) {
                            findings_[i].silenced = true;
                            used = true;
                        }
                if (!used) report_unused(conn, c, entry, unused);
            }
        }
        out_.diagnostics.reserve(out_.diagnostics.size() + findings_.size() + unused.size());
        for (auto& f : findings_) {
            // A subject's placement is shared by its findings; the last one takes its strings.
            placement& where = placements_[f.place];
            const bool last = --where.uses == 0;
            if (f.silenced) continue;
            if (last) {
                f.d.location = std::move(where.location);
                f.d.subject = std::move(where.subject);
                f.d.related = std::move(where.related);
            } else {
                f.d.location = where.location;
                f.d.subject = where.subject;
                f.d.related = where.related;
            }
            out_.diagnostics.push_back(std::move(f.d));
        }
        for (auto& d : unused) out_.diagnostics.push_back(std::move(d));
        for (auto& d : notices_) out_.diagnostics.push_back(std::move(d));
    }

    void report_unused(const connection& conn, std::size_t index, const ignore_entry& entry, std::vector<diagnostic>& into) {
        const rig& r = run_.model();
        const auto rule = data_.rule_index.find("unused-ignore");
        const rule_info* info = rule == data_.rule_index.end() ? nullptr : &data_.rules[rule->second];
        if (info != nullptr && !info->effective_severity) return;
        diagnostic d;
        d.rule = "unused-ignore";
        d.severity = info ? *info->effective_severity : severity::info;
        d.scope = info ? info->scope : rule_scope::connection;
        d.location = at(entry.position.known() ? entry.position : conn.position);
        const auto& links = run_.links();
        if (index < links.links_of_connection.size() && !links.links_of_connection[index].empty()) {
            const link& l = links.links.at(links.links_of_connection[index].front());
            d.subject = fmt::format("{} -> {}", r.port_name(l.source), r.port_name(l.destination));
        } else if (!conn.ends.empty()) {
            d.subject = fmt::format("{} -> {}", r.port_name(conn.ends.front().port), r.port_name(conn.ends.back().port));
        }
        if (data_.rule_index.count(entry.rule)) {
            d.message = fmt::format("this `ignore` of `{}` suppressed nothing on {}", entry.rule, d.subject);
        } else {
            std::vector<std::string_view> ids;
            for (const auto& known : data_.rules) ids.push_back(known.id);
            std::sort(ids.begin(), ids.end());
            d.message = fmt::format("this `ignore` names `{}`, which is not a rule, so it suppresses nothing{}",
                                    entry.rule, did_you_mean(entry.rule, ids));
        }
        d.fix = info && !info->fix.empty() ? info->fix : std::string("Remove the `ignore` entry");
        into.push_back(std::move(d));
    }

    /// The `when` and `unless` conditions of a compiled rule, in the same order.
    struct rule_conditions {
        fast_condition when;
        std::vector<fast_condition> unless;
    };

    const rule_set::compiled& data_;
    std::array<std::vector<rule_conditions>, scope_count> fast_;
    run_data run_;
    rule_run& out_;
    std::array<std::vector<expr::value>, scope_count> facts_;
    std::array<std::vector<std::uint32_t>, scope_count> bound_at_;
    std::array<std::vector<std::uint32_t>, scope_count> memo_at_;
    std::array<std::vector<std::uint8_t>, scope_count> memo_value_;
    std::uint32_t subject_number_ = 0;
    scratch scratch_;
    std::vector<finding> findings_;
    std::vector<placement> placements_;
    std::vector<std::size_t> concerns_;
    std::vector<diagnostic> notices_;  ///< raised by the engine itself, beyond any rule's reach
};

} // namespace
} // namespace rules_detail

rule_run run_rules(const rule_set& rules, const analysed_rig& rig) {
    rule_run result;
    rules_detail::engine(rules.internal(), rig, result).run();
    return result;
}

} // namespace rigcheck
