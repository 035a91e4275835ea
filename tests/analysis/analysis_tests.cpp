// Unit tests for level propagation (docs/analysis.md): the worked values the spec pins, the soundcheck
// gain default, the noise model's monotonicity, cycles, path enumeration and its limit, the
// incremental session against full recomputation, the generator and the levels report.
//
// Gear is defined in code so that each test states exactly the impedances and levels it relies
// on; the worked values assume "a negligible source impedance and a load far above it", which is
// modelled as 1 milliohm into 1 teraohm (a divider loss of about 1e-14 dB).
#include <rigcheck/analysis/analysis.hpp>
#include <rigcheck/load/generator.hpp>
#include <rigcheck/report/levels_report.hpp>
#include <rigcheck/load/loader.hpp>
#include <rigcheck/load/builder.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

using namespace rigcheck;

namespace {

constexpr double negligible_ohm = 1e-3;
constexpr double far_above_ohm = 1e12;

port_face make_face(interface_kind interface, signal_class signal, connector_type type, port_direction direction) {
    const auto defaults = defaults_for(signal);
    port_face face;
    face.interface = interface;
    face.signal = signal;
    face.nominal = defaults.nominal;
    face.max = defaults.max;
    face.impedance = direction == port_direction::out ? defaults.output_impedance : defaults.input_impedance;
    if (auto p = default_pinout(type, interface, direction)) face.pinout = *p;
    return face;
}

port make_port(std::string id, port_direction direction, connector_type type, port_face face) {
    port p;
    p.id = std::move(id);
    p.direction = direction;
    p.connector = {type, direction == port_direction::out && type == connector_type::xlr3 ? connector_gender::male
                                                                                          : connector_gender::female};
    p.faces = std::move(face);
    return p;
}

/// An output port: XLR outputs are male, jacks female (docs/formats.md#connectors-and-mating).
port output(std::string id, connector_type type, interface_kind interface, signal_class signal) {
    return make_port(std::move(id), port_direction::out, type, make_face(interface, signal, type, port_direction::out));
}

port input(std::string id, connector_type type, interface_kind interface, signal_class signal) {
    return make_port(std::move(id), port_direction::in, type, make_face(interface, signal, type, port_direction::in));
}

port_face& face_of(port& p) { return boost::variant2::get<port_face>(p.faces); }

internal_path fixed_path(std::size_t from, std::size_t to, double db) {
    internal_path path;
    path.from = from;
    path.to = to;
    path.transfer_gain = gain(db);
    return path;
}

internal_path setting_path(std::size_t from, std::size_t to) {
    // Copied from one prototype: assigning the empty alternative in place trips a GCC 12
    // -Wmaybe-uninitialized false positive inside boost::variant2.
    static const internal_path prototype = [] {
        internal_path path;
        path.transfer_gain = gain_from_setting{};
        return path;
    }();
    internal_path path = prototype;
    path.from = from;
    path.to = to;
    return path;
}

gear make_gear(std::string id, gear_category category, std::vector<port> ports, std::vector<internal_path> paths = {},
               power_kind power = power_kind::passive) {
    gear g;
    g.id = std::move(id);
    g.manufacturer = "Test";
    g.model = g.id;
    g.category = category;
    g.power = power;
    g.ports = std::move(ports);
    g.paths = std::move(paths);
    return g;
}

/// A line source with a chosen interface, connector, nominal and source impedance.
gear line_source(std::string id, connector_type type, interface_kind interface, double nominal_dbu, double ohms,
                 power_kind power = power_kind::passive) {
    port out = output("out", type, interface, signal_class::line);
    face_of(out).nominal = level(nominal_dbu);
    face_of(out).impedance = impedance(ohms);
    return make_gear(std::move(id), gear_category::playback, {out}, {}, power);
}

/// A sink with one input of the given interface and load impedance.
gear line_sink(std::string id, connector_type type, interface_kind interface, double ohms,
               power_kind power = power_kind::passive) {
    port in = input("in", type, interface, signal_class::line);
    face_of(in).impedance = impedance(ohms);
    return make_gear(std::move(id), gear_category::other, {in}, {}, power);
}

/// A one-in, one-out device with a `gain: setting` path and a gain range (a preamp).
gear preamp(std::string id, double low_db, double high_db, double input_ohms = far_above_ohm) {
    port in = input("in", connector_type::xlr3, interface_kind::balanced, signal_class::mic);
    face_of(in).gain = gain_range{gain(low_db), gain(high_db)};
    face_of(in).impedance = impedance(input_ohms);
    face_of(in).pad = gain(20.0);
    in.phantom = phantom_kind::p48;
    port out = output("out", connector_type::xlr3, interface_kind::balanced, signal_class::line);
    face_of(out).impedance = impedance(negligible_ohm);
    return make_gear(std::move(id), gear_category::preamp, {in, out}, {setting_path(0, 1)});
}

/// A one-in, one-out unity device (both XLR), for chains and loops.
gear unity_device(std::string id) {
    port in = input("in", connector_type::xlr3, interface_kind::balanced, signal_class::line);
    port out = output("out", connector_type::xlr3, interface_kind::balanced, signal_class::line);
    return make_gear(std::move(id), gear_category::effect, {in, out}, {fixed_path(0, 1, 0.0)});
}

double level_at(const analysed_rig& a, std::string_view device, std::string_view port_id) {
    const auto d = a.rig().find_device(device);
    REQUIRE(d);
    const auto p = a.rig().gear_of(a.rig().devices[*d]).find_port(port_id);
    REQUIRE(p);
    const auto l = a.port_level({*d, *p});
    REQUIRE(l);
    return l->dbu();
}

std::optional<level> maybe_level_at(const analysed_rig& a, std::string_view device, std::string_view port_id) {
    const auto d = a.rig().find_device(device);
    const auto p = a.rig().gear_of(a.rig().devices[*d]).find_port(port_id);
    return a.port_level({*d, *p});
}

device_spec device_with_settings(std::string id, std::string gear_id, std::vector<setting_spec> settings = {},
                                 std::optional<sound_pressure> spl = std::nullopt) {
    device_spec spec;
    spec.id = located_text(std::move(id));
    spec.gear = located_text(std::move(gear_id));
    spec.settings = std::move(settings);
    spec.spl = spl;
    return spec;
}

setting_spec gain_setting(std::string port_id, double db) {
    setting_spec s;
    s.port = located_text(std::move(port_id));
    s.gain = gain(db);
    return s;
}

} // namespace

