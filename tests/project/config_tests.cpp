// Unit tests for project configurations: reading `.rigcheck.yaml` with located errors, discovery
// from a rig's directory upward and `--no-config`, `--param`/`--rule` parsing, severity and param
// precedence through a checker, and `fail-on` in the exit status.
#include <rigcheck/project/check.hpp>
#include <rigcheck/project/config.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "location_printing.hpp"
#include "scratch_directory.hpp"

using namespace rigcheck;
using rigcheck::testing::scratch_directory;

namespace {

const std::string source_dir = RIGCHECK_SOURCE_DIR;
const std::string discovery = source_dir + "/tests/rules/discovery";

const diagnostic* find_rule(const check_result& result, std::string_view rule) {
    for (const auto& d : result.report.diagnostics)
        if (d.rule == rule) return &d;
    return nullptr;
}

} // namespace

TEST_CASE("a configuration reads every key, resolving paths against its directory", "[config]") {
    const auto loaded = load_config_text(R"(rigcheck-config: 1
packs: [rules/acme.yaml, /abs/pack.yaml]
catalogs: [gear/house.yaml]
rules: {ground-loop-risk: off, unbalanced-to-balanced: error, missing-di: false, level-mismatch: info}
params: {short_run_max_m: 5}
fail-on: warning
)",
                                         "/proj/.rigcheck.yaml");
    REQUIRE(loaded.errors.empty());
    REQUIRE(loaded.loaded);
    const auto& config = *loaded.loaded;
    CHECK(config.packs == std::vector<config_file_entry>{{"/proj/rules/acme.yaml", {"/proj/.rigcheck.yaml", 2, 9}},
                                                         {"/abs/pack.yaml", {"/proj/.rigcheck.yaml", 2, 26}}});
    CHECK(config.catalogs ==
          std::vector<config_file_entry>{{"/proj/gear/house.yaml", {"/proj/.rigcheck.yaml", 3, 12}}});
    REQUIRE(config.rules.size() == 4);
    CHECK(config.rules[0].rule == "ground-loop-risk");
    CHECK(config.rules[0].level == std::nullopt);
    CHECK(config.rules[0].location == source_location{"/proj/.rigcheck.yaml", 4, 9});
    CHECK(config.rules[1].level == severity::error);
    // YAML 1.1 reads an unquoted off as false; both mean off.
    CHECK(config.rules[2].level == std::nullopt);
    CHECK(config.rules[3].level == severity::info);
    REQUIRE(config.params.size() == 1);
    CHECK(config.params[0].name == "short_run_max_m");
    CHECK(config.params[0].value == 5.0);
    CHECK(config.params[0].location == source_location{"/proj/.rigcheck.yaml", 5, 10});
    CHECK(config.fail_on == fail_on_level{severity::warning});
}

TEST_CASE("configuration errors are located and suggest", "[config]") {
    const auto loaded = load_config_text(R"(rigcheck-config: 1
pack: [a.yaml]
rules: {missing-di: loud}
params: {x: many}
fail-on: sometimes
)",
                                         "cfg.yaml");
    CHECK_FALSE(loaded.loaded);
    REQUIRE(loaded.errors.size() == 4);
    CHECK(loaded.errors[0].location == source_location{"cfg.yaml", 2, 1});
    CHECK(loaded.errors[0].message == "unknown key `pack` in a configuration; did you mean `packs`?");
    CHECK(loaded.errors[1].location == source_location{"cfg.yaml", 3, 21});
    CHECK(loaded.errors[1].message == "`rules.missing-di` must be error, warning, info or off; `loud` is not");
    CHECK(loaded.errors[2].location == source_location{"cfg.yaml", 4, 13});
    CHECK(loaded.errors[3].location == source_location{"cfg.yaml", 5, 10});

    const auto wrong_kind = load_config_text("rigcheck-rules: 1\npack: x\n", "cfg.yaml");
    REQUIRE(wrong_kind.errors.size() == 1);
    CHECK(wrong_kind.errors[0].message ==
          "this is a rule pack file, not a config file (it has no `rigcheck-config: 1`)");
}

