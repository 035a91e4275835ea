// Unit tests for rule packs and the rule engine: located pack errors, exemptions (`unless`),
// `supersedes`, `ignore` and `unused-ignore`, the param table, severity overrides, gear overrides
// that change the computed polarity, the fixture harness and the builtin rule set.
//
// Most tests load a small pack from text with the builtin packs turned off, so that what fires
// is exactly what the test pack says; the tests of builtin behaviour say so in their names.
#include <rigcheck/analysis/analysis.hpp>
#include <rigcheck/project/check.hpp>
#include <rigcheck/load/loader.hpp>
#include <rigcheck/rules/engine.hpp>
#include <rigcheck/project/fixtures.hpp>
#include <rigcheck/rules/rule_set.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <limits>
#include <string>
#include <vector>

#include "location_printing.hpp"
#include "rule_test_support.hpp"

using namespace rigcheck;
using rigcheck::testing::diagnostics_of;

namespace {

const std::string source_dir = RIGCHECK_SOURCE_DIR;

rule_set_options pack_options(std::string text, bool builtin = false) {
    rule_set_options options;
    options.builtin_packs = builtin;
    options.packs.push_back({"test.pack.yaml", std::move(text)});
    return options;
}

std::shared_ptr<const rule_set> load_pack(std::string text, bool builtin = false) {
    auto loaded = load_rule_set(pack_options(std::move(text), builtin));
    for (const auto& e : loaded.errors) INFO(to_string(e));
    REQUIRE(loaded.errors.empty());
    REQUIRE(loaded.rules);
    return loaded.rules;
}

std::vector<input_error> pack_errors(std::string text, bool builtin = false) {
    auto loaded = load_rule_set(pack_options(std::move(text), builtin));
    CHECK_FALSE(loaded.rules);
    return loaded.errors;
}

rule_run run_on(const std::string& rig_text, const rule_set& rules) {
    return run_rules(rules, *rigcheck::testing::analyse_rig_text(rig_text, &rules));
}

// An unbalanced keyboard into balanced line processors over runs of several lengths, and a chain
// through one processor into another.
const std::string runs_rig = R"(rigcheck: 1
devices:
  kbd: {gear: generic/keyboard}
  kbd2: {gear: generic/keyboard}
  kbd3: {gear: generic/keyboard}
  proc-a: {gear: generic/line-processor}
  proc-b: {gear: generic/line-processor}
  proc-c: {gear: generic/line-processor}
  proc-d: {gear: generic/line-processor}
  proc-e: {gear: generic/line-processor}
connections:
  - from: kbd.out-l
    to: proc-a.in
    cable: ts
    length: 1 m
    ignore:
      - {rule: any-unbalanced-source, reason: "exempted anyway"}
  - from: kbd.out-r
    to: proc-b.in
    cable: ts
    length: 5 m
  - from: kbd2.out-l
    to: proc-c.in
    cable: ts
    length: 20 m
  - from: kbd3.out-l
    to: proc-d.in
    cable: ts
    length: 5 m
  - from: proc-d.out
    to: proc-e.in
    cable: trs
    length: 20 m
  - from: kbd2.out-r
    to: proc-b.out
    cable: ts
)";

const std::string runs_pack = R"(rigcheck-rules: 1
pack: runs
params:
  long_run_m: 10
exemptions:
  - id: short-run
    description: Short runs are fine
    when: "link.length_m <= 2"
rules:
  - id: any-unbalanced-source
    scope: connection
    severity: warning
    description: Any unbalanced source
    when: "source.interface == 'unbalanced' && !link.direction_conflict"
    unless: [short-run]
    message: "{source} is unbalanced"
  - id: unbalanced-long
    scope: connection
    severity: error
    description: A long unbalanced run
    when: "source.interface == 'unbalanced' && link.length_m > params.long_run_m"
    supersedes: [any-unbalanced-source]
    message: "{source} -> {dest} runs {link.length_m} m"
    fix: "Keep it under {params.long_run_m} m"
  - id: long-path
    scope: path
    severity: warning
    description: A long path
    when: "path.length_m > 20"
    supersedes: [any-unbalanced-source]
    message: "{path.source} reaches {path.sink} over {path.length_m} m in {path.hops} hops"
  - id: outputs-joined
    scope: connection
    severity: error
    description: Two outputs joined
    when: "link.direction_conflict"
    message: "{source} and {dest} are both {source.direction}puts"
)";

} // namespace

