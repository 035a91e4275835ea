// What the rule tests share: a rig from text, analysed with a rule set's gear overrides applied
// as `rigcheck check` applies them, and the diagnostics of one rule out of a run.
#pragma once

#include <rigcheck/analysis/analysis.hpp>
#include <rigcheck/load/loader.hpp>
#include <rigcheck/rules/engine.hpp>
#include <rigcheck/rules/rule_set.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace rigcheck::testing {

/// The rig written in `text` (named rig.yaml in locations), analysed; `rules`' gear overrides,
/// if any, are applied while it loads. Load errors fail the test.
inline std::shared_ptr<const analysed_rig> analyse_rig_text(const std::string& text, const rule_set* rules = nullptr) {
    load_options options;
    if (rules != nullptr && rules->has_gear_overrides()) options.gear_transforms.push_back(rules->gear_transform());
    auto loaded = load_rig_text(text, "rig.yaml", options);
    for (const auto& e : loaded.errors) UNSCOPED_INFO(to_string(e));
    REQUIRE(loaded.loaded);
    return analyse(std::move(*loaded.loaded));
}

/// The diagnostics of `rule` in `run`, by line, in evaluation order within a line.
inline std::vector<const diagnostic*> diagnostics_of(const rule_run& run, std::string_view rule) {
    std::vector<const diagnostic*> found;
    for (const auto& d : run.diagnostics)
        if (d.rule == rule) found.push_back(&d);
    std::stable_sort(found.begin(), found.end(),
                     [](const auto* a, const auto* b) { return a->location.line < b->location.line; });
    return found;
}

} // namespace rigcheck::testing