// ---- docs/analysis.md worked values ----------------------------------------------------------------

TEST_CASE("A consumer-line source starts at -10 dBV, which is -7.78 dBu", "[analysis][worked]") {
    CHECK(level::from_dbv(-10.0).dbu() == Approx(-7.78).margin(0.05));
    rig_builder b;
    port out = output("out", connector_type::rca, interface_kind::unbalanced, signal_class::consumer_line);
    b.add_gear(make_gear("test/cd", gear_category::playback, {out}));
    b.add_gear(line_sink("test/sink", connector_type::rca, interface_kind::unbalanced, far_above_ohm));
    b.add_device("cd", "test/cd").add_device("sink", "test/sink").connect("cd.out", "sink.in", {"rca"});
    const auto a = analyse(b.build());
    CHECK(level_at(*a, "cd", "out") == Approx(-7.78).margin(0.05));
}

TEST_CASE("1 kohm into 10 kohm loses 0.83 dB", "[analysis][worked]") {
    CHECK(divider_gain(impedance(1e3), impedance(10e3)).value() == Approx(-0.83).margin(0.05));
    rig_builder b;
    b.add_gear(line_source("test/src", connector_type::xlr3, interface_kind::balanced, 4.0, 1e3));
    b.add_gear(line_sink("test/sink", connector_type::xlr3, interface_kind::balanced, 10e3));
    b.add_device("src", "test/src").add_device("sink", "test/sink").connect("src.out", "sink.in", {"xlr"});
    const auto a = analyse(b.build());
    REQUIRE(a->signals().size() == 1);
    REQUIRE(a->signals()[0].level);
    CHECK(a->signals()[0].level->dbu() == Approx(4.0 - 0.83).margin(0.05));
    CHECK(level_at(*a, "sink", "in") == Approx(3.17).margin(0.05));
}

TEST_CASE("+4 dBu through xlr-female-to-ts-pin3-open: -2.02 dBu active, +4.00 dBu transformer", "[analysis][worked]") {
    const auto arriving = [](interface_kind source_interface) {
        rig_builder b;
        b.add_gear(line_source("test/src", connector_type::xlr3, source_interface, 4.0, negligible_ohm));
        b.add_gear(line_sink("test/sink", connector_type::ts_6_35, interface_kind::unbalanced, far_above_ohm));
        b.add_device("src", "test/src")
            .add_device("sink", "test/sink")
            .connect("src.out", "sink.in", {"xlr-female-to-ts-pin3-open"});
        const auto a = analyse(b.build());
        REQUIRE(a->links().links.size() == 1);
        CHECK(a->links().links[0].kind == link_kind::balanced_to_unbalanced);
        REQUIRE(a->signals()[0].level);
        return a->signals()[0].level->dbu();
    };
    CHECK(arriving(interface_kind::balanced) == Approx(-2.02).margin(0.05));
    CHECK(arriving(interface_kind::balanced_transformer) == Approx(4.00).margin(0.05));
}

TEST_CASE("A -54.5 dBV/Pa mic at 94 dB SPL gives -52.28 dBu, -12.28 dBu after a 40 dB preamp", "[analysis][worked]") {
    rig_builder b;
    port out = output("out", connector_type::xlr3, interface_kind::balanced, signal_class::mic);
    face_of(out).sensitivity = sensitivity(-54.5); // F2.2
    face_of(out).impedance = impedance(negligible_ohm);
    b.add_gear(make_gear("test/sm58", gear_category::mic, {out}));
    b.add_gear(preamp("test/pre", 0.0, 60.0));
    b.add_device(device_with_settings("mic", "test/sm58"));
    b.add_device(device_with_settings("pre", "test/pre", {gain_setting("in", 40.0)}));
    b.connect("mic.out", "pre.in", {"xlr"});
    const auto a = analyse(b.build());
    CHECK(level_at(*a, "mic", "out") == Approx(-52.28).margin(0.05));
    CHECK(level_at(*a, "pre", "in") == Approx(-52.28).margin(0.05));
    CHECK(level_at(*a, "pre", "out") == Approx(-12.28).margin(0.05));
    REQUIRE(a->signals()[0].origin_signal);
    CHECK(*a->signals()[0].origin_signal == signal_class::mic);
}

TEST_CASE("the device's SPL drives its microphones", "[analysis][worked]") {
    rig_builder b;
    port out = output("out", connector_type::xlr3, interface_kind::balanced, signal_class::mic);
    face_of(out).sensitivity = sensitivity(-54.5);
    b.add_gear(make_gear("test/sm58", gear_category::mic, {out}));
    b.add_device(device_with_settings("mic", "test/sm58", {}, sound_pressure(114.0)));
    const auto a = analyse(b.build());
    CHECK(level_at(*a, "mic", "out") == Approx(-52.28 + 20.0).margin(0.05));
}

