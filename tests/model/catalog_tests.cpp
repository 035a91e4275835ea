// Unit tests for model/catalog.hpp: a catalog file's gear and cables, as loaded.
#include <rigcheck/load/loader.hpp>
#include <rigcheck/model/catalog.hpp>

#include <catch2/catch.hpp>

using namespace rigcheck;

TEST_CASE("a catalog holds its gear and cables in file order, with where each was defined", "[model][catalog]") {
    const auto loaded = load_catalog_text(R"(rigcheck-catalog: 1
gear:
  - {id: house/b, category: other, ports: []}
  - {id: house/a, category: other, ports: []}
cables:
  - id: house/short-xlr
    ends: {a: xlr3-female, b: xlr3-male}
    wiring: [[a.1, b.1], [a.2, b.2], [a.3, b.3]]
)",
                                          "house.yaml");
    for (const auto& e : loaded.errors) UNSCOPED_INFO(to_string(e));
    REQUIRE(loaded.loaded);
    const catalog& c = *loaded.loaded;
    REQUIRE(c.gear.size() == 2);
    CHECK(c.gear[0].id == "house/b");
    CHECK(c.gear[1].id == "house/a");
    CHECK(c.gear[1].position == source_position{4, 5});
    REQUIRE(c.cables.size() == 1);
    CHECK(c.cables[0].id == "house/short-xlr");
    CHECK(c.cables[0].file == "house.yaml");
    CHECK(c.cables[0].ends.size() == 2);
}