TEST_CASE("an unknown key in a pack is located and suggests the nearest key", "[rules][pack]") {
    const auto errors = pack_errors(R"(rigcheck-rules: 1
pack: broken
rules:
  - id: r1
    scope: connection
    sevrity: warning
    description: d
    when: "true"
    message: m
)");
    REQUIRE_FALSE(errors.empty());
    CHECK(errors.front().code == error_code::unknown_key);
    CHECK(errors.front().location == source_location{"test.pack.yaml", 6, 5});
    CHECK(errors.front().message == "unknown key `sevrity` in a rule; did you mean `severity`?");
}

TEST_CASE("a pack-level unknown key is located too", "[rules][pack]") {
    const auto errors = pack_errors("rigcheck-rules: 1\npack: broken\nexemption: []\n");
    REQUIRE(errors.size() == 1);
    CHECK(errors.front().location == source_location{"test.pack.yaml", 3, 1});
    CHECK(errors.front().message == "unknown key `exemption` in a rule pack; did you mean `exemptions`?");
}

TEST_CASE("a rule id defined twice is an error at the second definition", "[rules][pack]") {
    const auto errors = pack_errors(R"(rigcheck-rules: 1
pack: twice
exemptions:
  - id: fine
    description: d
    when: "true"
rules:
  - id: twice
    scope: rig
    severity: info
    description: d
    when: "true"
    message: m
  - id: twice
    scope: rig
    severity: info
    description: d
    when: "true"
    message: m
  - id: fine
    scope: rig
    severity: info
    description: d
    when: "true"
    message: m
)");
    REQUIRE(errors.size() == 2);
    CHECK(errors[0].code == error_code::duplicate_id);
    CHECK(errors[0].location == source_location{"test.pack.yaml", 14, 9});
    CHECK(errors[0].message ==
          "`twice` is already defined as a rule at test.pack.yaml:8:9; rule and exemption ids must be unique across "
          "all packs");
    // Exemption and rule ids share one namespace.
    CHECK(errors[1].location == source_location{"test.pack.yaml", 20, 9});
    CHECK(errors[1].message.starts_with("`fine` is already defined as an exemption at test.pack.yaml:4:9"));
}

TEST_CASE("a pack may not redefine a builtin rule id", "[rules][pack][builtin]") {
    const auto errors = pack_errors(R"(rigcheck-rules: 1
pack: mine
rules:
  - id: missing-di
    scope: connection
    severity: info
    description: d
    when: "true"
    message: m
)",
                                    true);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].location == source_location{"test.pack.yaml", 4, 9});
    CHECK(errors[0].message.starts_with(
        "`missing-di` is already defined as a rule at rules/missing-di/missing-di.rule.yaml:"));
}

TEST_CASE("unless and supersedes must name existing ids", "[rules][pack]") {
    const auto errors = pack_errors(R"(rigcheck-rules: 1
pack: refs
exemptions:
  - id: short-run
    description: d
    when: "link.length_m < 3"
rules:
  - id: r1
    scope: connection
    severity: warning
    description: d
    when: "true"
    unless: [short-rn]
    supersedes: [r3]
    message: m
  - id: r2
    scope: connection
    severity: warning
    description: d
    when: "true"
    unless:
      - r1
    message: m
)");
    REQUIRE(errors.size() == 3);
    CHECK(errors[0].code == error_code::unknown_reference);
    CHECK(errors[0].location == source_location{"test.pack.yaml", 13, 14});
    CHECK(errors[0].message == "rule `r1`: unknown exemption `short-rn` in `unless`; did you mean `short-run`?");
    CHECK(errors[1].location == source_location{"test.pack.yaml", 14, 18});
    CHECK(errors[1].message == "rule `r1`: unknown rule `r3` in `supersedes`; did you mean one of `r1`, `r2`?");
    CHECK(errors[2].location == source_location{"test.pack.yaml", 22, 9});
    CHECK(errors[2].message == "`r1` is a rule, not an exemption; `unless` lists exemption ids");
}

