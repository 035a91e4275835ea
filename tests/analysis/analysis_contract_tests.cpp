// Cross-checks of link analysis and propagation (docs/analysis.md) through the YAML front end: one table
// with every builtin cable of docs/formats.md#cables-and-adapters in front of the port pairs it is used with, polarity
// composed along chains of pin-3-hot gear, noise monotonicity along a whole chain, cycles found
// in rig files with the `feedback-loop` location, and incremental updates against a full
// recompute on every derived value of a link.
//
// Unlike link_tests.cpp and analysis_tests.cpp, which build gear in code, the rigs here are rig
// files with inline gear, so the loader, the builder and the analysis are exercised together.
#include <rigcheck/analysis/analysis.hpp>
#include <rigcheck/load/generator.hpp>
#include <rigcheck/project/check.hpp>
#include <rigcheck/load/loader.hpp>
#include <rigcheck/model/cable.hpp>
#include <rigcheck/rules/engine.hpp>
#include <rigcheck/rules/rule_set.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

using namespace rigcheck;

namespace {

// One piece of gear with every kind of port the table plugs into; `src`, `dst` and `fx` are
// three devices of it. Ports left without a pinout take docs/formats.md#pinouts defaults.
const std::string bench_gear = R"(gear:
  - id: test/bench
    manufacturer: Test
    model: Bench
    category: other
    ports:
      - {id: xlr-out, direction: out, connector: xlr3-male, interface: balanced, signal: line}
      - {id: xlr-trafo-out, direction: out, connector: xlr3-male, interface: balanced-transformer, signal: line}
      - {id: xlr-pin3-out, direction: out, connector: xlr3-male, interface: balanced, signal: line, pinout: xlr-pin3-hot}
      - {id: ts-out, direction: out, connector: ts-6.35-female, interface: unbalanced, signal: line}
      - {id: trs-out, direction: out, connector: trs-6.35-female, interface: balanced, signal: line}
      - {id: mini-out, direction: out, connector: ts-3.5-female, interface: unbalanced, signal: consumer-line}
      - {id: stereo-3.5-out, direction: out, connector: trs-3.5-female, interface: unbalanced, signal: consumer-line, pinout: trs-stereo}
      - {id: lapel-out, direction: out, connector: trs-3.5-female, interface: unbalanced, signal: mic, pinout: {T: hot, R: hot, S: ground}}
      - {id: rca-out, direction: out, connector: rca-female, interface: unbalanced, signal: consumer-line}
      - {id: ins, direction: insert, connector: trs-6.35-female, interface: unbalanced, signal: line, pinout: trs-insert}
      - {id: xlr-in, direction: in, connector: xlr3-female, interface: balanced, signal: line}
      - {id: xlr-pin3-in, direction: in, connector: xlr3-female, interface: balanced, signal: line, pinout: xlr-pin3-hot}
      - {id: ts-in, direction: in, connector: ts-6.35-female, interface: unbalanced, signal: line}
      - {id: trs-in, direction: in, connector: trs-6.35-female, interface: balanced, signal: line}
      - {id: trs-unbal-in, direction: in, connector: trs-6.35-female, interface: unbalanced, signal: line}
      - {id: mini-in, direction: in, connector: trs-3.5-female, interface: unbalanced, signal: consumer-line}
      - {id: stereo-3.5-in, direction: in, connector: trs-3.5-female, interface: unbalanced, signal: consumer-line, pinout: trs-stereo}
      - {id: rca-in, direction: in, connector: rca-female, interface: unbalanced, signal: consumer-line}
      - {id: rca-in-2, direction: in, connector: rca-female, interface: unbalanced, signal: consumer-line}
devices:
  src: {gear: test/bench}
  dst: {gear: test/bench}
  fx: {gear: test/bench}
)";

std::shared_ptr<const analysed_rig> load_and_analyse(const std::string& text) {
    auto loaded = load_rig_text(text, "contract.yaml");
    for (const auto& e : loaded.errors) UNSCOPED_INFO(to_string(e));
    REQUIRE(loaded.loaded);
    return analyse(std::move(*loaded.loaded));
}

struct link_row {
    const char* cable; ///< the chain, as written after `cable:`
    const char* from;
    const char* to;
    link_kind kind;
    int polarity;
    cold_state cold;
    std::optional<ground_site> grounded_at;
};