TEST_CASE("a 12:1 DI transformer is -21.58 dB", "[analysis][worked]") {
    CHECK(transformer_ratio_gain(12.0).value() == Approx(-21.58).margin(0.05));
    rig_builder b;
    port in = input("in", connector_type::ts_6_35, interface_kind::unbalanced, signal_class::instrument);
    face_of(in).impedance = impedance(far_above_ohm);
    port out = output("out", connector_type::xlr3, interface_kind::balanced_transformer, signal_class::mic);
    internal_path path = fixed_path(0, 1, 0.0);
    path.turns_ratio = 12.0;
    path.isolation = isolation_kind::transformer;
    b.add_gear(make_gear("test/di", gear_category::di, {in, out}, {path}));
    b.add_gear(line_source("test/kbd", connector_type::ts_6_35, interface_kind::unbalanced, 4.0, negligible_ohm));
    b.add_device("kbd", "test/kbd").add_device("di", "test/di").connect("kbd.out", "di.in", {"ts"});
    const auto a = analyse(b.build());
    CHECK(level_at(*a, "di", "out") - level_at(*a, "di", "in") == Approx(-21.58).margin(0.05));
}

TEST_CASE("10 kohm into 6 m of 100 pF/m has a 26.5 kHz treble corner", "[analysis][worked]") {
    rig_builder b;
    port out = output("out", connector_type::ts_6_35, interface_kind::unbalanced, signal_class::instrument);
    face_of(out).impedance = impedance(10e3);
    face_of(out).inductance = inductance(2.4);
    b.add_gear(make_gear("test/guitar", gear_category::instrument, {out}));
    b.add_gear(line_sink("test/amp", connector_type::ts_6_35, interface_kind::unbalanced, 1e6));
    b.add_gear(line_sink("test/amp2", connector_type::ts_6_35, interface_kind::unbalanced, 1e6));
    b.add_device("gtr", "test/guitar").add_device("amp", "test/amp");
    b.connect("gtr.out", "amp.in", {"ts"}, length(6.0));
    const auto a = analyse(b.build());
    const auto& s = a->signals()[0];
    REQUIRE(s.cable_capacitance);
    CHECK(s.cable_capacitance->value() == Approx(600e-12).epsilon(0.01));
    REQUIRE(s.treble_corner);
    CHECK(s.treble_corner->value() == Approx(26.5e3).epsilon(0.01));
    // F3.4: 2.4 H with 600 pF resonates at 1/(2*pi*sqrt(2.4 * 600e-12)) = 4.19 kHz.
    REQUIRE(s.resonance);
    CHECK(s.resonance->value() == Approx(4194.0).epsilon(0.01));
}

TEST_CASE("2.4 H with 300 pF resonates at about 5.9 kHz (F3.4)", "[analysis][worked]") {
    rig_builder b;
    port out = output("out", connector_type::ts_6_35, interface_kind::unbalanced, signal_class::instrument);
    face_of(out).inductance = inductance(2.4);
    b.add_gear(make_gear("test/guitar", gear_category::instrument, {out}));
    b.add_gear(line_sink("test/amp", connector_type::ts_6_35, interface_kind::unbalanced, 1e6));
    b.add_device("gtr", "test/guitar").add_device("amp", "test/amp").connect("gtr.out", "amp.in", {"ts"}, length(3.0));
    const auto a = analyse(b.build());
    REQUIRE(a->signals()[0].resonance);
    CHECK(a->signals()[0].resonance->value() == Approx(5.9e3).epsilon(0.01));
}

// ---- Propagation rules --------------------------------------------------------------------

TEST_CASE("without a setting, gain is set at soundcheck: as close to +4 dBu as the range allows", "[analysis]") {
    const auto output_level = [](double source_dbu, double low, double high, bool pad) {
        rig_builder b;
        b.add_gear(line_source("test/src", connector_type::xlr3, interface_kind::balanced, source_dbu, negligible_ohm));
        b.add_gear(preamp("test/pre", low, high));
        setting_spec pad_setting;
        pad_setting.port = "in";
        pad_setting.pad = pad;
        b.add_device("src", "test/src").add_device(device_with_settings("pre", "test/pre", {pad_setting}));
        b.connect("src.out", "pre.in", {"xlr"});
        const auto a = analyse(b.build());
        return level_at(*a, "pre", "out");
    };
    CHECK(output_level(-52.28, 0.0, 60.0, false) == Approx(4.0).margin(1e-9));
    CHECK(output_level(-70.0, 0.0, 60.0, false) == Approx(-10.0).margin(1e-9)); // range tops out at 60 dB
    CHECK(output_level(+10.0, 0.0, 60.0, false) == Approx(10.0).margin(1e-9));  // no gain below 0 dB
    CHECK(output_level(+10.0, 0.0, 60.0, true) == Approx(4.0).margin(1e-9));    // the pad brings it down
    CHECK(output_level(+30.0, 0.0, 60.0, true) == Approx(10.0).margin(1e-9));   // pad, then 0 dB
}

TEST_CASE("a set gain and an engaged pad apply exactly", "[analysis]") {
    rig_builder b;
    b.add_gear(line_source("test/src", connector_type::xlr3, interface_kind::balanced, -30.0, negligible_ohm));
    b.add_gear(preamp("test/pre", 0.0, 60.0));
    setting_spec s = gain_setting("in", 25.0);
    s.pad = true;
    b.add_device("src", "test/src").add_device(device_with_settings("pre", "test/pre", {s}));
    b.connect("src.out", "pre.in", {"xlr"});
    const auto a = analyse(b.build());
    CHECK(level_at(*a, "pre", "out") == Approx(-30.0 + 25.0 - 20.0).margin(1e-9));
}