TEST_CASE("a type error inside an expression is located at its column in the file", "[rules][pack]") {
    const auto errors = pack_errors(R"(rigcheck-rules: 1
pack: types
rules:
  - id: r1
    scope: connection
    severity: warning
    description: d
    when: "link.kind == 'balanced' && link.lenght_m > 3"
    message: m
  - id: r2
    scope: connection
    severity: warning
    description: d
    when: link.length_m
    message: "{source} runs {link.length_m:.1f} m at {path.hops}"
)");
    REQUIRE(errors.size() == 3);
    // The quoted scalar starts at column 11 and its text at column 12; `link.` is 27 bytes
    // further, and the unknown member `lenght_m` 5 bytes after that.
    CHECK(errors[0].code == error_code::expression_type);
    CHECK(errors[0].location == source_location{"test.pack.yaml", 8, 44});
    CHECK(errors[0].message.find("link.lenght_m") != std::string::npos);
    // A plain scalar starts where it is written; `when` must be a condition.
    CHECK(errors[1].location.line == 14);
    CHECK(errors[1].location.column == 11);
    CHECK(errors[1].code == error_code::expression_type);
    // Templates are checked against the rule's scope: `path.hops` is not a connection fact.
    CHECK(errors[2].location == source_location{"test.pack.yaml", 15, 55});
}

TEST_CASE("an exemption's type errors are located at the exemption, naming the rule's scope", "[rules][pack]") {
    const auto errors = pack_errors(R"(rigcheck-rules: 1
pack: scopes
exemptions:
  - id: short-run
    description: d
    when: "link.length_m < 3"
rules:
  - id: on-paths
    scope: path
    severity: warning
    description: d
    when: "path.hops > 3"
    unless: [short-run]
    message: m
)");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].location == source_location{"test.pack.yaml", 6, 12});
    CHECK(errors[0].message.find("(exemption `short-run` is used in the path scope by rule `on-paths`)") !=
          std::string::npos);
}

TEST_CASE("params must be numbers with identifier names", "[rules][pack]") {
    const auto errors = pack_errors("rigcheck-rules: 1\npack: p\nparams:\n  max-run: 3\n  limit: far\n");
    REQUIRE(errors.size() == 2);
    CHECK(errors[0].location == source_location{"test.pack.yaml", 4, 3});
    CHECK(errors[1].location == source_location{"test.pack.yaml", 5, 10});
    CHECK(errors[1].message == "`params.limit` must be a finite number, not `far`");
}

TEST_CASE("exemptions record instead of firing, and supersedes silences lesser rules", "[rules][engine]") {
    const auto rules = load_pack(runs_pack);
    const auto run = run_on(runs_rig, *rules);

    // kbd.out-l -> proc-a.in is 1 m: exempted, and recorded as such.
    REQUIRE(run.exempted.size() == 1);
    CHECK(run.exempted[0].rule == "any-unbalanced-source");
    CHECK(run.exempted[0].exemption == "short-run");
    CHECK(run.exempted[0].location == source_location{"rig.yaml", 12, 5});
    CHECK(run.exempted[0].subject == "kbd.out-l -> proc-a.in");

    // 5 m: fires. 20 m: unbalanced-long fires and supersedes it on the same connection. The chain
    // kbd3 -> proc-d -> proc-e is 25 m: long-path fires at its last connection and silences
    // any-unbalanced-source on the first one.
    const auto any = diagnostics_of(run, "any-unbalanced-source");
    REQUIRE(any.size() == 1);
    CHECK(any[0]->location == source_location{"rig.yaml", 18, 5});
    CHECK(any[0]->subject == "kbd.out-r -> proc-b.in");
    CHECK(any[0]->message == "kbd.out-r is unbalanced");
    CHECK(any[0]->severity == severity::warning);
    CHECK(any[0]->scope == rule_scope::connection);
    REQUIRE(any[0]->related.size() == 1);
    CHECK(any[0]->related[0].location == source_location{"rig.yaml", 19, 9});

    const auto long_runs = diagnostics_of(run, "unbalanced-long");
    REQUIRE(long_runs.size() == 1);
    CHECK(long_runs[0]->location == source_location{"rig.yaml", 22, 5});
    CHECK(long_runs[0]->message == "kbd2.out-l -> proc-c.in runs 20 m");
    CHECK(long_runs[0]->fix == "Keep it under 10 m");
    CHECK(long_runs[0]->severity == severity::error);

    const auto paths = diagnostics_of(run, "long-path");
    REQUIRE(paths.size() == 1);
    CHECK(paths[0]->location == source_location{"rig.yaml", 30, 5});
    CHECK(paths[0]->subject == "kbd3.out-l -> proc-e.in");
    CHECK(paths[0]->scope == rule_scope::path);
    CHECK(paths[0]->message == "kbd3.out-l reaches proc-e.in over 25 m in 2 hops");

    // A direction conflict is a connection subject of its own, in file order.
    const auto joined = diagnostics_of(run, "outputs-joined");
    REQUIRE(joined.size() == 1);
    CHECK(joined[0]->location == source_location{"rig.yaml", 34, 5});
    CHECK(joined[0]->subject == "kbd2.out-r -> proc-b.out");
    CHECK(joined[0]->message == "kbd2.out-r and proc-b.out are both outputs");

    // The ignore on the exempted connection suppressed nothing.
    const auto unused = diagnostics_of(run, "unused-ignore");
    REQUIRE(unused.size() == 1);
    CHECK(unused[0]->location == source_location{"rig.yaml", 17, 9});
    CHECK(unused[0]->subject == "kbd.out-l -> proc-a.in");
    CHECK(unused[0]->severity == severity::info);
    CHECK(unused[0]->message ==
          "this `ignore` of `any-unbalanced-source` suppressed nothing on kbd.out-l -> proc-a.in");
    CHECK(run.diagnostics.size() == 5);
    CHECK(run.budget_exceeded == 0);
}