constexpr auto src_site = std::optional<ground_site>(ground_site::source);
constexpr auto far_site = std::optional<ground_site>(ground_site::far);
constexpr auto no_site = std::optional<ground_site>();

using k = link_kind;
using c = cold_state;

// Each builtin two-ended cable in front of the port pairs it meets on stages: the intended pair,
// the pin-3-hot variants, and the plug in the "wrong" socket (a TS plug in a TRS socket and
// the reverse). Expected values follow docs/analysis.md definitions.
const std::vector<link_row> two_ended_rows{
    {"xlr", "src.xlr-out", "dst.xlr-in", k::balanced, 1, c::driven, no_site},
    {"xlr", "src.xlr-trafo-out", "dst.xlr-in", k::balanced, 1, c::driven, no_site},
    {"xlr", "src.xlr-pin3-out", "dst.xlr-in", k::balanced, -1, c::driven, no_site},
    {"xlr", "src.xlr-out", "dst.xlr-pin3-in", k::balanced, -1, c::driven, no_site},
    {"xlr", "src.xlr-pin3-out", "dst.xlr-pin3-in", k::balanced, 1, c::driven, no_site},
    {"xlr-polarity-reverse", "src.xlr-out", "dst.xlr-in", k::balanced, -1, c::driven, no_site},
    {"xlr-polarity-reverse", "src.xlr-pin3-out", "dst.xlr-in", k::balanced, 1, c::driven, no_site},
    {"trs", "src.trs-out", "dst.trs-in", k::balanced, 1, c::driven, no_site},
    {"trs", "src.trs-out", "dst.ts-in", k::balanced_to_unbalanced, 1, c::open, no_site},
    {"trs", "src.trs-out", "dst.trs-unbal-in", k::balanced_to_unbalanced, 1, c::open, no_site},
    {"trs", "src.ts-out", "dst.trs-in", k::unbalanced_to_balanced, 1, c::open, no_site},
    {"trs", "src.ts-out", "dst.ts-in", k::unbalanced, 1, c::none, no_site},
    {"ts", "src.ts-out", "dst.ts-in", k::unbalanced, 1, c::none, no_site},
    {"ts", "src.trs-out", "dst.ts-in", k::balanced_to_unbalanced, 1, c::grounded, src_site},
    {"ts", "src.ts-out", "dst.trs-in", k::unbalanced_to_balanced, 1, c::grounded, far_site},
    {"ts", "src.trs-out", "dst.trs-in", k::balanced_to_unbalanced, 1, c::grounded, src_site},
    {"trs-3.5", "src.stereo-3.5-out", "dst.stereo-3.5-in", k::unbalanced, 1, c::none, no_site},
    {"trs-3.5", "src.stereo-3.5-out", "dst.mini-in", k::stereo_to_mono, 1, c::none, no_site},
    {"trs-3.5", "src.mini-out", "dst.mini-in", k::unbalanced, 1, c::none, no_site},
    {"ts-3.5", "src.mini-out", "dst.mini-in", k::unbalanced, 1, c::none, no_site},
    {"ts-3.5", "src.stereo-3.5-out", "dst.mini-in", k::stereo_to_mono, 1, c::none, no_site},
    {"rca", "src.rca-out", "dst.rca-in", k::unbalanced, 1, c::none, no_site},
    {"rca-to-ts", "src.rca-out", "dst.ts-in", k::unbalanced, 1, c::none, no_site},
    {"rca-to-ts", "src.rca-out", "dst.trs-in", k::unbalanced_to_balanced, 1, c::grounded, far_site},
    {"ts-to-xlr-male", "src.ts-out", "dst.xlr-in", k::unbalanced_to_balanced, 1, c::grounded, src_site},
    {"ts-to-xlr-male", "src.ts-out", "dst.xlr-pin3-in", k::unbalanced_to_balanced, -1, c::grounded, src_site},
    {"trs-to-xlr-male", "src.trs-out", "dst.xlr-in", k::balanced, 1, c::driven, no_site},
    {"trs-to-xlr-male", "src.trs-out", "dst.xlr-pin3-in", k::balanced, -1, c::driven, no_site},
    {"trs-to-xlr-male", "src.ts-out", "dst.xlr-in", k::unbalanced_to_balanced, 1, c::open, no_site},
    {"xlr-female-to-trs", "src.xlr-out", "dst.trs-in", k::balanced, 1, c::driven, no_site},
    {"xlr-female-to-trs", "src.xlr-pin3-out", "dst.trs-in", k::balanced, -1, c::driven, no_site},
    {"xlr-female-to-trs", "src.xlr-out", "dst.trs-unbal-in", k::balanced_to_unbalanced, 1, c::open, no_site},
    {"xlr-female-to-trs", "src.xlr-out", "dst.ts-in", k::balanced_to_unbalanced, 1, c::open, no_site},
    {"xlr-female-to-ts", "src.xlr-out", "dst.ts-in", k::balanced_to_unbalanced, 1, c::grounded, src_site},
    {"xlr-female-to-ts", "src.xlr-trafo-out", "dst.ts-in", k::balanced_to_unbalanced, 1, c::grounded, src_site},
    {"xlr-female-to-ts", "src.xlr-pin3-out", "dst.ts-in", k::balanced_to_unbalanced, -1, c::grounded, src_site},
    {"xlr-female-to-ts-pin3-open", "src.xlr-out", "dst.ts-in", k::balanced_to_unbalanced, 1, c::open, no_site},
    {"xlr-female-to-ts-pin3-open", "src.xlr-trafo-out", "dst.ts-in", k::balanced_to_unbalanced, 1, c::open, no_site},
    {"xlr-female-to-ts-safe", "src.xlr-out", "dst.ts-in", k::balanced_to_unbalanced, 1, c::resistive, no_site},
    {"xlr-female-to-ts-safe", "src.xlr-pin3-out", "dst.ts-in", k::balanced_to_unbalanced, -1, c::resistive, no_site},
    {"trs-3.5-to-xlr-male", "src.lapel-out", "dst.xlr-in", k::unbalanced_to_balanced, 1, c::grounded, src_site},
    {"trs-3.5-to-xlr-male", "src.stereo-3.5-out", "dst.xlr-in", k::shorted, 1, c::none, no_site},
    {"[xlr, xlr-polarity-reverse, xlr-polarity-reverse, xlr-polarity-reverse]", "src.xlr-pin3-out", "dst.xlr-in",
     k::balanced, 1, c::driven, no_site},
    {"[xlr, xlr-female-to-ts]", "src.xlr-out", "dst.ts-in", k::balanced_to_unbalanced, 1, c::grounded, far_site},
};

