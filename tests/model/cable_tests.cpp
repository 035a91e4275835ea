// Unit tests for cables: the member functions and every builtin cable of docs/formats.md#cables-and-adapters.
//
// Each builtin cable is compared with the spec's table in text form ("a.2", "b.T"), with nets
// compared as sets, so the test reads like the table and does not depend on storage order.
#include <rigcheck/model/cable.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

using namespace rigcheck;

namespace {

using net = std::set<std::string>;

struct expected_cable {
    std::vector<std::pair<std::string, std::string>> ends; ///< name, connector
    std::set<net> wiring;
    net shield;
    std::vector<std::pair<std::string, double>> series = {}; ///< contact, ohms
    bool adapter = false;
};

const cable& builtin(std::string_view id) {
    const auto& all = builtin_cables();
    const auto found = std::find_if(all.begin(), all.end(), [id](const cable& c) { return c.id == id; });
    REQUIRE(found != all.end());
    return *found;
}

void check_matches(std::string_view id, const expected_cable& expected) {
    const auto& actual = builtin(id);
    INFO(actual.id);
    std::vector<std::pair<std::string, std::string>> ends;
    for (const auto& end : actual.ends) {
        ends.emplace_back(end.name, to_string(end.connector));
    }
    CHECK(ends == expected.ends);
    std::set<net> wiring;
    for (const auto& contacts : actual.wiring) {
        net names;
        for (const auto contact : contacts) {
            names.insert(actual.contact_name(contact));
        }
        CHECK(names.size() == contacts.size()); // no contact listed twice in a net
        wiring.insert(names);
    }
    CHECK(wiring.size() == actual.wiring.size()); // no net listed twice
    CHECK(wiring == expected.wiring);
    net shield;
    for (const auto contact : actual.shield) {
        shield.insert(actual.contact_name(contact));
    }
    CHECK(shield == expected.shield);
    std::vector<std::pair<std::string, double>> series;
    for (const auto& resistor : actual.series) {
        series.emplace_back(actual.contact_name(resistor.at), resistor.resistance.value());
    }
    CHECK(series == expected.series);
    CHECK(actual.adapter == expected.adapter);
    CHECK_FALSE(actual.description.empty());
    CHECK(actual.file.empty());
    CHECK(actual.capacitance.value() == Approx(100e-12));
}

} // namespace

TEST_CASE("the builtin cable ids are exactly those of docs/formats.md#cables-and-adapters", "[cable]") {
    std::vector<std::string> ids;
    for (const auto& c : builtin_cables()) {
        ids.push_back(c.id);
    }
    CHECK(ids == std::vector<std::string>{"xlr", "xlr-polarity-reverse", "trs", "ts", "trs-3.5", "ts-3.5", "rca",
                                          "rca-to-ts", "ts-to-xlr-male", "trs-to-xlr-male", "xlr-female-to-trs",
                                          "xlr-female-to-ts", "xlr-female-to-ts-pin3-open", "xlr-female-to-ts-safe",
                                          "trs-3.5-to-2rca", "insert-y", "trs-3.5-to-xlr-male"});
    CHECK(&builtin_cables() == &builtin_cables());
}

