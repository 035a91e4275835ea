// rigcheck in one include: what an app that embeds it usually needs.
//
// Loading rigs (from YAML, or built in code with `rig_builder`), analysing them, running the
// builtin and user rules, and checking files the way `rigcheck check` does; docs/api.md walks
// through it. Each layer's headers can also be included on their own (docs/architecture.md).
#pragma once

#include <rigcheck/analysis/analysis.hpp>
#include <rigcheck/core/version.hpp>
#include <rigcheck/load/builder.hpp>
#include <rigcheck/load/loader.hpp>
#include <rigcheck/project/check.hpp>
#include <rigcheck/report/levels_report.hpp>
#include <rigcheck/report/report.hpp>
#include <rigcheck/rules/engine.hpp>
#include <rigcheck/rules/rule_set.hpp>
