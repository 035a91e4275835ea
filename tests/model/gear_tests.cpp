// Unit tests for the gear model: enum spellings, the signal-class defaults, the default pinouts,
// combo faces and port lookup (docs/formats.md#pinouts, #gear).
//
// The spellings are observable in every file users write, so each is pinned exactly. The defaults
// table and the default-pinout table have one check per row of the spec's tables.
#include <rigcheck/model/gear.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace rigcheck;

namespace {

template <class Enum, class Parse> void check_spellings(const std::vector<std::pair<Enum, std::string_view>>& expected,
                                                        std::span<const std::string_view> names, Parse parse) {
    REQUIRE(names.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const auto [value, spelling] = expected[i];
        INFO(spelling);
        CHECK(static_cast<std::size_t>(value) == i);
        CHECK(to_string(value) == spelling);
        CHECK(names[i] == spelling);
        CHECK(parse(spelling) == value);
    }
    CHECK_FALSE(parse("").has_value());
    CHECK_FALSE(parse("no-such-value").has_value());
}

std::optional<std::string> default_name(connector_type type, interface_kind interface, port_direction direction) {
    const auto result = default_pinout(type, interface, direction);
    if (!result) {
        return std::nullopt;
    }
    return result->name;
}

std::vector<signal_role_kind> kinds_of(const pinout& p) {
    std::vector<signal_role_kind> kinds;
    for (const auto& role : p.roles) {
        kinds.push_back(role.kind);
    }
    return kinds;
}

constexpr std::array balanced_family{interface_kind::balanced, interface_kind::balanced_transformer,
                                     interface_kind::balanced_servo, interface_kind::impedance_balanced};
constexpr std::array directions{port_direction::in, port_direction::out};

} // namespace

TEST_CASE("gear enums print and parse with the spellings of docs/formats.md#gear", "[gear]") {
    SECTION("port direction") {
        check_spellings<port_direction>(
            {{port_direction::in, "in"}, {port_direction::out, "out"}, {port_direction::insert, "insert"}},
            port_direction_names(), parse_port_direction);
    }
    SECTION("interface") {
        check_spellings<interface_kind>({{interface_kind::unbalanced, "unbalanced"},
                                         {interface_kind::balanced, "balanced"},
                                         {interface_kind::balanced_transformer, "balanced-transformer"},
                                         {interface_kind::balanced_servo, "balanced-servo"},
                                         {interface_kind::impedance_balanced, "impedance-balanced"}},
                                        interface_kind_names(), parse_interface_kind);
        CHECK_FALSE(parse_interface_kind("balanced_transformer").has_value());
        CHECK_FALSE(parse_interface_kind("Balanced").has_value());
    }
    SECTION("signal class") {
        check_spellings<signal_class>({{signal_class::mic, "mic"},
                                       {signal_class::instrument, "instrument"},
                                       {signal_class::line, "line"},
                                       {signal_class::consumer_line, "consumer-line"},
                                       {signal_class::phono, "phono"},
                                       {signal_class::speaker, "speaker"},
                                       {signal_class::headphone, "headphone"}},
                                      signal_class_names(), parse_signal_class);
        CHECK_FALSE(parse_signal_class("consumer_line").has_value());
    }
    SECTION("power") {
        check_spellings<power_kind>({{power_kind::mains_earthed, "mains-earthed"},
                                     {power_kind::mains_floating, "mains-floating"},
                                     {power_kind::battery, "battery"},
                                     {power_kind::phantom, "phantom"},
                                     {power_kind::passive, "passive"}},
                                    power_kind_names(), parse_power_kind);
    }
    SECTION("category") {
        check_spellings<gear_category>({{gear_category::mic, "mic"},
                                        {gear_category::ribbon_mic, "ribbon-mic"},
                                        {gear_category::instrument, "instrument"},
                                        {gear_category::keyboard, "keyboard"},
                                        {gear_category::di, "di"},
                                        {gear_category::mixer, "mixer"},
                                        {gear_category::interface, "interface"},
                                        {gear_category::stage_box, "stage-box"},
                                        {gear_category::preamp, "preamp"},
                                        {gear_category::phono_preamp, "phono-preamp"},
                                        {gear_category::amp, "amp"},
                                        {gear_category::power_amp, "power-amp"},
                                        {gear_category::speaker, "speaker"},
                                        {gear_category::monitor, "monitor"},
                                        {gear_category::effect, "effect"},
                                        {gear_category::playback, "playback"},
                                        {gear_category::turntable, "turntable"},
                                        {gear_category::other, "other"}},
                                       gear_category_names(), parse_gear_category);
        CHECK_FALSE(parse_gear_category("stagebox").has_value());
    }
    SECTION("phantom") {
        check_spellings<phantom_kind>(
            {{phantom_kind::p48, "p48"}, {phantom_kind::p24, "p24"}, {phantom_kind::p12, "p12"}}, phantom_kind_names(),
            parse_phantom_kind);
        CHECK_FALSE(parse_phantom_kind("P48").has_value());
    }
    SECTION("isolation") {
        check_spellings<isolation_kind>({{isolation_kind::none, "none"}, {isolation_kind::transformer, "transformer"}},
                                        isolation_kind_names(), parse_isolation_kind);
    }
}