TEST_CASE("an ignore suppresses the diagnostics of its rule at its connection", "[rules][engine]") {
    const auto rules = load_pack(runs_pack);
    std::string rig = runs_rig;
    const std::string anchor = "    length: 5 m\n  - from: kbd2.out-l";
    const auto at = rig.find(anchor);
    REQUIRE(at != std::string::npos);
    rig.insert(at + std::string("    length: 5 m\n").size(),
               "    ignore:\n      - {rule: any-unbalanced-source, reason: \"soundchecked\"}\n"
               "      - {rule: no-such-rule, reason: \"typo\"}\n      - {rule: unbalanced-lng, reason: \"typo\"}\n");
    const auto run = run_on(rig, *rules);
    CHECK(diagnostics_of(run, "any-unbalanced-source").empty());
    const auto unused = diagnostics_of(run, "unused-ignore");
    REQUIRE(unused.size() == 3);
    CHECK(unused[1]->location == source_location{"rig.yaml", 24, 9});
    CHECK(unused[2]->location == source_location{"rig.yaml", 25, 9});
    // The message is the rule's template (rules/unused-ignore/), with a note for an id that names no rule.
    CHECK(unused[1]->message ==
          "this `ignore` of `no-such-rule` suppressed nothing on kbd.out-r -> proc-b.in; "
          "`no-such-rule` is not a rule");
    CHECK(unused[2]->message ==
          "this `ignore` of `unbalanced-lng` suppressed nothing on kbd.out-r -> proc-b.in; "
          "`unbalanced-lng` is not a rule; did you mean `unbalanced-long`?");
}

TEST_CASE("severity overrides change diagnostics and off disables a rule", "[rules][engine]") {
    auto options = pack_options(runs_pack);
    options.severities.push_back({"any-unbalanced-source", severity::error, {}});
    options.severities.push_back({"unbalanced-long", std::nullopt, {}});
    const auto loaded = load_rule_set(options);
    REQUIRE(loaded.rules);
    CHECK(loaded.rules->find_rule("unbalanced-long")->effective_severity == std::nullopt);
    CHECK(loaded.rules->find_rule("unbalanced-long")->default_severity == severity::error);
    const auto run = run_on(runs_rig, *loaded.rules);
    CHECK(diagnostics_of(run, "unbalanced-long").empty());
    // With unbalanced-long off nothing supersedes the 20 m run any more.
    const auto any = diagnostics_of(run, "any-unbalanced-source");
    REQUIRE(any.size() == 2);
    CHECK(any[0]->severity == severity::error);
    CHECK(any[1]->location.line == 22);
}

