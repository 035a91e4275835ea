// Reading rule packs (`rigcheck-rules: 1`) and compiling a rule set from them (docs/rule-packs.md).
//
// Reading is per file and only checks shapes; everything that needs all packs at once (unique
// ids, `unless` and `supersedes` references, the param table, config and `--rule` overrides,
// type-checking against each scope's facts) happens in `load_rule_set`, after the last pack.
#include <rigcheck/rules/detail/rule_set_data.hpp>
#include <rigcheck/rules/detail/pack_keys.hpp>

#include <rigcheck/core/detail/embedded_file.hpp>

#include <span>
#include <rigcheck/load/detail/catalog_reader.hpp>
#include <rigcheck/rules/detail/expression_compiled.hpp>

#include <rigcheck/load/loader.hpp>
#include <rigcheck/core/suggest.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cctype>
#include <map>
#include <set>

namespace rigcheck::detail {
/// The embedded builtin rule files, rules/**/*.yaml (cmake/embed.cmake).
std::span<const embedded_file> builtin_rule_files();
} // namespace rigcheck::detail

namespace rigcheck {
namespace rules_detail {
namespace {

using load::load_context;
using load::mapping_view;
using load::no_node;
using load::node_id;
using load::yaml_kind;

bool is_identifier(std::string_view name) {
    if (name.empty()) return false;
    const auto first = static_cast<unsigned char>(name.front());
    if (!(std::isalpha(first) || first == '_')) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return std::isalnum(u) || c == '_';
    });
}

/// Byte offsets of the start of each line, for finding where a scalar's text begins.
std::vector<std::size_t> line_starts(std::string_view text) {
    std::vector<std::size_t> starts{0};
    for (std::size_t i = 0; i < text.size(); ++i)
        if (text[i] == '\n') starts.push_back(i + 1);
    return starts;
}

/// Where the first character of a scalar's value is: past the quote of a quoted scalar, on the
/// first content line of a block scalar, at the node itself for a plain one. Expression errors
/// are reported at columns counted from here.
source_position value_start(std::string_view text, const std::vector<std::size_t>& starts, source_position at) {
    if (at.line == 0 || at.line > starts.size()) return at;
    const std::size_t offset = starts[at.line - 1] + (at.column == 0 ? 0 : at.column - 1);
    if (offset >= text.size()) return at;
    const char opener = text[offset];
    if (opener == '\'' || opener == '"') return {at.line, at.column + 1, at.offset + 1};
    if (opener == '|' || opener == '>') {
        for (std::uint32_t line = at.line + 1; line <= starts.size(); ++line) {
            const std::size_t begin = starts[line - 1];
            const std::size_t end = line < starts.size() ? starts[line] : text.size();
            const auto content = text.substr(begin, end - begin);
            const auto first = content.find_first_not_of(" \t\r\n");
            if (first != std::string_view::npos) return {line, static_cast<std::uint32_t>(first + 1)};
        }
    }
    return at;
}

class pack_reader {
public:
    pack_reader(std::string_view text, load_context& context, parsed_pack& pack)
        : text_(text), starts_(line_starts(text)), context_(context), pack_(pack) {}

    void read(node_id root) {
        if (!load::check_version_key(context_, root, "rigcheck-rules", "rule pack")) return;
        mapping_view map(context_, root, "a rule pack", keys::pack);
        if (!map.valid()) return;
        if (const auto n = map.require("pack"); n != no_node) {
            if (auto name = context_.read_string(n, "pack")) {
                if (name->empty()) context_.error(error_code::invalid_value, n, "`pack` must name the pack");
                pack_.name = std::move(*name);
            }
        }
        if (const auto n = map.find("description"); n != no_node)
            pack_.description = context_.read_string(n, "description").value_or("");
        if (const auto n = map.find("params"); n != no_node) read_params(n);
        if (const auto n = map.find("exemptions");
            n != no_node && context_.expect(n, yaml_kind::sequence, "exemptions"))
            context_.document().for_each_child(n, [&](node_id child) { read_exemption(child); });
        if (const auto n = map.find("rules"); n != no_node && context_.expect(n, yaml_kind::sequence, "rules"))
            context_.document().for_each_child(n, [&](node_id child) { read_rule(child); });
        if (const auto n = map.find("gear-overrides");
            n != no_node && context_.expect(n, yaml_kind::sequence, "gear-overrides"))
            context_.document().for_each_child(n, [&](node_id child) {
                if (auto o = read_gear_override(context_, child)) pack_.overrides.push_back(std::move(*o));
            });
    }

private:
    void read_params(node_id n) {
        if (!context_.expect(n, yaml_kind::mapping, "params")) return;
        context_.document().for_each_entry(n, [&](node_id key, node_id value) {
            const auto name = context_.read_string(key, "param name");
            if (!name) return;
            if (!is_identifier(*name)) {
                context_.error(error_code::invalid_value, key,
                               fmt::format("param name `{}` must be letters, digits and `_`, starting with a letter, "
                                           "so that rules can write `params.{}`",
                                           *name, *name));
                return;
            }
            const auto number = context_.read_number(value, fmt::format("params.{}", *name));
            if (!number) return;
            pack_.params.push_back({*name, *number, context_.location(key)});
        });
    }

