// The facts of a batch of subjects of one scope, as the engine's batch conditions read them.
//
// The engine decides each rule for up to `batch_capacity` subjects at a time, one test of the
// condition over all of them before the next, so that what a test costs to dispatch is paid per
// batch and not per subject. A fact is bound for a subject when a test first reads it there, and
// kept in a column of its own type: numbers as doubles (NaN when unknown: no fact is ever
// measured as NaN, and every comparison with it is false, as with unknown in the rule
// language), booleans as -1/0/1, closed-set strings as their code (`fact_definition::spellings`).
// Other strings and lists are kept as expression values, and transient ones (made in a scratch
// buffer) are bound again at every read.
#pragma once

#include "rules/facts.hpp"
#include "rules/subjects.hpp"

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

inline constexpr double unknown_number = std::numeric_limits<double>::quiet_NaN();

class fact_batch {
public:
    /// How a fact's column holds it.
    enum class column_kind : std::uint8_t { number, flag, code, value, transient, param };

    fact_batch(rule_scope scope, const run_data& run, const subject_source& subjects, std::span<const double> params,
               std::uint32_t param_base);

    /// Makes the next batch the subjects [first, first + count); every fact reads as unbound.
    void start(std::size_t first, std::size_t count);
    [[nodiscard]] std::size_t first() const { return first_; }
    [[nodiscard]] std::size_t size() const { return count_; }
    [[nodiscard]] std::size_t slot_count() const { return kinds_.size(); }
    [[nodiscard]] column_kind kind(std::uint32_t slot) const { return kinds_[slot]; }
    [[nodiscard]] std::span<const std::string_view> spellings(std::uint32_t slot) const {
        return definitions_[slot].spellings;
    }

    [[nodiscard]] double number(std::uint32_t slot, batch_index i) {
        if (kinds_[slot] == column_kind::param) return params_[slot - param_base_];
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
        std::vector<std::uint32_t> bound_in;  ///< per subject: the batch it was bound in
        std::vector<double> numbers;
        std::vector<std::int8_t> flags;
        std::vector<std::uint8_t> codes;
        std::vector<expr::value> values;
    };

    void bind(std::uint32_t slot, batch_index i) {
        auto& c = columns_[slot];
        if (c.bound_in[i] != batch_) bind_now(slot, i);
    }
    void bind_now(std::uint32_t slot, batch_index i);
    const subject& subject_at(batch_index i, bool with_ports);

    std::span<const fact_definition> definitions_;
    const run_data& run_;
    const subject_source& subjects_;
    std::span<const double> params_;
    std::uint32_t param_base_;
    std::vector<column_kind> kinds_;
    std::vector<column> columns_;
    std::vector<subject> subject_records_;
    std::vector<std::uint32_t> made_in_;        ///< per subject: the batch its record was made in
    std::vector<std::uint32_t> ports_made_in_;  ///< and its port views
    scratch buffers_;
    std::uint32_t batch_ = 0;
    std::size_t first_ = 0;
    std::size_t count_ = 0;
};

} // namespace rigcheck::rules_detail
