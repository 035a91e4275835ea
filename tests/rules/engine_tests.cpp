// `evaluate_rules` and `describe_findings` (rules/engine.hpp) as an embedder uses them apart:
// the subject numbers a finding carries mean what the header documents, every field of a
// finding agrees with the diagnostic described from it, and describing an evaluation gives
// exactly what `run_rules` gives, on every fixture and example rig.
#include <rigcheck/analysis/analysis.hpp>
#include <rigcheck/load/loader.hpp>
#include <rigcheck/rules/engine.hpp>
#include <rigcheck/rules/rule_set.hpp>

#include <catch2/catch.hpp>

#include "fixture_rigs.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using namespace rigcheck;

namespace {

const rule_set& builtin() {
    const auto& loaded = builtin_rule_set();
    REQUIRE(loaded.rules);
    return *loaded.rules;
}

/// What a finding's subject number names, spelled as diagnostics spell subjects.
std::string subject_named(const analysed_rig& a, const rule_finding& f) {
    const rig& r = a.rig();
    const auto& links = a.links();
    switch (f.scope) {
        case rule_scope::connection:
            if (f.subject < links.links.size())
                return r.port_name(links.links[f.subject].source) + " -> " +
                       r.port_name(links.links[f.subject].destination);
            return r.port_name(links.conflicts.at(f.subject - links.links.size()).first) + " -> " +
                   r.port_name(links.conflicts.at(f.subject - links.links.size()).second);
        case rule_scope::path:
            return r.port_name(a.paths()[f.subject].source) + " -> " + r.port_name(a.paths()[f.subject].sink);
        case rule_scope::device:
            return r.devices.at(f.subject).id;
        case rule_scope::rig:
            return r.file.empty() ? r.name : r.file;
        default:
            break;
    }
    return {};
}

bool same(const diagnostic& a, const diagnostic& b) {
    return a.rule == b.rule && a.severity == b.severity && a.message == b.message && a.location == b.location &&
           a.scope == b.scope && a.subject == b.subject && a.fix == b.fix && a.related.size() == b.related.size();
}

} // namespace

TEST_CASE("findings carry the documented subject numbers and describe into run_rules' diagnostics", "[rules][engine]") {
    const auto rigs = rigcheck::testing::fixture_and_example_rigs();
    std::size_t findings = 0;
    std::size_t exempted = 0;
    std::size_t compared = 0;
    for (const auto& file : rigs) {
        auto loaded = load_rig_file(file);
        if (!loaded.loaded) continue;
        const auto analysed = analyse(std::move(*loaded.loaded));
        INFO(file.string());
        const auto evaluation = evaluate_rules(builtin(), *analysed);
        const auto described = describe_findings(builtin(), *analysed, evaluation);
        const auto run = run_rules(builtin(), *analysed);

        // Findings first, in order, then rigcheck's own notices.
        REQUIRE(described.diagnostics.size() == evaluation.findings.size() + evaluation.notices.size());
        REQUIRE(run.diagnostics.size() == described.diagnostics.size());
        for (std::size_t i = 0; i < described.diagnostics.size(); ++i)
            CHECK(same(described.diagnostics[i], run.diagnostics[i]));
        for (std::size_t i = 0; i < evaluation.findings.size(); ++i) {
            const rule_finding& f = evaluation.findings[i];
            const diagnostic& d = described.diagnostics[i];
            const rule_info& info = builtin().rules()[f.rule];
            CHECK(d.rule == info.id);
            CHECK(f.scope == info.scope);
            CHECK(d.scope == f.scope);
            CHECK(d.severity == f.severity);
            CHECK_FALSE(f.exemption);
            if (const auto named = subject_named(*analysed, f); !named.empty()) CHECK(d.subject == named);
        }
        REQUIRE(described.exempted.size() == evaluation.exempted.size());
        for (std::size_t i = 0; i < evaluation.exempted.size(); ++i) {
            const rule_finding& f = evaluation.exempted[i];
            REQUIRE(f.exemption);
            const rule_info& info = builtin().rules()[f.rule];
            const auto& exemption = builtin().exemptions()[*f.exemption];
            CHECK(described.exempted[i].rule == info.id);
            CHECK(described.exempted[i].exemption == exemption.id);
            CHECK(std::find(info.unless.begin(), info.unless.end(), exemption.id) != info.unless.end());
            if (const auto named = subject_named(*analysed, f); !named.empty())
                CHECK(described.exempted[i].subject == named);
        }
        CHECK(described.budget_exceeded == evaluation.budget_exceeded);
        findings += evaluation.findings.size();
        exempted += evaluation.exempted.size();
        ++compared;
    }
    CHECK(compared >= 30);
    CHECK(findings > 50);
    CHECK(exempted > 0);
}

TEST_CASE("describing a finding that is not of the rule set or rig is refused", "[rules][engine]") {
    const auto rigs = rigcheck::testing::fixture_and_example_rigs();
    REQUIRE_FALSE(rigs.empty());
    auto loaded = load_rig_file(rigs.front());
    REQUIRE(loaded.loaded);
    const auto analysed = analyse(std::move(*loaded.loaded));
    const auto connection_rule =
        static_cast<std::uint32_t>(std::find_if(builtin().rules().begin(), builtin().rules().end(),
                                                [](const rule_info& r) { return r.id == "no-signal"; }) -
                                   builtin().rules().begin());

    const auto refused = [&](rule_finding f) {
        rule_evaluation evaluation;
        evaluation.findings.push_back(f);
        CHECK_THROWS_AS(describe_findings(builtin(), *analysed, evaluation), std::invalid_argument);
    };
    refused({static_cast<std::uint32_t>(builtin().rules().size()), 0, rule_scope::connection, severity::error, {}});
    refused({connection_rule, 0, rule_scope::device, severity::error, {}}); // the rule's scope is another
    refused({connection_rule, 1'000'000'000, rule_scope::connection, severity::error, {}});

    rule_evaluation exempt_without_exemption;
    exempt_without_exemption.exempted.push_back({connection_rule, 0, rule_scope::connection, severity::error, {}});
    CHECK_THROWS_AS(describe_findings(builtin(), *analysed, exempt_without_exemption), std::invalid_argument);
}

TEST_CASE("a rule set's first runs on several threads at once decide alike", "[rules][engine]") {
    // A rule set puts its conditions in batch form on its first run; threads that start together
    // must all wait for that one preparation and then decide exactly as a lone run does.
    const auto rigs = rigcheck::testing::fixture_and_example_rigs();
    REQUIRE_FALSE(rigs.empty());
    std::vector<std::shared_ptr<const analysed_rig>> analysed;
    for (const auto& file : rigs) {
        auto loaded = load_rig_file(file);
        if (loaded.loaded) analysed.push_back(analyse(std::move(*loaded.loaded)));
    }
    const auto counts = [&](const rule_set& rules) {
        std::vector<std::size_t> found;
        for (const auto& a : analysed) {
            const auto evaluation = evaluate_rules(rules, *a);
            found.push_back(evaluation.findings.size() * 1000 + evaluation.exempted.size());
        }
        return found;
    };
    const auto expected = counts(builtin());
    const auto fresh = load_rule_set(); // the builtin packs, loaded again: not yet run
    REQUIRE(fresh.rules);
    std::vector<std::vector<std::size_t>> seen(4);
    std::vector<std::thread> threads;
    for (auto& into : seen) threads.emplace_back([&] { into = counts(*fresh.rules); });
    for (auto& t : threads) t.join();
    for (const auto& one : seen) CHECK(one == expected);
}