TEST_CASE("param and rule assignments from the command line parse or explain", "[config]") {
    std::vector<input_error> errors;
    const auto param = parse_param_assignment("short_run_max_m=4.5", errors);
    REQUIRE(param);
    CHECK(param->name == "short_run_max_m");
    CHECK(param->value == 4.5);
    CHECK_FALSE(param->location.known());
    CHECK_FALSE(parse_param_assignment("short_run_max_m", errors));
    CHECK_FALSE(parse_param_assignment("x=nan", errors));
    const auto rule = parse_rule_assignment("missing-di=off", errors);
    REQUIRE(rule);
    CHECK(rule->level == std::nullopt);
    CHECK(parse_rule_assignment("missing-di=warning", errors)->level == severity::warning);
    CHECK_FALSE(parse_rule_assignment("missing-di=warn", errors));
    REQUIRE(errors.size() == 3);
    CHECK(errors[0].code == error_code::usage);
    CHECK(errors[0].message == "--param `short_run_max_m`: expected NAME=VALUE");
    CHECK(errors[1].message == "--param `x=nan`: `nan` is not a finite number");
    CHECK(errors[2].message ==
          "--rule `missing-di=warn`: `warn` must be error, warning, info or off; did you mean `warning`?");
    CHECK(parse_fail_on("never") == fail_on_level{});
    CHECK(parse_fail_on("info") == fail_on_level{severity::info});
    CHECK_FALSE(parse_fail_on("off"));
}

TEST_CASE("configuration discovery walks up from the rig's directory", "[config]") {
    const auto rig = discovery + "/stage/left/rig.yaml";
    const auto found = find_config_for(rig);
    REQUIRE(found);
    CHECK(std::filesystem::equivalent(*found, discovery + "/.rigcheck.yaml"));

    scratch_directory scratch;
    scratch.write("a/b/c/rig.yaml", "rigcheck: 1\n");
    scratch.write("a/.rigcheck.yaml", "rigcheck-config: 1\n");
    CHECK(find_config_from(scratch.path() / "a/b/c") == scratch.path() / "a/.rigcheck.yaml");
    CHECK(find_config_from(scratch.path() / "a") == scratch.path() / "a/.rigcheck.yaml");
}

TEST_CASE("a discovered configuration adds its pack, params, severities and fail-on", "[config][check]") {
    const auto rig = discovery + "/stage/left/rig.yaml";
    const checker rules(check_settings{});
    const auto result = rules.check(rig);
    for (const auto& d : result.report.diagnostics) INFO(d.rule << ": " << d.message);
    CHECK_FALSE(result.invalid_input);
    const auto* d = find_rule(result, "house-long-run");
    REQUIRE(d != nullptr);
    // The pack says info and 4 m; the configuration says error and 8 m.
    CHECK(d->severity == severity::error);
    CHECK(d->message == "desk.main-l -> rec.in-1 is 10 m; the house allows 8 m");
    CHECK(d->fix == "Move rec.in-1 closer");
    CHECK(d->location == source_location{rig, 15, 5});
    CHECK(result.fail_on == fail_on_level{severity::warning});
    const auto context = rules.context_for(rig);
    REQUIRE(context->rules);
    CHECK(context->rules->find_rule("stereo-into-mono")->effective_severity == std::nullopt);

    // --param and --rule win over the configuration.
    check_settings overridden;
    overridden.params = {"house_max_m=12"};
    const auto quiet = checker(overridden).check(rig);
    CHECK(find_rule(quiet, "house-long-run") == nullptr);
    overridden.params = {"house_max_m=9"};
    overridden.rules = {"house-long-run=warning"};
    const auto warned = checker(overridden).check(rig);
    REQUIRE(find_rule(warned, "house-long-run") != nullptr);
    CHECK(find_rule(warned, "house-long-run")->severity == severity::warning);

    // A pack that the configuration and --pack both name is loaded once.
    check_settings twice;
    twice.packs.push_back(discovery + "/stage/../packs/house.pack.yaml");
    const auto once = checker(twice).check(rig);
    CHECK_FALSE(once.invalid_input);
    CHECK(find_rule(once, "house-long-run") != nullptr);
}

