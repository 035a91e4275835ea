// Cross-checks of the rule language and engine (docs/rule-packs.md) at the level a pack author meets them:
// precedence cases the parser table does not list, one type-checker error class per rule of one
// pack file with its exact line and column, hostile packs (deep nesting, oversized lists,
// pathological globs in expressions and in gear overrides, a macro that exhausts the step
// budget over a rig), `unless` and `supersedes` naming builtin ids from a user pack, the nearest
// configuration winning in discovery, and `unused-ignore` beside an ignore that did suppress.
#include <rigcheck/analysis/analysis.hpp>
#include <rigcheck/project/check.hpp>
#include <rigcheck/load/loader.hpp>
#include <rigcheck/project/config.hpp>
#include <rigcheck/rules/engine.hpp>
#include <rigcheck/rules/expression.hpp>
#include <rigcheck/rules/rule_set.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "location_printing.hpp"
#include "rule_test_support.hpp"
#include "scratch_directory.hpp"

using namespace rigcheck;
using rigcheck::testing::analyse_rig_text;
using rigcheck::testing::diagnostics_of;
using rigcheck::testing::scratch_directory;

namespace {

std::string evaluate_text(std::string_view text) {
    const expr::fact_schema no_facts;
    std::vector<input_error> errors;
    const auto compiled = expr::compile(text, no_facts, {"contract", {1, 1}}, std::nullopt, errors);
    for (const auto& e : errors) UNSCOPED_INFO(to_string(e));
    REQUIRE(compiled);
    const auto result = expr::evaluate(*compiled, {});
    REQUIRE_FALSE(result.budget_exceeded);
    return expr::to_string(result.result);
}

rule_set_load_result load_pack_text(const std::string& text) {
    rule_set_options options;
    options.builtin_packs = false;
    options.packs.push_back({"contract.pack.yaml", text});
    return load_rule_set(options);
}

/// One connection-scope rule of a pack, six lines long, with `when` on its fifth line.
std::string rule_block(const std::string& id, const std::string& when) {
    return "  - id: " + id + "\n    scope: connection\n    severity: warning\n    description: d\n    when: " + when +
           "\n    message: m\n";
}

} // namespace

TEST_CASE("precedence and associativity beyond the parser's table", "[contract][parser]") {
    const struct {
        const char* text;
        const char* expected;
    } rows[] = {
        {"!true == false", "true"},   // unary binds tighter than ==
        {"!false && false", "false"}, // (!false) && false
        {"-2 * -3", "6"},
        {"10 - 2 * 3 - 1", "3"}, // * first, then - from the left
        {"2 * 3 % 4", "2"},      // (2 * 3) % 4: same level, from the left
        {"20 / 2 * 5", "50"},
        {"1 + 2 in [3]", "true"},            // + binds tighter than in
        {"'a' in ['a'] && false", "false"},  // in binds tighter than &&
        {"1 < 2 && 2 < 3 ? 'y' : 'n'", "y"}, // ?: is the loosest
        {"true ? 1 + 1 : 0", "2"},
        {"false ? 0 : 2 * 3", "6"},
        {"[1, 2, 3][1] * 10", "20"}, // indexing binds tightest
        {"-[4, 5][0]", "-4"},
        {"size([1, 2]) + 1 == 3", "true"},
        {"'abc'.size() * 2", "6"},
        {"true || false && false", "true"},
        {"(true || false) && false", "false"},
        {"1 == 1 != false", "true"}, // (1 == 1) != false
    };
    for (const auto& row : rows) {
        INFO(row.text);
        CHECK(evaluate_text(row.text) == row.expected);
    }
}