void check_row_link(const rigcheck::link& actual, const link_row& row) {
    CHECK(to_string(actual.kind) == to_string(row.kind));
    if (row.kind == link_kind::shorted) return; // docs/analysis.md gives a shorted link no polarity or cold
    CHECK(actual.polarity == row.polarity);
    CHECK(to_string(actual.cold) == to_string(row.cold));
    CHECK(actual.cold_grounded_at == row.grounded_at);
    CHECK(actual.mated);
    CHECK_FALSE(actual.isolated);
}

} // namespace

TEST_CASE("every builtin two-ended cable in front of its port pairs", "[contract][link]") {
    for (const auto& row : two_ended_rows) {
        INFO(row.from << " -> " << row.to << " through " << row.cable);
        const auto a = load_and_analyse("rigcheck: 1\n" + bench_gear + "connections:\n  - from: " + row.from +
                                        "\n    to: " + row.to + "\n    cable: " + row.cable + "\n");
        REQUIRE(a->links().links.size() == 1);
        const auto& l = a->links().links[0];
        CHECK(a->rig().port_name(l.source) == row.from);
        CHECK(a->rig().port_name(l.destination) == row.to);
        check_row_link(l, row);
    }
}

TEST_CASE("the multi-end builtin cables form one link per leg", "[contract][link]") {
    const auto breakout = load_and_analyse("rigcheck: 1\n" + bench_gear + R"(connections:
  - cable: trs-3.5-to-2rca
    ends: {a: src.stereo-3.5-out, left: dst.rca-in, right: dst.rca-in-2}
)");
    REQUIRE(breakout->links().links.size() == 2);
    for (const auto& l : breakout->links().links) {
        CHECK(breakout->rig().port_name(l.source) == "src.stereo-3.5-out");
        check_row_link(l, {"", "", "", k::unbalanced, 1, c::none, no_site});
    }
    CHECK(breakout->rig().port_name(breakout->links().links[0].destination) == "dst.rca-in");
    CHECK(breakout->rig().port_name(breakout->links().links[1].destination) == "dst.rca-in-2");

    const auto insert = load_and_analyse("rigcheck: 1\n" + bench_gear + R"(connections:
  - cable: insert-y
    ends: {a: src.ins, send: fx.trs-in, return: fx.ts-out}
)");
    REQUIRE(insert->links().links.size() == 2);
    const auto& send = insert->links().links[0];
    const auto& back = insert->links().links[1];
    CHECK(insert->rig().port_name(send.source) == "src.ins");
    CHECK(insert->rig().port_name(send.destination) == "fx.trs-in");
    check_row_link(send, {"", "", "", k::unbalanced_to_balanced, 1, c::grounded, far_site});
    CHECK(insert->rig().port_name(back.source) == "fx.ts-out");
    CHECK(insert->rig().port_name(back.destination) == "src.ins");
    check_row_link(back, {"", "", "", k::unbalanced, 1, c::none, no_site});
}

