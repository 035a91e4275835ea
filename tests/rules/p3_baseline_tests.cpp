// The hand-written baseline of the P3 benchmark (bench/builtin_rules_by_hand.hpp) must be the
// builtin pack, predicate for predicate: on every rig fixture of the builtin rules, every example
// rig and a generated rig, it finds exactly what the engine finds, rule by rule.
#include "../../bench/builtin_rules_by_hand.hpp"

#include <rigcheck/load/generator.hpp>
#include <rigcheck/load/loader.hpp>
#include <rigcheck/rules/engine.hpp>

#include <catch2/catch.hpp>

#include "fixture_rigs.hpp"

#include <algorithm>
#include <array>
#include <filesystem>
#include <string>
#include <vector>

namespace {

using namespace rigcheck;
namespace fs = std::filesystem;

const rule_set& builtin() {
    const auto& loaded = builtin_rule_set();
    REQUIRE(loaded.rules);
    return *loaded.rules;
}

/// Compares the counts rule by rule, so that a failure names the rule that differs: the
/// hand-written rules against both what `evaluate_rules` decides (what P3 times) and the
/// diagnostics `run_rules` describes from it.
void require_same(const analysed_rig& analysed, const std::string& what) {
    const auto evaluation = evaluate_rules(builtin(), analysed);
    const auto decided = bench::count_engine_findings(builtin(), evaluation);
    const auto run = run_rules(builtin(), analysed);
    const auto described = bench::count_engine_findings(run.diagnostics, run.exempted.size());
    const auto hand = bench::run_builtin_rules_by_hand(analysed, bench::builtin_params::of(builtin()));
    INFO(what);
    for (std::size_t k = 0; k < bench::builtin_rule_count; ++k) {
        INFO(bench::builtin_rule_ids[k]);
        CHECK(hand.findings[k] == decided.findings[k]);
        CHECK(hand.findings[k] == described.findings[k]);
    }
    CHECK(hand.exempted == decided.exempted);
    CHECK(hand.exempted == described.exempted);
}

bool has_ignores(const rig& r) {
    return std::any_of(r.connections.begin(), r.connections.end(), [](const connection& c) { return !c.ignores.empty(); });
}

} // namespace

TEST_CASE("P3 baseline: the hand-written rules find what the engine finds on every fixture and example") {
    const auto rigs = rigcheck::testing::fixture_and_example_rigs();

    // The baseline leaves out `ignore` entries (a generated rig has none), so rigs with them sit out.
    std::array<std::size_t, bench::builtin_rule_count> fired{};
    std::size_t compared = 0;
    for (const auto& file : rigs) {
        auto loaded = load_rig_file(file);
        if (!loaded.loaded || has_ignores(*loaded.loaded)) continue;
        const auto analysed = analyse(std::move(*loaded.loaded));
        require_same(*analysed, file.string());
        const auto hand = bench::run_builtin_rules_by_hand(*analysed, bench::builtin_params::of(builtin()));
        for (std::size_t k = 0; k < bench::builtin_rule_count; ++k) fired[k] += hand.findings[k];
        ++compared;
    }
    CHECK(compared >= 30);
    // Each rule of the pack fires somewhere in its own fixtures, so each predicate was exercised.
    for (std::size_t k = 0; k < bench::builtin_rule_count; ++k) {
        if (bench::builtin_rule_ids[k] == "path-limit") continue;
        INFO(bench::builtin_rule_ids[k]);
        CHECK(fired[k] > 0);
    }
}

TEST_CASE("P3 baseline: the hand-written rules find what the engine finds on a generated rig") {
    generator_options options;
    options.connections = 20'000;
    options.seed = 7;
    options.unbalanced_share = 0.4;
    const auto analysed = analyse(generate_rig(options));
    require_same(*analysed, "generated");
    const auto hand = bench::run_builtin_rules_by_hand(*analysed, bench::builtin_params::of(builtin()));
    CHECK(hand.exempted > 0);
    CHECK(hand.findings[static_cast<std::size_t>(bench::builtin_rule::unbalanced_to_balanced)] > 0);
}