    std::optional<expression_source> read_expression(node_id n, std::string_view what) {
        auto text = context_.read_string(n, what);
        if (!text) return std::nullopt;
        const auto start = value_start(text_, starts_, context_.position(n));
        return expression_source{std::move(*text), {pack_.file, start}};
    }

    std::vector<located_id> read_ids(node_id n, std::string_view what) {
        std::vector<located_id> ids;
        if (!context_.expect(n, yaml_kind::sequence, what)) return ids;
        context_.document().for_each_child(n, [&](node_id child) {
            if (auto id = context_.read_string(child, what)) ids.push_back({std::move(*id), context_.location(child)});
        });
        return ids;
    }

    std::optional<located_id> read_id(mapping_view& map, id_kind kind) {
        const auto n = map.require("id");
        if (n == no_node) return std::nullopt;
        // A rule id is printed as a `[tag]` after every finding; one holding `]` or a line break
        // could forge another finding's tag (docs/robustness.md#limits).
        auto id = context_.read_id(n, kind);
        if (!id) return std::nullopt;
        return located_id{std::move(*id), context_.location(n)};
    }

    void read_exemption(node_id node) {
        mapping_view map(context_, node, "an exemption", keys::exemption);
        if (!map.valid()) return;
        const auto errors_before = context_.error_count();
        parsed_exemption e;
        auto id = read_id(map, id_kind::exemption);
        if (const auto n = map.require("description"); n != no_node)
            e.description = context_.read_string(n, "description").value_or("");
        std::optional<expression_source> when;
        if (const auto n = map.require("when"); n != no_node) when = read_expression(n, "when");
        if (!id || !when || context_.error_count() != errors_before) return;
        e.id = std::move(id->text);
        e.location = id->location;
        e.when = std::move(*when);
        pack_.exemptions.push_back(std::move(e));
    }

    void read_rule(node_id node) {
        mapping_view map(context_, node, "a rule", keys::rule);
        if (!map.valid()) return;
        const auto errors_before = context_.error_count();
        parsed_rule r;
        auto id = read_id(map, id_kind::rule);
        if (const auto n = map.require("scope"); n != no_node)
            if (const auto index = context_.read_choice(n, "scope", keys::scopes))
                r.scope = static_cast<rule_scope>(*index);
        if (const auto n = map.require("severity"); n != no_node)
            if (const auto index = context_.read_choice(n, "severity", keys::severities))
                r.level = static_cast<severity>(*index);
        if (const auto n = map.require("description"); n != no_node)
            r.description = context_.read_string(n, "description").value_or("");
        std::optional<expression_source> when;
        if (const auto n = map.require("when"); n != no_node) when = read_expression(n, "when");
        if (const auto n = map.find("unless"); n != no_node) r.unless = read_ids(n, "unless");
        if (const auto n = map.find("supersedes"); n != no_node) r.supersedes = read_ids(n, "supersedes");
        std::optional<expression_source> message;
        if (const auto n = map.require("message"); n != no_node) message = read_expression(n, "message");
        if (const auto n = map.find("fix"); n != no_node) r.fix = read_expression(n, "fix");
        if (const auto n = map.find("tags"); n != no_node)
            r.tags = context_.read_string_list(n, "tags").value_or(std::vector<std::string>{});
        if (!id || !when || !message || context_.error_count() != errors_before) return;
        r.id = std::move(id->text);
        r.location = id->location;
        r.when = std::move(*when);
        r.message = std::move(*message);
        pack_.rules.push_back(std::move(r));
    }

