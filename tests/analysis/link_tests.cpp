// Unit tests for contact-level link tracing (docs/analysis.md): the kind, polarity, cold state and
// grounding site of every builtin cable in front of the port pairs it is used with.
//
// Every rig is built in code from one bench gear that carries each kind of port the tests need
// (active, transformer, servo and impedance-balanced outputs, a pin-3-hot output, TS, TRS, stereo,
// RCA, 3.5 mm, an insert and a combo input), so each case reads as "this port, through this
// cable, into that port". The seed's readers' rigs (F6.x) appear as cases of their own.
#include <rigcheck/analysis/link.hpp>
#include <rigcheck/load/builder.hpp>

#include <catch2/catch.hpp>

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

using namespace rigcheck;

namespace {

connector connector_named(std::string_view text) {
    const auto parsed = parse_connector(text);
    REQUIRE(parsed.has_value());
    return *parsed;
}

/// An explicit pinout such as {1: ground, 2: cold, 3: hot}.
pinout custom_pinout(connector_type type, const std::vector<std::pair<std::string_view, std::string_view>>& roles) {
    pinout result{"custom", std::vector<signal_role>(contact_names(type).size())};
    for (const auto& [contact, role] : roles) {
        const auto index = find_contact(type, contact);
        const auto parsed = parse_signal_role(role);
        REQUIRE(index.has_value());
        REQUIRE(parsed.has_value());
        result.roles[*index] = *parsed;
    }
    return result;
}

port_face make_face(connector_type type, port_direction direction, interface_kind interface, signal_class signal,
                    std::optional<pinout> explicit_pinout = std::nullopt) {
    port_face face;
    face.interface = interface;
    face.signal = signal;
    const auto pins = explicit_pinout ? explicit_pinout : default_pinout(type, interface, direction);
    REQUIRE(pins.has_value());
    face.pinout = *pins;
    const auto defaults = defaults_for(signal);
    face.nominal = defaults.nominal;
    face.max = defaults.max;
    face.impedance = direction == port_direction::out ? defaults.output_impedance : defaults.input_impedance;
    return face;
}

port make_port(std::string id, port_direction direction, std::string_view connector_text, interface_kind interface,
               signal_class signal, std::optional<pinout> explicit_pinout = std::nullopt) {
    port result;
    result.id = std::move(id);
    result.direction = direction;
    result.connector = connector_named(connector_text);
    result.faces = make_face(result.connector.type, direction, interface, signal, std::move(explicit_pinout));
    return result;
}

/// A combo input like the seed's Scarlett 2i2: a balanced mic XLR face and a balanced line jack face.
port make_combo_input(std::string id) {
    port result;
    result.id = std::move(id);
    result.direction = port_direction::in;
    result.connector = connector{connector_type::combo, connector_gender::female};
    result.phantom = phantom_kind::p48;
    result.faces = combo_faces{
        make_face(connector_type::xlr3, port_direction::in, interface_kind::balanced, signal_class::mic),
        make_face(connector_type::trs_6_35, port_direction::in, interface_kind::balanced, signal_class::line),
    };
    return result;
}

/// One gear with every port the tests plug into; each rig holds several devices of it.
gear make_bench() {
    using d = port_direction;
    using i = interface_kind;
    using s = signal_class;
    const auto pin3_hot = custom_pinout(connector_type::xlr3, {{"1", "ground"}, {"2", "cold"}, {"3", "hot"}});
    const auto dual_mono = custom_pinout(connector_type::trs_3_5, {{"T", "hot"}, {"R", "hot"}, {"S", "ground"}});
    const auto stereo_35 = named_pinout("trs-stereo", connector_type::trs_3_5);
    const auto stereo_635 = named_pinout("trs-stereo", connector_type::trs_6_35);
    gear bench;
    bench.id = "test/bench";
    bench.manufacturer = "Test";
    bench.model = "Bench";
    bench.category = gear_category::other;
    bench.ports = {
        // Outputs.
        make_port("xlr-out", d::out, "xlr3-male", i::balanced, s::line),
        make_port("xlr-trafo-out", d::out, "xlr3-male", i::balanced_transformer, s::line),
        make_port("xlr-servo-out", d::out, "xlr3-male", i::balanced_servo, s::line),
        make_port("xlr-impbal-out", d::out, "xlr3-male", i::impedance_balanced, s::line),
        make_port("xlr-pin3-out", d::out, "xlr3-male", i::balanced, s::line, pin3_hot),
        make_port("xlr-pin3-trafo-out", d::out, "xlr3-male", i::balanced_transformer, s::line, pin3_hot),
        make_port("ts-out", d::out, "ts-6.35-female", i::unbalanced, s::line),
        make_port("kbd-out", d::out, "ts-6.35-female", i::unbalanced, s::line),
        make_port("trs-out", d::out, "trs-6.35-female", i::balanced, s::line),
        make_port("trs-servo-out", d::out, "trs-6.35-female", i::balanced_servo, s::line),
        make_port("trs-stereo-out", d::out, "trs-6.35-female", i::unbalanced, s::headphone, stereo_635),
        make_port("stereo-3.5-out", d::out, "trs-3.5-female", i::unbalanced, s::consumer_line, stereo_35),
        make_port("lapel-out", d::out, "trs-3.5-female", i::unbalanced, s::mic, dual_mono),
        make_port("rca-out", d::out, "rca-female", i::unbalanced, s::consumer_line),
        // An insert point: tip send, ring return (F4.5).
        make_port("ins", d::insert, "trs-6.35-female", i::unbalanced, s::line),
        // Inputs.
        make_port("xlr-mic-in", d::in, "xlr3-female", i::balanced, s::mic),
        make_port("xlr-line-in", d::in, "xlr3-female", i::balanced, s::line),
        make_port("xlr-pin3-in", d::in, "xlr3-female", i::balanced, s::line, pin3_hot),
        make_port("ts-in", d::in, "ts-6.35-female", i::unbalanced, s::line),
        make_port("trs-in", d::in, "trs-6.35-female", i::balanced, s::line),
        make_port("trs-unbal-in", d::in, "trs-6.35-female", i::unbalanced, s::line),
        make_port("trs-stereo-in", d::in, "trs-6.35-female", i::unbalanced, s::line, stereo_635),
        make_port("mini-in", d::in, "trs-3.5-female", i::unbalanced, s::consumer_line),
        make_port("stereo-3.5-in", d::in, "trs-3.5-female", i::unbalanced, s::consumer_line, stereo_35),
        make_port("rca-in", d::in, "rca-female", i::unbalanced, s::consumer_line),
        make_port("rca-in-2", d::in, "rca-female", i::unbalanced, s::consumer_line),
        make_combo_input("combo-in"),
    };
    return bench;
}

/// A custom cable written the way a catalog writes it: named ends, nets of "end.contact" names.
cable make_cable(std::string id, const std::vector<std::pair<std::string, std::string_view>>& ends,
                 const std::vector<std::vector<std::string_view>>& wiring,
                 const std::vector<std::pair<std::string_view, double>>& series = {}) {
    cable result;
    result.id = std::move(id);
    for (const auto& [name, connector_text] : ends) result.ends.push_back({name, connector_named(connector_text)});
    const auto resolve = [&](std::string_view name) {
        const auto dot = name.find('.');
        const auto end = result.find_end(name.substr(0, dot));
        REQUIRE(end.has_value());
        const auto contact = find_contact(result.ends[*end].connector.type, name.substr(dot + 1));
        REQUIRE(contact.has_value());
        return cable_contact{*end, *contact};
    };
    for (const auto& net : wiring) {
        auto& members = result.wiring.emplace_back();
        for (const auto name : net) members.push_back(resolve(name));
    }
    for (const auto& [contact, ohms] : series) result.series.push_back({resolve(contact), impedance(ohms)});
    return result;
}

/// A custom two-ended cable with ends `a` and `b`.
cable make_cable(std::string id, std::string_view a, std::string_view b,
                 const std::vector<std::vector<std::string_view>>& wiring,
                 const std::vector<std::pair<std::string_view, double>>& series = {}) {
    return make_cable(std::move(id), {{"a", a}, {"b", b}}, wiring, series);
}

/// A builder holding the bench gear and the devices `src`, `dst` and `fx`.
rig_builder bench_builder(const std::vector<cable>& extra_cables = {}) {
    static const gear bench = make_bench();
    rig_builder builder("link tests");
    builder.add_gear(bench);
    for (const auto& c : extra_cables) builder.add_cable(c);
    builder.add_device("src", "test/bench");
    builder.add_device("dst", "test/bench");
    builder.add_device("fx", "test/bench");
    return builder;
}

rig build(rig_builder& builder) {
    auto built = builder.try_build();
    if (!built) {
        for (const auto& error : builder.errors()) UNSCOPED_INFO(error.message);
    }
    REQUIRE(built.has_value());
    return std::move(*built);
}

/// The rig of one connection `from` -> `to` through `chain`, and its trace.
struct traced {
    rig r;
    link_analysis analysis;
};

traced trace_one(const std::string& from, const std::string& to, std::vector<std::string> chain,
                 const std::vector<cable>& extra_cables = {}) {
    auto builder = bench_builder(extra_cables);
    builder.connect(from, to, std::move(chain));
    traced result{build(builder), {}};
    result.analysis = trace_links(result.r);
    return result;
}

traced trace_ends(const std::string& cable_id, const std::vector<std::pair<std::string, std::string>>& ends,
                  const std::vector<cable>& extra_cables = {}) {
    auto builder = bench_builder(extra_cables);
    connection_spec spec;
    spec.cables.emplace_back(cable_id);
    for (const auto& [end, port] : ends) spec.ends.emplace_back(end, port);
    builder.add_connection(std::move(spec));
    traced result{build(builder), {}};
    result.analysis = trace_links(result.r);
    return result;
}

const rigcheck::link& only_link(const traced& t) {
    REQUIRE(t.analysis.links.size() == 1);
    REQUIRE(t.analysis.conflicts.empty());
    return t.analysis.links.front();
}

std::string name_of(const traced& t, port_ref ref) { return t.r.port_name(ref); }

struct expected_link {
    link_kind kind;
    int polarity = 1;
    cold_state cold = cold_state::none;
    std::optional<ground_site> grounded_at = std::nullopt;
};

void check_link(const rigcheck::link& actual, const expected_link& expected) {
    CHECK(to_string(actual.kind) == to_string(expected.kind));
    CHECK(actual.polarity == expected.polarity);
    CHECK(to_string(actual.cold) == to_string(expected.cold));
    CHECK(actual.cold_grounded_at == expected.grounded_at);
    CHECK(actual.mated == (expected.kind != link_kind::unmated));
    CHECK(actual.isolated == false);
}

/// Traces `from` -> `to` through `chain` and checks the single link's facts.
rigcheck::link check_one(const std::string& from, const std::string& to, std::vector<std::string> chain,
                         const expected_link& expected, const std::vector<cable>& extra_cables = {}) {
    INFO(from << " -> " << to);
    const auto t = trace_one(from, to, std::move(chain), extra_cables);
    const auto& actual = only_link(t);
    check_link(actual, expected);
    return actual;
}

constexpr auto at_source = ground_site::source;
constexpr auto at_far_end = ground_site::far;

} // namespace