TEST_CASE("each type-checker error class at its line and column in a pack file", "[contract][checker]") {
    // Each `when` is a double-quoted scalar: the quote is at column 11, the text at column 12.
    const std::string pack = "rigcheck-rules: 1\npack: classes\nrules:\n" +
                             rule_block("unknown-field", "\"link.kind == 'balanced' && link.lenth_m > 3\"") + // line 8
                             rule_block("type-mismatch", "\"link.kind == 3\"") +                              // line 14
                             rule_block("unknown-function", "\"sise(link.kind) > 1\"") +                      // line 20
                             rule_block("argument-count", "\"abs(1, 2) > 0\"") +                              // line 26
                             rule_block("argument-type", "\"abs(link.kind) > 0\"") +                          // line 32
                             rule_block("not-a-condition", "\"link.length_m + 1\"") +                         // line 38
                             rule_block("syntax", "\"link.kind == )\"") +                                     // line 44
                             rule_block("unknown-method", "\"link.kind.startswith('x')\"") +                  // line 50
                             rule_block("wrong-scope", "\"path.hops > 2\"");                                  // line 56
    const auto loaded = load_pack_text(pack);
    CHECK_FALSE(loaded.rules);
    struct expected_error {
        error_code code;
        std::uint32_t line;
        std::uint32_t column;
        const char* message;
    };
    const expected_error expected[] = {
        {error_code::expression_type, 8, 44, "unknown field `link.lenth_m`; did you mean `link.length_m`?"},
        {error_code::expression_type, 14, 22, "cannot compare a string with a number using `==`"},
        {error_code::expression_type, 20, 12, "unknown function `sise`; did you mean `size`?"},
        {error_code::expression_type, 26, 12, "`abs` takes 1 argument, but 2 were given; write `abs(number)`"},
        {error_code::expression_type, 32, 16, nullptr},
        {error_code::expression_type, 38, 12, "a condition must be a bool, but this expression is a number"},
        {error_code::expression_syntax, 44, 25, nullptr},
        {error_code::expression_type, 50, 22, "unknown function `startswith`; did you mean `startsWith`?"},
        {error_code::expression_type, 56, 12, nullptr},
    };
    REQUIRE(loaded.errors.size() == std::size(expected));
    for (std::size_t i = 0; i < std::size(expected); ++i) {
        const auto& e = loaded.errors[i];
        INFO(to_string(e));
        CHECK(e.code == expected[i].code);
        CHECK(e.location == source_location{"contract.pack.yaml", expected[i].line, expected[i].column});
        if (expected[i].message) CHECK(e.message == expected[i].message);
    }
}

TEST_CASE("a hostile pack is rejected at located limits, never by the stack", "[contract][limits]") {
    const std::string deep = "\"" + std::string(10000, '(') + "true" + std::string(10000, ')') + "\"";
    const std::string nots = "\"" + std::string(100, '!') + "true\"";
    std::string huge_list = "\"7 in [7";
    while (huge_list.size() < 3 * expr::max_expression_length) huge_list += ", 7";
    huge_list += "]\"";
    const std::string pack = "rigcheck-rules: 1\npack: hostile\nrules:\n" + rule_block("deep", deep) + // line 8
                             rule_block("nots", nots) +                                                // line 14
                             rule_block("huge-list", huge_list);                                       // line 20
    const auto loaded = load_pack_text(pack);
    CHECK_FALSE(loaded.rules);
    REQUIRE(loaded.errors.size() == 3);
    for (const auto& e : loaded.errors) CHECK(e.code == error_code::limit_exceeded);
    // The length limit answers first for the 20 kB expression, at the 4097th byte of its text.
    CHECK(loaded.errors[0].location ==
          source_location{"contract.pack.yaml", 8, static_cast<std::uint32_t>(12 + expr::max_expression_length)});
    // Nesting: the 65th `!` is one level too deep.
    CHECK(loaded.errors[1].location == source_location{"contract.pack.yaml", 14, 12 + 64});
    CHECK(loaded.errors[2].location.line == 20);
    CHECK(loaded.errors[2].message == "expression is longer than 4096 bytes");
}

