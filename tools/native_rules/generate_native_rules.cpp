// Writes the builtin pack's conditions of the connection and path scopes as C++, for the
// engine's native form (rigcheck/rules/detail/native_conditions.hpp says why and how the engine
// uses them). The build runs it into the build tree, and compiles its output into the engine.
//
//   generate_native_rules --output FILE   writes the file, unless it already holds that text
//
// It compiles the builtin rule set with every rule enabled, puts each condition in batch form
// with its params left symbolic, and writes that form out (batch_condition::write_cpp). A
// condition with no such form is left out and stays with the batch form at run time.
#include <rigcheck/rules/detail/batch_condition.hpp>
#include <rigcheck/rules/detail/expression_compiled.hpp>
#include <rigcheck/rules/detail/native_conditions.hpp>
#include <rigcheck/rules/detail/rule_set_data.hpp>

#include <rigcheck/rules/rule_set.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace rigcheck;
using namespace rigcheck::rules_detail;

/// The dotted prefix of a fact group's names and the C++ spelling of its binders.
struct group_spelling {
    std::string_view prefix;
    std::string_view binder; ///< `port_` with a dest argument, or `link_`, `signal_`, ...
    std::string_view field_enum;
    std::string_view dest; ///< the port binders' first argument
};

std::optional<group_spelling> spelling_of(fact_group group) {
    switch (group) {
        case fact_group::source:
            return group_spelling{"source", "port", "port_field", "false, "};
        case fact_group::port:
            return group_spelling{"port", "port", "port_field", "false, "};
        case fact_group::path_source:
            return group_spelling{"path.source", "port", "port_field", "false, "};
        case fact_group::dest:
            return group_spelling{"dest", "port", "port_field", "true, "};
        case fact_group::path_sink:
            return group_spelling{"path.sink", "port", "port_field", "true, "};
        case fact_group::link:
            return group_spelling{"link", "link", "link_field", ""};
        case fact_group::signal:
            return group_spelling{"signal", "signal", "signal_field", ""};
        case fact_group::path:
            return group_spelling{"path", "path", "path_field", ""};
        case fact_group::device:
            return group_spelling{"device", "device", "device_field", ""};
        default:
            return std::nullopt;
    }
}

std::string cpp_string(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            default:
                out += c;
                break;
        }
    }
    return out + "\"";
}

/// `text` broken before its ` && ` and ` || ` where a line would pass 110 columns, each further
/// line indented by `indent` spaces.
std::string wrapped(std::string_view text, std::size_t first_column, std::size_t indent) {
    std::string out;
    std::size_t column = first_column;
    while (!text.empty()) {
        std::size_t cut = std::string_view::npos;
        for (const std::string_view op : {" && ", " || "}) {
            const auto at = text.find(op, 1);
            if (at != std::string_view::npos && (cut == std::string_view::npos || at < cut)) cut = at;
        }
        const std::string_view piece = text.substr(0, cut);
        if (column + piece.size() > 110 && !out.empty() && (piece.starts_with(" && ") || piece.starts_with(" || "))) {
            out += '\n';
            out.append(indent, ' ');
            out += piece.substr(1);
            column = indent + piece.size() - 1;
        } else {
            out += piece;
            column += piece.size();
        }
        text.remove_prefix(piece.size());
    }
    return out;
}

struct condition_source {
    std::string text;
    std::vector<std::string> used_by; ///< rule ids, or "exemption <id>"
    const expr::program* program = nullptr;
};

class generator {
public:
    explicit generator(const rule_set::compiled& data) : data_(data) {}