TEST_CASE("kinds, states and sites have their documented spellings", "[link]") {
    CHECK(to_string(link_kind::unmated) == "unmated");
    CHECK(to_string(link_kind::no_signal) == "no-signal");
    CHECK(to_string(link_kind::shorted) == "shorted");
    CHECK(to_string(link_kind::stereo_to_mono) == "stereo-to-mono");
    CHECK(to_string(link_kind::balanced) == "balanced");
    CHECK(to_string(link_kind::unbalanced_to_balanced) == "unbalanced-to-balanced");
    CHECK(to_string(link_kind::balanced_to_unbalanced) == "balanced-to-unbalanced");
    CHECK(to_string(link_kind::unbalanced) == "unbalanced");
    CHECK(to_string(cold_state::driven) == "driven");
    CHECK(to_string(cold_state::open) == "open");
    CHECK(to_string(cold_state::grounded) == "grounded");
    CHECK(to_string(cold_state::resistive) == "resistive");
    CHECK(to_string(cold_state::none) == "none");
    CHECK(to_string(ground_site::source) == "source");
    CHECK(to_string(ground_site::far) == "far");
}

TEST_CASE("a balanced XLR cable between balanced ports is a balanced link", "[link]") {
    const auto t = trace_one("src.xlr-out", "dst.xlr-line-in", {"xlr"});
    const auto& l = only_link(t);
    check_link(l, {link_kind::balanced, 1, cold_state::driven});
    CHECK(name_of(t, l.source) == "src.xlr-out");
    CHECK(name_of(t, l.destination) == "dst.xlr-line-in");
    CHECK(l.connection == 0);
    CHECK_FALSE(l.single_ended_active_drive);
    CHECK(l.series_resistance.value() == 0.0);
    CHECK(l.unmated_reason.empty());
    CHECK_FALSE(l.source_face.has_value());
    CHECK_FALSE(l.destination_face.has_value());
    REQUIRE(t.analysis.links_of_connection.size() == 1);
    CHECK(t.analysis.links_of_connection[0] == std::vector<std::size_t>{0});

    check_one("src.xlr-out", "dst.xlr-mic-in", {"xlr"}, {link_kind::balanced, 1, cold_state::driven});
    check_one("src.xlr-trafo-out", "dst.xlr-mic-in", {"xlr"}, {link_kind::balanced, 1, cold_state::driven});
    check_one("src.xlr-servo-out", "dst.xlr-mic-in", {"xlr"}, {link_kind::balanced, 1, cold_state::driven});
    check_one("src.xlr-impbal-out", "dst.xlr-mic-in", {"xlr"}, {link_kind::balanced, 1, cold_state::driven});
}