TEST_CASE("unknown ids in severity overrides and params are errors with suggestions", "[rules][config]") {
    auto options = pack_options(runs_pack);
    options.severities.push_back({"unbalanced-lon", severity::info, {}});
    options.severities.push_back({"short-run", severity::info, {"cfg.yaml", 4, 3}});
    options.params.push_back({"long_run", 3, {"cfg.yaml", 6, 3}});
    const auto loaded = load_rule_set(options);
    CHECK_FALSE(loaded.rules);
    REQUIRE(loaded.errors.size() == 3);
    CHECK(loaded.errors[0].message == "unknown param `long_run`; did you mean `long_run_m`?");
    CHECK(loaded.errors[0].location == source_location{"cfg.yaml", 6, 3});
    CHECK(loaded.errors[1].message == "--rule: unknown rule `unbalanced-lon`; did you mean `unbalanced-long`?");
    CHECK(loaded.errors[2].message == "`short-run` is an exemption, not a rule; only rules have a severity");
}

TEST_CASE("a param set in code must be a finite number, as in a config or on the command line", "[rules][config]") {
    auto options = pack_options(runs_pack);
    options.params.push_back({"long_run_m", std::numeric_limits<double>::infinity(), {}});
    options.params.push_back({"long_run_m", std::numeric_limits<double>::quiet_NaN(), {"cfg.yaml", 6, 3}});
    const auto loaded = load_rule_set(options);
    CHECK_FALSE(loaded.rules);
    REQUIRE(loaded.errors.size() == 2);
    CHECK(loaded.errors[0].code == error_code::invalid_value);
    CHECK(loaded.errors[0].message == "--param: `params.long_run_m` must be a finite number, not `inf`");
    CHECK(loaded.errors[1].message == "`params.long_run_m` must be a finite number, not `nan`");
    CHECK(loaded.errors[1].location == source_location{"cfg.yaml", 6, 3});
}

TEST_CASE("params: builtin < packs in load order < config < --param", "[rules][params][builtin]") {
    rule_set_options options;
    CHECK(builtin_rule_set().rules->param("short_run_max_m") == 3.0);

    options.packs.push_back(
        {"first.pack.yaml", std::string("rigcheck-rules: 1\npack: first\nparams:\n  short_run_max_m: 4\n  mine: 1\n")});
    CHECK(load_rule_set(options).rules->param("short_run_max_m") == 4.0);

    options.packs.push_back(
        {"second.pack.yaml",
         std::string("rigcheck-rules: 1\npack: second\nparams:\n  short_run_max_m: 5\n  mine: 2\n")});
    auto loaded = load_rule_set(options);
    CHECK(loaded.rules->param("short_run_max_m") == 5.0);
    CHECK(loaded.rules->param("mine") == 2.0);

    options.params.push_back({"short_run_max_m", 6.0, {"config.yaml", 5, 3}});
    CHECK(load_rule_set(options).rules->param("short_run_max_m") == 6.0);

    options.params.push_back({"short_run_max_m", 7.0, {}});
    loaded = load_rule_set(options);
    CHECK(loaded.rules->param("short_run_max_m") == 7.0);
    // The param keeps the pack that declared it.
    const auto params = loaded.rules->params();
    const auto found = std::find_if(params.begin(), params.end(), [](const auto& p) { return p.name == "mine"; });
    REQUIRE(found != params.end());
    CHECK(found->pack == "first");
}

TEST_CASE("param values reach conditions and messages without recompiling the pack", "[rules][params]") {
    auto options = pack_options(runs_pack);
    options.params.push_back({"long_run_m", 4.0, {}});
    const auto loaded = load_rule_set(options);
    REQUIRE(loaded.rules);
    const auto run = run_on(runs_rig, *loaded.rules);
    const auto long_runs = diagnostics_of(run, "unbalanced-long");
    REQUIRE(long_runs.size() == 3);
    CHECK(long_runs[0]->fix == "Keep it under 4 m");
    CHECK(loaded.rules->find_rule("unbalanced-long")->params == std::vector<std::string>{"long_run_m"});
}

TEST_CASE("a quirk pack's gear override turns a clean rig polarity-inverted", "[rules][overrides][builtin]") {
    const auto rig = source_dir + "/tests/rules/quirk/acme-rig.yaml";
    const auto clean = check_file(rig);
    CHECK_FALSE(clean.invalid_input);
    CHECK(clean.report.diagnostics.empty());

    rule_set_options options;
    options.packs.push_back({source_dir + "/tests/rules/quirk/acme-quirks.pack.yaml", std::nullopt});
    const auto loaded = load_rule_set(options);
    REQUIRE(loaded.rules);
    CHECK(loaded.rules->has_gear_overrides());
    check_options with_quirks;
    with_quirks.rules = loaded.rules;
    const auto quirky = check_file(rig, with_quirks);
    REQUIRE(quirky.report.diagnostics.size() == 1);
    const auto& d = quirky.report.diagnostics[0];
    CHECK(d.rule == "polarity-inverted");
    CHECK(d.scope == rule_scope::path);
    CHECK(d.subject == "desk.out-1 -> rec.in-1");
    CHECK(d.location == source_location{rig, 25, 5});
}