TEST_CASE("the cable table covers every builtin cable", "[contract][link]") {
    std::set<std::string> covered{"trs-3.5-to-2rca", "insert-y"};
    for (const auto& row : two_ended_rows) {
        std::string chain = row.cable;
        if (chain.front() != '[') covered.insert(chain);
    }
    std::set<std::string> builtin;
    for (const auto& c : builtin_cables()) builtin.insert(c.id);
    CHECK(covered == builtin);
    // docs/formats.md#cables-and-adapters lists 17 ids (`trs` / `ts` and `trs-3.5` / `ts-3.5` share rows).
    CHECK(builtin.size() == 17);
}

// ---- Polarity along chains of devices ----------------------------------------------------------

namespace {

/// A source, `n` pin-3-hot line processors in a row, and a sink, all XLR; `last_cable` joins the
/// last processor to the sink.
std::string pin3_chain(int n, const std::string& last_cable) {
    std::string text = R"(rigcheck: 1
gear:
  - id: test/source
    manufacturer: Test
    model: Source
    category: playback
    ports:
      - {id: out, direction: out, connector: xlr3-male, interface: balanced, signal: line}
  - id: test/old-desk
    manufacturer: Test
    model: Old desk
    category: effect
    ports:
      - {id: in, direction: in, connector: xlr3-female, interface: balanced, signal: line}
      - {id: out, direction: out, connector: xlr3-male, interface: balanced, signal: line, pinout: xlr-pin3-hot}
    paths:
      - {from: in, to: out, gain: 0 dB}
  - id: test/sink
    manufacturer: Test
    model: Sink
    category: playback
    ports:
      - {id: in, direction: in, connector: xlr3-female, interface: balanced, signal: line}
devices:
  src: {gear: test/source}
  sink: {gear: test/sink}
)";
    for (int i = 0; i < n; ++i) text += "  d" + std::to_string(i) + ": {gear: test/old-desk}\n";
    text += "connections:\n  - {from: src.out, to: d0.in, cable: xlr}\n";
    for (int i = 1; i < n; ++i)
        text += "  - {from: d" + std::to_string(i - 1) + ".out, to: d" + std::to_string(i) + ".in, cable: xlr}\n";
    text += "  - {from: d" + std::to_string(n - 1) + ".out, to: sink.in, cable: " + last_cable + "}\n";
    return text;
}

} // namespace

TEST_CASE("polarity composes along a chain of pin-3-hot gear and adapters", "[contract][polarity]") {
    for (int n = 1; n <= 4; ++n) {
        for (const bool corrected : {false, true}) {
            INFO(n << " pin-3-hot devices, last link " << (corrected ? "reversed" : "straight"));
            const auto a = load_and_analyse(pin3_chain(n, corrected ? "[xlr, xlr-polarity-reverse]" : "xlr"));
            const auto& links = a->links().links;
            REQUIRE(links.size() == static_cast<std::size_t>(n + 1));
            int cumulative = 1;
            for (std::size_t i = 0; i < links.size(); ++i) {
                // The first link leaves a pin-2-hot source; every other one a pin-3-hot desk, into
                // pin-2-hot inputs, so each of those is inverted, unless the adapter puts it right.
                const int expected = i == 0 ? 1 : (corrected && i + 1 == links.size() ? 1 : -1);
                CHECK(links[i].polarity == expected);
                cumulative *= expected;
                CHECK(a->signals()[i].polarity == cumulative);
            }
            REQUIRE(a->paths().size() == 1);

            // The builtin rule fires exactly when the path's product is -1 (rules/README.md).
            const auto run = run_rules(*builtin_rule_set().rules, *a);
            std::size_t inverted = 0;
            for (const auto& d : run.diagnostics)
                if (d.rule == "polarity-inverted") {
                    ++inverted;
                    CHECK(d.subject == "src.out -> sink.in");
                }
            CHECK(inverted == (cumulative == -1 ? 1u : 0u));
            const int expected_product = (corrected ? (n % 2 == 0 ? -1 : 1) : (n % 2 == 0 ? 1 : -1));
            CHECK(cumulative == expected_product);
        }
    }
}