TEST_CASE("pathological globs and exhausting macros are bounded over a rig", "[contract][limits]") {
    // A gear model of 200 `a`s, 2000 quirks, and patterns that defeat a backtracking matcher.
    const std::string model(200, 'a');
    std::string quirks;
    for (int i = 0; i < 2000; ++i) quirks += (i ? ", q" : "q") + std::to_string(i);
    std::string no_match = "*";
    for (int i = 0; i < 50; ++i) no_match += "a*";
    no_match += "b";
    std::string match = "*";
    for (int i = 0; i < 50; ++i) match += "a*";

    const std::string pack =
        "rigcheck-rules: 1\npack: hostile\nrules:\n" +
        rule_block("glob-never", "\"source.gear.model.glob('" + no_match + "')\"") +
        rule_block("glob-always", "\"source.gear.model.glob('" + match + "')\"") +
        rule_block("pairs", "\"source.gear.quirks.exists(a, source.gear.quirks.exists(b, a != b && a.endsWith(b)))\"") +
        "gear-overrides:\n  - match: {model: \"" + no_match +
        "\"}\n    set: {quirks: [never]}\n"
        "  - match: {model: \"" +
        match + "\"}\n    set: {manufacturer: Matched}\n";
    const auto loaded = load_pack_text(pack);
    for (const auto& e : loaded.errors) UNSCOPED_INFO(to_string(e));
    REQUIRE(loaded.rules);
    const std::string rig =
        "rigcheck: 1\ngear:\n  - id: test/long\n    manufacturer: Test\n    model: " + model +
        "\n    category: playback\n    quirks: [" + quirks +
        "]\n    ports:\n      - {id: out, direction: out, connector: xlr3-male, interface: balanced, signal: line}\n"
        "devices:\n  src: {gear: test/long}\n  dst: {gear: generic/mic-preamp}\n"
        "connections:\n  - {from: src.out, to: dst.in, cable: xlr}\n";
    const auto analysed = analyse_rig_text(rig, loaded.rules.get());
    const auto& gear = analysed->rig().gear_of(analysed->rig().devices[*analysed->rig().find_device("src")]);
    // The first override's pattern cannot match (no `b`); the second matches; the set applies.
    CHECK(gear.manufacturer == "Matched");
    CHECK(gear.quirks.size() == 2000);
    const auto run = run_rules(*loaded.rules, *analysed);
    CHECK(diagnostics_of(run, "glob-never").empty());
    CHECK(diagnostics_of(run, "glob-always").size() == 1);
    // 2000 x 2000 pairs exceed the step budget: the evaluation stops, counts, and does not fire.
    CHECK(diagnostics_of(run, "pairs").empty());
    CHECK(run.budget_exceeded == 1);
}

