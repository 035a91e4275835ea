// Making batch conditions from compiled programs, and running them over a selection.
#include <rigcheck/rules/detail/batch_condition.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>

namespace rigcheck::rules_detail {

using expr::value_type;
using expr::detail::operation;

void subtract(selection& a, std::span<const batch_index> b) {
    if (b.empty() || a.empty()) return;
    std::size_t kept = 0;
    std::size_t j = 0;
    for (const auto x : a) {
        while (j < b.size() && b[j] < x) ++j;
        if (j < b.size() && b[j] == x) continue;
        a[kept++] = x;
    }
    a.resize(kept);
}

void merge_into(selection& a, std::span<const batch_index> b, selection& spare) {
    if (b.empty()) return;
    if (a.empty()) {
        a.assign(b.begin(), b.end());
        return;
    }
    spare.clear();
    std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(spare));
    a.swap(spare);
}

namespace {

/// Binary arithmetic as the evaluator does it: unknown (NaN) in, unknown out, and a result that
/// is not finite is unknown, as value::of makes it.
template <class Source> double combine(Source kind, double x, double y) {
    if (std::isnan(x) || std::isnan(y)) return unknown_number;
    double result = unknown_number;
    switch (kind) {
        case Source::add:
            result = x + y;
            break;
        case Source::subtract:
            result = x - y;
            break;
        case Source::multiply:
            result = x * y;
            break;
        case Source::divide:
            result = x / y;
            break;
        case Source::remainder:
            result = std::fmod(x, y);
            break;
        case Source::minimum:
            result = std::min(x, y);
            break;
        case Source::maximum:
            result = std::max(x, y);
            break;
        default:
            break;
    }
    return std::isfinite(result) ? result : unknown_number;
}

} // namespace

std::optional<batch_condition> batch_condition::of(const expr::detail::compiled_program& program, std::uint32_t index,
                                                   const column_layout& layout) {
    batch_condition made;
    const auto root = made.convert(program, index, layout);
    if (!root) return std::nullopt;
    made.root_ = *root;
    return made;
}

std::optional<std::uint32_t> batch_condition::convert(const expr::detail::compiled_program& program,
                                                      std::uint32_t index, const column_layout& layout) {
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
                const auto part = convert(program, at, layout);
                if (!part) return false;
                parts.push_back(*part);
                return true;
            };
            if (!flatten(flatten, index)) return std::nullopt;
            made.kind = n.op == operation::logical_and ? op::all : op::any;
            made.first_child = static_cast<std::uint32_t>(children_.size());
            made.child_count = static_cast<std::uint32_t>(parts.size());
            children_.insert(children_.end(), parts.begin(), parts.end());
            return add(made);
        }
        case operation::conditional: {
            // An unknown condition makes the whole unknown rather than picking a branch, so only
            // conditions that are always known (a test, not a bare fact) are taken.
            const auto condition_op = program.nodes[n.first].op;
            if (condition_op == operation::load_fact || condition_op == operation::logical_not ||
                condition_op == operation::constant || condition_op == operation::conditional)
                return std::nullopt;
            const auto condition = convert(program, n.first, layout);
            if (!condition) return std::nullopt;
            const auto yes = convert(program, n.second, layout);
            if (!yes) return std::nullopt;
            const auto no = convert(program, n.third, layout);
            if (!no) return std::nullopt;
            made.kind = op::choose;
            made.a = *condition;
            made.b = *yes;
            made.c = *no;
            return add(made);
        }
        case operation::load_fact:
        case operation::constant: {
            const auto o = operand_of(program, index, layout);
            if (!o || operands_[*o].type != value_type::boolean) return std::nullopt;
            made.kind = op::truthy;
            made.a = *o;
            return add(made);
        }
        case operation::logical_not: {
            if (program.nodes[n.first].op != operation::load_fact) return std::nullopt;
            const auto o = operand_of(program, n.first, layout);
            if (!o || operands_[*o].type != value_type::boolean) return std::nullopt;
            made.kind = op::falsy;
            made.a = *o;
            return add(made);
        }
        case operation::is_known:
        case operation::is_unknown: {
            const auto o = operand_of(program, n.first, layout);
            if (!o) return std::nullopt;
            made.kind = n.op == operation::is_known ? op::known : op::unknown;
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
            const auto a = operand_of(program, n.first, layout);
            if (!a) return std::nullopt;
            const auto b = operand_of(program, n.second, layout);
            if (!b) return std::nullopt;
            const auto ta = operands_[*a].type;
            const auto tb = operands_[*b].type;
            // A `null` constant is left to the evaluator.
            for (const auto o : {*a, *b})
                if (operands_[o].kind == operand::source::constant && operands_[o].constant.is_unknown())
                    return std::nullopt;
            if (n.op == operation::contained_in) {
                const bool strings = ta == value_type::string && tb == value_type::string_list;
                const bool numbers = ta == value_type::number && tb == value_type::number_list;
                if (!strings && !numbers) return std::nullopt;
                made.kind = op::one_of;
            } else if (n.op == operation::equal || n.op == operation::not_equal) {
                const bool scalar = ta == value_type::boolean || ta == value_type::number || ta == value_type::string;
                if (!scalar || ta != tb) return std::nullopt;
                made.kind = n.op == operation::equal ? op::equal : op::not_equal;
            } else {
                // Strings order too, but at a cost in steps by their length; only numbers here.
                if (ta != value_type::number || tb != value_type::number) return std::nullopt;
                made.kind = n.op == operation::less         ? op::less
                            : n.op == operation::less_equal ? op::less_equal
                            : n.op == operation::greater    ? op::greater
                                                            : op::greater_equal;
            }
            made.a = *a;
            made.b = *b;
            as_code_test(made, layout);
            return add(made);
        }
        default:
            return std::nullopt;
    }
}

