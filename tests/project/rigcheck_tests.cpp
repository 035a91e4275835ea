// Unit tests for rigcheck.hpp, the one include for embedders: it brings the common path.
#include <rigcheck/rigcheck.hpp>

#include <catch2/catch.hpp>

using namespace rigcheck;

TEST_CASE("the one include is enough to load, analyse and check a rig", "[project][api]") {
    auto loaded = load_rig_text(
        "rigcheck: 1\ndevices:\n  kbd: {gear: generic/keyboard}\n  box: {gear: generic/stage-box}\n"
        "connections:\n  - {from: kbd.out-l, to: box.in-1, cable: ts-to-xlr-male, length: 15 m}\n",
        "rig.yaml");
    REQUIRE(loaded.loaded);
    const auto analysed = analyse(std::move(*loaded.loaded));
    const auto checked = check_analysed(*analysed, *builtin_rule_set().rules);
    REQUIRE(checked.report.diagnostics.size() == 1);
    CHECK(checked.report.diagnostics.front().rule == "missing-di");
    CHECK(std::string(version_string).size() >= 5);
}