TEST_CASE("balanced TRS, XLR-to-TRS and TRS-to-XLR cables keep the pair", "[link]") {
    check_one("src.trs-out", "dst.trs-in", {"trs"}, {link_kind::balanced, 1, cold_state::driven});
    check_one("src.xlr-out", "dst.trs-in", {"xlr-female-to-trs"}, {link_kind::balanced, 1, cold_state::driven});
    check_one("src.trs-out", "dst.xlr-line-in", {"trs-to-xlr-male"}, {link_kind::balanced, 1, cold_state::driven});
    // A chain of an XLR cable and an XLR-to-TRS cable: each junction mates.
    check_one("src.xlr-out", "dst.trs-in", {"xlr", "xlr-female-to-trs"}, {link_kind::balanced, 1, cold_state::driven});
}

TEST_CASE("the signal direction comes from the ports, not from the written order", "[link]") {
    const auto t = trace_one("dst.trs-in", "src.trs-out", {"trs"});
    const auto& l = only_link(t);
    CHECK(name_of(t, l.source) == "src.trs-out");
    CHECK(name_of(t, l.destination) == "dst.trs-in");
    check_link(l, {link_kind::balanced, 1, cold_state::driven});
}

TEST_CASE("polarity-reverse adapters invert, and pin-3-hot sources are put right by one (F4.2)", "[link]") {
    check_one("src.xlr-out", "dst.xlr-mic-in", {"xlr-polarity-reverse"}, {link_kind::balanced, -1, cold_state::driven});
    check_one("src.xlr-out", "dst.xlr-mic-in", {"xlr", "xlr-polarity-reverse"},
              {link_kind::balanced, -1, cold_state::driven});
    // A pin-3-hot output through a plain cable arrives inverted; the cross-connect corrects it.
    check_one("src.xlr-pin3-out", "dst.xlr-mic-in", {"xlr"}, {link_kind::balanced, -1, cold_state::driven});
    check_one("src.xlr-pin3-out", "dst.xlr-mic-in", {"xlr", "xlr-polarity-reverse"},
              {link_kind::balanced, 1, cold_state::driven});
}