bool batch_condition::as_code_test(node& made, const column_layout& layout) const {
    if (made.kind != op::equal && made.kind != op::not_equal && made.kind != op::one_of) return false;
    const auto coded = [&](std::uint32_t o) {
        return operands_[o].kind == operand::source::fact && operands_[o].column == fact_batch::column_kind::code;
    };
    const operand& a = operands_[made.a];
    const operand& b = operands_[made.b];
    if (coded(made.a) && coded(made.b) && made.kind != op::one_of) {
        const auto names_a = layout.spellings(a.slot);
        const auto names_b = layout.spellings(b.slot);
        if (names_a.data() != names_b.data()) return false; // codes of different sets do not compare
        made.kind = made.kind == op::equal ? op::codes_equal : op::codes_differ;
        return true;
    }
    // The fact on either side of == and !=, the constant on the other.
    std::uint32_t fact = made.a;
    std::uint32_t constant = made.b;
    if (made.kind != op::one_of && !coded(fact)) std::swap(fact, constant);
    if (!coded(fact) || operands_[constant].kind != operand::source::constant) return false;
    const auto names = layout.spellings(operands_[fact].slot);
    const auto code_of = [&](std::string_view text) -> std::uint64_t {
        for (std::size_t k = 0; k < names.size(); ++k)
            if (names[k] == text) return std::uint64_t{1} << k;
        return 0; // a string the fact never has
    };
    const expr::value& c = operands_[constant].constant;
    std::uint64_t mask = 0;
    if (made.kind == op::one_of) {
        for (const auto text : c.as_string_list()) mask |= code_of(text);
    } else {
        mask = code_of(c.as_string());
        if (made.kind == op::not_equal) mask = ~mask & ((std::uint64_t{1} << names.size()) - 1);
    }
    made.kind = op::code_in;
    made.a = fact;
    made.mask = mask;
    return true;
}

