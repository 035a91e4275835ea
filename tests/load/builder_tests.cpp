// Unit tests for load/builder.hpp: rigs built in code are validated like rigs loaded from files.
#include <rigcheck/load/builder.hpp>

#include <catch2/catch.hpp>

#include <string>

using namespace rigcheck;
using Catch::Matchers::Contains;

TEST_CASE("the builder validates rigs built in code", "[builder]") {
    rig_builder builder("code");
    gear box;
    box.id = "test/box";
    port out;
    out.id = "out";
    out.direction = port_direction::out;
    out.connector = {connector_type::xlr3, connector_gender::male};
    port_face face;
    face.interface = interface_kind::balanced;
    face.pinout = *named_pinout("xlr-pin2-hot", connector_type::xlr3);
    face.impedance = defaults_for(signal_class::line).output_impedance;
    out.faces = face;
    box.ports.push_back(out);
    port in = out;
    in.id = "in";
    in.direction = port_direction::in;
    in.connector.gender = connector_gender::female;
    in.face().impedance = defaults_for(signal_class::line).input_impedance;
    box.ports.push_back(in);
    builder.add_gear(box).add_device("a", "test/box").add_device("b", "test/box");
    builder.connect("a.out", "b.in", {"xlr"}, length(3.0));
    const rig built = builder.build();
    CHECK(built.connections.size() == 1);

    rig_builder broken("code");
    broken.add_gear(box).add_device("a", "test/box").connect("a.out", "z.in", {"xlr"});
    REQUIRE_THROWS_AS(broken.build(), load_error);
    CHECK_THAT(broken.errors().front().message, Contains("unknown device `z`"));
    CHECK(broken.errors().front().location.line == 0);
}

TEST_CASE("the builder refuses a code-built input with a load of 0 ohm", "[builder][limits]") {
    rig_builder builder("code");
    gear box;
    box.id = "test/box";
    port in;
    in.id = "in";
    in.direction = port_direction::in;
    in.connector = {connector_type::xlr3, connector_gender::female};
    port_face face;
    face.interface = interface_kind::balanced;
    face.pinout = *named_pinout("xlr-pin2-hot", connector_type::xlr3);
    in.faces = face; // impedance left at 0 ohm
    box.ports.push_back(in);
    builder.add_gear(box).add_device("a", "test/box");
    CHECK_FALSE(builder.try_build());
    REQUIRE(builder.errors().size() == 1);
    CHECK(builder.errors().front().message == "gear `test/box` port `in`: an input impedance must be above 0 ohm");
}