// ---- Noise along a chain -------------------------------------------------------------------------

namespace {

struct chain_noise {
    double snr_at_sink;
    double noise_at_sink;
};

/// A keyboard into an unbalanced processor over `first_m`, then that processor into a second one
/// over `second_m`, all unbalanced and mains-earthed or not.
chain_noise unbalanced_chain(double first_m, double second_m, bool earthed) {
    const std::string power = earthed ? "mains-earthed" : "mains-floating";
    const std::string text =
        "rigcheck: 1\ndevices:\n  kbd: {gear: generic/keyboard, power: " + power +
        "}\n  p1: {gear: generic/unbalanced-processor, power: " + power +
        "}\n  p2: {gear: generic/unbalanced-processor, power: " + power +
        "}\nconnections:\n  - {from: kbd.out-l, to: p1.in, cable: ts, length: " + std::to_string(first_m) +
        " m}\n  - {from: p1.out, to: p2.in, cable: ts, length: " + std::to_string(second_m) + " m}\n";
    const auto a = load_and_analyse(text);
    REQUIRE(a->signals().size() == 2);
    REQUIRE(a->signals()[1].snr);
    REQUIRE(a->signals()[1].noise);
    return {a->signals()[1].snr->value(), a->signals()[1].noise->dbu()};
}

} // namespace

TEST_CASE("noise is monotonic in every cable of a chain, and downstream", "[contract][noise]") {
    for (const bool earthed : {false, true}) {
        INFO("mains-earthed: " << earthed);
        const double lengths[] = {0.5, 1.0, 3.0, 6.0, 12.0, 30.0, 100.0};
        for (std::size_t i = 1; i < std::size(lengths); ++i) {
            INFO(lengths[i - 1] << " m -> " << lengths[i] << " m");
            // Lengthening the first cable worsens what arrives at the end of the second.
            const auto shorter_first = unbalanced_chain(lengths[i - 1], 2.0, earthed);
            const auto longer_first = unbalanced_chain(lengths[i], 2.0, earthed);
            CHECK(longer_first.snr_at_sink < shorter_first.snr_at_sink);
            CHECK(longer_first.noise_at_sink > shorter_first.noise_at_sink);
            // And so does lengthening the second.
            const auto shorter_second = unbalanced_chain(2.0, lengths[i - 1], earthed);
            const auto longer_second = unbalanced_chain(2.0, lengths[i], earthed);
            CHECK(longer_second.snr_at_sink < shorter_second.snr_at_sink);
        }
    }
    // Earthing both ends of every link only adds ground-loop noise.
    CHECK(unbalanced_chain(3.0, 3.0, true).snr_at_sink < unbalanced_chain(3.0, 3.0, false).snr_at_sink);
}

// ---- Cycles in rig files --------------------------------------------------------------------------