std::optional<std::uint32_t> batch_condition::operand_of(const expr::detail::compiled_program& program,
                                                         std::uint32_t index, const column_layout& layout) {
    const auto& n = program.nodes[index];
    operand made;
    switch (n.op) {
        case operation::load_fact:
            // A slot the batch does not hold reads as unknown in the evaluator; left to it.
            if (n.first >= layout.slot_count()) return std::nullopt;
            made.type = n.type;
            made.slot = n.first;
            made.column = layout.kind(n.first);
            made.kind = operand::source::fact;
            if (made.column == fact_batch::column_kind::param && layout.symbolic_params()) {
                made.kind = operand::source::param;
            } else if (made.column == fact_batch::column_kind::param) {
                // A param is the same for every subject: a constant of the run.
                made.kind = operand::source::constant;
                made.constant = expr::value::of(layout.param(n.first));
                if (made.constant.is_unknown()) return std::nullopt;
            }
            if (made.column == fact_batch::column_kind::code && layout.spellings(n.first).size() > 64)
                return std::nullopt;
            break;
        case operation::constant:
            made.kind = operand::source::constant;
            made.constant = program.constants[n.first];
            if (const auto type = made.constant.type()) made.type = *type;
            break;
        case operation::negate:
        case operation::absolute: {
            const auto a = number_operand(program, n.first, layout);
            if (!a) return std::nullopt;
            made.kind = n.op == operation::negate ? operand::source::negate : operand::source::absolute;
            made.type = value_type::number;
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
            const auto a = number_operand(program, n.first, layout);
            if (!a) return std::nullopt;
            const auto b = number_operand(program, n.second, layout);
            if (!b) return std::nullopt;
            made.kind = n.op == operation::add         ? operand::source::add
                        : n.op == operation::subtract  ? operand::source::subtract
                        : n.op == operation::multiply  ? operand::source::multiply
                        : n.op == operation::divide    ? operand::source::divide
                        : n.op == operation::remainder ? operand::source::remainder
                        : n.op == operation::minimum   ? operand::source::minimum
                                                       : operand::source::maximum;
            made.type = value_type::number;
            made.a = *a;
            made.b = *b;
            // Arithmetic on constants alone (`params.a - params.b`) is made once, here.
            if (operands_[*a].kind == operand::source::constant && operands_[*b].kind == operand::source::constant) {
                const double result =
                    combine(made.kind, operands_[*a].constant.as_number(), operands_[*b].constant.as_number());
                if (!std::isnan(result)) {
                    made = operand{};
                    made.kind = operand::source::constant;
                    made.type = value_type::number;
                    made.constant = expr::value::of(result);
                }
            }
            break;
        }
        default:
            return std::nullopt;
    }
    operands_.push_back(made);
    return static_cast<std::uint32_t>(operands_.size() - 1);
}

std::optional<std::uint32_t> batch_condition::number_operand(const expr::detail::compiled_program& program,
                                                             std::uint32_t index, const column_layout& layout) {
    const auto o = operand_of(program, index, layout);
    if (!o || operands_[*o].type != value_type::number) return std::nullopt;
    if (operands_[*o].kind == operand::source::constant && operands_[*o].constant.is_unknown()) return std::nullopt;
    return o;
}

bool batch_condition::describe_operand(std::uint32_t index, std::string& key) const {
    const operand& o = operands_[index];
    if (o.kind == operand::source::fact) {
        fmt::format_to(std::back_inserter(key), "|f{}:{}", o.slot, static_cast<int>(o.type));
        return true;
    }
    if (o.kind != operand::source::constant) return false;
    const expr::value& v = o.constant;
    fmt::format_to(std::back_inserter(key), "|c{}:", static_cast<int>(o.type));
    // Numbers print in their shortest exact form; strings carry their length, so no two differ alike.
    if (v.has_type(value_type::boolean))
        key += v.as_boolean() ? "1" : "0";
    else if (v.has_type(value_type::number))
        fmt::format_to(std::back_inserter(key), "{}", v.as_number());
    else if (v.has_type(value_type::string))
        fmt::format_to(std::back_inserter(key), "{}:{}", v.as_string().size(), v.as_string());
    for (const auto text : v.as_string_list()) fmt::format_to(std::back_inserter(key), "{}:{},", text.size(), text);
    for (const auto number : v.as_number_list()) fmt::format_to(std::back_inserter(key), "{},", number);
    return true;
}

bool batch_condition::describe(const node& n, std::string& key) const {
    fmt::format_to(std::back_inserter(key), "{}", static_cast<int>(n.kind));
    if (n.kind == op::code_in) {
        fmt::format_to(std::back_inserter(key), "|m{}", n.mask);
        return describe_operand(n.a, key);
    }
    const bool unary = n.kind == op::truthy || n.kind == op::falsy || n.kind == op::known || n.kind == op::unknown;
    return describe_operand(n.a, key) && (unary || describe_operand(n.b, key));
}

