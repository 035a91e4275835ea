// Rule sets: the builtin rule packs, the user's packs, params and severity overrides, loaded,
// type-checked and compiled into one immutable value (docs/rule-packs.md).
//
// `load_rule_set` reads every pack (`rigcheck-rules: 1`), checks that rule and exemption ids are
// unique across all of them, resolves `unless` and `supersedes`, settles the one global table of
// params (builtin < packs in load order < config < `--param`) and compiles every `when`,
// exemption, message and fix against the facts of its rule's scope (docs/rule-facts.md). Any
// problem is a located `input_error`, and a set with errors is never returned. A loaded
// `rule_set` is immutable and may be shared by any number of threads checking rigs at once; the
// rule engine (rules/engine.hpp) runs it, and its gear overrides go into `load_options`.
#pragma once

#include <rigcheck/core/errors.hpp>
#include <rigcheck/core/diagnostic.hpp>
#include <rigcheck/core/source_location.hpp>

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rigcheck {

struct gear;

namespace rules_detail {
/// Reaches a rule set's compiled data (rule_set_data.hpp), for the rule layers themselves.
struct rule_set_access;
} // namespace rules_detail

/// A rule pack to load: a file, or text given in memory under a file name used in locations.
struct pack_source {
    std::filesystem::path file;
    std::optional<std::string> text; ///< when set, read instead of `file`
    /// The entry that names the pack (a configuration's `packs` item), where a file that cannot
    /// be read is reported; unknown for `--pack` and packs given in code.
    source_location named_at;
};

/// A param value set after every pack has loaded, by a config's `params` or by `--param`.
struct param_setting {
    std::string name;
    double value = 0.0;       ///< finite; `load_rule_set` reports anything else as `invalid-value`
    source_location location; ///< the config entry; unknown for the command line
};

/// A rule's severity set by a config's `rules` or by `--rule`.
struct severity_setting {
    std::string rule;
    std::optional<rigcheck::severity> level; ///< nullopt: `off`, the rule is disabled
    source_location location;                ///< the config entry; unknown for the command line
};

struct rule_set_options {
    /// Load the builtin packs first (the normal case; tests of a pack on its own turn it off).
    bool builtin_packs = true;
    /// Further packs, in load order: a config's `packs`, then `--pack`.
    std::vector<pack_source> packs;
    /// Applied in order after every pack: a config's `params`, then `--param`.
    std::vector<param_setting> params;
    /// Applied in order: a config's `rules`, then `--rule`.
    std::vector<severity_setting> severities;
};

/// A param of the global table and where its value came from.
struct param_info {
    std::string name;
    double value = 0.0;
    std::string pack;         ///< the pack that declared it
    source_location location; ///< its declaration
};

struct exemption_info {
    std::string id;
    std::string pack;
    std::string description;
    std::string when;
    source_location location; ///< its `id`
};

struct rule_info {
    std::string id;
    std::string pack;
    bool builtin = false; ///< defined by a builtin pack (and documented under rules/<id>/)
    rule_scope scope = rule_scope::connection;
    severity default_severity = severity::warning;
    /// After config and `--rule`; nullopt when the rule is `off`.
    std::optional<severity> effective_severity;
    std::string description;
    std::string when;
    std::string message;
    std::string fix;
    std::vector<std::string> unless;
    std::vector<std::string> supersedes;
    std::vector<std::string> tags;
    /// The params its condition, message, fix and exemptions read, in table order.
    std::vector<std::string> params;
    source_location location; ///< its `id`
};

/// A loaded, compiled rule set. Immutable; safe to share across threads.
class rule_set {
public:
    /// Every rule, builtin packs first, in definition order.
    [[nodiscard]] std::span<const rule_info> rules() const;
    [[nodiscard]] const rule_info* find_rule(std::string_view id) const;
    [[nodiscard]] std::span<const exemption_info> exemptions() const;
    [[nodiscard]] const exemption_info* find_exemption(std::string_view id) const;
    /// The global param table with its final values, in declaration order.
    [[nodiscard]] std::span<const param_info> params() const;
    [[nodiscard]] std::optional<double> param(std::string_view name) const;
    /// What reports need about every rule (SARIF `driver.rules`); builtin rules link their docs.
    [[nodiscard]] std::vector<rule_metadata> metadata() const;
    /// Every rule id, sorted, for "did you mean" suggestions.
    [[nodiscard]] std::vector<std::string_view> rule_ids() const;
    /// True when some loaded pack has `gear-overrides`.
    [[nodiscard]] bool has_gear_overrides() const;
    /// The packs' `gear-overrides`, in load order, as one transform for
    /// `load_options::gear_transforms`. It shares the rule set's data and is thread-safe.
    [[nodiscard]] std::function<void(gear&)> gear_transform() const;

    struct compiled; ///< the rule layers' own; defined in their detail headers
    explicit rule_set(std::shared_ptr<const compiled> data);

private:
    friend struct rules_detail::rule_set_access;
    std::shared_ptr<const compiled> data_;
};

struct rule_set_load_result {
    std::shared_ptr<const rule_set> rules; ///< set when there were no errors
    std::vector<input_error> errors;       ///< in load order
    std::size_t dropped_errors = 0;        ///< errors past `max_reported_input_errors` of a pack, counted only
};

/// Loads, checks and compiles a rule set. Never throws for bad input: problems are `errors`.
rule_set_load_result load_rule_set(const rule_set_options& options = {});

/// The builtin packs alone, with their own params and severities. Loaded on first use, once,
/// whichever thread asks first.
const rule_set_load_result& builtin_rule_set();

/// `https://github.com/rigcheck/rigcheck/blob/main/rules/<id>/README.md`.
std::string rule_help_uri(std::string_view rule_id);

} // namespace rigcheck