TEST_CASE("every builtin cable matches the table of docs/formats.md#cables-and-adapters", "[cable]") {
    SECTION("xlr") {
        check_matches("xlr", {{{"a", "xlr3-female"}, {"b", "xlr3-male"}},
                              {{"a.1", "b.1"}, {"a.2", "b.2"}, {"a.3", "b.3"}},
                              {"a.1", "b.1"}});
    }
    SECTION("xlr-polarity-reverse") {
        check_matches("xlr-polarity-reverse", {{{"a", "xlr3-female"}, {"b", "xlr3-male"}},
                                               {{"a.1", "b.1"}, {"a.2", "b.3"}, {"a.3", "b.2"}},
                                               {"a.1", "b.1"},
                                               {},
                                               true});
    }
    SECTION("trs") {
        check_matches("trs", {{{"a", "trs-6.35-male"}, {"b", "trs-6.35-male"}},
                              {{"a.T", "b.T"}, {"a.R", "b.R"}, {"a.S", "b.S"}},
                              {"a.S", "b.S"}});
    }
    SECTION("ts") {
        check_matches(
            "ts", {{{"a", "ts-6.35-male"}, {"b", "ts-6.35-male"}}, {{"a.T", "b.T"}, {"a.S", "b.S"}}, {"a.S", "b.S"}});
    }
    SECTION("trs-3.5") {
        check_matches("trs-3.5", {{{"a", "trs-3.5-male"}, {"b", "trs-3.5-male"}},
                                  {{"a.T", "b.T"}, {"a.R", "b.R"}, {"a.S", "b.S"}},
                                  {"a.S", "b.S"}});
    }
    SECTION("ts-3.5") {
        check_matches("ts-3.5",
                      {{{"a", "ts-3.5-male"}, {"b", "ts-3.5-male"}}, {{"a.T", "b.T"}, {"a.S", "b.S"}}, {"a.S", "b.S"}});
    }
    SECTION("rca") {
        check_matches("rca",
                      {{{"a", "rca-male"}, {"b", "rca-male"}}, {{"a.T", "b.T"}, {"a.S", "b.S"}}, {"a.S", "b.S"}});
    }
    SECTION("rca-to-ts") {
        check_matches("rca-to-ts",
                      {{{"a", "rca-male"}, {"b", "ts-6.35-male"}}, {{"a.T", "b.T"}, {"a.S", "b.S"}}, {"a.S", "b.S"}});
    }
    SECTION("ts-to-xlr-male") {
        check_matches(
            "ts-to-xlr-male",
            {{{"a", "ts-6.35-male"}, {"b", "xlr3-male"}}, {{"a.T", "b.2"}, {"a.S", "b.1", "b.3"}}, {"a.S", "b.1"}});
    }
    SECTION("trs-to-xlr-male") {
        check_matches("trs-to-xlr-male", {{{"a", "trs-6.35-male"}, {"b", "xlr3-male"}},
                                          {{"a.T", "b.2"}, {"a.R", "b.3"}, {"a.S", "b.1"}},
                                          {"a.S", "b.1"}});
    }
    SECTION("xlr-female-to-trs") {
        check_matches("xlr-female-to-trs", {{{"a", "xlr3-female"}, {"b", "trs-6.35-male"}},
                                            {{"a.2", "b.T"}, {"a.3", "b.R"}, {"a.1", "b.S"}},
                                            {"a.1", "b.S"}});
    }
    SECTION("xlr-female-to-ts") {
        check_matches(
            "xlr-female-to-ts",
            {{{"a", "xlr3-female"}, {"b", "ts-6.35-male"}}, {{"a.2", "b.T"}, {"a.1", "a.3", "b.S"}}, {"a.1", "b.S"}});
    }
    SECTION("xlr-female-to-ts-pin3-open") {
        check_matches(
            "xlr-female-to-ts-pin3-open",
            {{{"a", "xlr3-female"}, {"b", "ts-6.35-male"}}, {{"a.2", "b.T"}, {"a.1", "b.S"}}, {"a.1", "b.S"}});
    }
    SECTION("xlr-female-to-ts-safe") {
        check_matches("xlr-female-to-ts-safe", {{{"a", "xlr3-female"}, {"b", "ts-6.35-male"}},
                                                {{"a.2", "b.T"}, {"a.1", "a.3", "b.S"}},
                                                {"a.1", "b.S"},
                                                {{"a.2", 100.0}, {"a.3", 100.0}}});
    }
    SECTION("trs-3.5-to-2rca") {
        check_matches("trs-3.5-to-2rca", {{{"a", "trs-3.5-male"}, {"left", "rca-male"}, {"right", "rca-male"}},
                                          {{"a.T", "left.T"}, {"a.R", "right.T"}, {"a.S", "left.S", "right.S"}},
                                          {"a.S", "left.S", "right.S"}});
    }
    SECTION("insert-y") {
        check_matches("insert-y", {{{"a", "trs-6.35-male"}, {"send", "ts-6.35-male"}, {"return", "ts-6.35-male"}},
                                   {{"a.T", "send.T"}, {"a.R", "return.T"}, {"a.S", "send.S", "return.S"}},
                                   {"a.S", "send.S", "return.S"}});
    }
    SECTION("trs-3.5-to-xlr-male") {
        check_matches("trs-3.5-to-xlr-male", {{{"a", "trs-3.5-male"}, {"b", "xlr3-male"}},
                                              {{"a.T", "a.R", "b.2"}, {"a.S", "b.1", "b.3"}},
                                              {"a.S", "b.1"}});
    }
}

