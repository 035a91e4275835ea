// The native conditions (src/rules/native_conditions.hpp): every builtin condition of the
// connection and path scopes has one, and they decide exactly what the batch form and the
// evaluator decide, finding by finding, on every fixture and example rig, on generated rigs of
// several shapes, with params moved to their edges, and beside rules of a user pack that have
// no native form.
#include <rigcheck/rules/detail/engine_without_native.hpp>
#include <rigcheck/rules/detail/native_conditions.hpp>

#include <rigcheck/analysis/analysis.hpp>
#include <rigcheck/load/generator.hpp>
#include <rigcheck/load/loader.hpp>
#include <rigcheck/rules/engine.hpp>
#include <rigcheck/rules/rule_set.hpp>

#include <catch2/catch.hpp>

#include "fixture_rigs.hpp"

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

using namespace rigcheck;

namespace {

std::shared_ptr<const rule_set> load(rule_set_options options) {
    const auto loaded = load_rule_set(options);
    for (const auto& e : loaded.errors) UNSCOPED_INFO(e.message);
    REQUIRE(loaded.rules);
    return loaded.rules;
}

bool same(const rule_finding& a, const rule_finding& b) {
    return a.rule == b.rule && a.subject == b.subject && a.scope == b.scope && a.severity == b.severity &&
           a.exemption == b.exemption;
}

/// Checks that both ways of deciding agree on `analysed`; returns the findings made.
std::size_t check_alike(const rule_set& rules, const analysed_rig& analysed) {
    const auto native = evaluate_rules(rules, analysed);
    const auto interpreted = rules_detail::evaluate_rules_without_native(rules, analysed);
    REQUIRE(native.findings.size() == interpreted.findings.size());
    for (std::size_t i = 0; i < native.findings.size(); ++i) {
        INFO("finding " << i << " of " << rules.rules()[interpreted.findings[i].rule].id << " on subject "
                        << interpreted.findings[i].subject);
        CHECK(same(native.findings[i], interpreted.findings[i]));
    }
    REQUIRE(native.exempted.size() == interpreted.exempted.size());
    for (std::size_t i = 0; i < native.exempted.size(); ++i) CHECK(same(native.exempted[i], interpreted.exempted[i]));
    REQUIRE(native.notices.size() == interpreted.notices.size());
    for (std::size_t i = 0; i < native.notices.size(); ++i)
        CHECK(native.notices[i].message == interpreted.notices[i].message);
    CHECK(native.budget_exceeded == interpreted.budget_exceeded);
    return native.findings.size() + native.exempted.size();
}

/// check_alike on every fixture and example rig; returns the findings made.
std::size_t check_alike_on_fixtures(const rule_set& rules) {
    std::size_t made = 0;
    for (const auto& file : rigcheck::testing::fixture_and_example_rigs()) {
        auto loaded = load_rig_file(file);
        if (!loaded.loaded) continue;
        INFO(file.string());
        made += check_alike(rules, *analyse(std::move(*loaded.loaded)));
    }
    return made;
}

std::vector<std::shared_ptr<const analysed_rig>> generated_rigs() {
    std::vector<std::shared_ptr<const analysed_rig>> made;
    std::uint64_t seed = 11;
    for (const double unbalanced : {0.0, 0.25, 0.9})
        for (const std::size_t depth : {std::size_t{0}, std::size_t{3}}) {
            generator_options options;
            options.connections = 1500;
            options.seed = seed++;
            options.unbalanced_share = unbalanced;
            options.chain_depth = depth;
            made.push_back(analyse(generate_rig(options)));
        }
    return made;
}

} // namespace

TEST_CASE("every builtin condition of the connection and path scopes has a native form", "[rules][native]") {
    const auto& builtin = builtin_rule_set();
    REQUIRE(builtin.rules);
    const auto native_texts = [](rule_scope scope) {
        std::vector<std::string_view> texts;
        for (const auto& s : rules_detail::native_scopes())
            if (s.scope == scope) texts.assign(s.conditions.begin(), s.conditions.end());
        return texts;
    };
    std::size_t checked = 0;
    for (const auto& rule : builtin.rules->rules()) {
        if (rule.scope != rule_scope::connection && rule.scope != rule_scope::path) continue;
        if (rule.when == "false") continue; // raised by rigcheck itself (unused-ignore)
        INFO(rule.id);
        const auto texts = native_texts(rule.scope);
        CHECK(std::find(texts.begin(), texts.end(), rule.when) != texts.end());
        for (const auto& exemption_id : rule.unless) {
            const auto& exemptions = builtin.rules->exemptions();
            const auto e = std::find_if(exemptions.begin(), exemptions.end(),
                                        [&](const exemption_info& x) { return x.id == exemption_id; });
            REQUIRE(e != exemptions.end());
            CHECK(std::find(texts.begin(), texts.end(), e->when) != texts.end());
        }
        ++checked;
    }
    CHECK(checked >= 19); // the rules of rules/README.md with a connection or path condition, at least
}

TEST_CASE("native conditions decide exactly as the batch form and the evaluator", "[rules][native]") {
    const auto builtin = load({});
    std::size_t made = 0;
    SECTION("on every fixture and example rig") {
        made += check_alike_on_fixtures(*builtin);
        CHECK(made > 50);
    }
    SECTION("on generated rigs of several shapes") {
        for (const auto& rig : generated_rigs()) made += check_alike(*builtin, *rig);
        CHECK(made > 1000);
    }
    SECTION("with every param moved, so that the native code reads them when it runs") {
        const auto rigs = generated_rigs();
        for (const double scale : {0.0, 0.5, 3.0, -1.0}) {
            rule_set_options options;
            for (const auto& p : builtin->params()) options.params.push_back({p.name, p.value * scale, {}});
            const auto moved = load(options);
            INFO("params scaled by " << scale);
            for (const auto& rig : rigs) made += check_alike(*moved, *rig);
        }
        CHECK(made > 1000);
    }
    SECTION("beside user rules without a native form, and with builtin rules turned off") {
        rule_set_options options;
        options.packs.push_back({"extra.yaml",
                                 std::string(R"(rigcheck-rules: 1
pack: extra
rules:
  - id: named-mixer-input
    scope: connection
    severity: info
    description: A link into a port whose id starts with ch.
    when: "dest.port.startsWith('ch') && link.length_m > 2"
    message: "{dest}"
    fix: none
  - id: copied-shorted-output
    scope: connection
    severity: warning
    description: The builtin condition spelled another way, so it has no native form.
    when: "link.kind == 'shorted' || link.kind == 'no-signal'"
    message: "{dest}"
    fix: none
)"),
                                 {}});
        options.severities.push_back({"level-mismatch", std::nullopt, {}});
        options.severities.push_back({"unbalanced-to-balanced", severity::error, {}});
        const auto mixed = load(options);
        for (const auto& rig : generated_rigs()) made += check_alike(*mixed, *rig);
        made += check_alike_on_fixtures(*mixed);
        CHECK(made > 1000);
    }
}