    std::string_view text_;
    std::vector<std::size_t> starts_;
    load_context& context_;
    parsed_pack& pack_;
};

/// Builtin packs first (`rules/*.pack.yaml`, which hold shared params and exemptions), then
/// the one-rule files, each group in path order, so that the load order never depends on how
/// the files were embedded.
bool builtin_order(std::string_view a, std::string_view b) {
    const bool a_pack = a.ends_with(".pack.yaml");
    const bool b_pack = b.ends_with(".pack.yaml");
    if (a_pack != b_pack) return a_pack;
    return a < b;
}

// ------------------------------------------------------------------------------------------------
// Compiling

/// The slots a compiled program reads.
void collect_slots(const expr::program& p, std::set<std::uint32_t>& into) {
    const auto* compiled = expr::detail::program_access::get(p);
    if (compiled == nullptr) return;
    for (const auto& node : compiled->nodes)
        if (node.op == expr::detail::operation::load_fact) into.insert(node.first);
}

void collect_slots(const expr::text_template& t, std::set<std::uint32_t>& into) {
    const auto* compiled = expr::detail::program_access::get(t);
    if (compiled == nullptr) return;
    for (const auto& piece : compiled->pieces)
        if (piece.hole) collect_slots(piece.hole->expression, into);
}

/// True for a condition that is the literal `false`: rules the engine or the loader raise
/// themselves (`unused-ignore`, `invalid-input`) need no evaluation.
bool is_constant_false(const expr::program& p) {
    const auto* compiled = expr::detail::program_access::get(p);
    if (compiled == nullptr || compiled->nodes.size() != 1) return false;
    const auto& node = compiled->nodes.front();
    if (node.op != expr::detail::operation::constant) return false;
    const auto& constant = compiled->constants[node.first];
    return constant.has_type(expr::value_type::boolean) && !constant.as_boolean();
}

std::string_view scope_name(rule_scope scope) { return to_string(scope); }

class rule_set_compiler {
public:
    rule_set_compiler(const rule_set_options& options, std::vector<input_error>& errors)
        : options_(options), errors_(errors), data_(std::make_shared<rule_set::compiled>()) {}

    std::shared_ptr<rule_set::compiled> compile(const std::vector<const parsed_pack*>& packs) {
        for (const auto* pack : packs) register_pack(*pack);
        apply_param_settings();
        severities_.assign(rules_.size(), std::nullopt);
        for (std::size_t i = 0; i < rules_.size(); ++i) severities_[i] = rules_[i].rule->level;
        apply_severity_settings();

        std::vector<std::string> param_names;
        for (const auto& p : data_->params) param_names.push_back(p.name);
        for (std::size_t s = 0; s < scope_count; ++s) {
            schemas_[s] = make_schema(static_cast<rule_scope>(s), param_names);
            notice_schemas_[s] = make_notice_schema(static_cast<rule_scope>(s), param_names);
        }

        std::vector<compiled_rule> compiled(rules_.size());
        for (std::size_t i = 0; i < rules_.size(); ++i) compile_rule(i, compiled[i]);
        check_unused_exemptions();
        if (!errors_.empty()) return nullptr;
        assemble(std::move(compiled));
        return data_;
    }

private:
    struct rule_entry {
        const parsed_rule* rule;
        std::string pack;
        bool builtin;
    };
    struct exemption_entry {
        const parsed_exemption* exemption;
        std::string pack;
    };

    void error(error_code code, const source_location& at, std::string message) {
        errors_.push_back({code, at, std::move(message)});
    }

    void register_pack(const parsed_pack& pack) {
        for (const auto& p : pack.params) {
            const auto found = std::find_if(data_->params.begin(), data_->params.end(),
                                            [&](const param_info& existing) { return existing.name == p.name; });
            if (found != data_->params.end())
                found->value = p.value;
            else
                data_->params.push_back({p.name, p.value, pack.name, p.location});
        }
        for (const auto& e : pack.exemptions) {
            if (!claim_id(e.id, e.location, "an exemption")) continue;
            data_->exemption_index.emplace(e.id, exemptions_.size());
            exemptions_.push_back({&e, pack.name});
        }
        for (const auto& r : pack.rules) {
            if (!claim_id(r.id, r.location, "a rule")) continue;
            data_->rule_index.emplace(r.id, rules_.size());
            rules_.push_back({&r, pack.name, pack.builtin});
        }
        for (const auto& o : pack.overrides) data_->overrides.push_back(o);
    }