TEST_CASE("the balanced family is every interface but unbalanced", "[gear]") {
    CHECK_FALSE(is_balanced_family(interface_kind::unbalanced));
    for (const auto interface : balanced_family) {
        CHECK(is_balanced_family(interface));
    }
}

TEST_CASE("signal-class defaults follow the table of docs/formats.md#gear", "[gear]") {
    struct row {
        signal_class value;
        double nominal_dbu, output_ohm, input_ohm, max_dbu;
    };
    const std::vector<row> table{
        {signal_class::mic, -50.0, 150.0, 2e3, 10.0},     {signal_class::instrument, -12.0, 10e3, 1e6, 10.0},
        {signal_class::line, 4.0, 100.0, 10e3, 24.0},     {signal_class::consumer_line, -7.78, 1e3, 47e3, 12.0},
        {signal_class::phono, -43.8, 1e3, 47e3, -10.0},   {signal_class::speaker, 31.25, 0.1, 8.0, 40.0},
        {signal_class::headphone, 4.0, 10.0, 32.0, 20.0},
    };
    REQUIRE(table.size() == signal_class_names().size());
    for (const auto& expected : table) {
        INFO(to_string(expected.value));
        const auto defaults = defaults_for(expected.value);
        // The spec's table rounds to 0.01 dB; -10 dBV and -46 dBV are stored unrounded (F2.1, F2.5).
        CHECK(defaults.nominal.dbu() == Approx(expected.nominal_dbu).margin(0.05));
        CHECK(defaults.output_impedance.value() == Approx(expected.output_ohm));
        CHECK(defaults.input_impedance.value() == Approx(expected.input_ohm));
        CHECK(defaults.max.dbu() == Approx(expected.max_dbu));
    }
    CHECK(defaults_for(signal_class::consumer_line).nominal.dbv() == Approx(-10.0));
    CHECK(defaults_for(signal_class::phono).nominal.dbv() == Approx(-46.0));
}