void batch_condition::run(std::uint32_t index, std::span<const batch_index> in, bool whole, std::uint32_t batch,
                          fact_batch& facts, shared_tests& shared, selection_pool& pool, selection& held,
                          selection& deferred) const {
    const node& n = nodes_[index];
    switch (n.kind) {
        case op::all: {
            selection current = pool.take();
            current.assign(in.begin(), in.end());
            for (std::uint32_t k = 0; k < n.child_count && !current.empty(); ++k) {
                selection next = pool.take();
                run(children_[n.first_child + k], current, whole && k == 0, batch, facts, shared, pool, next, deferred);
                current.swap(next);
                pool.give(std::move(next));
            }
            held.insert(held.end(), current.begin(), current.end());
            pool.give(std::move(current));
            return;
        }
        case op::any: {
            selection remaining = pool.take();
            remaining.assign(in.begin(), in.end());
            selection result = pool.take();
            selection spare = pool.take();
            for (std::uint32_t k = 0; k < n.child_count && !remaining.empty(); ++k) {
                selection passed = pool.take();
                const auto set_aside = deferred.size();
                run(children_[n.first_child + k], remaining, whole && k == 0, batch, facts, shared, pool, passed,
                    deferred);
                merge_into(result, passed, spare);
                subtract(remaining, passed);
                if (deferred.size() > set_aside) {
                    std::sort(deferred.begin() + static_cast<std::ptrdiff_t>(set_aside), deferred.end());
                    subtract(remaining, std::span<const batch_index>(deferred).subspan(set_aside));
                }
                pool.give(std::move(passed));
            }
            held.insert(held.end(), result.begin(), result.end());
            pool.give(std::move(remaining));
            pool.give(std::move(result));
            pool.give(std::move(spare));
            return;
        }
        case op::choose: {
            selection yes_in = pool.take();
            const auto set_aside = deferred.size();
            run(n.a, in, whole, batch, facts, shared, pool, yes_in, deferred);
            selection no_in = pool.take();
            no_in.assign(in.begin(), in.end());
            subtract(no_in, yes_in);
            if (deferred.size() > set_aside) {
                std::sort(deferred.begin() + static_cast<std::ptrdiff_t>(set_aside), deferred.end());
                subtract(no_in, std::span<const batch_index>(deferred).subspan(set_aside));
            }
            selection yes = pool.take();
            selection no = pool.take();
            if (!yes_in.empty()) run(n.b, yes_in, false, batch, facts, shared, pool, yes, deferred);
            if (!no_in.empty()) run(n.c, no_in, false, batch, facts, shared, pool, no, deferred);
            selection spare = pool.take();
            merge_into(yes, no, spare);
            held.insert(held.end(), yes.begin(), yes.end());
            for (auto* s : {&yes_in, &no_in, &yes, &no, &spare}) pool.give(std::move(*s));
            return;
        }
        default:
            break;
    }
    if (n.shared != 0 && whole) {
        auto& made = shared.at(n.shared);
        if (made.batch != batch) {
            made.held.clear();
            made.deferred.clear();
            test(n, in, facts, pool, made.held, made.deferred);
            made.batch = batch;
        }
        held.insert(held.end(), made.held.begin(), made.held.end());
        deferred.insert(deferred.end(), made.deferred.begin(), made.deferred.end());
        return;
    }
    test(n, in, facts, pool, held, deferred);
}

double batch_condition::number_at(std::uint32_t index, batch_index i, fact_batch& facts) const {
    const operand& o = operands_[index];
    switch (o.kind) {
        case operand::source::fact:
        case operand::source::param:
            return facts.number(o.slot, i);
        case operand::source::constant:
            return o.constant.as_number();
        case operand::source::negate:
        case operand::source::absolute: {
            const double x = number_at(o.a, i, facts);
            return o.kind == operand::source::negate ? -x : std::fabs(x);
        }
        default:
            break;
    }
    const double x = number_at(o.a, i, facts);
    if (std::isnan(x)) return unknown_number;
    return combine(o.kind, x, number_at(o.b, i, facts));
}