TEST_CASE("a source's hot arriving on the destination's cold inverts polarity", "[link]") {
    check_one("src.xlr-out", "dst.xlr-pin3-in", {"xlr"}, {link_kind::balanced, -1, cold_state::driven});
    check_one("src.xlr-pin3-out", "dst.xlr-pin3-in", {"xlr"}, {link_kind::balanced, 1, cold_state::driven});
    // The keyboard's tip lands on pin 2, this input's cold; its hot, pin 3, is tied to the sleeve.
    check_one("src.kbd-out", "dst.xlr-pin3-in", {"ts-to-xlr-male"},
              {link_kind::unbalanced_to_balanced, -1, cold_state::grounded, at_source});
}

TEST_CASE("polarity composes across a chain of polarity-reverse adapters", "[link]") {
    std::vector<std::string> chain{"xlr"};
    int expected = 1;
    for (int adapters = 1; adapters <= 4; ++adapters) {
        chain.push_back("xlr-polarity-reverse");
        expected = -expected;
        INFO(adapters << " adapters");
        check_one("src.xlr-out", "dst.xlr-line-in", chain, {link_kind::balanced, expected, cold_state::driven});
        check_one("src.xlr-pin3-out", "dst.xlr-line-in", chain, {link_kind::balanced, -expected, cold_state::driven});
    }
}

TEST_CASE("xlr-female-to-ts grounds the cold of a balanced output at the source (F1.5)", "[link]") {
    const auto active = check_one("src.xlr-out", "dst.ts-in", {"xlr-female-to-ts"},
                                  {link_kind::balanced_to_unbalanced, 1, cold_state::grounded, at_source});
    // An active output driven through one leg alone loses 6.02 dB (F2.6).
    CHECK(active.single_ended_active_drive);
    CHECK(active.series_resistance.value() == 0.0);

    // Transformer, servo and impedance-balanced outputs keep their level (F1.7, F1.8, F2.6).
    for (const char* output : {"src.xlr-trafo-out", "src.xlr-servo-out", "src.xlr-impbal-out"}) {
        const auto l = check_one(output, "dst.ts-in", {"xlr-female-to-ts"},
                                 {link_kind::balanced_to_unbalanced, 1, cold_state::grounded, at_source});
        CHECK_FALSE(l.single_ended_active_drive);
    }
    // Into a balanced TRS input the TS plug grounds the input's cold too, but the link's cold is
    // the source's, grounded in the adapter at the source end.
    const auto into_trs = check_one("src.xlr-out", "dst.trs-in", {"xlr-female-to-ts"},
                                    {link_kind::balanced_to_unbalanced, 1, cold_state::grounded, at_source});
    CHECK(into_trs.single_ended_active_drive);
}

TEST_CASE("a grounding adapter at the end of a long XLR run grounds the cold at the far end (F1.7)", "[link]") {
    const auto l = check_one("src.xlr-servo-out", "dst.ts-in", {"xlr", "xlr-female-to-ts"},
                             {link_kind::balanced_to_unbalanced, 1, cold_state::grounded, at_far_end});
    CHECK_FALSE(l.single_ended_active_drive);
}

TEST_CASE("xlr-female-to-ts-pin3-open leaves the cold open (F1.5)", "[link]") {
    const auto l = check_one("src.xlr-out", "dst.ts-in", {"xlr-female-to-ts-pin3-open"},
                             {link_kind::balanced_to_unbalanced, 1, cold_state::open});
    CHECK(l.single_ended_active_drive);
    const auto trafo = check_one("src.xlr-trafo-out", "dst.ts-in", {"xlr-female-to-ts-pin3-open"},
                                 {link_kind::balanced_to_unbalanced, 1, cold_state::open});
    CHECK_FALSE(trafo.single_ended_active_drive);
    // Into a balanced TRS input the input's cold is grounded by the TS plug, but the source's
    // cold, which the link reports, is still open.
    check_one("src.xlr-out", "dst.trs-in", {"xlr-female-to-ts-pin3-open"},
              {link_kind::balanced_to_unbalanced, 1, cold_state::open});
}