TEST_CASE("gear overrides match globs and patch only the ports they fit", "[rules][overrides]") {
    const auto rules = load_pack(R"yaml(rigcheck-rules: 1
pack: overlay
gear-overrides:
  - match: {id: "generic/key*", category: keyboard}
    set: {manufacturer: Roland, quirks: [vintage, pin3-hot], power: mains-earthed}
  - match: {id: generic/mixer}
    ports:
      "*": {pinout: xlr-pin3-hot}
      "in-?": {signal: line, faces: {xlr: {cmrr: 40 dB}}}
rules:
  - id: show-gear
    scope: device
    severity: info
    description: d
    when: "device.gear.manufacturer == 'Roland' && 'vintage' in device.gear.quirks"
    message: "{device} is a {device.gear.manufacturer} ({device.gear.power})"
  - id: show-port
    scope: port
    severity: info
    description: d
    when: "port.device == 'desk' && (port.port == 'main-l' || port.port == 'aux-1' || port.port == 'in-1')"
    message: "{port} {port.signal} {port.nominal_dbu} dBu {port.impedance_ohm} ohm connected={port.connected}"
)yaml");
    const auto run = run_on(R"yaml(rigcheck: 1
devices:
  kbd: {gear: generic/keyboard}
  desk: {gear: generic/mixer}
connections:
  - from: kbd.out-l
    to: desk.line-1
    cable: trs
)yaml",
                            *rules);
    const auto gear = diagnostics_of(run, "show-gear");
    REQUIRE(gear.size() == 1);
    CHECK(gear[0]->message == "kbd is a Roland (mains-earthed)");
    CHECK(gear[0]->location == source_location{"rig.yaml", 3, 3});
    const auto ports = diagnostics_of(run, "show-port");
    REQUIRE(ports.size() == 3);
    std::vector<std::string> messages;
    for (const auto* d : ports) messages.push_back(d->message);
    std::sort(messages.begin(), messages.end());
    // in-1 became a line input: values equal to the mic class's defaults follow the new class
    // (-50 dBu and 2 kohm become +4 dBu and 10 kohm); a resolved face cannot tell them from
    // explicit values that happen to equal the defaults.
    CHECK(messages[0] == "desk.aux-1 line 4 dBu 100 ohm connected=false");
    CHECK(messages[1] == "desk.in-1 line 4 dBu 10000 ohm connected=false");
    CHECK(messages[2] == "desk.main-l line 4 dBu 100 ohm connected=false");
}

TEST_CASE("a gear override is checked when its pack loads", "[rules][overrides]") {
    const auto errors = pack_errors(R"(rigcheck-rules: 1
pack: overlay
gear-overrides:
  - match: {modle: "X-*"}
    set: {quirks: [a]}
  - match: {id: x}
    ports:
      "out-*": {pinout: xlr-pin3-hott, connector: xlr3-male}
  - match: {id: x}
)");
    REQUIRE(errors.size() == 4);
    CHECK(errors[0].location == source_location{"test.pack.yaml", 4, 13});
    CHECK(errors[0].message == "unknown key `modle` in `match`; did you mean `model`?");
    CHECK(errors[1].location == source_location{"test.pack.yaml", 8, 40});
    CHECK(errors[1].message ==
          "a gear override cannot change a port's `connector`; define the gear in a catalog instead");
    CHECK(errors[2].location == source_location{"test.pack.yaml", 8, 25});
    CHECK(errors[2].message == "unknown pinout `xlr-pin3-hott`; did you mean `xlr-pin3-hot`?");
    CHECK(errors[3].message == "a gear override needs `set`, `ports` or both");
}