    /// Rule and exemption ids share one namespace; the second definition is the error.
    bool claim_id(const std::string& id, const source_location& at, std::string_view what) {
        const auto [found, inserted] = ids_.emplace(id, std::pair{at, std::string(what)});
        if (inserted) return true;
        error(error_code::duplicate_id, at,
              fmt::format("`{}` is already defined as {} at {}; rule and exemption ids must be unique across "
                          "all packs",
                          id, found->second.second, to_string(found->second.first)));
        return false;
    }

    std::vector<std::string_view> param_names() const {
        std::vector<std::string_view> names;
        for (const auto& p : data_->params) names.push_back(p.name);
        return names;
    }

    std::vector<std::string_view> rule_names() const {
        std::vector<std::string_view> names;
        for (const auto& r : rules_) names.push_back(r.rule->id);
        std::sort(names.begin(), names.end());
        return names;
    }

    std::vector<std::string_view> exemption_names() const {
        std::vector<std::string_view> names;
        for (const auto& e : exemptions_) names.push_back(e.exemption->id);
        std::sort(names.begin(), names.end());
        return names;
    }

    void apply_param_settings() {
        for (const auto& setting : options_.params) {
            const auto found = std::find_if(data_->params.begin(), data_->params.end(),
                                            [&](const param_info& p) { return p.name == setting.name; });
            if (found == data_->params.end()) {
                const auto names = param_names();
                error(error_code::unknown_reference, setting.location,
                      fmt::format("{}unknown param `{}`{}", setting.location.known() ? "" : "--param: ", setting.name,
                                  did_you_mean(setting.name, names)));
                continue;
            }
            // Config files and `--param` cannot spell one; code that sets a param must not either,
            // since conditions compare params as known numbers (native_conditions.hpp).
            if (!std::isfinite(setting.value)) {
                error(error_code::invalid_value, setting.location,
                      fmt::format("{}`params.{}` must be a finite number, not `{}`",
                                  setting.location.known() ? "" : "--param: ", setting.name, setting.value));
                continue;
            }
            found->value = setting.value;
        }
    }

    void apply_severity_settings() {
        for (const auto& setting : options_.severities) {
            const auto found = data_->rule_index.find(setting.rule);
            if (found == data_->rule_index.end()) {
                const std::string_view prefix = setting.location.known() ? "" : "--rule: ";
                if (data_->exemption_index.count(setting.rule)) {
                    error(error_code::unknown_reference, setting.location,
                          fmt::format("{}`{}` is an exemption, not a rule; only rules have a severity", prefix,
                                      setting.rule));
                } else {
                    const auto names = rule_names();
                    error(
                        error_code::unknown_reference, setting.location,
                        fmt::format("{}unknown rule `{}`{}", prefix, setting.rule, did_you_mean(setting.rule, names)));
                }
                continue;
            }
            severities_[found->second] = setting.level;
        }
    }

    /// An exemption compiled in a scope, once per (exemption, scope).
    const std::optional<expr::program>& exemption_in_scope(std::size_t index, rule_scope scope,
                                                           const parsed_rule& user) {
        auto key = std::pair{index, scope_index(scope)};
        if (const auto found = exemption_programs_.find(key); found != exemption_programs_.end()) return found->second;
        const auto& e = *exemptions_[index].exemption;
        std::vector<input_error> found_errors;
        auto program = expr::compile(e.when.text, schemas_[scope_index(scope)], e.when.origin,
                                     expr::value_type::boolean, found_errors);
        for (auto& err : found_errors) {
            err.message +=
                fmt::format(" (exemption `{}` is used in the {} scope by rule `{}`)", e.id, scope_name(scope), user.id);
            errors_.push_back(std::move(err));
        }
        return exemption_programs_.emplace(key, std::move(program)).first->second;
    }