TEST_CASE("builtin cables are well formed", "[cable]") {
    for (const auto& c : builtin_cables()) {
        INFO(c.id);
        REQUIRE(c.ends.size() >= 2);
        CHECK(c.ends.front().name == "a");
        if (c.ends.size() == 2) {
            CHECK(c.ends.back().name == "b");
        }
        std::set<std::pair<int, int>> seen;
        for (const auto& contacts : c.wiring) {
            CHECK(contacts.size() >= 2);
            for (const auto contact : contacts) {
                REQUIRE(contact.end < c.ends.size());
                CHECK(contact.contact < contact_names(c.ends[contact.end].connector.type).size());
                // A contact on two nets would silently merge them.
                CHECK(seen.insert({contact.end, contact.contact}).second);
            }
        }
        for (const auto contact : c.shield) {
            REQUIRE(contact.end < c.ends.size());
            CHECK(contact.contact < contact_names(c.ends[contact.end].connector.type).size());
        }
    }
}

TEST_CASE("cable member functions", "[cable]") {
    const auto& safe = builtin("xlr-female-to-ts-safe");
    SECTION("find_end") {
        CHECK(safe.find_end("a") == std::uint8_t{0});
        CHECK(safe.find_end("b") == std::uint8_t{1});
        CHECK_FALSE(safe.find_end("c").has_value());
        const auto& insert = builtin("insert-y");
        CHECK(insert.find_end("send") == std::uint8_t{1});
        CHECK(insert.find_end("return") == std::uint8_t{2});
    }
    SECTION("series_at: 100 ohm at pins 2 and 3, none at pin 1 or the plug") {
        CHECK(safe.series_at({0, 1}).value() == Approx(100.0));
        CHECK(safe.series_at({0, 2}).value() == Approx(100.0));
        CHECK(safe.series_at({0, 0}).value() == Approx(0.0));
        CHECK(safe.series_at({1, 0}).value() == Approx(0.0));
        CHECK(builtin("xlr").series_at({0, 1}).value() == Approx(0.0));
    }
    SECTION("series resistances at one contact add up") {
        cable doubled = safe;
        doubled.series.push_back({{0, 1}, impedance(47.0)});
        CHECK(doubled.series_at({0, 1}).value() == Approx(147.0));
    }
    SECTION("contact_name") {
        CHECK(safe.contact_name({0, 1}) == "a.2");
        CHECK(safe.contact_name({1, 0}) == "b.T");
        CHECK(builtin("trs-3.5-to-2rca").contact_name({2, 1}) == "right.S");
        // Out-of-range contacts still get a printable name rather than undefined behaviour.
        CHECK(safe.contact_name({1, 7}) == "b.7");
        CHECK(safe.contact_name({5, 0}) == "end5.0");
    }
}

TEST_CASE("builtin cable ends mate with the sockets they are made for", "[cable]") {
    const auto socket_for = [](const cable_end& end) {
        return connector{end.connector.type, end.connector.gender == connector_gender::male ? connector_gender::female
                                                                                            : connector_gender::male};
    };
    for (const auto& c : builtin_cables()) {
        for (const auto& end : c.ends) {
            INFO(c.id << "." << end.name);
            CHECK(mate(end.connector, socket_for(end)).has_value());
        }
    }
    // The chain of docs/formats.md#cables-and-adapters: `cable: [xlr, xlr-polarity-reverse]` mates at its junction.
    CHECK(mate(builtin("xlr").ends.back().connector, builtin("xlr-polarity-reverse").ends.front().connector));
}
