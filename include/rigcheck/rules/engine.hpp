// The rule engine: runs a compiled rule set over an analysed rig (SPEC §9).
//
// Each scope's rules are evaluated once per subject of that scope (each link, path, port,
// device, cycle, and the rig itself). Facts are bound by slot into one reused array, so no name
// is looked up and nothing is allocated per subject while rules do not fire. A rule whose
// condition holds either reports a diagnostic, located as SPEC §9's table says, or, when one of
// its `unless` exemptions holds, an exemption record. Then `supersedes` silences lesser rules
// on the same connection or path, each connection's `ignore` entries drop the diagnostics they
// name, and an `ignore` that dropped nothing is itself reported as `unused-ignore`.
#pragma once

#include <rigcheck/report/diagnostic.hpp>
#include <rigcheck/rules/rule_set.hpp>

#include <cstddef>
#include <vector>

namespace rigcheck {

class analysed_rig;

struct rule_run {
    std::vector<diagnostic> diagnostics;     ///< in evaluation order; `sort_diagnostics` orders them by file position
    std::vector<exemption_record> exempted;
    /// Evaluations that ran out of their step budget; each one counted as not firing.
    std::size_t budget_exceeded = 0;
};

/// Runs every enabled rule of `rules` over `rig`. Thread-safe: both arguments are immutable.
rule_run run_rules(const rule_set& rules, const analysed_rig& rig);

} // namespace rigcheck
