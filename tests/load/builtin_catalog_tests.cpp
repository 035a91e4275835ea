// Unit tests for load/builtin_catalog.hpp: the generic gear and builtin cables every rig can use.
#include <rigcheck/load/builtin_catalog.hpp>

#include <catch2/catch.hpp>

#include <algorithm>

using namespace rigcheck;

TEST_CASE("the builtin catalog loads and covers every gear category", "[catalog]") {
    const catalog& builtin = builtin_catalog();
    const char* required[] = {
        "generic/dynamic-mic", "generic/condenser-mic",   "generic/ribbon-mic",   "generic/passive-guitar",
        "generic/keyboard",    "generic/passive-di",      "generic/active-di",    "generic/mixer",
        "generic/stage-box",   "generic/audio-interface", "generic/power-amp",    "generic/powered-monitor",
        "generic/turntable",   "generic/phono-preamp",    "generic/effect-pedal", "generic/line-processor"};
    for (const auto* id : required) {
        INFO(id);
        CHECK(std::any_of(builtin.gear.begin(), builtin.gear.end(), [&](const gear& g) { return g.id == id; }));
    }
    for (const auto category : gear_category_names()) {
        if (category == "other") continue;
        INFO(category);
        CHECK(std::any_of(builtin.gear.begin(), builtin.gear.end(),
                          [&](const gear& g) { return to_string(g.category) == category; }));
    }
    CHECK(builtin.cables.size() == builtin_cables().size());
}
