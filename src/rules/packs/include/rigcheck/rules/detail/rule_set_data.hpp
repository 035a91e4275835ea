// The internals of a rule set: packs as read from YAML, gear overrides, and the compiled form
// the engine runs.
//
// Reading a pack (pack_loader.cpp) yields plain located data; compiling a rule set turns every
// expression into an `expr::program` against its scope's schema and groups the enabled rules by
// scope, together with the slots their conditions read, so that the engine binds only those for
// every subject and everything else only when a rule fires.
#pragma once

#include <rigcheck/load/detail/catalog_reader.hpp>
#include <rigcheck/load/detail/yaml_reader.hpp>
#include <rigcheck/rules/detail/facts.hpp>

#include <rigcheck/model/gear.hpp>
#include <rigcheck/rules/expression.hpp>
#include <rigcheck/rules/rule_set.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace rigcheck::rules_detail {

struct prepared_rules;

struct located_id {
    std::string text;
    source_location location;
};

/// An expression as written, with where its first character is in the file.
struct expression_source {
    std::string text;
    expr::expression_origin origin;
};

struct parsed_param {
    std::string name;
    double value = 0.0;
    source_location location;
};

struct parsed_exemption {
    std::string id;
    source_location location;
    std::string description;
    expression_source when;
};

struct parsed_rule {
    std::string id;
    source_location location;
    rule_scope scope = rule_scope::connection;
    severity level = severity::warning;
    std::string description;
    expression_source when;
    std::vector<located_id> unless;
    std::vector<located_id> supersedes;
    expression_source message;
    std::optional<expression_source> fix;
    std::vector<std::string> tags;
};

/// The electrical fields a gear override may set on a port or on one face of a combo.
/// A gear override's patch of the ports whose ids match a glob: the port fields as a catalog
/// writes them (load::written_face), applied over what the gear has.
struct port_patch {
    load::written_face shared; ///< every face of the port
    std::optional<phantom_kind> phantom;
    std::optional<load::written_face> xlr;  ///< a combo's XLR face only
    std::optional<load::written_face> jack; ///< a combo's jack face only
};

/// One `gear-overrides` entry: a quirk overlay.
struct gear_override {
    std::vector<std::pair<std::string, std::string>> match; ///< scalar gear field -> glob
    std::optional<std::string> manufacturer;
    std::optional<std::string> model;
    std::optional<std::string> description;
    std::optional<gear_category> category;
    std::optional<power_kind> power;
    std::optional<std::vector<std::string>> quirks;
    std::vector<std::pair<std::string, port_patch>> ports; ///< port id glob -> patch
};

struct parsed_pack {
    std::string file;
    bool builtin = false; ///< embedded in the library
    std::string name;
    std::string description;
    std::vector<parsed_param> params;
    std::vector<parsed_exemption> exemptions;
    std::vector<parsed_rule> rules;
    std::vector<gear_override> overrides;
    std::size_t dropped_errors = 0; ///< errors past `max_reported_input_errors`, counted only
};

/// Reads one pack; problems are appended to `errors` (the pack is then partial).
parsed_pack parse_pack(std::string_view text, const std::string& file, std::vector<input_error>& errors);

/// Reads a `gear-overrides` entry (gear_overrides.cpp).
std::optional<gear_override> read_gear_override(load::load_context& context, load::node_id node);
/// True when every `match` glob matches the gear's field.
bool override_matches(const gear_override& o, const gear& g);
/// Applies a matching override; a port patch that does not fit a port (a pinout for another
/// connector, a balanced interface on a TS jack) leaves that port or face as it was.
void apply_override(const gear_override& o, gear& g);
/// Whole-string glob: `*` any run, `?` one character.
bool glob_matches(std::string_view text, std::string_view pattern);

/// The packs read from the embedded builtin files, once; with the errors they had.
struct builtin_packs {
    std::vector<parsed_pack> packs;
    std::vector<input_error> errors;
};
const builtin_packs& builtin_pack_data();

/// A rule as the engine runs it.
struct compiled_rule {
    std::size_t info = 0; ///< index into compiled::rules
    expr::program when;
    /// The `unless` exemptions, compiled in this rule's scope: (exemption index, program).
    std::vector<std::pair<std::size_t, expr::program>> unless;
    expr::text_template message;
    expr::text_template fix;
    std::vector<std::size_t> supersedes; ///< rule indices
    severity level = severity::warning;
    /// A builtin rule that rigcheck raises itself (its condition is `false`): its templates read
    /// the notice facts too (facts.hpp, `notice_field`).
    bool raised = false;
};

/// The enabled rules of one scope and the slots they read.
struct compiled_scope {
    std::vector<compiled_rule> rules;
    std::vector<std::uint32_t> condition_slots; ///< read by a `when` or an exemption
    std::vector<std::uint32_t> template_slots;  ///< read by a message or fix, not by a condition
    std::uint32_t param_base = 0;
};

} // namespace rigcheck::rules_detail

namespace rigcheck {

struct rule_set::compiled {
    std::vector<rule_info> rules;
    std::vector<exemption_info> exemptions;
    std::vector<param_info> params;
    std::vector<double> param_values;
    std::unordered_map<std::string, std::size_t> rule_index;
    std::unordered_map<std::string, std::size_t> exemption_index;
    std::array<rules_detail::compiled_scope, rules_detail::scope_count> scopes;
    /// The rules rigcheck raises itself (`compiled_rule::raised`), with their templates.
    std::vector<rules_detail::compiled_rule> raised;
    std::vector<rules_detail::gear_override> overrides;
    /// The conditions as the engine runs them (engine.cpp: batch form, native code), made on the
    /// set's first run: they depend on nothing but the set, so every later run, from any thread,
    /// reads them as made.
    mutable std::once_flag prepared_once;
    mutable std::shared_ptr<const rules_detail::prepared_rules> prepared;
};

} // namespace rigcheck

namespace rigcheck::rules_detail {

struct rule_set_access {
    static const rule_set::compiled& data(const rule_set& rules) { return *rules.data_; }
};

/// A rule set's compiled data.
inline const rule_set::compiled& data_of(const rule_set& rules) { return rule_set_access::data(rules); }

} // namespace rigcheck::rules_detail