TEST_CASE("a cycle written out of order is reported once, at its first connection in file order",
          "[contract][cycles]") {
    const std::string rig_text = R"(rigcheck: 1
devices:
  a: {gear: generic/line-processor}
  b: {gear: generic/line-processor}
  c: {gear: generic/line-processor}
  kbd: {gear: generic/keyboard}
connections:
  - from: c.out
    to: a.in
    cable: trs
  - from: kbd.out-l
    to: c.in
    cable: ts
    length: 10 m
  - from: a.out
    to: b.in
    cable: trs
  - from: b.out
    to: c.in
    cable: trs
)";
    // c.in is used twice: the rig is refused with a located error, never looped over.
    {
        auto loaded = load_rig_text(rig_text, "loop.yaml");
        CHECK_FALSE(loaded.loaded);
        REQUIRE(loaded.errors.size() == 1);
        CHECK(loaded.errors[0].code == error_code::port_reused);
        CHECK(loaded.errors[0].location.line == 19); // the later connection's `to`
    }
    std::string closed = rig_text;
    const std::string feed = "  - from: kbd.out-l\n    to: c.in\n    cable: ts\n    length: 10 m\n";
    closed.erase(closed.find(feed), feed.size());
    const auto a = load_and_analyse(closed);
    REQUIRE(a->cycles().size() == 1);
    // Link indices follow the connections: c->a is 0, a->b 1, b->c 2.
    auto links = a->cycles()[0].links;
    std::sort(links.begin(), links.end());
    CHECK(links == std::vector<std::size_t>{0, 1, 2});
    for (const auto& s : a->signals()) CHECK_FALSE(s.level);
    const auto run = run_rules(*builtin_rule_set().rules, *a);
    std::vector<const diagnostic*> loops;
    for (const auto& d : run.diagnostics)
        if (d.rule == "feedback-loop") loops.push_back(&d);
    REQUIRE(loops.size() == 1);
    CHECK(loops[0]->location.line == 8);
    CHECK(loops[0]->location.column == 5);
    CHECK(loops[0]->severity == severity::error);
}

TEST_CASE("a device patched into itself is a cycle of one link", "[contract][cycles]") {
    const auto a = load_and_analyse(R"(rigcheck: 1
devices:
  fx: {gear: generic/line-processor}
connections:
  - {from: fx.out, to: fx.in, cable: trs}
)");
    REQUIRE(a->cycles().size() == 1);
    CHECK(a->cycles()[0].links == std::vector<std::size_t>{0});
    CHECK_FALSE(a->signals()[0].level);
}

// ---- Incremental updates ----------------------------------------------------------------------------

namespace {

void check_signal_equal(const link_signal& expected, const link_signal& actual) {
    const auto same_level = [](const std::optional<level>& x, const std::optional<level>& y) {
        REQUIRE(x.has_value() == y.has_value());
        if (x) CHECK(y->dbu() == Approx(x->dbu()).margin(1e-9));
    };
    const auto same_gain = [](const std::optional<gain>& x, const std::optional<gain>& y) {
        REQUIRE(x.has_value() == y.has_value());
        if (x) CHECK(y->value() == Approx(x->value()).margin(1e-9));
    };
    same_level(expected.level, actual.level);
    same_level(expected.noise, actual.noise);
    same_gain(expected.headroom, actual.headroom);
    same_gain(expected.snr, actual.snr);
    CHECK(actual.polarity == expected.polarity);
    CHECK(actual.origin_signal == expected.origin_signal);
    REQUIRE(actual.treble_corner.has_value() == expected.treble_corner.has_value());
    if (expected.treble_corner) CHECK(actual.treble_corner->value() == Approx(expected.treble_corner->value()));
}

} // namespace