TEST_CASE("xlr-female-to-ts-safe ties the cold to ground through 100 ohm (the seed's adapter)", "[link]") {
    const auto l = check_one("src.xlr-out", "dst.ts-in", {"xlr-female-to-ts-safe"},
                             {link_kind::balanced_to_unbalanced, 1, cold_state::resistive});
    CHECK(l.series_resistance.value() == Approx(100.0));
    CHECK(l.single_ended_active_drive);
    // A pin-3-hot output through it: the hot meets ground only through a resistor, so it is
    // not shorted; pin 2 drives the tip, inverted.
    const auto pin3 = check_one("src.xlr-pin3-out", "dst.ts-in", {"xlr-female-to-ts-safe"},
                                {link_kind::balanced_to_unbalanced, -1, cold_state::resistive});
    CHECK(pin3.series_resistance.value() == Approx(100.0));
}

TEST_CASE("a pin-3-hot output through xlr-female-to-ts is inverted, not shorted", "[link]") {
    const auto trafo = check_one("src.xlr-pin3-trafo-out", "dst.ts-in", {"xlr-female-to-ts"},
                                 {link_kind::balanced_to_unbalanced, -1, cold_state::grounded, at_source});
    CHECK_FALSE(trafo.single_ended_active_drive);
    const auto active = check_one("src.xlr-pin3-out", "dst.ts-in", {"xlr-female-to-ts"},
                                  {link_kind::balanced_to_unbalanced, -1, cold_state::grounded, at_source});
    CHECK(active.single_ended_active_drive);
}

TEST_CASE("a TS plug in a balanced TRS output grounds its cold at the source socket (F6.5)", "[link]") {
    const auto l = check_one("src.trs-out", "dst.ts-in", {"ts"},
                             {link_kind::balanced_to_unbalanced, 1, cold_state::grounded, at_source});
    CHECK(l.single_ended_active_drive);
    // Written the other way round the sleeve still bridges the output's ring at the source.
    check_one("dst.ts-in", "src.trs-out", {"ts"},
              {link_kind::balanced_to_unbalanced, 1, cold_state::grounded, at_source});
    const auto servo = check_one("src.trs-servo-out", "dst.ts-in", {"ts"},
                                 {link_kind::balanced_to_unbalanced, 1, cold_state::grounded, at_source});
    CHECK_FALSE(servo.single_ended_active_drive);
    // Into a balanced TRS input both rings are bridged; the source's is grounded in its socket.
    check_one("src.trs-out", "dst.trs-in", {"ts"},
              {link_kind::balanced_to_unbalanced, 1, cold_state::grounded, at_source});
}

TEST_CASE("a TRS cable from a balanced output into unbalanced inputs leaves the cold open (F6.6)", "[link]") {
    // TRS plug in a TS socket: the plug's ring floats.
    const auto into_ts =
        check_one("src.trs-out", "dst.ts-in", {"trs"}, {link_kind::balanced_to_unbalanced, 1, cold_state::open});
    CHECK(into_ts.single_ended_active_drive);
    // An unbalanced TRS input has its ring unconnected.
    check_one("src.trs-out", "dst.trs-unbal-in", {"trs"}, {link_kind::balanced_to_unbalanced, 1, cold_state::open});
}

TEST_CASE("unbalanced outputs into balanced inputs report the input's cold (F1.6)", "[link]") {
    // A TS plug bridges the balanced input's ring to its sleeve, in the input's socket.
    check_one("src.ts-out", "dst.trs-in", {"ts"},
              {link_kind::unbalanced_to_balanced, 1, cold_state::grounded, at_far_end});
    check_one("dst.trs-in", "src.ts-out", {"ts"},
              {link_kind::unbalanced_to_balanced, 1, cold_state::grounded, at_far_end});
    // A TRS plug in the TS output socket: its ring floats, so the input's cold is open.
    check_one("src.ts-out", "dst.trs-in", {"trs"}, {link_kind::unbalanced_to_balanced, 1, cold_state::open});
    // The seed's keyboard into a stage box (F6.4): the cable ties pin 3 to the sleeve at the TS end.
    check_one("src.kbd-out", "dst.xlr-mic-in", {"ts-to-xlr-male"},
              {link_kind::unbalanced_to_balanced, 1, cold_state::grounded, at_source});
    check_one("src.rca-out", "dst.trs-in", {"rca-to-ts"},
              {link_kind::unbalanced_to_balanced, 1, cold_state::grounded, at_far_end});
}

TEST_CASE("unbalanced outputs into unbalanced inputs", "[link]") {
    check_one("src.ts-out", "dst.ts-in", {"ts"}, {link_kind::unbalanced});
    check_one("src.ts-out", "dst.trs-unbal-in", {"ts"}, {link_kind::unbalanced});
    check_one("src.ts-out", "dst.trs-unbal-in", {"trs"}, {link_kind::unbalanced});
    check_one("src.rca-out", "dst.rca-in", {"rca"}, {link_kind::unbalanced});
    check_one("src.rca-out", "dst.ts-in", {"rca-to-ts"}, {link_kind::unbalanced});
    check_one("src.stereo-3.5-out", "dst.stereo-3.5-in", {"trs-3.5"}, {link_kind::unbalanced});
    check_one("src.trs-stereo-out", "dst.trs-stereo-in", {"trs"}, {link_kind::unbalanced});
    check_one("src.lapel-out", "dst.mini-in", {"trs-3.5"}, {link_kind::unbalanced});
}

