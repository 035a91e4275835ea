// Writing batch conditions out as C++, for the native conditions of the builtin pack
// (native_conditions.hpp). Each operation is written as the expression that gives, for one
// subject, what its batch test gives for a selection, with the same reading of unknown: NaN for
// numbers, -1 for flags, unknown_code for codes (fact_batch.hpp). The helpers the expressions
// call are in native_conditions.hpp.
#include <rigcheck/rules/detail/batch_condition.hpp>

#include <fmt/format.h>

#include <cmath>
#include <iterator>

namespace rigcheck::rules_detail {

namespace {

/// A double literal that reads back as exactly `x`.
std::string number_literal(double x) {
    std::string text = fmt::format("{}", x);
    if (text.find_first_of(".e") == std::string::npos) text += ".0";
    return text;
}

} // namespace

bool batch_condition::write_cpp(std::string& out, const column_layout& layout, const fact_spelling& fact) const {
    return write_node_cpp(root_, out, layout, fact);
}

bool batch_condition::write_operand_cpp(std::uint32_t index, std::string& out, const column_layout& layout,
                                        const fact_spelling& fact) const {
    const operand& o = operands_[index];
    const auto binary = [&](std::string_view helper) {
        out += "native::";
        out += helper;
        out += '(';
        if (!write_operand_cpp(o.a, out, layout, fact)) return false;
        out += ", ";
        if (!write_operand_cpp(o.b, out, layout, fact)) return false;
        out += ')';
        return true;
    };
    switch (o.kind) {
        case operand::source::fact: {
            const auto call = fact(o.slot);
            if (!call) return false;
            out += *call;
            return true;
        }
        case operand::source::param:
            fmt::format_to(std::back_inserter(out), "params[{}]", o.slot - layout.param_base());
            return true;
        case operand::source::constant: {
            const expr::value& v = o.constant;
            if (v.has_type(expr::value_type::number)) {
                const double x = v.as_number();
                if (!std::isfinite(x)) return false;
                out += number_literal(x);
                return true;
            }
            if (v.has_type(expr::value_type::boolean)) {
                // A boolean constant is compared as a flag.
                out += v.as_boolean() ? "std::int8_t{1}" : "std::int8_t{0}";
                return true;
            }
            return false;
        }
        case operand::source::negate:
            out += "(-";
            if (!write_operand_cpp(o.a, out, layout, fact)) return false;
            out += ')';
            return true;
        case operand::source::absolute:
            out += "std::fabs(";
            if (!write_operand_cpp(o.a, out, layout, fact)) return false;
            out += ')';
            return true;
        case operand::source::add:
            return binary("add");
        case operand::source::subtract:
            return binary("subtract");
        case operand::source::multiply:
            return binary("multiply");
        case operand::source::divide:
            return binary("divide");
        case operand::source::remainder:
            return binary("remainder");
        case operand::source::minimum:
            return binary("minimum");
        case operand::source::maximum:
            return binary("maximum");
    }
    return false;
}

bool batch_condition::write_node_cpp(std::uint32_t index, std::string& out, const column_layout& layout,
                                     const fact_spelling& fact) const {
    const node& n = nodes_[index];
    const auto operand_column = [&](std::uint32_t o) {
        return operands_[o].kind == operand::source::fact ? operands_[o].column : fact_batch::column_kind::number;
    };
    const auto call = [&](std::string_view helper, std::initializer_list<std::uint32_t> args) {
        out += "native::";
        out += helper;
        out += '(';
        bool first = true;
        for (const auto a : args) {
            if (!first) out += ", ";
            first = false;
            if (!write_operand_cpp(a, out, layout, fact)) return false;
        }
        out += ')';
        return true;
    };
    switch (n.kind) {
        case op::all:
        case op::any: {
            out += '(';
            for (std::uint32_t k = 0; k < n.child_count; ++k) {
                if (k > 0) out += n.kind == op::all ? " && " : " || ";
                if (!write_node_cpp(children_[n.first_child + k], out, layout, fact)) return false;
            }
            out += ')';
            return true;
        }
        case op::choose:
            out += '(';
            if (!write_node_cpp(n.a, out, layout, fact)) return false;
            out += " ? ";
            if (!write_node_cpp(n.b, out, layout, fact)) return false;
            out += " : ";
            if (!write_node_cpp(n.c, out, layout, fact)) return false;
            out += ')';
            return true;
        case op::truthy:
        case op::falsy: {
            const operand& a = operands_[n.a];
            const bool flag = (a.kind == operand::source::fact && a.column == fact_batch::column_kind::flag) ||
                              (a.kind == operand::source::constant && a.constant.has_type(expr::value_type::boolean));
            if (!flag) return false;
            return call(n.kind == op::truthy ? "is_true" : "is_false", {n.a});
        }
        case op::known:
        case op::unknown: {
            const char* helper = nullptr;
            switch (operand_column(n.a)) {
                case fact_batch::column_kind::number:
                    helper = "known_number";
                    break;
                case fact_batch::column_kind::flag:
                    helper = "known_flag";
                    break;
                case fact_batch::column_kind::code:
                    helper = "known_code";
                    break;
                default:
                    return false;
            }
            if (operands_[n.a].type != expr::value_type::number &&
                operand_column(n.a) == fact_batch::column_kind::number)
                return false;
            if (n.kind == op::unknown) out += '!';
            return call(helper, {n.a});
        }
        case op::code_in:
            out += "native::code_in(";
            if (!write_operand_cpp(n.a, out, layout, fact)) return false;
            fmt::format_to(std::back_inserter(out), ", 0x{:x}U)", n.mask);
            return true;
        case op::codes_equal:
            return call("codes_equal", {n.a, n.b});
        case op::codes_differ:
            return call("codes_differ", {n.a, n.b});
        case op::less:
        case op::less_equal:
        case op::greater:
        case op::greater_equal:
        case op::equal:
        case op::not_equal: {
            const auto type = operands_[n.a].type;
            if (type == expr::value_type::boolean && (n.kind == op::equal || n.kind == op::not_equal)) {
                for (const auto o : {n.a, n.b})
                    if (operands_[o].kind != operand::source::constant &&
                        operand_column(o) != fact_batch::column_kind::flag)
                        return false;
                return call(n.kind == op::equal ? "flags_equal" : "flags_differ", {n.a, n.b});
            }
            if (type != expr::value_type::number) return false;
            const char* helper = n.kind == op::less            ? "less"
                                 : n.kind == op::less_equal    ? "less_equal"
                                 : n.kind == op::greater       ? "greater"
                                 : n.kind == op::greater_equal ? "greater_equal"
                                 : n.kind == op::equal         ? "equal"
                                                               : "differ";
            return call(helper, {n.a, n.b});
        }
        case op::one_of: {
            const operand& list = operands_[n.b];
            if (operands_[n.a].type != expr::value_type::number || list.kind != operand::source::constant) return false;
            out += "native::one_of(";
            if (!write_operand_cpp(n.a, out, layout, fact)) return false;
            out += ", {";
            bool first = true;
            for (const double x : list.constant.as_number_list()) {
                if (!std::isfinite(x)) return false;
                if (!first) out += ", ";
                first = false;
                out += number_literal(x);
            }
            out += "})";
            return true;
        }
    }
    return false;
}

} // namespace rigcheck::rules_detail