TEST_CASE("scopes bind their facts: port, device, rig and connection details", "[rules][engine]") {
    const auto rules = load_pack(R"(rigcheck-rules: 1
pack: facts
rules:
  - id: rig-facts
    scope: rig
    severity: info
    description: d
    when: "rig.device_count == 4"
    message: "{rig.name}: {rig.device_count} devices, {rig.connection_count} connections, {rig.cycle_count} cycles"
  - id: device-facts
    scope: device
    severity: info
    description: d
    when: "device.id == 'desk'"
    message: "{device.label}: {device.connected_count} of {device.port_count} ports"
  - id: link-facts
    scope: connection
    severity: info
    description: d
    when: "dest.face == 'jack'"
    message: "{link.kind} {link.cold} {link.cables} {source.connector} {dest.connector} {dest.interface} {dest.phantom} {link.capacitance_pf:.0f} pF"
)");
    const auto run = run_on(R"(rigcheck: 1
name: Facts
devices:
  kbd: {gear: generic/keyboard}
  desk: {gear: generic/mixer, label: Front of house}
  mon: {gear: generic/powered-monitor}
  mon2: {gear: generic/powered-monitor}
connections:
  - from: kbd.out-l
    to: mon.in
    cable: ts
    length: 3 m
  - from: desk.main-l
    to: mon2.in
    cable: xlr
)",
                            *rules);
    const auto rig_level = diagnostics_of(run, "rig-facts");
    REQUIRE(rig_level.size() == 1);
    CHECK(rig_level[0]->message == "Facts: 4 devices, 2 connections, 0 cycles");
    CHECK(rig_level[0]->location == source_location{"rig.yaml", 1, 1});
    CHECK(rig_level[0]->subject == "rig.yaml");
    const auto device = diagnostics_of(run, "device-facts");
    REQUIRE(device.size() == 1);
    CHECK(device[0]->message == "Front of house: 1 of 20 ports");
    CHECK(device[0]->subject == "desk");
    const auto link = diagnostics_of(run, "link-facts");
    REQUIRE(link.size() == 1);
    // A TS plug selects the combo's jack face and grounds its ring, the balanced input's cold.
    CHECK(link[0]->message == "unbalanced-to-balanced grounded [ts] ts-6.35-female combo balanced false 300 pF");
}

TEST_CASE("the builtin rule set loads and lists its metadata", "[rules][builtin]") {
    const auto& builtin = builtin_rule_set();
    for (const auto& e : builtin.errors) INFO(to_string(e));
    REQUIRE(builtin.rules);
    const auto* rule = builtin.rules->find_rule("unused-ignore");
    REQUIRE(rule != nullptr);
    CHECK(rule->default_severity == severity::info);
    const auto metadata = builtin.rules->metadata();
    const auto found =
        std::find_if(metadata.begin(), metadata.end(), [](const auto& m) { return m.id == "missing-di"; });
    REQUIRE(found != metadata.end());
    CHECK(found->help_uri == "https://github.com/rigcheck/rigcheck/blob/main/rules/missing-di/README.md");
    CHECK(found->pack == "builtin");
    CHECK(builtin.rules->find_rule("missing-di")->supersedes == std::vector<std::string>{"unbalanced-to-balanced"});
    CHECK(builtin.rules->find_exemption("short-run-high-level") != nullptr);
    // The same set is returned for the default options.
    CHECK(load_rule_set().rules == builtin.rules);
}

TEST_CASE("builtin: missing-di supersedes unbalanced-to-balanced, and short runs are exempted", "[rules][builtin]") {
    const auto& rules = *builtin_rule_set().rules;
    const auto run = run_on(R"(rigcheck: 1
devices:
  kbd: {gear: generic/keyboard}
  box: {gear: generic/stage-box}
  proc: {gear: generic/line-processor}
connections:
  - from: kbd.out-l
    to: box.in-1
    cable: ts-to-xlr-male
    length: 15 m
  - from: kbd.out-r
    to: proc.in
    cable: ts
    length: 2 m
)",
                            rules);
    CHECK(diagnostics_of(run, "unbalanced-to-balanced").empty());
    REQUIRE(diagnostics_of(run, "missing-di").size() == 1);
    CHECK(diagnostics_of(run, "missing-di")[0]->location == source_location{"rig.yaml", 7, 5});
    const auto exempted = std::find_if(run.exempted.begin(), run.exempted.end(),
                                       [](const auto& r) { return r.rule == "unbalanced-to-balanced"; });
    REQUIRE(exempted != run.exempted.end());
    CHECK(exempted->exemption == "short-run-high-level");
    CHECK(exempted->location == source_location{"rig.yaml", 11, 5});
    CHECK(exempted->subject == "kbd.out-r -> proc.in");
}
