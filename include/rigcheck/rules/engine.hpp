// The rule engine: runs a compiled rule set over an analysed rig (docs/rule-packs.md).
//
// Each scope's rules are evaluated over every subject of that scope (each link, path, port,
// device, cycle, and the rig itself). A rule whose condition holds on a subject is a finding,
// or, when one of its `unless` exemptions holds, an exemption record. Then `supersedes` silences
// lesser rules on the same connection or path, each connection's `ignore` entries drop the
// findings they name, and an `ignore` that dropped nothing is itself reported as
// `unused-ignore`. Deciding and describing are two steps: `evaluate_rules` says which rule fired
// on which subject, as small records, and `describe_findings` makes each one's message, fix,
// subject and location. `run_rules` does both, as `rigcheck check` does; a host that needs only
// the verdicts, or the text of a few of them, can stop after the first.
#pragma once

#include <rigcheck/core/diagnostic.hpp>
#include <rigcheck/rules/rule_set.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace rigcheck {

class analysed_rig;

/// Evaluation steps one run of the rules over a rig may take in all (docs/robustness.md#limits): a budget for the
/// whole run, besides each evaluation's own. A rule still needing steps when it is spent stops,
/// reports nothing further, and gets one `rule-budget` warning at its definition.
inline constexpr std::uint64_t run_step_budget = 100'000'000;

/// One rule that held on one subject, before any text is made for it.
///
/// `subject` numbers the subjects of `scope`: for `connection`, the traced links
/// (`analysed_rig::links().links`) and then the direction conflicts (`links().conflicts`); for
/// `path`, `paths()`; for `port`, every port of every device, device by device in the gear's port
/// order; for `device`, the rig's devices; for `rig`, 0; for `cycle`, `cycles()`.
struct rule_finding {
    std::uint32_t rule = 0; ///< index into `rule_set::rules()`
    std::uint32_t subject = 0;
    rule_scope scope = rule_scope::connection;
    rigcheck::severity severity = severity::warning;
    /// For an exempted finding: the exemption that held, an index into `rule_set::exemptions()`.
    std::optional<std::uint32_t> exemption;
};

/// What `evaluate_rules` decides.
struct rule_evaluation {
    /// Reported findings, after supersession and ignores, subject by subject in scope order.
    std::vector<rule_finding> findings;
    /// Findings an exemption silenced, in the same order.
    std::vector<rule_finding> exempted;
    /// rigcheck's own diagnostics, already described: `unused-ignore`, `path-limit`, then
    /// `rule-budget`.
    std::vector<diagnostic> notices;
    /// Evaluations that ran out of their step budget; each one counted as not firing.
    std::size_t budget_exceeded = 0;
    /// Evaluation steps the run took (at most `run_step_budget`, plus one evaluation's).
    std::uint64_t steps = 0;
    /// Rules stopped when the run's budget ran out, as indices into `rule_set::rules()`.
    std::vector<std::uint32_t> stopped_rules;
};

struct rule_run {
    std::vector<diagnostic> diagnostics; ///< in evaluation order; `sort_diagnostics` orders them by file position
    std::vector<exemption_record> exempted;
    /// Evaluations that ran out of their step budget; each one counted as not firing.
    std::size_t budget_exceeded = 0;
};

/// Decides every enabled rule of `rules` over `rig`. Thread-safe: both arguments are immutable.
rule_evaluation evaluate_rules(const rule_set& rules, const analysed_rig& rig);

/// The diagnostics and exemption records of an evaluation of `rules` over `rig`: each finding's
/// message and fix rendered from its rule's templates, its subject and location (docs/rule-packs.md).
/// `evaluation` must come from `evaluate_rules` with the same `rules` and `rig`: a finding whose
/// rule or subject is not theirs throws std::invalid_argument. Thread-safe.
rule_run describe_findings(const rule_set& rules, const analysed_rig& rig, const rule_evaluation& evaluation);

/// `describe_findings(rules, rig, evaluate_rules(rules, rig))`. Thread-safe.
rule_run run_rules(const rule_set& rules, const analysed_rig& rig);

/// The `invalid-input` diagnostic of a load error, at the error's location, its message made by
/// that rule's template in `rules` (`{notice.message} [rigcheck.{notice.error}]`), or the same
/// text without one when `rules` is null. Thread-safe.
diagnostic describe_invalid_input(const rule_set* rules, const input_error& error);

} // namespace rigcheck
