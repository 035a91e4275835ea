// Binding facts into the typed columns of a batch.
#include <rigcheck/rules/detail/fact_batch.hpp>

#include <algorithm>

namespace rigcheck::rules_detail {

column_layout::column_layout(rule_scope scope, std::span<const double> params, std::uint32_t param_base)
    : definitions_(facts_of(scope).facts), params_(params), param_base_(param_base) {
    kinds_.resize(param_base + params.size(), column_kind::param);
    for (std::uint32_t slot = 0; slot < param_base; ++slot) {
        const fact_definition& f = definitions_[slot];
        kinds_[slot] = f.transient                           ? column_kind::transient
                       : f.code != nullptr                   ? column_kind::code
                       : f.type == expr::value_type::number  ? column_kind::number
                       : f.type == expr::value_type::boolean ? column_kind::flag
                                                             : column_kind::value;
    }
}

column_layout column_layout::with_symbolic_params(rule_scope scope, std::size_t param_count, std::uint32_t param_base) {
    column_layout made(scope, {}, param_base);
    made.kinds_.resize(param_base + param_count, column_kind::param);
    made.symbolic_params_ = true;
    return made;
}

fact_batch::fact_batch(const column_layout& layout, const run_data& run, const subject_source& subjects)
    : layout_(layout), run_(run), subjects_(subjects) {
    columns_.resize(layout.param_base());
    // A rig with a few subjects in a scope gets columns of that size, not of a whole batch.
    const std::size_t capacity = std::min(batch_capacity, subjects.count());
    for (std::uint32_t slot = 0; slot < layout.param_base(); ++slot) {
        auto& c = columns_[slot];
        c.bound_in.assign(capacity, 0);
        switch (layout.kind(slot)) {
            case column_kind::code:
                c.codes.resize(capacity);
                break;
            case column_kind::number:
                c.numbers.resize(capacity);
                break;
            case column_kind::flag:
                c.flags.resize(capacity);
                break;
            case column_kind::value:
                c.values.resize(capacity);
                break;
            default:
                break;
        }
    }
    subject_records_.resize(capacity);
    every_.resize(capacity);
    for (std::size_t i = 0; i < capacity; ++i) every_[i] = static_cast<batch_index>(i);
}

void fact_batch::start(std::size_t first, std::size_t count) {
    first_ = first;
    count_ = count;
    if (++batch_ == 0) {
        // The numbering wrapped: clear every mark so that none matches by accident.
        for (auto& c : columns_) {
            std::fill(c.bound_in.begin(), c.bound_in.end(), 0);
            c.whole_in = 0;
        }
        batch_ = 1;
    }
    // A batch whose rules are all decided natively (native_conditions.hpp) binds no fact.
    records_made_ = false;
    ports_made_ = false;
}

void fact_batch::make_records() {
    // `make` sets every field its scope's facts read, so records are reused without clearing.
    subjects_.make_all(first_, std::span<subject>(subject_records_.data(), count_));
    records_made_ = true;
}

void fact_batch::make_ports() {
    if (!records_made_) make_records();
    subjects_.make_all_ports(first_, std::span<subject>(subject_records_.data(), count_));
    ports_made_ = true;
}

void fact_batch::bind_all(std::uint32_t slot, std::span<const batch_index> in) {
    const fact_definition& f = layout_.definition(slot);
    auto& c = columns_[slot];
    if (!records_made_) make_records();
    if (f.reads_ports && !ports_made_) make_ports();
    // A test that reaches half the batch or more binds the whole column in one loop, with no
    // per-subject marks: binding has no effects, and the rest of the batch is likely to be read
    // by another test anyway.
    if (in.size() * 2 >= count_ && (f.code_column || f.number_column || f.flag_column)) {
        const std::span<const batch_index> all(every_.data(), count_);
        if (f.code_column)
            f.code_column(run_, subject_records_.data(), all, c.codes.data());
        else if (f.number_column)
            f.number_column(run_, subject_records_.data(), all, c.numbers.data());
        else
            f.flag_column(run_, subject_records_.data(), all, c.flags.data());
        c.whole_in = batch_;
        return;
    }
    const auto unbound = [&](batch_index i) {
        if (c.bound_in[i] == batch_) return false;
        c.bound_in[i] = batch_;
        return true;
    };
    if (f.code != nullptr) {
        for (const auto i : in)
            if (unbound(i)) c.codes[i] = f.code(run_, subject_records_[i]);
    } else if (f.number != nullptr) {
        for (const auto i : in)
            if (unbound(i)) c.numbers[i] = f.number(run_, subject_records_[i]);
    } else if (f.flag != nullptr) {
        for (const auto i : in)
            if (unbound(i)) c.flags[i] = f.flag(run_, subject_records_[i]);
    } else {
        for (const auto i : in)
            if (c.bound_in[i] != batch_) bind_now(slot, i);
    }
}

void fact_batch::bind_now(std::uint32_t slot, batch_index i) {
    const fact_definition& f = layout_.definition(slot);
    auto& c = columns_[slot];
    const subject& s = subject_at(i, f.reads_ports);
    switch (layout_.kind(slot)) {
        case column_kind::code:
            c.codes[i] = f.code(run_, s);
            break;
        case column_kind::number:
            if (f.number != nullptr) {
                c.numbers[i] = f.number(run_, s);
            } else {
                const auto v = bind_fact(f, run_, s, buffers_);
                c.numbers[i] = v.is_unknown() ? unknown_number : v.as_number();
            }
            break;
        case column_kind::flag:
            if (f.flag != nullptr) {
                c.flags[i] = f.flag(run_, s);
            } else {
                const auto v = bind_fact(f, run_, s, buffers_);
                c.flags[i] = v.is_unknown() ? std::int8_t{-1} : std::int8_t{v.as_boolean()};
            }
            break;
        case column_kind::value:
            c.values[i] = bind_fact(f, run_, s, buffers_);
            break;
        default:
            break;
    }
    c.bound_in[i] = batch_;
}

expr::value fact_batch::value(std::uint32_t slot, batch_index i) {
    switch (layout_.kind(slot)) {
        case column_kind::param:
            return expr::value::of(layout_.param(slot));
        case column_kind::transient: {
            const fact_definition& f = layout_.definition(slot);
            return bind_fact(f, run_, subject_at(i, f.reads_ports), buffers_);
        }
        case column_kind::number: {
            const double x = number(slot, i);
            return std::isnan(x) ? expr::value() : expr::value::of(x);
        }
        case column_kind::flag: {
            const auto b = flag(slot, i);
            return b < 0 ? expr::value() : expr::value::of(b != 0);
        }
        case column_kind::code: {
            const auto k = code(slot, i);
            const auto names = layout_.spellings(slot);
            return k < names.size() ? expr::value::of(names[k]) : expr::value();
        }
        case column_kind::value:
            bind(slot, i);
            return columns_[slot].values[i];
    }
    return {};
}

} // namespace rigcheck::rules_detail