expr::value batch_condition::value_at(std::uint32_t index, batch_index i, fact_batch& facts) const {
    const operand& o = operands_[index];
    if (o.kind == operand::source::fact) return facts.value(o.slot, i);
    if (o.kind == operand::source::constant) return o.constant;
    const double x = number_at(index, i, facts);
    return std::isnan(x) ? expr::value() : expr::value::of(x);
}

bool batch_condition::is_known(std::uint32_t index, batch_index i, fact_batch& facts) const {
    const operand& o = operands_[index];
    if (o.kind == operand::source::constant) return !o.constant.is_unknown();
    if (o.kind != operand::source::fact) return !std::isnan(number_at(index, i, facts));
    switch (o.column) {
        case fact_batch::column_kind::number:
        case fact_batch::column_kind::param:
            return !std::isnan(facts.number(o.slot, i));
        case fact_batch::column_kind::flag:
            return facts.flag(o.slot, i) >= 0;
        case fact_batch::column_kind::code:
            return facts.code(o.slot, i) != unknown_code;
        default:
            break;
    }
    return !facts.value(o.slot, i).is_unknown();
}

namespace {

/// Appends the subjects of `in` at the positions where `holds(position)`, without a branch per
/// subject: the outcome of a test on mixed subjects is not predictable.
template <class Holds> void append_where(selection& held, std::span<const batch_index> in, Holds&& holds) {
    const std::size_t before = held.size();
    held.resize(before + in.size());
    batch_index* out = held.data() + before;
    std::size_t kept = 0;
    for (std::size_t k = 0; k < in.size(); ++k) {
        out[kept] = in[k];
        kept += holds(k) ? 1U : 0U;
    }
    held.resize(before + kept);
}

} // namespace

void batch_condition::numbers_of(std::uint32_t index, std::span<const batch_index> in, fact_batch& facts,
                                 selection_pool& pool, std::vector<double>& out) const {
    const operand& o = operands_[index];
    out.resize(in.size());
    switch (o.kind) {
        case operand::source::fact: {
            facts.ensure(o.slot, in);
            const double* column = facts.numbers(o.slot);
            for (std::size_t k = 0; k < in.size(); ++k) out[k] = column[in[k]];
            return;
        }
        case operand::source::constant:
            std::fill(out.begin(), out.end(), o.constant.as_number());
            return;
        case operand::source::param:
            std::fill(out.begin(), out.end(), facts.number(o.slot, 0));
            return;
        case operand::source::negate:
            numbers_of(o.a, in, facts, pool, out);
            for (auto& x : out) x = -x;
            return;
        case operand::source::absolute:
            numbers_of(o.a, in, facts, pool, out);
            for (auto& x : out) x = std::fabs(x);
            return;
        default:
            break;
    }
    numbers_of(o.a, in, facts, pool, out);
    std::vector<double> right = pool.take_numbers();
    numbers_of(o.b, in, facts, pool, right);
    // One loop per operation, so that the operation is not chosen again for every subject.
    const auto each = [&](auto operation) {
        for (std::size_t k = 0; k < in.size(); ++k) {
            const double x = out[k];
            const double y = right[k];
            const double result = operation(x, y);
            out[k] = std::isnan(x) || std::isnan(y) || !std::isfinite(result) ? unknown_number : result;
        }
    };
    switch (o.kind) {
        case operand::source::add:
            each([](double x, double y) { return x + y; });
            break;
        case operand::source::subtract:
            each([](double x, double y) { return x - y; });
            break;
        case operand::source::multiply:
            each([](double x, double y) { return x * y; });
            break;
        case operand::source::divide:
            each([](double x, double y) { return x / y; });
            break;
        default:
            for (std::size_t k = 0; k < in.size(); ++k) out[k] = combine(o.kind, out[k], right[k]);
            break;
    }
    pool.give_numbers(std::move(right));
}

