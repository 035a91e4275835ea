// Conditions decided over a batch of subjects at once, without the expression evaluator.
//
// The part of the rule language handled here: `&&`, `||` and `?:` over tests of facts and
// constants (a boolean fact or its negation, `has()`, `== null`, `==`, `!=`, numeric orderings,
// `in` a constant list), where operands may be arithmetic on numbers. Every builtin condition is
// of this form. A test runs over a selection of the batch and keeps the subjects it holds for,
// so `&&` narrows the selection test by test and a later test only reads the facts of the
// subjects that got that far, as short-circuit evaluation would. Each test gives exactly what
// the evaluator makes of it under docs/analysis.md: unknown operands propagate through arithmetic and
// make comparisons false, and `&&`, `||` and a condition read anything but a known `true` as
// false. A closed-set string fact is tested by its code, against constants turned into codes
// once, when the condition is made.
//
// The evaluator charges steps by length when it compares strings, so two strings of
// `long_string_bytes` or more are not compared here: such a subject is set aside ("deferred")
// and the caller decides it with the evaluator, within its step budget. Within the bound on
// expression length no other test comes near that budget.
#pragma once

#include <rigcheck/rules/detail/expression_compiled.hpp>
#include <rigcheck/rules/detail/fact_batch.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace rigcheck::rules_detail {

/// Scratch selections and number buffers, reused across tests so that deciding a batch
/// allocates nothing once they have grown.
class selection_pool {
public:
    selection take() {
        if (free_.empty()) return {};
        selection s = std::move(free_.back());
        free_.pop_back();
        s.clear();
        return s;
    }
    void give(selection&& s) { free_.push_back(std::move(s)); }
    std::vector<double> take_numbers() {
        if (free_numbers_.empty()) return {};
        std::vector<double> s = std::move(free_numbers_.back());
        free_numbers_.pop_back();
        return s;
    }
    void give_numbers(std::vector<double>&& s) { free_numbers_.push_back(std::move(s)); }

private:
    std::vector<selection> free_;
    std::vector<std::vector<double>> free_numbers_;
};

/// Tests that several conditions of a scope open with (most builtin rules open with the same
/// `link.kind` test): the result of each over the batch's whole selection, made once per batch.
class shared_tests {
public:
    void resize(std::size_t count) { results_.assign(count, {}); }
    struct result {
        std::uint32_t batch = 0;
        selection held;
        selection deferred;
    };
    result& at(std::uint32_t id) { return results_[id]; }

private:
    std::vector<result> results_;
};

class batch_condition {
public:
    static constexpr std::size_t long_string_bytes = 4096;

    /// The batch form of the boolean subtree at `index`, or nullopt when some part needs the
    /// evaluator. `layout` tells how each slot's column holds its fact.
    static std::optional<batch_condition> of(const expr::detail::compiled_program& program, std::uint32_t index,
                                             const column_layout& layout);

    /// Calls `visit(key, id)` for every test of facts and constants alone, with a key that is
    /// equal for equal tests, so that tests made by several conditions can share an id (from 1).
    template <class Visit> void each_shareable_test(Visit&& visit) {
        for (auto& n : nodes_) {
            if (n.kind == op::all || n.kind == op::any || n.kind == op::choose) continue;
            std::string key;
            if (!describe(n, key)) continue;
            visit(key, n.shared);
        }
    }

    /// Keeps the subjects of `in` on which the condition is a known `true` in `held`; subjects it
    /// cannot decide go to `deferred` (neither held nor not). `whole`: `in` is the batch's whole
    /// selection, whose shared test results are kept for the batch `batch`.
    void filter(std::span<const batch_index> in, bool whole, std::uint32_t batch, fact_batch& facts,
                shared_tests& shared, selection_pool& pool, selection& held, selection& deferred) const {
        run(root_, in, whole, batch, facts, shared, pool, held, deferred);
    }

    /// Spells the C++ call that binds the fact at a slot, or nullopt when it has none.
    using fact_spelling = std::function<std::optional<std::string>(std::uint32_t slot)>;

