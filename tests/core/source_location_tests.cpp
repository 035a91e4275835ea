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

TEST_CASE("locations are equal by file, line and column; the byte offset rides along", "[report]") {
    const source_position at{3, 7, 41};
    const source_location where = located("rigs/a.yaml", at);
    CHECK(where.line == 3);
    CHECK(where.column == 7);
    CHECK(where.offset == 41);
    CHECK(position_of(where).offset == 41);
    CHECK(where == source_location{"rigs/a.yaml", 3, 7});
    CHECK_FALSE(where == source_location{"rigs/a.yaml", 3, 8, 41});
    CHECK(source_position{2, 9, 30} < source_position{3, 1, 31});
    CHECK(source_position{3, 1, 0} == source_position{3, 1, 99});
}