TEST_CASE("an output fed by several paths takes the highest contribution", "[analysis]") {
    rig_builder b;
    std::vector<port> ports{input("in-1", connector_type::xlr3, interface_kind::balanced, signal_class::line),
                            input("in-2", connector_type::xlr3, interface_kind::balanced, signal_class::line),
                            output("main", connector_type::xlr3, interface_kind::balanced, signal_class::line)};
    for (auto& p : ports)
        face_of(p).impedance = impedance(p.direction == port_direction::in ? far_above_ohm : negligible_ohm);
    b.add_gear(make_gear("test/sum", gear_category::mixer, ports, {fixed_path(0, 2, 0.0), fixed_path(1, 2, -3.0)}));
    b.add_gear(line_source("test/a", connector_type::xlr3, interface_kind::balanced, -2.0, negligible_ohm));
    b.add_gear(line_source("test/b", connector_type::xlr3, interface_kind::balanced, 4.0, negligible_ohm));
    b.add_device("a", "test/a").add_device("b", "test/b").add_device("sum", "test/sum");
    b.connect("a.out", "sum.in-1", {"xlr"}).connect("b.out", "sum.in-2", {"xlr"});
    const auto a = analyse(b.build());
    CHECK(level_at(*a, "sum", "main") == Approx(1.0).margin(1e-6)); // max(-2 + 0, 4 - 3)
}

TEST_CASE("polarity is the product of link polarities from the source", "[analysis]") {
    rig_builder b;
    b.add_gear(line_source("test/src", connector_type::xlr3, interface_kind::balanced, 4.0, negligible_ohm));
    b.add_gear(unity_device("test/fx"));
    b.add_gear(line_sink("test/sink", connector_type::xlr3, interface_kind::balanced, far_above_ohm));
    b.add_device("src", "test/src").add_device("fx", "test/fx").add_device("sink", "test/sink");
    b.connect("src.out", "fx.in", {"xlr", "xlr-polarity-reverse"});
    b.connect("fx.out", "sink.in", {"xlr"});
    const auto a = analyse(b.build());
    REQUIRE(a->links().links.size() == 2);
    CHECK(a->links().links[0].polarity == -1);
    CHECK(a->signals()[0].polarity == -1);
    CHECK(a->links().links[1].polarity == 1);
    CHECK(a->signals()[1].polarity == -1); // cumulative from the source
}

TEST_CASE("unknown values: no length, nothing connected, nothing arriving", "[analysis]") {
    rig_builder b;
    b.add_gear(line_source("test/src", connector_type::xlr3, interface_kind::balanced, 4.0, 100.0));
    b.add_gear(line_sink("test/sink", connector_type::ts_6_35, interface_kind::unbalanced, 10e3));
    b.add_gear(unity_device("test/fx"));
    b.add_device("src", "test/src").add_device("sink", "test/sink").add_device("fx", "test/fx");
    b.connect("src.out", "sink.in", {"xlr"}); // an XLR plug does not mate with a TS socket
    const auto a = analyse(b.build());
    REQUIRE(a->links().links.size() == 1);
    CHECK(a->links().links[0].kind == link_kind::unmated);
    const auto& s = a->signals()[0];
    CHECK_FALSE(s.level);
    CHECK_FALSE(s.headroom);
    CHECK_FALSE(s.noise);
    CHECK_FALSE(s.snr);
    CHECK_FALSE(s.treble_corner); // no length
    CHECK_FALSE(s.cable_capacitance);
    CHECK_FALSE(s.resonance);
    CHECK_FALSE(maybe_level_at(*a, "sink", "in"));
    CHECK_FALSE(maybe_level_at(*a, "fx", "in"));
    CHECK_FALSE(maybe_level_at(*a, "fx", "out")); // fed by a path, but nothing reaches its input
}

TEST_CASE("headroom is the destination's max minus the arriving level", "[analysis]") {
    rig_builder b;
    b.add_gear(line_source("test/src", connector_type::xlr3, interface_kind::balanced, 4.0, negligible_ohm));
    gear sink = line_sink("test/sink", connector_type::xlr3, interface_kind::balanced, far_above_ohm);
    face_of(sink.ports[0]).max = level(10.0);
    b.add_gear(sink);
    b.add_device("src", "test/src").add_device("sink", "test/sink").connect("src.out", "sink.in", {"xlr"});
    const auto a = analyse(b.build());
    REQUIRE(a->signals()[0].headroom);
    CHECK(a->signals()[0].headroom->value() == Approx(6.0).margin(1e-6));
}