TEST_CASE("default pinouts follow the table of docs/formats.md#pinouts", "[gear][pinout]") {
    SECTION("XLR with any balanced interface: xlr-pin2-hot") {
        for (const auto interface : balanced_family) {
            for (const auto direction : directions) {
                CHECK(default_name(connector_type::xlr3, interface, direction) == "xlr-pin2-hot");
            }
        }
    }
    SECTION("XLR, unbalanced: xlr-unbalanced") {
        for (const auto direction : directions) {
            CHECK(default_name(connector_type::xlr3, interface_kind::unbalanced, direction) == "xlr-unbalanced");
        }
    }
    SECTION("TRS and bantam with any balanced interface: trs-balanced") {
        for (const auto type : {connector_type::trs_6_35, connector_type::trs_3_5, connector_type::bantam}) {
            for (const auto interface : balanced_family) {
                for (const auto direction : directions) {
                    CHECK(default_name(type, interface, direction) == "trs-balanced");
                }
            }
        }
    }
    SECTION("TS socket or plug: ts") {
        for (const auto type : {connector_type::ts_6_35, connector_type::ts_3_5}) {
            for (const auto direction : directions) {
                const auto result = default_pinout(type, interface_kind::unbalanced, direction);
                REQUIRE(result.has_value());
                CHECK(result->name == "ts");
                CHECK(kinds_of(*result) == std::vector{signal_role_kind::hot, signal_role_kind::ground});
            }
        }
    }
    SECTION("unbalanced TRS: T hot, R nc, S ground") {
        for (const auto type : {connector_type::trs_6_35, connector_type::trs_3_5, connector_type::bantam}) {
            for (const auto direction : directions) {
                const auto result = default_pinout(type, interface_kind::unbalanced, direction);
                REQUIRE(result.has_value());
                CHECK(result->name == "ts");
                CHECK(kinds_of(*result) ==
                      std::vector{signal_role_kind::hot, signal_role_kind::nc, signal_role_kind::ground});
            }
        }
    }
    SECTION("RCA: rca") {
        for (const auto direction : directions) {
            CHECK(default_name(connector_type::rca, interface_kind::unbalanced, direction) == "rca");
        }
    }
    SECTION("insert ports: trs-insert wins over every other row") {
        for (const auto type : {connector_type::trs_6_35, connector_type::trs_3_5, connector_type::bantam}) {
            CHECK(default_name(type, interface_kind::unbalanced, port_direction::insert) == "trs-insert");
            for (const auto interface : balanced_family) {
                CHECK(default_name(type, interface, port_direction::insert) == "trs-insert");
            }
        }
        CHECK_FALSE(default_pinout(connector_type::xlr3, interface_kind::balanced, port_direction::insert));
        CHECK_FALSE(default_pinout(connector_type::ts_6_35, interface_kind::unbalanced, port_direction::insert));
    }
    SECTION("combo faces follow their face's connector") {
        const auto xlr_face = face_connector(combo_face::xlr).type;
        const auto jack_face = face_connector(combo_face::jack).type;
        CHECK(default_name(xlr_face, interface_kind::balanced, port_direction::in) == "xlr-pin2-hot");
        CHECK(default_name(jack_face, interface_kind::balanced, port_direction::in) == "trs-balanced");
        CHECK(default_name(jack_face, interface_kind::unbalanced, port_direction::in) == "ts");
        CHECK_FALSE(default_pinout(connector_type::combo, interface_kind::balanced, port_direction::in));
    }
    SECTION("a balanced interface on TS or RCA is invalid") {
        for (const auto type : {connector_type::ts_6_35, connector_type::ts_3_5, connector_type::rca}) {
            for (const auto interface : balanced_family) {
                for (const auto direction : directions) {
                    CHECK_FALSE(default_pinout(type, interface, direction).has_value());
                }
            }
        }
    }
    SECTION("xlr4/5, speakon, db25 and trrs need an explicit pinout") {
        for (const auto type : {connector_type::xlr4, connector_type::xlr5, connector_type::speakon_nl2,
                                connector_type::speakon_nl4, connector_type::db25, connector_type::trrs_3_5}) {
            INFO(to_string(type));
            for (const auto direction : directions) {
                CHECK_FALSE(default_pinout(type, interface_kind::unbalanced, direction).has_value());
                CHECK_FALSE(default_pinout(type, interface_kind::balanced, direction).has_value());
            }
        }
    }
}

TEST_CASE("port::face selects a combo face and ignores the selection on a plain port", "[gear]") {
    port plain;
    port_face only;
    only.signal = signal_class::instrument;
    plain.faces = only;
    CHECK_FALSE(plain.is_combo());
    CHECK(plain.face().signal == signal_class::instrument);
    CHECK(plain.face(combo_face::jack).signal == signal_class::instrument);

    port combo;
    combo.connector = {connector_type::combo, connector_gender::female};
    combo_faces faces;
    faces.xlr.signal = signal_class::mic;
    faces.jack.signal = signal_class::line;
    combo.faces = faces;
    REQUIRE(combo.is_combo());
    CHECK(combo.face(combo_face::xlr).signal == signal_class::mic);
    CHECK(combo.face(combo_face::jack).signal == signal_class::line);
    CHECK(combo.face().signal == signal_class::mic);

    combo.face(combo_face::jack).impedance = impedance(60e3);
    const auto& read_only = combo;
    CHECK(read_only.face(combo_face::jack).impedance.value() == Approx(60e3));
    CHECK(read_only.face(combo_face::xlr).impedance.value() == Approx(0.0));
}

TEST_CASE("gear::find_port finds a port by id", "[gear]") {
    gear desk;
    desk.id = "acme/x100";
    for (const auto id : {"in-1", "in-2", "main-l"}) {
        port p;
        p.id = id;
        desk.ports.push_back(p);
    }
    CHECK(desk.find_port("in-1") == std::size_t{0});
    CHECK(desk.find_port("main-l") == std::size_t{2});
    CHECK_FALSE(desk.find_port("main-r").has_value());
    CHECK_FALSE(desk.find_port("").has_value());
    CHECK_FALSE(gear{}.find_port("in-1").has_value());
}