TEST_CASE("incremental gain, pad and phantom edits equal a full recompute on every link value",
          "[contract][incremental]") {
    for (const std::uint64_t seed : {3u, 11u}) {
        for (const double unbalanced_share : {0.0, 1.0}) {
            generator_options options;
            options.connections = 400;
            options.seed = seed;
            options.unbalanced_share = unbalanced_share;
            options.chain_depth = 2;
            const auto base = analyse(generate_rig(options));
            analysis_session session(base);

            // Every input with a gain range; the generated rigs give each processor and mixer input one.
            std::vector<std::pair<port_ref, gain_range>> controls;
            const rig& r = base->rig();
            for (std::size_t d = 0; d < r.devices.size(); ++d) {
                const auto& ports = r.gear_of(r.devices[d]).ports;
                for (std::size_t p = 0; p < ports.size(); ++p) {
                    if (ports[p].direction != port_direction::in) continue;
                    // A combo input has one gain control for both faces: only gains both allow are used.
                    const auto& xlr = ports[p].face(combo_face::xlr).gain;
                    const auto& jack = ports[p].face(combo_face::jack).gain;
                    if (xlr && jack)
                        controls.push_back(
                            {{d, p}, gain_range{std::max(xlr->low, jack->low), std::min(xlr->high, jack->high)}});
                    else if (xlr)
                        controls.push_back({{d, p}, *xlr});
                }
            }
            REQUIRE(controls.size() > 20);

            std::uint64_t state = seed + 0x51ed27;
            const auto next = [&] {
                state = state * 6364136223846793005ull + 1442695040888963407ull;
                return state >> 33;
            };
            for (int edit = 0; edit < 60; ++edit) {
                const auto& [port, range] = controls[next() % controls.size()];
                switch (next() % 3) {
                    case 0: {
                        const double db = range.low.value() + static_cast<double>(next() % 101) / 100.0 *
                                                                  (range.high.value() - range.low.value());
                        session.set_gain(port, gain(db));
                        break;
                    }
                    case 1:
                        try {
                            session.set_pad(port, next() % 2 == 0);
                        } catch (const std::invalid_argument&) {
                            // An input without a pad refuses it; the session is unchanged.
                        }
                        break;
                    default:
                        try {
                            session.set_phantom(port, next() % 2 == 0);
                        } catch (const std::invalid_argument&) {}
                        break;
                }
            }
            INFO("seed " << seed << ", unbalanced share " << unbalanced_share);
            const auto snapshot = session.snapshot();
            const auto fresh = analyse(rigcheck::rig(snapshot->rig()));
            REQUIRE(fresh->signals().size() == snapshot->signals().size());
            for (std::size_t i = 0; i < fresh->signals().size(); ++i) {
                check_signal_equal(fresh->signals()[i], session.signal(i));
                check_signal_equal(fresh->signals()[i], snapshot->signals()[i]);
            }
            // The base is untouched: it still equals a fresh analysis of the original rig.
            const auto original = analyse(generate_rig(options));
            for (std::size_t i = 0; i < original->signals().size(); ++i)
                check_signal_equal(original->signals()[i], base->signals()[i]);
        }
    }
}

TEST_CASE("a set gain moves every level downstream by exactly the change", "[contract][incremental]") {
    const auto base = load_and_analyse(R"(rigcheck: 1
devices:
  vox: {gear: generic/dynamic-mic}
  desk: {gear: generic/mixer, settings: {in-1: {gain: 40 dB}}}
  spk: {gear: generic/powered-speaker}
connections:
  - {from: vox.out, to: desk.in-1, cable: xlr, length: 10 m}
  - {from: desk.main-l, to: spk.in, cable: xlr, length: 20 m}
)");
    const rig& r = base->rig();
    const port_ref in1{*r.find_device("desk"), *r.gear_of(r.devices[*r.find_device("desk")]).find_port("in-1")};
    const port_ref main_l{in1.device, *r.gear_of(r.devices[in1.device]).find_port("main-l")};
    const port_ref spk{*r.find_device("spk"), 0};
    // docs/analysis.md worked value: -54.5 dBV/Pa at 94 dB SPL is -52.28 dBu (the catalog's dynamic mic).
    const port_ref vox{*r.find_device("vox"), 0};
    CHECK(base->port_level(vox)->dbu() == Approx(-52.28).margin(0.05));
    // 150 ohm into 2 kohm: 20*log10(2000/2150) = -0.628 dB; then 40 dB of gain.
    CHECK(base->port_level(in1)->dbu() == Approx(-52.2815 - 0.6281).margin(0.005));
    CHECK(base->port_level(main_l)->dbu() == Approx(-52.2815 - 0.6281 + 40.0).margin(0.005));

    analysis_session session(base);
    for (const double db : {0.0, 12.5, 33.0, 60.0}) {
        INFO(db << " dB");
        session.set_gain(in1, gain(db));
        CHECK(session.port_level(in1)->dbu() == Approx(base->port_level(in1)->dbu()).margin(1e-9));
        CHECK(session.port_level(main_l)->dbu() - base->port_level(main_l)->dbu() == Approx(db - 40.0).margin(1e-9));
        CHECK(session.port_level(spk)->dbu() - base->port_level(spk)->dbu() == Approx(db - 40.0).margin(1e-9));
    }
    // The pad subtracts its 20 dB at the same point.
    session.set_gain(in1, gain(40.0));
    session.set_pad(in1, true);
    CHECK(session.port_level(main_l)->dbu() - base->port_level(main_l)->dbu() == Approx(-20.0).margin(1e-9));
}