TEST_CASE(
    "an insert jack passes its send to its return when nothing is plugged in, and loops through a processor when it is",
    "[analysis]") {
    const auto main_level = [](bool patched) {
        rig_builder b;
        port in = input("in", connector_type::xlr3, interface_kind::balanced, signal_class::line);
        face_of(in).impedance = impedance(far_above_ohm);
        port ins = make_port("ins", port_direction::insert, connector_type::trs_6_35,
                             make_face(interface_kind::unbalanced, signal_class::line, connector_type::trs_6_35,
                                       port_direction::insert));
        // One impedance serves as the send's source and the return's load: 1 ohm, with a return
        // driven from a near-zero impedance, loses nothing either way.
        face_of(ins).impedance = impedance(1.0);
        port main = output("main", connector_type::xlr3, interface_kind::balanced, signal_class::line);
        b.add_gear(make_gear("test/desk", gear_category::mixer, {in, ins, main},
                             {fixed_path(0, 1, 0.0), fixed_path(1, 2, 0.0)}));
        port comp_in = input("in", connector_type::ts_6_35, interface_kind::unbalanced, signal_class::line);
        face_of(comp_in).impedance = impedance(far_above_ohm);
        port comp_out = output("out", connector_type::ts_6_35, interface_kind::unbalanced, signal_class::line);
        face_of(comp_out).impedance = impedance(1e-9);
        b.add_gear(make_gear("test/comp", gear_category::effect, {comp_in, comp_out}, {fixed_path(0, 1, -6.0)}));
        b.add_gear(line_source("test/src", connector_type::xlr3, interface_kind::balanced, 4.0, negligible_ohm));
        b.add_device("src", "test/src").add_device("desk", "test/desk").add_device("comp", "test/comp");
        b.connect("src.out", "desk.in", {"xlr"});
        if (patched) {
            connection_spec insert;
            insert.cables.emplace_back("insert-y");
            insert.ends = {{"a", "desk.ins"}, {"send", "comp.in"}, {"return", "comp.out"}};
            b.add_connection(insert);
        }
        const auto a = analyse(b.build());
        return level_at(*a, "desk", "main");
    };
    CHECK(main_level(false) == Approx(4.0).margin(1e-6));
    CHECK(main_level(true) == Approx(-2.0).margin(1e-6));
}

// ---- Noise ----------------------------------------------------------------------------------

namespace {

/// SNR at a sink fed over `metres` of cable, balanced or unbalanced, between mains-earthed units
/// or not.
double snr_over(double metres, bool balanced, bool both_earthed, std::optional<double> cmrr = std::nullopt) {
    rig_builder b;
    const auto power = both_earthed ? power_kind::mains_earthed : power_kind::passive;
    if (balanced) {
        b.add_gear(line_source("test/src", connector_type::xlr3, interface_kind::balanced, 4.0, 100.0, power));
        gear sink = line_sink("test/sink", connector_type::xlr3, interface_kind::balanced, 10e3, power);
        if (cmrr) face_of(sink.ports[0]).cmrr = gain(*cmrr);
        b.add_gear(sink);
    } else {
        b.add_gear(line_source("test/src", connector_type::ts_6_35, interface_kind::unbalanced, 4.0, 100.0, power));
        b.add_gear(line_sink("test/sink", connector_type::ts_6_35, interface_kind::unbalanced, 10e3, power));
    }
    b.add_device("src", "test/src").add_device("sink", "test/sink");
    b.connect("src.out", "sink.in", {balanced ? "xlr" : "ts"}, length(metres));
    const auto a = analyse(b.build());
    REQUIRE(a->signals()[0].snr);
    return a->signals()[0].snr->value();
}

} // namespace

TEST_CASE("noise is monotonic: a longer unbalanced run has a lower SNR", "[analysis][noise]") {
    for (const bool earthed : {false, true}) {
        INFO("both mains-earthed: " << earthed);
        double previous = snr_over(0.5, false, earthed);
        for (const double metres : {1.0, 2.0, 3.0, 5.0, 10.0, 20.0, 50.0, 100.0}) {
            INFO(metres << " m");
            const double snr = snr_over(metres, false, earthed);
            CHECK(snr < previous);
            previous = snr;
        }
    }
}

TEST_CASE("a balanced link rejects pickup by its CMRR", "[analysis][noise]") {
    for (const double metres : {1.0, 10.0, 100.0}) {
        INFO(metres << " m");
        CHECK(snr_over(metres, true, false) > snr_over(metres, false, false));
        CHECK(snr_over(metres, true, true) > snr_over(metres, false, true));
        // A better CMRR is never worse; the 60 dB default (F4.1) lies between 40 and 90 dB.
        CHECK(snr_over(metres, true, false, 40.0) < snr_over(metres, true, false));
        CHECK(snr_over(metres, true, false, 90.0) >= snr_over(metres, true, false));
    }
    // A longer balanced run is still a little noisier.
    CHECK(snr_over(100.0, true, false) < snr_over(1.0, true, false));
}

TEST_CASE("a ground loop between mains-earthed units lowers an unbalanced link's SNR (F1.2)", "[analysis][noise]") {
    CHECK(snr_over(3.0, false, true) < snr_over(3.0, false, false));
    // A balanced receiver does not hear it.
    CHECK(snr_over(3.0, true, true) == Approx(snr_over(3.0, true, false)).margin(1e-9));
}

TEST_CASE("noise passes through gain like the signal, and a preamp adds its EIN", "[analysis][noise]") {
    rig_builder b;
    b.add_gear(line_source("test/src", connector_type::xlr3, interface_kind::balanced, -40.0, negligible_ohm));
    b.add_gear(preamp("test/pre", 0.0, 60.0));
    b.add_device("src", "test/src").add_device(device_with_settings("pre", "test/pre", {gain_setting("in", 30.0)}));
    b.connect("src.out", "pre.in", {"xlr"});
    const auto a = analyse(b.build());
    const auto pre = *a->rig().find_device("pre");
    const auto noise_in = a->port_noise({pre, 0});
    const auto noise_out = a->port_noise({pre, 1});
    REQUIRE(noise_in);
    REQUIRE(noise_out);
    CHECK(noise_out->dbu() - noise_in->dbu() == Approx(30.0).margin(1e-9));
    // -140 dBu of source noise (100 dB below -40 dBu) is swamped by the -128 dBu EIN.
    CHECK(noise_in->dbu() == Approx(10.0 * std::log10(std::pow(10.0, -12.8) + std::pow(10.0, -14.0))).margin(1e-9));
}

