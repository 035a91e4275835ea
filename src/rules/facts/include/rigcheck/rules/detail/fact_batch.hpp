// The facts of a batch of subjects of one scope, as the engine's batch conditions read them.
//
// The engine decides each rule for up to `batch_capacity` subjects at a time, one test of the
// condition over all of them before the next, so that what a test costs to dispatch is paid per
// batch and not per subject. A fact is bound when a test first reads it: for the whole batch in
// one loop when the test reaches half of it or more, else for just the subjects it reaches. It is
// kept in a column of its own type: numbers as doubles (NaN when unknown: no fact is ever
// measured as NaN, and every comparison with it is false, as with unknown in the rule
// language), booleans as -1/0/1, closed-set strings as their code (`fact_definition::spellings`).
// Other strings and lists are kept as expression values, and transient ones (made in a scratch
// buffer) are bound again at every read.
#pragma once

#include <rigcheck/rules/detail/facts.hpp>
#include <rigcheck/rules/detail/subjects.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace rigcheck::rules_detail {

inline constexpr std::size_t batch_capacity = 1024;
/// A subject's place in its batch.
using batch_index = std::uint16_t;
static_assert(batch_capacity - 1 <= std::numeric_limits<batch_index>::max());

/// A set of subjects of the batch, ascending.
using selection = std::vector<batch_index>;

/// How each slot of a scope holds its fact in a batch, and the params' values: the same for
/// every run of a rule set, so made once with it (engine.cpp).
class column_layout {
public:
    enum class column_kind : std::uint8_t { number, flag, code, value, transient, param };

    column_layout(rule_scope scope, std::span<const double> params, std::uint32_t param_base);

    /// A layout whose params are not folded into the conditions made with it but stay symbolic,
    /// for conditions written out as C++ ahead of time (native_conditions.hpp), whose params are
    /// read when they run.
    static column_layout with_symbolic_params(rule_scope scope, std::size_t param_count, std::uint32_t param_base);
    [[nodiscard]] bool symbolic_params() const { return symbolic_params_; }

    [[nodiscard]] std::size_t slot_count() const { return kinds_.size(); }
    [[nodiscard]] column_kind kind(std::uint32_t slot) const { return kinds_[slot]; }
    [[nodiscard]] const fact_definition& definition(std::uint32_t slot) const { return definitions_[slot]; }
    [[nodiscard]] std::span<const std::string_view> spellings(std::uint32_t slot) const {
        return definitions_[slot].spellings;
    }
    [[nodiscard]] std::uint32_t param_base() const { return param_base_; }
    [[nodiscard]] double param(std::uint32_t slot) const { return params_[slot - param_base_]; }

private:
    std::span<const fact_definition> definitions_;
    std::span<const double> params_;
    bool symbolic_params_ = false;
    std::uint32_t param_base_;
    std::vector<column_kind> kinds_;
};

class fact_batch {
public:
    /// How a fact's column holds it.
    using column_kind = column_layout::column_kind;

    fact_batch(const column_layout& layout, const run_data& run, const subject_source& subjects);

    /// Makes the next batch the subjects [first, first + count); every fact reads as unbound.
    void start(std::size_t first, std::size_t count);
    [[nodiscard]] std::size_t size() const { return count_; }
    [[nodiscard]] std::size_t slot_count() const { return layout_.slot_count(); }

    /// Binds `slot` for every subject of `in` that does not have it yet, so that a test can then
    /// read the column straight; params and transient facts have no column.
    void ensure(std::uint32_t slot, std::span<const batch_index> in) {
        const auto k = layout_.kind(slot);
        if (k == column_kind::param || k == column_kind::transient) return;
        auto& c = columns_[slot];
        if (c.whole_in == batch_) return;
        bind_all(slot, in);
        // The first selection of a batch is every subject in it.
        if (in.size() == count_) c.whole_in = batch_;
    }
    [[nodiscard]] const double* numbers(std::uint32_t slot) const { return columns_[slot].numbers.data(); }
    [[nodiscard]] const std::int8_t* flags(std::uint32_t slot) const { return columns_[slot].flags.data(); }
    [[nodiscard]] const std::uint8_t* codes(std::uint32_t slot) const { return columns_[slot].codes.data(); }

    [[nodiscard]] double number(std::uint32_t slot, batch_index i) {
        if (layout_.kind(slot) == column_kind::param) return layout_.param(slot);
        bind(slot, i);
        return columns_[slot].numbers[i];
    }
    [[nodiscard]] std::int8_t flag(std::uint32_t slot, batch_index i) {
        bind(slot, i);
        return columns_[slot].flags[i];
    }
    [[nodiscard]] std::uint8_t code(std::uint32_t slot, batch_index i) {
        bind(slot, i);
        return columns_[slot].codes[i];
    }
    /// Any fact or param as the evaluator reads it. A transient value stays valid until this
    /// fact is read again.
    [[nodiscard]] expr::value value(std::uint32_t slot, batch_index i);

private:
    struct column {
        std::vector<std::uint32_t> bound_in; ///< per subject: the batch it was bound in
        std::uint32_t whole_in = 0;          ///< the batch in which every subject was bound
        std::vector<double> numbers;
        std::vector<std::int8_t> flags;
        std::vector<std::uint8_t> codes;
        std::vector<expr::value> values;
    };

    void bind(std::uint32_t slot, batch_index i) {
        auto& c = columns_[slot];
        if (c.whole_in != batch_ && c.bound_in[i] != batch_) bind_now(slot, i);
    }
    void bind_now(std::uint32_t slot, batch_index i);
    /// Binds `slot` for the subjects of `in` that do not have it yet.
    void bind_all(std::uint32_t slot, std::span<const batch_index> in);
    const subject& subject_at(batch_index i, bool with_ports) {
        if (!records_made_) make_records();
        if (with_ports && !ports_made_) make_ports();
        return subject_records_[i];
    }
    void make_records();
    void make_ports();

    const column_layout& layout_;
    const run_data& run_;
    const subject_source& subjects_;
    std::vector<column> columns_;
    std::vector<subject> subject_records_; ///< made when a fact of the batch is first bound
    std::vector<batch_index> every_;       ///< 0, 1, 2, ...: every subject of a batch
    bool records_made_ = false;
    bool ports_made_ = false; ///< their port views too, made when a fact first needs them
    scratch buffers_;
    std::uint32_t batch_ = 0;
    std::size_t first_ = 0;
    std::size_t count_ = 0;
};

} // namespace rigcheck::rules_detail