TEST_CASE("a stereo source into a mono input drops or sums a channel (F6.8)", "[link]") {
    // Both channels on a balanced input: summed as L-R.
    check_one("src.trs-stereo-out", "dst.trs-in", {"trs"}, {link_kind::stereo_to_mono});
    // A TS plug grounds the right channel: dropped, not shorted.
    check_one("src.trs-stereo-out", "dst.ts-in", {"ts"}, {link_kind::stereo_to_mono});
    check_one("src.stereo-3.5-out", "dst.mini-in", {"ts-3.5"}, {link_kind::stereo_to_mono});
    check_one("src.stereo-3.5-out", "dst.mini-in", {"trs-3.5"}, {link_kind::stereo_to_mono});
}

TEST_CASE("a stereo output whose channels a cable ties together is shorted", "[link]") {
    // The dual-mono cable of F6.9 joins tip and ring: fine for one capsule wired to both, but two
    // driven channels tied together drive each other.
    check_one("src.stereo-3.5-out", "dst.xlr-mic-in", {"trs-3.5-to-xlr-male"}, {link_kind::shorted});
}

TEST_CASE("a 3.5 mm dual-mono lapel mic into an XLR mic input (F6.9)", "[link]") {
    const auto l = check_one("src.lapel-out", "dst.xlr-mic-in", {"trs-3.5-to-xlr-male"},
                             {link_kind::unbalanced_to_balanced, 1, cold_state::grounded, at_source});
    CHECK_FALSE(l.single_ended_active_drive);
}

TEST_CASE("a combo input presents the face the plug selects", "[link]") {
    const auto xlr = check_one("src.xlr-out", "dst.combo-in", {"xlr"}, {link_kind::balanced, 1, cold_state::driven});
    CHECK(xlr.destination_face == combo_face::xlr);
    CHECK_FALSE(xlr.source_face.has_value());
    const auto trs = check_one("src.trs-out", "dst.combo-in", {"trs"}, {link_kind::balanced, 1, cold_state::driven});
    CHECK(trs.destination_face == combo_face::jack);
    // A TS plug in the jack face bridges its ring to the sleeve, like any TRS socket.
    const auto ts = check_one("src.ts-out", "dst.combo-in", {"ts"},
                              {link_kind::unbalanced_to_balanced, 1, cold_state::grounded, at_far_end});
    CHECK(ts.destination_face == combo_face::jack);
    const auto keyboard = check_one("src.kbd-out", "dst.combo-in", {"ts-to-xlr-male"},
                                    {link_kind::unbalanced_to_balanced, 1, cold_state::grounded, at_source});
    CHECK(keyboard.destination_face == combo_face::xlr);
}

TEST_CASE("a stereo breakout into two RCA inputs forms one link per channel", "[link]") {
    const auto t =
        trace_ends("trs-3.5-to-2rca", {{"a", "src.stereo-3.5-out"}, {"left", "dst.rca-in"}, {"right", "dst.rca-in-2"}});
    CHECK(t.analysis.conflicts.empty());
    REQUIRE(t.analysis.links.size() == 2);
    CHECK(t.analysis.links_of_connection.at(0) == std::vector<std::size_t>{0, 1});
    for (const auto& l : t.analysis.links) {
        CHECK(name_of(t, l.source) == "src.stereo-3.5-out");
        check_link(l, {link_kind::unbalanced});
    }
    CHECK(name_of(t, t.analysis.links[0].destination) == "dst.rca-in");
    CHECK(name_of(t, t.analysis.links[1].destination) == "dst.rca-in-2");

    // With only the left plug in use the right channel is dropped.
    const auto half = trace_ends("trs-3.5-to-2rca", {{"a", "src.stereo-3.5-out"}, {"left", "dst.rca-in"}});
    check_link(only_link(half), {link_kind::stereo_to_mono});
}

TEST_CASE("an insert Y-cable forms a send link and a return link", "[link]") {
    const auto t = trace_ends("insert-y", {{"a", "src.ins"}, {"send", "fx.ts-in"}, {"return", "fx.ts-out"}});
    CHECK(t.analysis.conflicts.empty());
    REQUIRE(t.analysis.links.size() == 2);
    const auto& send = t.analysis.links[0];
    CHECK(name_of(t, send.source) == "src.ins");
    CHECK(name_of(t, send.destination) == "fx.ts-in");
    check_link(send, {link_kind::unbalanced});
    const auto& back = t.analysis.links[1];
    CHECK(name_of(t, back.source) == "fx.ts-out");
    CHECK(name_of(t, back.destination) == "src.ins");
    check_link(back, {link_kind::unbalanced});

    // The send into a balanced input: the TS plug grounds that input's cold in its socket.
    const auto balanced = trace_ends("insert-y", {{"a", "src.ins"}, {"send", "fx.trs-in"}, {"return", "fx.ts-out"}});
    REQUIRE(balanced.analysis.links.size() == 2);
    check_link(balanced.analysis.links[0], {link_kind::unbalanced_to_balanced, 1, cold_state::grounded, at_far_end});
    check_link(balanced.analysis.links[1], {link_kind::unbalanced});
}