    void compile_rule(std::size_t index, compiled_rule& out) {
        const parsed_rule& r = *rules_[index].rule;
        const auto& schema = schemas_[scope_index(r.scope)];
        out.info = index;
        if (auto when = expr::compile(r.when.text, schema, r.when.origin, expr::value_type::boolean, errors_))
            out.when = std::move(*when);
        // rigcheck's own notices read the notice facts as well (facts.hpp, `notice_field`).
        out.raised = rules_[index].builtin && r.when.text == "false";
        const auto& text_schema = out.raised ? notice_schemas_[scope_index(r.scope)] : schema;
        if (auto message = expr::compile_template(r.message.text, text_schema, r.message.origin, errors_))
            out.message = std::move(*message);
        if (r.fix)
            if (auto fix = expr::compile_template(r.fix->text, text_schema, r.fix->origin, errors_))
                out.fix = std::move(*fix);
        for (const auto& id : r.unless) {
            const auto found = data_->exemption_index.find(id.text);
            if (found == data_->exemption_index.end()) {
                if (data_->rule_index.count(id.text)) {
                    error(error_code::unknown_reference, id.location,
                          fmt::format("`{}` is a rule, not an exemption; `unless` lists exemption ids", id.text));
                } else {
                    const auto names = exemption_names();
                    error(error_code::unknown_reference, id.location,
                          fmt::format("rule `{}`: unknown exemption `{}` in `unless`{}", r.id, id.text,
                                      did_you_mean(id.text, names)));
                }
                continue;
            }
            used_exemptions_.insert(found->second);
            if (const auto& program = exemption_in_scope(found->second, r.scope, r))
                out.unless.emplace_back(found->second, *program);
        }
        for (const auto& id : r.supersedes) {
            const auto found = data_->rule_index.find(id.text);
            if (found == data_->rule_index.end()) {
                const auto names = rule_names();
                error(error_code::unknown_reference, id.location,
                      fmt::format("rule `{}`: unknown rule `{}` in `supersedes`{}", r.id, id.text,
                                  did_you_mean(id.text, names)));
                continue;
            }
            out.supersedes.push_back(found->second);
        }
    }

    /// An exemption no rule lists is still checked: it must compile in at least one scope.
    void check_unused_exemptions() {
        for (std::size_t i = 0; i < exemptions_.size(); ++i) {
            if (used_exemptions_.count(i)) continue;
            const auto& e = *exemptions_[i].exemption;
            std::vector<input_error> first_errors;
            bool fits = false;
            for (std::size_t s = 0; s < scope_count && !fits; ++s) {
                std::vector<input_error> attempt;
                fits = expr::compile(e.when.text, schemas_[s], e.when.origin, expr::value_type::boolean, attempt)
                           .has_value();
                if (s == 0) first_errors = std::move(attempt);
            }
            if (!fits)
                for (auto& err : first_errors) errors_.push_back(std::move(err));
        }
    }

    void assemble(std::vector<compiled_rule> compiled) {
        auto& data = *data_;
        for (const auto& e : exemptions_)
            data.exemptions.push_back(
                {e.exemption->id, e.pack, e.exemption->description, e.exemption->when.text, e.exemption->location});
        for (const auto& p : data.params) data.param_values.push_back(p.value);

        std::array<std::set<std::uint32_t>, scope_count> condition_slots;
        std::array<std::set<std::uint32_t>, scope_count> template_slots;
        for (std::size_t i = 0; i < rules_.size(); ++i) {
            const parsed_rule& r = *rules_[i].rule;
            compiled_rule& c = compiled[i];
            const std::size_t s = scope_index(r.scope);
            const auto base = static_cast<std::uint32_t>(facts_of(r.scope).facts.size());

            std::set<std::uint32_t> conditions;
            std::set<std::uint32_t> templates;
            collect_slots(c.when, conditions);
            for (const auto& [exemption, program] : c.unless) collect_slots(program, conditions);
            collect_slots(c.message, templates);
            collect_slots(c.fix, templates);

            rule_info info;
            info.id = r.id;
            info.pack = rules_[i].pack;
            info.builtin = rules_[i].builtin;
            info.scope = r.scope;
            info.default_severity = r.level;
            info.effective_severity = severities_[i];
            info.description = r.description;
            info.when = r.when.text;
            info.message = r.message.text;
            info.fix = r.fix ? r.fix->text : std::string();
            for (const auto& id : r.unless) info.unless.push_back(id.text);
            for (const auto& id : r.supersedes) info.supersedes.push_back(id.text);
            info.tags = r.tags;
            std::set<std::uint32_t> params;
            for (const auto slot : conditions)
                if (slot >= base) params.insert(slot - base);
            for (const auto slot : templates)
                if (slot >= base) params.insert(slot - base);
            for (const auto p : params)
                if (p < data.params.size()) info.params.push_back(data.params[p].name);
            info.location = r.location;
            data.rules.push_back(std::move(info));

            if (c.raised) {
                // Not decided by the engine, but described by it: the templates are kept.
                if (severities_[i]) c.level = *severities_[i];
                data.raised.push_back(std::move(c));
                continue;
            }
            if (!severities_[i] || is_constant_false(c.when)) continue;
            c.level = *severities_[i];
            for (const auto slot : conditions)
                if (slot < base) condition_slots[s].insert(slot);
            for (const auto slot : templates)
                if (slot < base) template_slots[s].insert(slot);
            data.scopes[s].rules.push_back(std::move(c));
        }
        for (std::size_t s = 0; s < scope_count; ++s) {
            auto& scope = data.scopes[s];
            scope.param_base = static_cast<std::uint32_t>(facts_of(static_cast<rule_scope>(s)).facts.size());
            scope.condition_slots.assign(condition_slots[s].begin(), condition_slots[s].end());
            for (const auto slot : template_slots[s])
                if (!condition_slots[s].count(slot)) scope.template_slots.push_back(slot);
        }
    }

