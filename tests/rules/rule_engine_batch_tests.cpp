// The engine decides most conditions without the expression evaluator (src/rules/batch_condition.cpp):
// `&&`, `||`, `?:`, comparisons, `in`, `has()` and arithmetic over facts and constants. These
// tests hold that shortcut to the evaluator itself: each condition is loaded twice, once as
// written and once behind a leading `size('x') == 1`, which the batch form cannot decide,
// which sends the whole condition through the evaluator. Both must fire on exactly the same
// subjects, with the same messages, across the examples, the rule fixtures and a generated rig,
// including where facts are unknown, divisions are by zero and conditional tests are unknown.
#include <rigcheck/analysis/analysis.hpp>
#include <rigcheck/load/generator.hpp>
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

/// Connection-scope conditions covering every form the batch form decides, the fallback
/// after leading conjuncts in batch form, and the unknown-value rules of docs/analysis.md.
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
    // A constant on the left of a comparison with a fact.
    "0 > signal.headroom_db || 2 <= link.length_m",
    "-1 == link.polarity || 3 != link.length_m",
    // Closed-set facts, tested by their codes: a spelling no fact has, both sides facts, a
    // combo's face, values that are often unknown.
    "source.interface == 'bogus' || 'balanced' != link.kind",
    "source.signal == dest.signal && source.interface != dest.interface",
    "dest.face == 'jack' || link.cold_grounded_at != 'far'",
    "source.gear.category in ['mic', 'ribbon-mic', 'no-such-category'] || signal.origin_signal in ['mic']",
    "has(link.cold_grounded_at) || !has(signal.origin_signal)",
    "link.kind != null && dest.gear.category == 'stage-box'",
};

std::string pack_text() {
    std::string text = "rigcheck-rules: 1\npack: batch-check\nparams:\n  p: -20\nrules:\n";
    for (std::size_t i = 0; i < conditions.size(); ++i) {
        const auto rule = [&](const std::string& id, const std::string& when) {
            text += "  - id: " + id + "\n    scope: connection\n    severity: info\n    description: a test\n";
            text += "    when: \"" + when + "\"\n";
            text += "    message: \"{source} -> {dest} at {signal.level_dbu:+.1f} dBu over {link.length_m} m\"\n";
        };
        rule("batch-" + std::to_string(i), conditions[i]);
        rule("evaluated-" + std::to_string(i), "size('x') == 1 && (" + conditions[i] + ")");
    }
    return text;
}

const rule_set& test_rules() {
    static const std::shared_ptr<const rule_set> rules = [] {
        rule_set_options options;
        options.builtin_packs = false;
        options.packs.push_back({"batch.pack.yaml", pack_text()});
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
        if (!d.rule.starts_with("batch-") && !d.rule.starts_with("evaluated-")) continue;
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
        const auto batch = found.find({"batch", i});
        const auto evaluated = found.find({"evaluated", i});
        const auto none = std::vector<std::pair<std::string, std::string>>{};
        const auto& a = batch == found.end() ? none : batch->second;
        const auto& b = evaluated == found.end() ? none : evaluated->second;
        CHECK(a == b);
        totals[i] += a.size();
    }
}

} // namespace

TEST_CASE("conditions decided in batch form fire exactly where the evaluator fires", "[rules][engine]") {
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

TEST_CASE("strings too long to compare in batch form are compared by the evaluator, within its budget",
          "[rules][engine]") {
    // Batch conditions set aside a subject whose string comparison the evaluator would charge by
    // length (batch_condition::long_string_bytes); the evaluator decides it, so both forms still
    // fire alike, and a condition of many such comparisons runs out of budget instead of passing.
    // The evaluator charges a comparison one step per 64 bytes: 4,688 steps for these ids.
    const std::string a(300'000, 'a');
    const std::string b(300'000, 'b');
    const std::string rig_text =
        "rigcheck: 1\nname: long ids\n"
        "gear:\n"
        "  - id: fx/mic\n    category: mic\n    power: passive\n    ports:\n"
        "      - {id: out, direction: out, connector: xlr3-male, interface: balanced, signal: mic, "
        "impedance: 200 ohm, sensitivity: -54 dBV/Pa}\n"
        "  - id: fx/mixer\n    category: mixer\n    power: mains-earthed\n    ports:\n"
        "      - {id: in-1, direction: in, connector: xlr3-female, interface: balanced, signal: mic, "
        "impedance: 3 kohm, gain: 0..60 dB, max: +10 dBu}\n"
        // YAML allows implicit keys of up to 1024 characters; longer ones are explicit.
        "devices:\n  ? " +
        a + "\n  : {gear: fx/mic}\n  ? " + a +
        "x\n  : {gear: fx/mic}\n"
        "  ? " +
        b + "\n  : {gear: fx/mixer}\n  ? " + b +
        "x\n  : {gear: fx/mixer}\n"
        "connections:\n"
        "  - {from: " +
        a + ".out, to: " + b +
        ".in-1, cable: xlr, length: 5 m}\n"
        "  - {from: " +
        a + "x.out, to: " + b + "x.in-1, cable: xlr, length: 5 m}\n";
    auto loaded = load_rig_text(rig_text, "long-ids.yaml");
    CHECK(loaded.errors.empty());
    for (const auto& e : loaded.errors) FAIL_CHECK(to_string(e));
    REQUIRE(loaded.loaded);
    const auto analysed = analyse(std::move(*loaded.loaded));

    // 25 comparisons of them cost more than the step budget of 100,000.
    std::string costly = "source.device != dest.device";
    for (int i = 0; i < 24; ++i) costly += " && source.device != dest.device";
    std::string text = "rigcheck-rules: 1\npack: long-strings\nrules:\n";
    const auto rule = [&](const std::string& id, const std::string& when) {
        text += "  - id: " + id + "\n    scope: connection\n    severity: info\n    description: a test\n";
        text += "    when: \"" + when + "\"\n    message: \"{source}\"\n";
    };
    rule("batch-differ", "source.device != dest.device && link.kind == 'balanced'");
    rule("evaluated-differ", "size('x') == 1 && source.device != dest.device && link.kind == 'balanced'");
    rule("batch-same", "source.device == source.device && link.kind == 'balanced'");
    rule("batch-equal", "source.device == dest.device || dest.device == source.device");
    rule("batch-costly", costly);
    rule_set_options options;
    options.builtin_packs = false;
    options.packs.push_back({"long.pack.yaml", text});
    const auto rules = load_rule_set(options);
    for (const auto& e : rules.errors) FAIL_CHECK(to_string(e));
    REQUIRE(rules.rules);

    const auto evaluation = evaluate_rules(*rules.rules, *analysed);
    std::map<std::string, std::size_t> fired;
    for (const auto& f : evaluation.findings) ++fired[rules.rules->rules()[f.rule].id];
    CHECK(fired["batch-differ"] == 2);
    CHECK(fired["evaluated-differ"] == 2);
    CHECK(fired["batch-same"] == 2);
    CHECK(fired["batch-equal"] == 0);
    CHECK(fired["batch-costly"] == 0);
    CHECK(evaluation.budget_exceeded == 2);
}