TEST_CASE("an insert with only one leg of its Y-cable in use", "[link]") {
    const auto send = trace_ends("insert-y", {{"a", "src.ins"}, {"send", "fx.ts-in"}});
    const auto& l = only_link(send);
    CHECK(name_of(send, l.source) == "src.ins");
    check_link(l, {link_kind::unbalanced});
    const auto back = trace_ends("insert-y", {{"a", "src.ins"}, {"return", "fx.ts-out"}});
    CHECK(name_of(back, only_link(back).destination) == "src.ins");
    check_link(only_link(back), {link_kind::unbalanced});
}

TEST_CASE("junctions that do not mate make an unmated link", "[link]") {
    SECTION("3.5 mm never mates with 6.35 mm") {
        const auto l = check_one("src.stereo-3.5-out", "dst.trs-stereo-in", {"trs"}, {link_kind::unmated});
        CHECK(l.unmated_reason.find("3.5 mm and 6.35 mm") != std::string::npos);
        CHECK(l.unmated_reason.find("src.stereo-3.5-out") != std::string::npos);
    }
    SECTION("an XLR plug does not fit a TRS socket") {
        const auto l = check_one("src.xlr-out", "dst.trs-in", {"xlr"}, {link_kind::unmated});
        CHECK(l.unmated_reason.find("dst.trs-in") != std::string::npos);
        CHECK(l.unmated_reason.find("xlr3") != std::string::npos);
    }
    SECTION("two sockets of the same gender") {
        // Written backwards, the cable's female end meets the female input.
        const auto t = trace_one("dst.xlr-mic-in", "src.xlr-out", {"xlr"});
        const auto& l = only_link(t);
        check_link(l, {link_kind::unmated});
        CHECK(name_of(t, l.source) == "src.xlr-out");
        CHECK(l.unmated_reason.find("both are female") != std::string::npos);
    }
    SECTION("two cables of a chain that do not mate") {
        const auto l = check_one("src.xlr-out", "dst.ts-in", {"xlr", "ts"}, {link_kind::unmated});
        CHECK(l.unmated_reason.find("both are male") != std::string::npos);
    }
    SECTION("an RCA plug into a jack socket") {
        check_one("src.ts-out", "dst.ts-in", {"rca-to-ts"}, {link_kind::unmated});
    }
}

TEST_CASE("outputs joined to outputs, or inputs to inputs, are direction conflicts", "[link]") {
    auto outputs = trace_one("src.ts-out", "dst.ts-out", {"ts"});
    CHECK(outputs.analysis.links.empty());
    REQUIRE(outputs.analysis.conflicts.size() == 1);
    CHECK(name_of(outputs, outputs.analysis.conflicts[0].first) == "src.ts-out");
    CHECK(name_of(outputs, outputs.analysis.conflicts[0].second) == "dst.ts-out");
    CHECK(outputs.analysis.links_of_connection.at(0).empty());

    auto inputs = trace_one("src.ts-in", "dst.ts-in", {"ts"});
    CHECK(inputs.analysis.links.empty());
    CHECK(inputs.analysis.conflicts.size() == 1);
}

TEST_CASE("a multi-end cable joining outputs is a conflict; one feeding several inputs is a splitter", "[link]") {
    const auto y_cable = make_cable("test/ts-y", {{"a", "ts-6.35-male"}, {"b", "ts-6.35-male"}, {"c", "ts-6.35-male"}},
                                    {{"a.T", "b.T", "c.T"}, {"a.S", "b.S", "c.S"}});
    const auto two_outputs =
        trace_ends("test/ts-y", {{"a", "dst.ts-in"}, {"b", "src.ts-out"}, {"c", "fx.ts-out"}}, {y_cable});
    REQUIRE(two_outputs.analysis.conflicts.size() == 1);
    CHECK(name_of(two_outputs, two_outputs.analysis.conflicts[0].first) == "src.ts-out");
    CHECK(name_of(two_outputs, two_outputs.analysis.conflicts[0].second) == "fx.ts-out");

    const auto splitter =
        trace_ends("test/ts-y", {{"a", "src.ts-out"}, {"b", "dst.ts-in"}, {"c", "fx.ts-in"}}, {y_cable});
    CHECK(splitter.analysis.conflicts.empty());
    REQUIRE(splitter.analysis.links.size() == 2);
    CHECK(name_of(splitter, splitter.analysis.links[0].destination) == "dst.ts-in");
    CHECK(name_of(splitter, splitter.analysis.links[1].destination) == "fx.ts-in");
    for (const auto& l : splitter.analysis.links) check_link(l, {link_kind::unbalanced});

    const auto only_inputs =
        trace_ends("test/ts-y", {{"a", "src.ts-in"}, {"b", "dst.ts-in"}, {"c", "fx.ts-in"}}, {y_cable});
    CHECK(only_inputs.analysis.links.empty());
    CHECK(only_inputs.analysis.conflicts.size() == 3);

    // A breakout whose right plug meets an output the input's unconnected ring cannot hear.
    const auto breakout =
        trace_ends("trs-3.5-to-2rca", {{"a", "dst.mini-in"}, {"left", "src.rca-out"}, {"right", "fx.rca-out"}});
    CHECK(breakout.analysis.conflicts.empty());
    const auto& l = only_link(breakout);
    CHECK(name_of(breakout, l.source) == "src.rca-out");
    check_link(l, {link_kind::unbalanced});
}