// ---- Cycles -----------------------------------------------------------------------------------

TEST_CASE("a two-device loop is reported as one cycle, and its levels are unknown", "[analysis][cycles]") {
    rig_builder b;
    b.add_gear(unity_device("test/fx"));
    b.add_device("a", "test/fx").add_device("b", "test/fx");
    b.connect("a.out", "b.in", {"xlr"}).connect("b.out", "a.in", {"xlr"});
    const auto a = analyse(b.build());
    REQUIRE(a->cycles().size() == 1);
    CHECK(a->cycles()[0].links == std::vector<std::size_t>{0, 1});
    CHECK_FALSE(maybe_level_at(*a, "a", "out"));
    CHECK_FALSE(maybe_level_at(*a, "b", "in"));
    CHECK(a->paths().empty());
}

TEST_CASE("a loop fed from outside is reported and still terminates with known levels", "[analysis][cycles]") {
    rig_builder b;
    std::vector<port> ports{input("in-1", connector_type::xlr3, interface_kind::balanced, signal_class::line),
                            input("in-2", connector_type::xlr3, interface_kind::balanced, signal_class::line),
                            output("main", connector_type::xlr3, interface_kind::balanced, signal_class::line),
                            output("aux", connector_type::xlr3, interface_kind::balanced, signal_class::line)};
    b.add_gear(make_gear("test/desk", gear_category::mixer, ports,
                         {fixed_path(0, 2, 0.0), fixed_path(1, 2, 0.0), fixed_path(0, 3, 0.0), fixed_path(1, 3, 0.0)}));
    b.add_gear(unity_device("test/fx"));
    b.add_gear(line_source("test/src", connector_type::xlr3, interface_kind::balanced, 4.0, 100.0));
    b.add_device("src", "test/src").add_device("desk", "test/desk").add_device("fx", "test/fx");
    b.connect("src.out", "desk.in-1", {"xlr"});
    b.connect("desk.aux", "fx.in", {"xlr"});
    b.connect("fx.out", "desk.in-2", {"xlr"});
    const auto a = analyse(b.build());
    REQUIRE(a->cycles().size() == 1);
    CHECK(a->cycles()[0].links == std::vector<std::size_t>{1, 2});
    CHECK(maybe_level_at(*a, "desk", "main"));
    CHECK(maybe_level_at(*a, "fx", "out"));
}

TEST_CASE("a large loop-free chain and a large loop do not recurse", "[analysis][cycles]") {
    constexpr int devices = 200'000;
    for (const bool closed : {false, true}) {
        rig_builder b;
        b.add_gear(unity_device("test/fx"));
        for (int i = 0; i < devices; ++i) b.add_device("d" + std::to_string(i), "test/fx");
        for (int i = 0; i + 1 < devices; ++i)
            b.connect("d" + std::to_string(i) + ".out", "d" + std::to_string(i + 1) + ".in", {"xlr"});
        if (closed) b.connect("d" + std::to_string(devices - 1) + ".out", "d0.in", {"xlr"});
        const auto a = analyse(b.build());
        CHECK(a->cycles().size() == (closed ? 1u : 0u));
        if (closed) CHECK(a->cycles()[0].links.size() == static_cast<std::size_t>(devices));
    }
}

// ---- Paths --------------------------------------------------------------------------------

namespace {

/// A ladder of `rungs` splitter/merger pairs after one source: 2^rungs source-to-sink paths.
std::shared_ptr<const analysed_rig> splitter_ladder(int rungs, std::size_t max_paths) {
    rig_builder b;
    b.add_gear(line_source("test/src", connector_type::xlr3, interface_kind::balanced, 4.0, 100.0));
    b.add_gear(make_gear("test/split", gear_category::other,
                         {input("in", connector_type::xlr3, interface_kind::balanced, signal_class::line),
                          output("a", connector_type::xlr3, interface_kind::balanced, signal_class::line),
                          output("b", connector_type::xlr3, interface_kind::balanced, signal_class::line)},
                         {fixed_path(0, 1, 0.0), fixed_path(0, 2, 0.0)}));
    b.add_gear(make_gear("test/merge", gear_category::other,
                         {input("in-1", connector_type::xlr3, interface_kind::balanced, signal_class::line),
                          input("in-2", connector_type::xlr3, interface_kind::balanced, signal_class::line),
                          output("out", connector_type::xlr3, interface_kind::balanced, signal_class::line)},
                         {fixed_path(0, 2, 0.0), fixed_path(1, 2, 0.0)}));
    b.add_gear(line_sink("test/sink", connector_type::xlr3, interface_kind::balanced, 10e3));
    b.add_device("src", "test/src").add_device("sink", "test/sink");
    std::string previous = "src.out";
    for (int i = 0; i < rungs; ++i) {
        const std::string s = "s" + std::to_string(i);
        const std::string m = "m" + std::to_string(i);
        b.add_device(s, "test/split").add_device(m, "test/merge");
        b.connect(previous, s + ".in", {"xlr"});
        b.connect(s + ".a", m + ".in-1", {"xlr"}).connect(s + ".b", m + ".in-2", {"xlr"});
        previous = m + ".out";
    }
    b.connect(previous, "sink.in", {"xlr"});
    return analyse(b.build(), path_limits{max_paths});
}

} // namespace