bool batch_condition::compare_with_constant(const node& n, std::span<const batch_index> in, fact_batch& facts,
                                            selection& held) const {
    const operand* fact = &operands_[n.a];
    const operand* constant = &operands_[n.b];
    op kind = n.kind;
    if (fact->kind == operand::source::constant) {
        std::swap(fact, constant);
        // c < x is x > c, and so on; == and != read the same both ways.
        switch (kind) {
            case op::less:
                kind = op::greater;
                break;
            case op::less_equal:
                kind = op::greater_equal;
                break;
            case op::greater:
                kind = op::less;
                break;
            case op::greater_equal:
                kind = op::less_equal;
                break;
            default:
                break;
        }
    }
    if (fact->kind != operand::source::fact || fact->column != fact_batch::column_kind::number ||
        constant->kind != operand::source::constant)
        return false;
    facts.ensure(fact->slot, in);
    const double* x = facts.numbers(fact->slot);
    const double c = constant->constant.as_number();
    switch (kind) {
        case op::less:
            append_where(held, in, [&](std::size_t k) { return x[in[k]] < c; });
            break;
        case op::less_equal:
            append_where(held, in, [&](std::size_t k) { return x[in[k]] <= c; });
            break;
        case op::greater:
            append_where(held, in, [&](std::size_t k) { return x[in[k]] > c; });
            break;
        case op::greater_equal:
            append_where(held, in, [&](std::size_t k) { return x[in[k]] >= c; });
            break;
        case op::equal:
            append_where(held, in, [&](std::size_t k) { return x[in[k]] == c; });
            break;
        default:
            append_where(held, in, [&](std::size_t k) { return !std::isnan(x[in[k]]) && x[in[k]] != c; });
            break;
    }
    return true;
}

void batch_condition::test(const node& n, std::span<const batch_index> in, fact_batch& facts, selection_pool& pool,
                           selection& held, selection& deferred) const {
    const operand& a = operands_[n.a];
    const bool fact = a.kind == operand::source::fact;
    switch (n.kind) {
        case op::code_in: {
            facts.ensure(a.slot, in);
            const std::uint8_t* codes = facts.codes(a.slot);
            const std::uint64_t mask = n.mask;
            append_where(held, in, [&](std::size_t k) {
                const unsigned c = codes[in[k]];
                return c < 64U && ((mask >> c) & 1U) != 0;
            });
            return;
        }
        case op::codes_equal:
        case op::codes_differ: {
            const auto other = operands_[n.b].slot;
            facts.ensure(a.slot, in);
            facts.ensure(other, in);
            const std::uint8_t* x = facts.codes(a.slot);
            const std::uint8_t* y = facts.codes(other);
            const bool want_equal = n.kind == op::codes_equal;
            append_where(held, in, [&](std::size_t k) {
                const auto i = in[k];
                return x[i] != unknown_code && y[i] != unknown_code && (x[i] == y[i]) == want_equal;
            });
            return;
        }
        case op::truthy:
        case op::falsy:
            if (fact && a.column == fact_batch::column_kind::flag) {
                facts.ensure(a.slot, in);
                const std::int8_t* flags = facts.flags(a.slot);
                const std::int8_t want = n.kind == op::truthy ? 1 : 0;
                append_where(held, in, [&](std::size_t k) { return flags[in[k]] == want; });
                return;
            }
            break;
        case op::known:
        case op::unknown: {
            const bool want_known = n.kind == op::known;
            if (a.type == expr::value_type::number && (!fact || a.column == fact_batch::column_kind::number)) {
                std::vector<double> x = pool.take_numbers();
                numbers_of(n.a, in, facts, pool, x);
                append_where(held, in, [&](std::size_t k) { return !std::isnan(x[k]) == want_known; });
                pool.give_numbers(std::move(x));
                return;
            }
            if (fact && a.column == fact_batch::column_kind::flag) {
                facts.ensure(a.slot, in);
                const std::int8_t* flags = facts.flags(a.slot);
                append_where(held, in, [&](std::size_t k) { return (flags[in[k]] >= 0) == want_known; });
                return;
            }
            if (fact && a.column == fact_batch::column_kind::code) {
                facts.ensure(a.slot, in);
                const std::uint8_t* codes = facts.codes(a.slot);
                append_where(held, in, [&](std::size_t k) { return (codes[in[k]] != unknown_code) == want_known; });
                return;
            }
            break;
        }
        case op::less:
        case op::less_equal:
        case op::greater:
        case op::greater_equal:
        case op::equal:
        case op::not_equal: {
            if (a.type != expr::value_type::number) break;
            // NaN stands for unknown: every ordering with it is false, and == and != need both known.
            if (compare_with_constant(n, in, facts, held)) return;
            std::vector<double> x = pool.take_numbers();
            std::vector<double> y = pool.take_numbers();
            numbers_of(n.a, in, facts, pool, x);
            numbers_of(n.b, in, facts, pool, y);
            switch (n.kind) {
                case op::less:
                    append_where(held, in, [&](std::size_t k) { return x[k] < y[k]; });
                    break;
                case op::less_equal:
                    append_where(held, in, [&](std::size_t k) { return x[k] <= y[k]; });
                    break;
                case op::greater:
                    append_where(held, in, [&](std::size_t k) { return x[k] > y[k]; });
                    break;
                case op::greater_equal:
                    append_where(held, in, [&](std::size_t k) { return x[k] >= y[k]; });
                    break;
                case op::equal:
                    append_where(held, in, [&](std::size_t k) { return x[k] == y[k]; });
                    break;
                default:
                    append_where(held, in,
                                 [&](std::size_t k) { return !std::isnan(x[k]) && !std::isnan(y[k]) && x[k] != y[k]; });
                    break;
            }
            pool.give_numbers(std::move(x));
            pool.give_numbers(std::move(y));
            return;
        }
        default:
            break;
    }
    test_values(n, in, facts, held, deferred);
}