TEST_CASE("a cable joining only the grounds carries no signal", "[link]") {
    const auto grounds_only = make_cable("test/grounds-only", "ts-6.35-male", "ts-6.35-male", {{"a.S", "b.S"}});
    check_one("src.ts-out", "dst.ts-in", {"test/grounds-only"}, {link_kind::no_signal}, {grounds_only});
    check_one("src.trs-out", "dst.trs-in", {"test/grounds-only"}, {link_kind::no_signal}, {grounds_only});
}

TEST_CASE("a source whose driven legs are tied to ground is shorted", "[link]") {
    // The tip and the sleeve of the output are joined in the plug.
    const auto hot_to_sleeve =
        make_cable("test/hot-to-sleeve", "ts-6.35-male", "ts-6.35-male", {{"a.T", "b.T", "a.S"}, {"a.S", "b.S"}});
    check_one("src.ts-out", "dst.ts-in", {"test/hot-to-sleeve"}, {link_kind::shorted}, {hot_to_sleeve});
    // Both legs of a balanced output tied together.
    const auto pair_bridged =
        make_cable("test/pair-bridged", "xlr3-female", "xlr3-male", {{"a.1", "b.1"}, {"a.2", "a.3", "b.2", "b.3"}});
    check_one("src.xlr-out", "dst.xlr-line-in", {"test/pair-bridged"}, {link_kind::shorted}, {pair_bridged});
    // Both legs grounded, the hot only where it reaches the input's hot.
    const auto both_grounded = make_cable("test/both-grounded", "xlr3-female", "xlr3-male",
                                          {{"a.1", "a.3", "b.1", "b.3"}, {"a.2", "b.2", "b.1"}});
    check_one("src.xlr-out", "dst.xlr-line-in", {"test/both-grounded"}, {link_kind::shorted}, {both_grounded});
    // A series resistor limits the current: not a short.
    const auto through_resistor = make_cable("test/hot-to-sleeve-100r", "ts-6.35-male", "ts-6.35-male",
                                             {{"a.T", "b.T"}, {"b.T", "b.S"}, {"a.S", "b.S"}}, {{"b.S", 100.0}});
    check_one("src.ts-out", "dst.ts-in", {"test/hot-to-sleeve-100r"}, {link_kind::unbalanced}, {through_resistor});
}

TEST_CASE("a balanced pair carried without a ground is not a balanced link", "[link]") {
    const auto no_pin1 = make_cable("test/no-pin-1", "xlr3-female", "xlr3-male", {{"a.2", "b.2"}, {"a.3", "b.3"}});
    const auto l = check_one("src.xlr-out", "dst.xlr-line-in", {"test/no-pin-1"},
                             {link_kind::balanced_to_unbalanced, 1, cold_state::driven}, {no_pin1});
    CHECK_FALSE(l.single_ended_active_drive);
}

TEST_CASE("trace_links keeps connection order and indexes links per connection", "[link]") {
    auto builder = bench_builder();
    builder.connect("src.xlr-out", "dst.xlr-mic-in", {"xlr"});
    builder.connect("src.ts-out", "dst.ts-out", {"ts"});
    connection_spec insert;
    insert.cables.emplace_back("insert-y");
    insert.ends = {{"a", "src.ins"}, {"send", "fx.ts-in"}, {"return", "fx.ts-out"}};
    builder.add_connection(std::move(insert));
    builder.connect("src.kbd-out", "fx.trs-in", {"ts"});
    const rig r = build(builder);
    const auto analysis = trace_links(r);
    REQUIRE(analysis.links_of_connection.size() == 4);
    CHECK(analysis.links_of_connection[0] == std::vector<std::size_t>{0});
    CHECK(analysis.links_of_connection[1].empty());
    CHECK(analysis.links_of_connection[2] == std::vector<std::size_t>{1, 2});
    CHECK(analysis.links_of_connection[3] == std::vector<std::size_t>{3});
    REQUIRE(analysis.links.size() == 4);
    for (std::size_t index = 0; index < analysis.links_of_connection.size(); ++index) {
        for (const auto link_index : analysis.links_of_connection[index]) {
            CHECK(analysis.links[link_index].connection == index);
        }
    }
    REQUIRE(analysis.conflicts.size() == 1);
    CHECK(analysis.conflicts[0].connection == 1);

    // Tracing one connection at a time gives the same links.
    link_analysis one_by_one;
    for (std::size_t index = 0; index < r.connections.size(); ++index) {
        trace_connection(r, index, one_by_one);
    }
    REQUIRE(one_by_one.links.size() == analysis.links.size());
    for (std::size_t index = 0; index < analysis.links.size(); ++index) {
        CHECK(one_by_one.links[index].kind == analysis.links[index].kind);
        CHECK(one_by_one.links[index].destination == analysis.links[index].destination);
    }
}
