// The engine with its native conditions turned off, for the tests and benchmarks that hold the
// native form to the batch form and the evaluator.
#pragma once

#include <rigcheck/rules/engine.hpp>

namespace rigcheck::rules_detail {

/// `evaluate_rules` with no condition decided natively, only by the batch form and the
/// evaluator: what the native conditions are held to in the tests, and what a user pack of the
/// builtin rules' shape costs (P3u).
rule_evaluation evaluate_rules_without_native(const rule_set& rules, const analysed_rig& rig);

} // namespace rigcheck::rules_detail