void batch_condition::test_values(const node& n, std::span<const batch_index> in, fact_batch& facts, selection& held,
                                  selection& deferred) const {
    const operand& a = operands_[n.a];
    switch (n.kind) {
        case op::truthy:
            for (const auto i : in)
                if (value_at(n.a, i, facts).is_true()) held.push_back(i);
            return;
        case op::falsy:
            for (const auto i : in) {
                const auto v = value_at(n.a, i, facts);
                if (v.has_type(value_type::boolean) && !v.as_boolean()) held.push_back(i);
            }
            return;
        case op::known:
        case op::unknown: {
            const bool want_known = n.kind == op::known;
            for (const auto i : in)
                if (is_known(n.a, i, facts) == want_known) held.push_back(i);
            return;
        }
        default:
            break;
    }
    if (n.kind == op::one_of) {
        for (const auto i : in) {
            const auto list = value_at(n.b, i, facts);
            if (a.type == value_type::number) {
                const double x = number_at(n.a, i, facts);
                if (std::isnan(x) || list.is_unknown()) continue;
                const auto numbers = list.as_number_list();
                if (std::find(numbers.begin(), numbers.end(), x) != numbers.end()) held.push_back(i);
            } else {
                const auto text = value_at(n.a, i, facts);
                if (text.is_unknown() || list.is_unknown()) continue;
                const auto strings = list.as_string_list();
                if (std::find(strings.begin(), strings.end(), text.as_string()) != strings.end()) held.push_back(i);
            }
        }
        return;
    }
    // == and != of two known scalars of one type.
    const bool want_equal = n.kind == op::equal;
    for (const auto i : in) {
        if (a.type == value_type::number) {
            const double x = number_at(n.a, i, facts);
            const double y = number_at(n.b, i, facts);
            if (!std::isnan(x) && !std::isnan(y) && (x == y) == want_equal) held.push_back(i);
            continue;
        }
        const auto x = value_at(n.a, i, facts);
        if (x.is_unknown()) continue;
        const auto y = value_at(n.b, i, facts);
        if (y.is_unknown()) continue;
        if (a.type == value_type::boolean) {
            if ((x.as_boolean() == y.as_boolean()) == want_equal) held.push_back(i);
            continue;
        }
        const auto s = x.as_string();
        const auto t = y.as_string();
        if (std::min(s.size(), t.size()) >= long_string_bytes) {
            deferred.push_back(i);
            continue;
        }
        if ((s == t) == want_equal) held.push_back(i);
    }
}

} // namespace rigcheck::rules_detail