TEST_CASE("discovery can be turned off, and a named configuration applies to every file", "[config][check]") {
    const auto rig = discovery + "/stage/left/rig.yaml";
    check_settings settings;
    settings.discover_config = false;
    const checker without(settings);
    const auto result = without.check(rig);
    CHECK_FALSE(result.invalid_input);
    CHECK(find_rule(result, "house-long-run") == nullptr);
    CHECK_FALSE(result.fail_on);
    CHECK_FALSE(without.context_for(rig)->config);

    scratch_directory scratch;
    scratch.write("elsewhere/.rigcheck.yaml", "rigcheck-config: 1\nrules: {house-long-run: warning}\n");
    check_settings named;
    named.config = scratch.path() / "elsewhere/.rigcheck.yaml";
    named.packs.push_back(discovery + "/packs/house.pack.yaml");
    const auto explicit_config = checker(named).check(rig);
    CHECK_FALSE(explicit_config.invalid_input);
    REQUIRE(find_rule(explicit_config, "house-long-run") != nullptr);
    CHECK(find_rule(explicit_config, "house-long-run")->severity == severity::warning);
    // The pack's own 4 m applies: the named configuration sets no param.
    CHECK(find_rule(explicit_config, "house-long-run")->message ==
          "desk.main-l -> rec.in-1 is 10 m; the house allows 4 m");
}

TEST_CASE("an unknown rule in a configuration is invalid input at its line", "[config][check]") {
    scratch_directory scratch;
    scratch.write(".rigcheck.yaml", "rigcheck-config: 1\nrules:\n  missing-dj: off\nparams:\n  short_run_max: 2\n");
    scratch.write("rig.yaml", "rigcheck: 1\ndevices:\n  kbd: {gear: generic/keyboard}\n");
    const checker rules(check_settings{});
    const auto result = rules.check(scratch.path() / "rig.yaml");
    CHECK(result.invalid_input);
    REQUIRE(result.report.diagnostics.size() == 2);
    const auto config = (scratch.path() / ".rigcheck.yaml").string();
    CHECK(result.report.diagnostics[0].location == source_location{config, 3, 3});
    CHECK(result.report.diagnostics[0].message ==
          "unknown rule `missing-dj`; did you mean `missing-di`? [rigcheck.unknown-reference]");
    CHECK(result.report.diagnostics[1].location == source_location{config, 5, 3});
    CHECK(result.report.diagnostics[1].message ==
          "unknown param `short_run_max`; did you mean `short_run_max_m`? [rigcheck.unknown-reference]");
}

TEST_CASE("fail-on: the command line wins, else the configuration, else error", "[config][check]") {
    check_result warning_only;
    warning_only.report.diagnostics.push_back({"r", severity::warning, "m", {}, rule_scope::rig, "", "", {}});
    const check_result none_configured[] = {warning_only};
    CHECK(check_exit_status(none_configured, std::nullopt) == 0);
    CHECK(check_exit_status(none_configured, fail_on_level{severity::warning}) == 1);

    check_result configured = warning_only;
    configured.fail_on = fail_on_level{severity::info};
    const check_result with_config[] = {configured};
    CHECK(check_exit_status(with_config, std::nullopt) == 1);
    CHECK(check_exit_status(with_config, fail_on_level{}) == 0);

    check_result invalid;
    invalid.invalid_input = true;
    const check_result mixed[] = {configured, invalid};
    CHECK(check_exit_status(mixed, fail_on_level{}) == 2);
}

TEST_CASE("one checker serves many threads with one rule set per configuration", "[config][check]") {
    const auto rig = discovery + "/stage/left/rig.yaml";
    const checker rules(check_settings{});
    const auto expected = rules.check(rig);
    REQUIRE(find_rule(expected, "house-long-run") != nullptr);
    std::vector<std::size_t> mismatches(4, 0);
    std::vector<std::thread> workers;
    for (std::size_t t = 0; t < mismatches.size(); ++t)
        workers.emplace_back([&, t] {
            for (int i = 0; i < 10; ++i) {
                const auto result = rules.check(rig);
                if (result.report.diagnostics.size() != expected.report.diagnostics.size() ||
                    result.report.diagnostics.front().message != expected.report.diagnostics.front().message)
                    ++mismatches[t];
            }
        });
    for (auto& worker : workers) worker.join();
    CHECK(mismatches == std::vector<std::size_t>(4, 0));
    CHECK(rules.context_for(rig) == rules.context_for(discovery + "/stage/left/other.yaml"));
}