    /// Appends the condition as one C++ expression of type bool that holds for a subject exactly
    /// when `filter` would keep it, for the native conditions compiled ahead of time
    /// (native_conditions.hpp): facts are read through `fact`, params as `params[i]`, the i-th
    /// param of `layout`. False, with `out` unspecified, when some part has no such form: a
    /// string compared as text, a list fact, a fact without a typed binder.
    [[nodiscard]] bool write_cpp(std::string& out, const column_layout& layout, const fact_spelling& fact) const;

private:
    enum class op : std::uint8_t {
        all,
        any,
        choose, // && (children), || (children), first ? second : third
        truthy,
        falsy,
        known,
        unknown,
        equal,
        not_equal,
        one_of,
        less,
        less_equal,
        greater,
        greater_equal,
        code_in, // a closed-set fact's code is in `mask`
        codes_equal,
        codes_differ,
    };
    struct operand {
        /// `param`: a param of a layout with symbolic params, only in conditions written as C++.
        enum class source : std::uint8_t {
            fact,
            constant,
            param,
            add,
            subtract,
            multiply,
            divide,
            remainder,
            minimum,
            maximum,
            negate,
            absolute
        };
        source kind = source::constant;
        expr::value_type type = expr::value_type::boolean;
        fact_batch::column_kind column = fact_batch::column_kind::value; ///< for a fact
        std::uint32_t slot = 0;
        expr::value constant;
        std::uint32_t a = 0, b = 0; ///< operand indices of arithmetic
    };
    struct node {
        op kind = op::all;
        std::uint32_t a = 0, b = 0, c = 0;              ///< operands of a test, or nodes of `choose`
        std::uint32_t first_child = 0, child_count = 0; ///< into children_, for `all` and `any`
        std::uint64_t mask = 0;                         ///< code_in: the codes that hold
        std::uint32_t shared = 0;                       ///< a test other conditions make too: its id, from 1
    };

    std::optional<std::uint32_t> convert(const expr::detail::compiled_program& program, std::uint32_t index,
                                         const column_layout& layout);
    std::optional<std::uint32_t> operand_of(const expr::detail::compiled_program& program, std::uint32_t index,
                                            const column_layout& layout);
    std::optional<std::uint32_t> number_operand(const expr::detail::compiled_program& program, std::uint32_t index,
                                                const column_layout& layout);
    /// A test of a closed-set fact against a constant, as a code mask; false when not one.
    bool as_code_test(node& made, const column_layout& layout) const;
    [[nodiscard]] bool describe(const node& n, std::string& key) const;
    [[nodiscard]] bool describe_operand(std::uint32_t index, std::string& key) const;
    std::uint32_t add(const node& n) {
        nodes_.push_back(n);
        return static_cast<std::uint32_t>(nodes_.size() - 1);
    }

    void run(std::uint32_t index, std::span<const batch_index> in, bool whole, std::uint32_t batch, fact_batch& facts,
             shared_tests& shared, selection_pool& pool, selection& held, selection& deferred) const;
    void test(const node& n, std::span<const batch_index> in, fact_batch& facts, selection_pool& pool, selection& held,
              selection& deferred) const;
    /// The value of a number operand for each subject of `in`, in the same order (NaN: unknown).
    void numbers_of(std::uint32_t index, std::span<const batch_index> in, fact_batch& facts, selection_pool& pool,
                    std::vector<double>& out) const;
    /// An ordering, == or != of a number fact and a constant, straight from the fact's column;
    /// false when the test is not of that shape.
    bool compare_with_constant(const node& n, std::span<const batch_index> in, fact_batch& facts,
                               selection& held) const;
    /// Tests made element by element through expression values: the rare shapes.
    void test_values(const node& n, std::span<const batch_index> in, fact_batch& facts, selection& held,
                     selection& deferred) const;
    [[nodiscard]] double number_at(std::uint32_t index, batch_index i, fact_batch& facts) const;
    [[nodiscard]] expr::value value_at(std::uint32_t index, batch_index i, fact_batch& facts) const;
    [[nodiscard]] bool is_known(std::uint32_t index, batch_index i, fact_batch& facts) const;
    bool write_node_cpp(std::uint32_t index, std::string& out, const column_layout& layout,
                        const fact_spelling& fact) const;
    bool write_operand_cpp(std::uint32_t index, std::string& out, const column_layout& layout,
                           const fact_spelling& fact) const;

    std::vector<node> nodes_;
    std::vector<operand> operands_;
    std::vector<std::uint32_t> children_;
    std::uint32_t root_ = 0;
};

/// `a` minus the members of `b`; both ascending.
void subtract(selection& a, std::span<const batch_index> b);
/// The union of `a` and `b`, both ascending, into `a`; `spare` is scratch.
void merge_into(selection& a, std::span<const batch_index> b, selection& spare);

} // namespace rigcheck::rules_detail