TEST_CASE("paths run from every source to every sink through devices", "[analysis][paths]") {
    const auto a = splitter_ladder(3, 1000);
    REQUIRE(a->paths().size() == 8);
    CHECK_FALSE(a->paths_truncated());
    const auto src = *a->rig().find_device("src");
    const auto sink = *a->rig().find_device("sink");
    for (const auto& p : a->paths()) {
        CHECK(p.source == port_ref{src, 0});
        CHECK(p.sink == port_ref{sink, 0});
        CHECK(p.links.size() == 2 * 3 + 1); // into each rung's splitter and merger, then the sink
        CHECK(p.links.front() == 0);
        CHECK(p.links.back() == a->links().links.size() - 1);
        CHECK_FALSE(p.isolated);
    }
    // Every path is distinct.
    std::vector<std::vector<std::size_t>> all;
    for (const auto& p : a->paths()) all.push_back(p.links);
    std::sort(all.begin(), all.end());
    CHECK(std::adjacent_find(all.begin(), all.end()) == all.end());
}

TEST_CASE("path enumeration stops at the limit on a splitter ladder", "[analysis][paths]") {
    const auto full = splitter_ladder(12, 100'000);
    CHECK(full->paths().size() == 4096);
    CHECK_FALSE(full->paths_truncated());
    const auto cut = splitter_ladder(12, 1000);
    CHECK(cut->paths().size() == 1000);
    CHECK(cut->paths_truncated());
    const auto exact = splitter_ladder(12, 4096);
    CHECK(exact->paths().size() == 4096);
    CHECK_FALSE(exact->paths_truncated());
}

TEST_CASE("a path through an isolating transformer is marked isolated; an unconnected output ends nothing",
          "[analysis][paths]") {
    rig_builder b;
    port in = input("in", connector_type::ts_6_35, interface_kind::unbalanced, signal_class::instrument);
    port out = output("out", connector_type::xlr3, interface_kind::balanced_transformer, signal_class::mic);
    port thru = output("thru", connector_type::ts_6_35, interface_kind::unbalanced, signal_class::instrument);
    internal_path path = fixed_path(0, 1, 0.0);
    path.turns_ratio = 12.0;
    path.isolation = isolation_kind::transformer;
    b.add_gear(make_gear("test/di", gear_category::di, {in, out, thru}, {path, fixed_path(0, 2, 0.0)}));
    b.add_gear(line_source("test/kbd", connector_type::ts_6_35, interface_kind::unbalanced, 4.0, 100.0));
    b.add_gear(preamp("test/pre", 0.0, 60.0, 2e3));
    b.add_device("kbd", "test/kbd").add_device("di", "test/di").add_device("pre", "test/pre");
    b.connect("kbd.out", "di.in", {"ts"}).connect("di.out", "pre.in", {"xlr"});
    const auto a = analyse(b.build());
    REQUIRE(a->paths().size() == 1); // di.thru goes nowhere; pre.out goes nowhere, so pre.in is the sink
    CHECK(a->paths()[0].isolated);
    CHECK(a->paths()[0].links == std::vector<std::size_t>{0, 1});
    CHECK(a->paths()[0].sink == port_ref{*a->rig().find_device("pre"), 0});
}

// ---- Incremental updates --------------------------------------------------------------------

namespace {

struct gain_control {
    port_ref port;
    gain_range range;
};

/// Every input of a generated rig with a gain range, with the range its selected face gives.
std::vector<gain_control> gain_controls(const rig& r) {
    std::vector<gain_control> controls;
    for (std::size_t d = 0; d < r.devices.size(); ++d) {
        const auto& ports = r.gear_of(r.devices[d]).ports;
        for (std::size_t p = 0; p < ports.size(); ++p) {
            if (ports[p].direction != port_direction::in) continue;
            const auto& range = ports[p].face(combo_face::xlr).gain;
            const auto& jack = ports[p].face(combo_face::jack).gain;
            if (range && jack)
                controls.push_back(
                    {{d, p}, gain_range{std::max(range->low, jack->low), std::min(range->high, jack->high)}});
            else if (range)
                controls.push_back({{d, p}, *range});
        }
    }
    return controls;
}

void check_same_levels(const analysed_rig& fresh, const analysis_session& session) {
    const rig& r = fresh.rig();
    std::size_t compared = 0;
    for (std::size_t d = 0; d < r.devices.size(); ++d) {
        for (std::size_t p = 0; p < r.gear_of(r.devices[d]).ports.size(); ++p) {
            const auto expected = fresh.port_level({d, p});
            const auto actual = session.port_level({d, p});
            INFO(r.port_name({d, p}));
            REQUIRE(expected.has_value() == actual.has_value());
            if (expected) {
                CHECK(actual->dbu() == Approx(expected->dbu()).margin(1e-9));
                CHECK(session.port_noise({d, p})->dbu() == Approx(fresh.port_noise({d, p})->dbu()).margin(1e-9));
            }
            ++compared;
        }
    }
    CHECK(compared > 0);
    for (std::size_t i = 0; i < fresh.signals().size(); ++i) {
        const auto& expected = fresh.signals()[i];
        const auto& actual = session.signal(i);
        REQUIRE(expected.level.has_value() == actual.level.has_value());
        if (expected.level) CHECK(actual.level->dbu() == Approx(expected.level->dbu()).margin(1e-9));
        CHECK(actual.polarity == expected.polarity);
    }
}

} // namespace

TEST_CASE("incremental updates equal a full recompute on randomised edits", "[analysis][incremental]") {
    for (const std::uint64_t seed : {1u, 7u, 42u}) {
        generator_options options;
        options.connections = 600;
        options.seed = seed;
        options.unbalanced_share = 0.3;
        options.chain_depth = 3;
        const auto base = analyse(generate_rig(options));
        analysis_session session(base);
        const auto controls = gain_controls(base->rig());
        REQUIRE(controls.size() > 50);
        std::uint64_t state = seed * 0x9e3779b97f4a7c15ull + 1;
        const auto next = [&] {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            return state;
        };
        for (int round = 0; round < 4; ++round) {
            for (int edit = 0; edit < 25; ++edit) {
                const auto& control = controls[next() % controls.size()];
                const double fraction = static_cast<double>(next() % 1001) / 1000.0;
                const double db =
                    control.range.low.value() + fraction * (control.range.high.value() - control.range.low.value());
                if (next() % 5 == 0)
                    session.set_pad(control.port, next() % 2 == 0);
                else
                    session.set_gain(control.port, gain(db));
                CHECK(session.last_update_size() <= 3 * options.chain_depth + 10);
            }
            const auto snap = session.snapshot();
            const auto fresh = analyse(rigcheck::rig(snap->rig()));
            INFO("seed " << seed << ", round " << round);
            check_same_levels(*fresh, session);
            // The snapshot agrees with the session too.
            for (std::size_t i = 0; i < snap->signals().size(); ++i) {
                REQUIRE(snap->signals()[i].level.has_value() == fresh->signals()[i].level.has_value());
                if (snap->signals()[i].level)
                    CHECK(snap->signals()[i].level->dbu() == Approx(fresh->signals()[i].level->dbu()).margin(1e-9));
            }
        }
        // A full recompute in the session changes nothing.
        session.recompute_all();
        check_same_levels(*analyse(rigcheck::rig(session.snapshot()->rig())), session);
    }
}

TEST_CASE("a session recomputes only the downstream cone and leaves the base untouched", "[analysis][incremental]") {
    rig_builder b;
    b.add_gear(line_source("test/src", connector_type::xlr3, interface_kind::balanced, -40.0, negligible_ohm));
    b.add_gear(preamp("test/pre", 0.0, 60.0));
    b.add_gear(unity_device("test/fx"));
    b.add_device("src", "test/src").add_device("pre", "test/pre").add_device("fx", "test/fx");
    b.add_device("src2", "test/src").add_device("pre2", "test/pre");
    b.connect("src.out", "pre.in", {"xlr"}).connect("pre.out", "fx.in", {"xlr"});
    b.connect("src2.out", "pre2.in", {"xlr"});
    const auto base = analyse(b.build());
    const auto pre = *base->rig().find_device("pre");
    const auto fx = *base->rig().find_device("fx");
    analysis_session session(base);
    session.set_gain({pre, 0}, gain(30.0));
    CHECK(session.last_update_size() == 3); // pre.out, fx.in, fx.out
    CHECK(session.port_level({fx, 1})->dbu() == Approx(-10.0).margin(1e-9));
    CHECK(base->port_level({fx, 1})->dbu() == Approx(4.0).margin(1e-9)); // soundcheck in the base
    session.set_gain({pre, 0}, gain(30.0));
    CHECK(session.last_update_size() == 1); // pre.out unchanged: the sweep stops there
    session.set_phantom({pre, 0}, true);
    CHECK(session.last_update_size() == 0);
    const auto snap = session.snapshot();
    CHECK(snap->rig().devices[pre].settings[0].gain == gain(30.0));
    CHECK(snap->rig().devices[pre].settings[0].phantom_on);
    CHECK_FALSE(base->rig().devices[pre].settings[0].gain);
    CHECK(snap->port_level({fx, 1})->dbu() == Approx(-10.0).margin(1e-9));
    CHECK_THROWS_AS(session.set_gain({pre, 0}, gain(70.0)), std::invalid_argument);
    CHECK_THROWS_AS(session.set_gain({fx, 0}, gain(10.0)), std::invalid_argument);
    CHECK_THROWS_AS(session.set_gain({pre, 1}, gain(10.0)), std::invalid_argument);
    CHECK_THROWS_AS(session.set_phantom({fx, 0}, true), std::invalid_argument);
}

// ---- Generator ------------------------------------------------------------------------------

#ifdef RIGCHECK_SOURCE_DIR
#endif

// ---- Levels report --------------------------------------------------------------------------

TEST_CASE("levels beyond 1000 dBu are unknown, and nothing infinite reaches a signal", "[analysis][limits]") {
    const auto loaded = load_rig_file(std::string(RIGCHECK_SOURCE_DIR) + "/tests/golden/data/thousand-db-stages.yaml");
    for (const auto& e : loaded.errors) UNSCOPED_INFO(to_string(e));
    REQUIRE(loaded.loaded);
    const auto analysed = analyse(*loaded.loaded);
    const auto signals = analysed->signals();
    REQUIRE(signals.size() == 4);
    REQUIRE(signals[1].level);
    CHECK(signals[1].level->dbu() == Approx(957.0).margin(0.01)); // within the bound: known
    CHECK_FALSE(signals[2].level);                                // 1957 dBu: unknown
    CHECK_FALSE(signals[3].level);
    for (const auto& s : signals) {
        for (const auto& value : {s.level ? s.level->dbu() : 0.0, s.noise ? s.noise->dbu() : 0.0,
                                  s.headroom ? s.headroom->value() : 0.0, s.snr ? s.snr->value() : 0.0})
            CHECK(std::isfinite(value));
    }
}
