// Unit tests for core/diagnostic.hpp: severities and scopes, as rule packs and reports spell them.
#include <rigcheck/core/diagnostic.hpp>

#include <catch2/catch.hpp>

using namespace rigcheck;

TEST_CASE("severity and scope names round-trip, and severities are ordered", "[core][diagnostic]") {
    for (const severity level : {severity::info, severity::warning, severity::error})
        CHECK(parse_severity(to_string(level)) == level);
    for (const rule_scope scope : {rule_scope::connection, rule_scope::path, rule_scope::port, rule_scope::device,
                                   rule_scope::rig, rule_scope::cycle})
        CHECK(parse_rule_scope(to_string(scope)) == scope);
    CHECK(to_string(severity::warning) == "warning");
    CHECK(to_string(rule_scope::cycle) == "cycle");
    CHECK(severity::info < severity::warning);
    CHECK(severity::warning < severity::error);
    CHECK_FALSE(parse_severity("Error"));
    CHECK_FALSE(parse_severity("never"));
    CHECK_FALSE(parse_rule_scope(""));
}