    const rule_set_options& options_;
    std::vector<input_error>& errors_;
    std::shared_ptr<rule_set::compiled> data_;
    std::vector<rule_entry> rules_;
    std::vector<exemption_entry> exemptions_;
    std::vector<std::optional<severity>> severities_;
    std::map<std::string, std::pair<source_location, std::string>> ids_;
    std::array<expr::fact_schema, scope_count> schemas_;
    std::array<expr::fact_schema, scope_count> notice_schemas_;
    std::map<std::pair<std::size_t, std::size_t>, std::optional<expr::program>> exemption_programs_;
    std::set<std::size_t> used_exemptions_;
};

rule_set_load_result compile_rule_set(const std::vector<const parsed_pack*>& packs, const rule_set_options& options,
                                      std::vector<input_error> errors) {
    rule_set_load_result result;
    result.errors = std::move(errors);
    // Shape errors leave packs partial; compiling them would only add confusing follow-on errors.
    if (!result.errors.empty()) return result;
    rule_set_compiler compiler(options, result.errors);
    auto compiled = compiler.compile(packs);
    if (compiled && result.errors.empty()) result.rules = std::make_shared<const rule_set>(std::move(compiled));
    return result;
}

} // namespace

parsed_pack parse_pack(std::string_view text, const std::string& file, std::vector<input_error>& errors) {
    parsed_pack pack;
    pack.file = file;
    const auto errors_before = errors.size();
    const auto document = load::yaml_document::parse(text, file, {}, errors);
    pack.dropped_errors = document.dropped_errors();
    if (errors.size() != errors_before) return pack;
    if (document.empty()) {
        errors.push_back(
            {error_code::version, {file, 1, 1}, "the file is empty; a rule pack starts with `rigcheck-rules: 1`"});
        return pack;
    }
    load_context context(document, errors);
    pack_reader reader(text, context, pack);
    reader.read(document.root());
    pack.dropped_errors += context.dropped_errors();
    return pack;
}

const builtin_packs& builtin_pack_data() {
    static const builtin_packs data = [] {
        builtin_packs result;
        std::vector<const detail::embedded_file*> files;
        for (const auto& f : detail::builtin_rule_files())
            if (f.path.starts_with("rules/") && (f.path.ends_with(".rule.yaml") || f.path.ends_with(".pack.yaml")))
                files.push_back(&f);
        std::sort(files.begin(), files.end(),
                  [](const auto* a, const auto* b) { return builtin_order(a->path, b->path); });
        for (const auto* f : files) {
            result.packs.push_back(parse_pack(f->text, std::string(f->path), result.errors));
            result.packs.back().builtin = true;
        }
        return result;
    }();
    return data;
}

} // namespace rules_detail

rule_set::rule_set(std::shared_ptr<const compiled> data) : data_(std::move(data)) {}

std::span<const rule_info> rule_set::rules() const { return data_->rules; }

const rule_info* rule_set::find_rule(std::string_view id) const {
    const auto found = data_->rule_index.find(std::string(id));
    return found == data_->rule_index.end() ? nullptr : &data_->rules[found->second];
}

std::span<const exemption_info> rule_set::exemptions() const { return data_->exemptions; }

