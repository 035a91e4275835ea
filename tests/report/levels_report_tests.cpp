// Unit tests for report/levels_report.hpp: the `rigcheck levels` table and its JSON.
#include <rigcheck/analysis/analysis.hpp>
#include <rigcheck/load/loader.hpp>
#include <rigcheck/report/levels_report.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

using namespace rigcheck;

TEST_CASE("levels report: aligned text and the exact JSON shape", "[report][levels]") {
    // A +4 dBu active balanced source of 1 milliohm, into unbalanced loads far above it.
    auto loaded = load_rig_text(R"(rigcheck: 1
gear:
  - id: test/src
    category: playback
    ports: [{id: out, direction: out, connector: xlr3-male, interface: balanced, signal: line, impedance: 0.001 ohm}]
  - id: test/sink
    category: other
    ports: [{id: in, direction: in, connector: ts-6.35-female, interface: unbalanced, signal: line, impedance: 1000000 Mohm}]
devices:
  desk: {gear: test/src}
  amp: {gear: test/sink}
  desk2: {gear: test/src}
  amp2: {gear: test/sink}
connections:
  - {from: desk.out, to: amp.in, cable: xlr-female-to-ts-pin3-open, length: 6 m}
  - {from: desk2.out, to: amp2.in, cable: xlr}   # unmated: XLR into a TS socket
)",
                                "levels.yaml");
    for (const auto& e : loaded.errors) UNSCOPED_INFO(to_string(e));
    REQUIRE(loaded.loaded);
    const auto a = analyse(std::move(*loaded.loaded));

    const auto json = nlohmann::ordered_json::parse(render_levels_json(*a));
    REQUIRE(json.size() == 1);
    const auto& rows = json.at("connections");
    REQUIRE(rows.size() == 2);
    const std::vector<std::string> keys{
        "from", "to", "kind", "polarity", "level_dbu", "headroom_db", "treble_corner_hz", "noise_dbu", "snr_db"};
    std::vector<std::string> actual_keys;
    for (const auto& item : rows[0].items()) actual_keys.push_back(item.key());
    CHECK(actual_keys == keys);
    CHECK(rows[0]["from"] == "desk.out");
    CHECK(rows[0]["to"] == "amp.in");
    CHECK(rows[0]["kind"] == "balanced-to-unbalanced");
    CHECK(rows[0]["polarity"] == 1);
    CHECK(rows[0]["level_dbu"].get<double>() == Approx(-2.02));
    CHECK(rows[0]["headroom_db"].get<double>() == Approx(26.02));
    CHECK(rows[0]["treble_corner_hz"].get<double>() > 1e9); // a 1 milliohm source
    CHECK(rows[1]["kind"] == "unmated");
    for (const char* key : {"level_dbu", "headroom_db", "treble_corner_hz", "noise_dbu", "snr_db"})
        CHECK(rows[1][key].is_null());
    const std::string text_json = render_levels_json(*a);
    CHECK(text_json.back() == '\n');
    CHECK(text_json.find("\n  \"connections\": [") != std::string::npos);

    const std::string text = render_levels_text(*a);
    INFO(text);
    CHECK(text.find("desk.out -> amp.in") != std::string::npos);
    CHECK(text.find("-2.02") != std::string::npos);
    CHECK(text.find("\xE2\x80\x94") != std::string::npos); // an em dash for unknown values
    // Every line has the same display width (the em dash counts as one column).
    std::vector<std::size_t> widths;
    std::size_t start = 0;
    while (start < text.size()) {
        const auto end = text.find('\n', start);
        const std::string line = text.substr(start, end - start);
        std::size_t columns = 0;
        for (const unsigned char c : line) columns += (c & 0xC0) != 0x80;
        if (!line.empty()) widths.push_back(columns);
        start = end == std::string::npos ? text.size() : end + 1;
    }
    REQUIRE(widths.size() >= 3);
    for (const auto w : widths) CHECK(w == widths.front());
}