    std::string file() {
        std::string scopes_text;
        std::vector<std::string> table;
        for (const auto scope : {rule_scope::connection, rule_scope::path}) {
            const auto made = scope_text(scope);
            if (made.empty()) continue;
            scopes_text += made;
            table.push_back(fmt::format("    {{rule_scope::{}, {}_conditions, param_names, &decide_{}}},",
                                        to_string(scope), to_string(scope), to_string(scope)));
        }
        std::string out;
        out +=
            "// The builtin pack's conditions of the connection and path scopes as C++, for the engine's\n"
            "// native form (native_conditions.hpp). Generated at build time from the builtin rules by\n"
            "// tools/native_rules/generate_native_rules.cpp.\n"
            "#include <rigcheck/rules/detail/native_conditions.hpp>\n\n"
            "#include <array>\n\n"
            "namespace rigcheck::rules_detail {\n"
            "namespace {\n\n"
            "// The fields as the generator numbered them.\n";
        for (const auto& line : asserts_) out += line + "\n";
        out += "\n// The params the conditions read as params[i].\n";
        out += fmt::format("constexpr std::array<std::string_view, {}> param_names{{\n", data_.params.size());
        for (const auto& p : data_.params) out += fmt::format("    {},\n", cpp_string(p.name));
        out += "};\n";
        out += scopes_text;
        out += "\n} // namespace\n\n";
        out += "std::span<const native_scope> native_scopes() {\n";
        out += fmt::format("    static const std::array<native_scope, {}> scopes{{{{\n", table.size());
        for (const auto& line : table) out += line + "\n";
        out += "    }};\n    return scopes;\n}\n\n} // namespace rigcheck::rules_detail\n";
        return out;
    }

private:
    std::string scope_text(rule_scope scope) {
        const compiled_scope& compiled = data_.scopes[scope_index(scope)];
        // Conditions in rule order, each text once, each rule's exemptions after it.
        std::vector<condition_source> sources;
        const auto add = [&](const std::string& text, std::string user, const expr::program& program) {
            for (auto& s : sources)
                if (s.text == text) {
                    if (std::find(s.used_by.begin(), s.used_by.end(), user) == s.used_by.end())
                        s.used_by.push_back(std::move(user));
                    return;
                }
            sources.push_back({text, {std::move(user)}, &program});
        };
        for (const auto& rule : compiled.rules) {
            add(data_.rules[rule.info].when, data_.rules[rule.info].id, rule.when);
            for (const auto& [exemption, program] : rule.unless)
                add(data_.exemptions[exemption].when, "exemption " + data_.exemptions[exemption].id, program);
        }
        const auto layout = column_layout::with_symbolic_params(scope, data_.params.size(), compiled.param_base);
        const auto& facts = facts_of(scope).facts;
        bool reads_ports = false;
        const batch_condition::fact_spelling spell = [&](std::uint32_t slot) -> std::optional<std::string> {
            if (slot >= facts.size()) return std::nullopt;
            const fact_definition& f = facts[slot];
            const auto group = spelling_of(f.group);
            if (!group || !(f.number || f.flag || f.code)) return std::nullopt;
            if (f.name.size() <= group->prefix.size() + 1) return std::nullopt;
            std::string field = f.name.substr(group->prefix.size() + 1);
            for (auto& c : field)
                if (c == '.') c = '_';
            reads_ports = reads_ports || f.reads_ports;
            asserts_.insert(fmt::format("static_assert(static_cast<int>({}::{}) == {});", group->field_enum, field,
                                        static_cast<int>(f.field)));
            if (f.group == fact_group::signal && f.code) return fmt::format("binders::origin_signal_code(run, s)");
            const std::string_view kind = f.number ? "number" : f.flag ? "flag" : "code";
            return fmt::format("binders::{}_{}<{}{}::{}>(run, s)", group->binder, kind, group->dest, group->field_enum,
                               field);
        };
        std::vector<std::string> names;
        std::vector<std::string> tests;
        for (const auto& source : sources) {
            if (names.size() == 64) break;
            const auto* program = expr::detail::program_access::get(*source.program);
            if (program == nullptr || program->nodes.empty()) continue;
            const auto form = batch_condition::of(*program, program->root, layout);
            if (!form) continue;
            std::string expression;
            const bool ports_before = reads_ports;
            const auto asserts_before = asserts_;
            if (!form->write_cpp(expression, layout, spell)) {
                reads_ports = ports_before;
                asserts_ = asserts_before;
                continue;
            }
            std::string users;
            for (const auto& user : source.used_by) users += (users.empty() ? "" : ", ") + user;
            names.push_back(fmt::format("    {},  // {}: {}", cpp_string(source.text), names.size(), users));
            tests.push_back(fmt::format("        // {}\n        bits |= std::uint64_t{{{}}} << {};", users,
                                        wrapped(expression, 30, 12), tests.size()));
        }
        if (names.empty()) return {};
        const std::string_view name = to_string(scope);
        std::string out =
            fmt::format("\nconstexpr std::array<std::string_view, {}> {}_conditions{{\n", names.size(), name);
        for (const auto& line : names) out += line + "\n";
        out += "};\n\n";
        out += fmt::format(
            "void decide_{}(const run_data& run, std::size_t first, std::size_t count, const double* "
            "params, std::uint64_t* held) {{\n",
            name);
        out += "    (void)params;\n    subject s;\n    for (std::size_t i = 0; i < count; ++i) {\n";
        out += fmt::format("        binders::make_{}_subject(run, first + i, s);\n", name);
        if (reads_ports) out += fmt::format("        binders::make_{}_ports(run, s);\n", name);
        out += "        std::uint64_t bits = 0;\n";
        for (const auto& t : tests) out += t + "\n";
        out += "        held[i] = bits;\n    }\n}\n";
        return out;
    }

    const rule_set::compiled& data_;
    std::set<std::string> asserts_;
};

int usage() {
    std::fputs("usage: generate_native_rules --output FILE\n", stderr);
    return 2;
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 3 || std::string_view(argv[1]) != "--output") return usage();
    // Every builtin rule enabled, so that a rule that is off by default has its native form too.
    rule_set_options options;
    const auto& builtin = builtin_rule_set();
    if (!builtin.rules) {
        for (const auto& e : builtin.errors) std::fprintf(stderr, "%s\n", to_string(e).c_str());
        std::fputs("generate_native_rules: the builtin rules do not load\n", stderr);
        return 2;
    }
    for (const auto& rule : builtin.rules->rules()) options.severities.push_back({rule.id, severity::warning, {}});
    const auto loaded = load_rule_set(options);
    if (!loaded.rules) {
        std::fputs("generate_native_rules: the builtin rules do not load with every rule on\n", stderr);
        return 2;
    }
    const std::string text = generator(data_of(*loaded.rules)).file();
    const std::string path = argv[2];
    // Unchanged text leaves the file alone, so the engine is not compiled again for nothing.
    std::ifstream in(path, std::ios::binary);
    std::stringstream current;
    current << in.rdbuf();
    if (in && current.str() == text) return 0;
    in.close();
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) {
        std::fprintf(stderr, "generate_native_rules: cannot write %s\n", path.c_str());
        return 2;
    }
    return 0;
}