const exemption_info* rule_set::find_exemption(std::string_view id) const {
    const auto found = data_->exemption_index.find(std::string(id));
    return found == data_->exemption_index.end() ? nullptr : &data_->exemptions[found->second];
}

std::span<const param_info> rule_set::params() const { return data_->params; }

std::optional<double> rule_set::param(std::string_view name) const {
    for (const auto& p : data_->params)
        if (p.name == name) return p.value;
    return std::nullopt;
}

std::vector<rule_metadata> rule_set::metadata() const {
    std::vector<rule_metadata> result;
    result.reserve(data_->rules.size());
    for (const auto& r : data_->rules)
        result.push_back({r.id, r.default_severity, r.scope, r.pack, r.description, r.fix, r.tags,
                          r.builtin ? rule_help_uri(r.id) : std::string()});
    return result;
}

std::vector<std::string_view> rule_set::rule_ids() const {
    std::vector<std::string_view> ids;
    for (const auto& r : data_->rules) ids.push_back(r.id);
    std::sort(ids.begin(), ids.end());
    return ids;
}

bool rule_set::has_gear_overrides() const { return !data_->overrides.empty(); }

std::function<void(gear&)> rule_set::gear_transform() const {
    if (data_->overrides.empty()) return {};
    return [data = data_](gear& g) {
        for (const auto& o : data->overrides)
            if (rules_detail::override_matches(o, g)) rules_detail::apply_override(o, g);
    };
}

namespace {

/// Why `read_input_file` could not open a file, for a message located elsewhere.
std::string unreadable_reason(const std::filesystem::path& file) {
    std::error_code status;
    (void)std::filesystem::file_size(file, status);
    return status ? status.message() : std::string("it cannot be opened");
}

} // namespace

rule_set_load_result load_rule_set(const rule_set_options& options) {
    if (options.builtin_packs && options.packs.empty() && options.params.empty() && options.severities.empty())
        return builtin_rule_set();
    std::vector<input_error> errors;
    std::vector<const rules_detail::parsed_pack*> packs;
    const auto& builtin = rules_detail::builtin_pack_data();
    errors = builtin.errors;
    for (const auto& p : builtin.packs) {
        // rigcheck's own notices (a rule whose condition is `false`: invalid-input,
        // unused-ignore, path-limit, rule-budget) come with every set, builtin packs or not.
        const bool raised_only = !p.rules.empty() && std::all_of(p.rules.begin(), p.rules.end(),
                                                                 [](const auto& r) { return r.when.text == "false"; });
        if (options.builtin_packs || raised_only) packs.push_back(&p);
    }
    std::vector<rules_detail::parsed_pack> loaded;
    loaded.reserve(options.packs.size());
    for (const auto& source : options.packs) {
        const std::string name = source.file.string();
        if (source.text) {
            loaded.push_back(rules_detail::parse_pack(*source.text, name, errors));
            continue;
        }
        std::vector<input_error> read_errors;
        const auto text = read_input_file(source.file, read_errors);
        if (text) {
            loaded.push_back(rules_detail::parse_pack(*text, name, errors));
            continue;
        }
        for (auto& e : read_errors) {
            // A file that cannot be opened has no position of its own; the entry naming it does.
            if (e.code == error_code::io && source.named_at.known())
                e = {error_code::io, source.named_at,
                     fmt::format("cannot read the rule pack `{}`: {}", name, unreadable_reason(source.file))};
            errors.push_back(std::move(e));
        }
    }
    std::size_t dropped = 0;
    for (const auto& p : loaded) {
        packs.push_back(&p);
        dropped += p.dropped_errors;
    }
    auto result = rules_detail::compile_rule_set(packs, options, std::move(errors));
    result.dropped_errors = dropped;
    if (dropped != 0) result.rules.reset();
    return result;
}

const rule_set_load_result& builtin_rule_set() {
    static const rule_set_load_result result = [] {
        const auto& builtin = rules_detail::builtin_pack_data();
        std::vector<const rules_detail::parsed_pack*> packs;
        for (const auto& p : builtin.packs) packs.push_back(&p);
        return rules_detail::compile_rule_set(packs, rule_set_options{}, builtin.errors);
    }();
    return result;
}

std::string rule_help_uri(std::string_view rule_id) {
    return fmt::format("https://github.com/rigcheck/rigcheck/blob/main/rules/{}/README.md", rule_id);
}

} // namespace rigcheck
