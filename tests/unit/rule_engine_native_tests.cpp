// The engine decides most conditions without the expression evaluator (src/rules/engine.cpp):
// `&&`, `||`, `?:`, comparisons, `in`, `has()` and arithmetic over facts and constants. These
// tests hold that shortcut to the evaluator itself: each condition is loaded twice, once as
// written and once behind a leading `size('x') == 1`, which the engine cannot decide natively,
// which sends the whole condition through the evaluator. Both must fire on exactly the same
// subjects, with the same messages, across the examples, the rule fixtures and a generated rig,
// including where facts are unknown, divisions are by zero and conditional tests are unknown.
#include <rigcheck/analysis/analysis.hpp>
#include <rigcheck/analysis/generator.hpp>
#include <rigcheck/load/loader.hpp>
#include <rigcheck/rules/engine.hpp>
#include <rigcheck/rules/rule_set.hpp>

#include <catch2/catch.hpp>

#include "fixture_rigs.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

using namespace rigcheck;

namespace {

namespace fs = std::filesystem;

/// Connection-scope conditions covering every form the engine decides natively, the fallback
/// after native leading conjuncts, and the unknown-value rules of SPEC §8.
const std::vector<std::string> conditions{
    "link.kind in ['balanced', 'unbalanced']",
    "link.kind != 'unmated' && !dest.phantom",
    "has(link.length_m) && (link.length_m / (signal.headroom_db - signal.headroom_db) > 1 || link.length_m / 2 > 1)",
    "link.length_m == null || signal.level_dbu == null",
    "(has(dest.gain_min_db) ? dest.gain_min_db - 3 < signal.level_dbu : abs(signal.level_dbu) > 10) || link.isolated",
    "link.length_m % 2 >= 1 && max(link.length_m, 1) == link.length_m",
    "-signal.level_dbu > min(20, dest.impedance_ohm)",
    "link.mated == true && link.cold != 'grounded'",
    "signal.level_dbu < params.p * 2 + 1",
    "(link.kind == 'balanced' || signal.level_dbu >= -20) && !link.isolated",
    "!link.mated",
    "signal.level_dbu != -1000",
    "signal.headroom_db > 0 ? true : false",
    "link.isolated ? true : link.kind == 'balanced'",
    "source.signal in ['line', 'mic'] && link.cables.exists(c, c.startsWith('x'))",
    "link.polarity in [-1] || dest.nominal_dbu - signal.level_dbu >= 6",
    "link.unbalanced_receiving == false && source.gear.power != dest.gear.power",
};

std::string pack_text() {
    std::string text = "rigcheck-rules: 1\npack: native-check\nparams:\n  p: -20\nrules:\n";
    for (std::size_t i = 0; i < conditions.size(); ++i) {
        const auto rule = [&](const std::string& id, const std::string& when) {
            text += "  - id: " + id + "\n    scope: connection\n    severity: info\n    description: a test\n";
            text += "    when: \"" + when + "\"\n";
            text += "    message: \"{source} -> {dest} at {signal.level_dbu:+.1f} dBu over {link.length_m} m\"\n";
        };
        rule("native-" + std::to_string(i), conditions[i]);
        rule("evaluated-" + std::to_string(i), "size('x') == 1 && (" + conditions[i] + ")");
    }
    return text;
}

const rule_set& test_rules() {
    static const std::shared_ptr<const rule_set> rules = [] {
        rule_set_options options;
        options.builtin_packs = false;
        options.packs.push_back({"native.pack.yaml", pack_text()});
        auto loaded = load_rule_set(options);
        for (const auto& e : loaded.errors) INFO(to_string(e));
        REQUIRE(loaded.errors.empty());
        REQUIRE(loaded.rules);
        return loaded.rules;
    }();
    return *rules;
}

/// What each condition fired on: (subject, message) pairs, per condition index and form.
using firings = std::map<std::pair<std::string, std::size_t>, std::vector<std::pair<std::string, std::string>>>;

firings fired(const analysed_rig& analysed) {
    firings result;
    const auto run = run_rules(test_rules(), analysed);
    for (const auto& d : run.diagnostics) {
        // Rigs with `ignore` entries also get the engine's own `unused-ignore`.
        if (!d.rule.starts_with("native-") && !d.rule.starts_with("evaluated-")) continue;
        const auto dash = d.rule.rfind('-');
        const std::string form = d.rule.substr(0, dash);
        const std::size_t index = std::stoul(d.rule.substr(dash + 1));
        result[{form, index}].emplace_back(d.subject, d.message);
    }
    return result;
}

/// Checks both forms agree on every condition; adds what fired to `totals` per condition.
void require_same(const analysed_rig& analysed, const std::string& what, std::vector<std::size_t>& totals) {
    const auto found = fired(analysed);
    INFO(what);
    for (std::size_t i = 0; i < conditions.size(); ++i) {
        INFO(conditions[i]);
        const auto native = found.find({"native", i});
        const auto evaluated = found.find({"evaluated", i});
        const auto none = std::vector<std::pair<std::string, std::string>>{};
        const auto& a = native == found.end() ? none : native->second;
        const auto& b = evaluated == found.end() ? none : evaluated->second;
        CHECK(a == b);
        totals[i] += a.size();
    }
}

} // namespace

TEST_CASE("conditions decided natively fire exactly where the evaluator fires", "[rules][engine]") {
    const auto rigs = rigcheck::testing::fixture_and_example_rigs();

    std::vector<std::size_t> totals(conditions.size(), 0);
    std::size_t compared = 0;
    for (const auto& file : rigs) {
        auto loaded = load_rig_file(file);
        if (!loaded.loaded) continue;
        require_same(*analyse(std::move(*loaded.loaded)), file.string(), totals);
        ++compared;
    }
    generator_options options;
    options.connections = 5'000;
    options.seed = 11;
    options.unbalanced_share = 0.4;
    require_same(*analyse(generate_rig(options)), "generated", totals);
    CHECK(compared >= 30);
    // Every condition fires somewhere, so no agreement above is two empty lists.
    for (std::size_t i = 0; i < conditions.size(); ++i) {
        INFO(conditions[i]);
        CHECK(totals[i] > 0);
    }
}
