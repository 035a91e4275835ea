// Unit tests for core/source_location.hpp: where things are, as users see it.
#include <rigcheck/core/source_location.hpp>

#include <catch2/catch.hpp>

using namespace rigcheck;

TEST_CASE("source locations print as file:line:col and degrade when unknown", "[report]") {
    CHECK(to_string(source_location{"rigs/a.yaml", 12, 5}) == "rigs/a.yaml:12:5");
    CHECK(to_string(source_location{"rigs/a.yaml", 12, 0}) == "rigs/a.yaml:12");
    CHECK(to_string(source_location{"rigs/a.yaml", 0, 0}) == "rigs/a.yaml");
    CHECK(to_string(source_location{"", 0, 0}) == "<unknown>");
}
