// Unit tests for model/rig.hpp: lookups on a resolved rig.
#include <rigcheck/load/loader.hpp>
#include <rigcheck/model/rig.hpp>

#include <catch2/catch.hpp>

using namespace rigcheck;

namespace {

rig small_rig() {
    auto loaded = load_rig_text(R"(rigcheck: 1
name: lookups
gear:
  - id: test/box
    ports:
      - {id: in-3.5, direction: in, connector: trs-3.5-female, interface: unbalanced, signal: line}
      - {id: out, direction: out, connector: xlr3-male, interface: balanced, signal: line}
devices:
  desk: {gear: generic/mixer}
  box: {gear: test/box}
connections:
  - {from: box.out, to: desk.in-5, cable: xlr}
)",
                                "rig.yaml");
    for (const auto& e : loaded.errors) UNSCOPED_INFO(to_string(e));
    REQUIRE(loaded.loaded);
    return std::move(*loaded.loaded);
}

} // namespace

TEST_CASE("ports, devices, gear and cables are found by the names rigs write", "[model][rig]") {
    const rig r = small_rig();
    const auto in5 = r.find_port("desk.in-5");
    REQUIRE(in5);
    CHECK(r.port_name(*in5) == "desk.in-5");
    CHECK(r.port_at(*in5).direction == port_direction::in);
    const auto jack = r.find_port("box.in-3.5"); // a port id may hold a dot
    REQUIRE(jack);
    CHECK(r.port_at(*jack).id == "in-3.5");
    CHECK_FALSE(r.find_port("desk"));
    CHECK_FALSE(r.find_port("desk.in-99"));
    CHECK_FALSE(r.find_port("nobody.in-1"));
    REQUIRE(r.find_device("box"));
    CHECK(r.gear_of(r.devices[*r.find_device("box")]).id == "test/box");
    CHECK(r.find_gear("generic/mixer"));
    CHECK(r.find_cable("xlr"));
    CHECK_FALSE(r.find_cable("ts")); // only the cables the rig uses are in it
    CHECK(r.connections.front().ends.front().port == *r.find_port("box.out"));
}