TEST_CASE("a user pack's unless and supersedes name builtin ids", "[contract][engine]") {
    rule_set_options options;
    options.packs.push_back({"house.pack.yaml", std::string(R"(rigcheck-rules: 1
pack: house
rules:
  - id: house-unbalanced-source
    scope: connection
    severity: error
    description: The house wants every source balanced
    when: "link.kind == 'unbalanced-to-balanced'"
    unless: [short-run-high-level]
    supersedes: [unbalanced-to-balanced]
    message: "{source} is unbalanced"
)")});
    const auto loaded = load_rule_set(options);
    for (const auto& e : loaded.errors) UNSCOPED_INFO(to_string(e));
    REQUIRE(loaded.rules);
    const auto analysed = analyse_rig_text(R"(rigcheck: 1
devices:
  kbd: {gear: generic/keyboard}
  p1: {gear: generic/line-processor}
  p2: {gear: generic/line-processor}
connections:
  - from: kbd.out-l
    to: p1.in
    cable: ts
    length: 2 m
  - from: kbd.out-r
    to: p2.in
    cable: ts
    length: 5 m
)");
    const auto run = run_rules(*loaded.rules, *analysed);
    // 5 m: the house rule fires and silences the builtin one on the same connection.
    const auto house = diagnostics_of(run, "house-unbalanced-source");
    REQUIRE(house.size() == 1);
    CHECK(house[0]->location == source_location{"rig.yaml", 11, 5});
    CHECK(house[0]->message == "kbd.out-r is unbalanced");
    CHECK(diagnostics_of(run, "unbalanced-to-balanced").empty());
    // 2 m at line level: the builtin exemption holds for both rules, and each is recorded.
    std::vector<std::string> exempted;
    for (const auto& e : run.exempted) {
        CHECK(e.exemption == "short-run-high-level");
        CHECK(e.location == source_location{"rig.yaml", 7, 5});
        exempted.push_back(e.rule);
    }
    std::sort(exempted.begin(), exempted.end());
    CHECK(exempted == std::vector<std::string>{"house-unbalanced-source", "unbalanced-to-balanced"});

    // Without the house pack, the builtin rule fires on the 5 m run.
    const auto builtin_only = run_rules(*builtin_rule_set().rules, *analysed);
    REQUIRE(diagnostics_of(builtin_only, "unbalanced-to-balanced").size() == 1);
    CHECK(diagnostics_of(builtin_only, "unbalanced-to-balanced")[0]->location == source_location{"rig.yaml", 11, 5});
}

TEST_CASE("an ignore that suppressed a diagnostic is silent; the same ignore elsewhere is unused",
          "[contract][engine]") {
    const auto analysed = analyse_rig_text(R"(rigcheck: 1
devices:
  kbd: {gear: generic/keyboard}
  p1: {gear: generic/line-processor}
  p2: {gear: generic/line-processor}
connections:
  - from: kbd.out-l
    to: p1.in
    cable: ts
    length: 5 m
    ignore:
      - {rule: unbalanced-to-balanced, reason: "quiet at soundcheck"}
  - from: kbd.out-r
    to: p2.in
    cable: ts
    length: 2 m
    ignore:
      - {rule: unbalanced-to-balanced, reason: "copied from above"}
)");
    const auto run = run_rules(*builtin_rule_set().rules, *analysed);
    CHECK(diagnostics_of(run, "unbalanced-to-balanced").empty());
    const auto unused = diagnostics_of(run, "unused-ignore");
    REQUIRE(unused.size() == 1);
    CHECK(unused[0]->location == source_location{"rig.yaml", 18, 9});
    CHECK(unused[0]->severity == severity::info);
    CHECK(unused[0]->subject == "kbd.out-r -> p2.in");
}

TEST_CASE("the nearest configuration wins, and --config or --no-config replace discovery", "[contract][config]") {
    scratch_directory scratch;
    const std::string rig = R"(rigcheck: 1
devices:
  kbd: {gear: generic/keyboard}
  proc: {gear: generic/line-processor}
connections:
  - {from: kbd.out-l, to: proc.in, cable: ts, length: 5 m}
)";
    scratch.write("venue/.rigcheck.yaml",
                  "rigcheck-config: 1\nrules: {unbalanced-to-balanced: error}\nfail-on: info\n");
    scratch.write("venue/stage/.rigcheck.yaml", "rigcheck-config: 1\nrules: {unbalanced-to-balanced: info}\n");
    scratch.write("venue/stage/left/rig.yaml", rig);
    scratch.write("venue/bar/rig.yaml", rig);

    CHECK(find_config_for(scratch.path() / "venue/stage/left/rig.yaml") ==
          scratch.path() / "venue/stage/.rigcheck.yaml");
    CHECK(find_config_for(scratch.path() / "venue/bar/rig.yaml") == scratch.path() / "venue/.rigcheck.yaml");

    const auto severity_of = [](const check_result& result) {
        REQUIRE_FALSE(result.invalid_input);
        for (const auto& d : result.report.diagnostics)
            if (d.rule == "unbalanced-to-balanced") return d.severity;
        FAIL("unbalanced-to-balanced did not fire");
        return severity::info;
    };
    const checker discovering(check_settings{});
    // The stage's configuration replaces the venue's whole: its severity, and no fail-on.
    const auto stage = discovering.check(scratch.path() / "venue/stage/left/rig.yaml");
    CHECK(severity_of(stage) == severity::info);
    CHECK_FALSE(stage.fail_on);
    const auto bar = discovering.check(scratch.path() / "venue/bar/rig.yaml");
    CHECK(severity_of(bar) == severity::error);
    CHECK(bar.fail_on == fail_on_level{severity::info});

    check_settings named;
    named.config = scratch.path() / "venue/.rigcheck.yaml";
    CHECK(severity_of(checker(named).check(scratch.path() / "venue/stage/left/rig.yaml")) == severity::error);
    check_settings none;
    none.discover_config = false;
    const auto plain = checker(none).check(scratch.path() / "venue/stage/left/rig.yaml");
    CHECK(severity_of(plain) == severity::warning);
    CHECK_FALSE(plain.fail_on);
    // --rule wins over the nearest configuration.
    check_settings overridden;
    overridden.rules = {"unbalanced-to-balanced=warning"};
    CHECK(severity_of(checker(overridden).check(scratch.path() / "venue/bar/rig.yaml")) == severity::warning);
}
