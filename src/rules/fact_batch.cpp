// Binding facts into the typed columns of a batch.
#include "rules/fact_batch.hpp"

#include <algorithm>

namespace rigcheck::rules_detail {

fact_batch::fact_batch(rule_scope scope, const run_data& run, const subject_source& subjects,
                       std::span<const double> params, std::uint32_t param_base)
    : definitions_(facts_of(scope).facts), run_(run), subjects_(subjects), params_(params), param_base_(param_base) {
    const std::size_t slots = param_base + params.size();
    kinds_.resize(slots, column_kind::param);
    columns_.resize(param_base);
    for (std::uint32_t slot = 0; slot < param_base; ++slot) {
        const fact_definition& f = definitions_[slot];
        auto& c = columns_[slot];
        c.bound_in.assign(batch_capacity, 0);
        if (f.transient) {
            kinds_[slot] = column_kind::transient;
        } else if (!f.spellings.empty()) {
            kinds_[slot] = column_kind::code;
            c.codes.resize(batch_capacity);
        } else if (f.type == expr::value_type::number) {
            kinds_[slot] = column_kind::number;
            c.numbers.resize(batch_capacity);
        } else if (f.type == expr::value_type::boolean) {
            kinds_[slot] = column_kind::flag;
            c.flags.resize(batch_capacity);
        } else {
            kinds_[slot] = column_kind::value;
            c.values.resize(batch_capacity);
        }
    }
    subject_records_.resize(batch_capacity);
    made_in_.assign(batch_capacity, 0);
    ports_made_in_.assign(batch_capacity, 0);
}

void fact_batch::start(std::size_t first, std::size_t count) {
    first_ = first;
    count_ = count;
    if (++batch_ == 0) {
        // The numbering wrapped: clear every mark so that none matches by accident.
        for (auto& c : columns_) std::fill(c.bound_in.begin(), c.bound_in.end(), 0);
        std::fill(made_in_.begin(), made_in_.end(), 0);
        std::fill(ports_made_in_.begin(), ports_made_in_.end(), 0);
        batch_ = 1;
    }
}

const subject& fact_batch::subject_at(batch_index i, bool with_ports) {
    subject& s = subject_records_[i];
    if (made_in_[i] != batch_) {
        s = subject{};
        subjects_.make(first_ + i, s);
        made_in_[i] = batch_;
    }
    if (with_ports && ports_made_in_[i] != batch_) {
        subjects_.make_ports(first_ + i, s);
        ports_made_in_[i] = batch_;
    }
    return s;
}

void fact_batch::bind_now(std::uint32_t slot, batch_index i) {
    const fact_definition& f = definitions_[slot];
    auto& c = columns_[slot];
    const subject& s = subject_at(i, f.reads_ports);
    switch (kinds_[slot]) {
    case column_kind::code: c.codes[i] = bind_code(f, run_, s); break;
    case column_kind::number: {
        const auto v = bind_fact(f, run_, s, buffers_);
        c.numbers[i] = v.is_unknown() ? unknown_number : v.as_number();
        break;
    }
    case column_kind::flag: {
        const auto v = bind_fact(f, run_, s, buffers_);
        c.flags[i] = v.is_unknown() ? std::int8_t{-1} : std::int8_t{v.as_boolean()};
        break;
    }
    case column_kind::value: c.values[i] = bind_fact(f, run_, s, buffers_); break;
    default: break;
    }
    c.bound_in[i] = batch_;
}

expr::value fact_batch::value(std::uint32_t slot, batch_index i) {
    switch (kinds_[slot]) {
    case column_kind::param: return expr::value::of(params_[slot - param_base_]);
    case column_kind::transient: {
        const fact_definition& f = definitions_[slot];
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
        const auto names = definitions_[slot].spellings;
        return k < names.size() ? expr::value::of(names[k]) : expr::value();
    }
    case column_kind::value: bind(slot, i); return columns_[slot].values[i];
    }
    return {};
}

} // namespace rigcheck::rules_detail
