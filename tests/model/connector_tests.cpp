// Unit tests for connector spellings, contact lists and contact-level mating (docs/formats.md#connectors-and-mating).
//
// The mating cases are the physical exceptions the seed's hazards depend on: a TS plug bridging
// a TRS socket's ring to ground, a TRS plug's ring floating in a TS socket, the two faces of a
// combo socket, and the pairs that never mate. Every case is also checked in both argument orders.
#include <rigcheck/model/connector.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

using namespace rigcheck;

namespace {

connector parsed(std::string_view text) {
    const auto result = parse_connector(text);
    REQUIRE(result.has_value());
    return *result;
}

std::vector<contact_touch> touches_of(std::string_view first, std::string_view second) {
    const auto result = mate(parsed(first), parsed(second));
    REQUIRE(result.has_value());
    return result->touches;
}

std::vector<contact_touch> swapped(std::vector<contact_touch> touches) {
    for (auto& touch : touches) {
        std::swap(touch.first, touch.second);
    }
    return touches;
}

std::vector<connector> every_connector() {
    std::vector<connector> all;
    for (const auto type : all_connector_types) {
        for (const auto gender : {connector_gender::male, connector_gender::female}) {
            if (type == connector_type::combo && gender == connector_gender::male) {
                continue;
            }
            all.push_back({type, gender});
        }
    }
    return all;
}

} // namespace

TEST_CASE("connector types print and parse with the spellings of docs/formats.md#connectors-and-mating",
          "[connector]") {
    const std::vector<std::pair<connector_type, std::string_view>> expected{
        {connector_type::xlr3, "xlr3"},
        {connector_type::xlr4, "xlr4"},
        {connector_type::xlr5, "xlr5"},
        {connector_type::ts_6_35, "ts-6.35"},
        {connector_type::ts_3_5, "ts-3.5"},
        {connector_type::trs_6_35, "trs-6.35"},
        {connector_type::trs_3_5, "trs-3.5"},
        {connector_type::trrs_3_5, "trrs-3.5"},
        {connector_type::rca, "rca"},
        {connector_type::combo, "combo"},
        {connector_type::speakon_nl2, "speakon-nl2"},
        {connector_type::speakon_nl4, "speakon-nl4"},
        {connector_type::db25, "db25"},
        {connector_type::bantam, "bantam"},
    };
    REQUIRE(expected.size() == all_connector_types.size());
    const auto names = connector_type_names();
    REQUIRE(names.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const auto [type, spelling] = expected[i];
        CHECK(to_string(type) == spelling);
        CHECK(names[i] == spelling);
        CHECK(parse_connector_type(spelling) == type);
    }
    CHECK_FALSE(parse_connector_type("XLR3").has_value());
    CHECK_FALSE(parse_connector_type("ts-6.3").has_value());
    CHECK_FALSE(parse_connector_type("").has_value());
}

TEST_CASE("every connector round-trips through its text form", "[connector]") {
    for (const auto c : every_connector()) {
        const auto text = to_string(c);
        INFO(text);
        CHECK(parse_connector(text) == c);
    }
}

TEST_CASE("connector text forms", "[connector]") {
    CHECK(to_string(connector{connector_type::ts_6_35, connector_gender::male}) == "ts-6.35-male");
    CHECK(to_string(connector{connector_type::trs_3_5, connector_gender::female}) == "trs-3.5-female");
    CHECK(to_string(connector{connector_type::speakon_nl4, connector_gender::female}) == "speakon-nl4-female");
    CHECK(to_string(connector{connector_type::xlr3, connector_gender::male}) == "xlr3-male");
    CHECK(to_string(connector{connector_type::combo, connector_gender::female}) == "combo");

    CHECK(parse_connector("ts-6.35-male") == connector{connector_type::ts_6_35, connector_gender::male});
    CHECK(parse_connector("trs-3.5-female") == connector{connector_type::trs_3_5, connector_gender::female});
    CHECK(parse_connector("speakon-nl4-female") == connector{connector_type::speakon_nl4, connector_gender::female});
    CHECK(parse_connector("combo") == connector{connector_type::combo, connector_gender::female});
    CHECK(parse_connector("combo-female") == connector{connector_type::combo, connector_gender::female});

    CHECK_FALSE(parse_connector("combo-male").has_value());
    CHECK_FALSE(parse_connector("xlr3").has_value());
    CHECK_FALSE(parse_connector("xlr3-mal").has_value());
    CHECK_FALSE(parse_connector("XLR3-male").has_value());
    CHECK_FALSE(parse_connector("-male").has_value());
    CHECK_FALSE(parse_connector("male").has_value());
    CHECK_FALSE(parse_connector("").has_value());
    CHECK_FALSE(parse_connector("ts-6.35-male ").has_value());
}

TEST_CASE("combo faces print and parse", "[connector]") {
    CHECK(to_string(combo_face::xlr) == "xlr");
    CHECK(to_string(combo_face::jack) == "jack");
    CHECK(parse_combo_face("xlr") == combo_face::xlr);
    CHECK(parse_combo_face("jack") == combo_face::jack);
    CHECK_FALSE(parse_combo_face("trs").has_value());
}

TEST_CASE("contact names follow the table of docs/formats.md#connectors-and-mating", "[connector]") {
    using names = std::vector<std::string_view>;
    const auto of = [](connector_type type) {
        const auto span = contact_names(type);
        return names(span.begin(), span.end());
    };
    CHECK(of(connector_type::xlr3) == names{"1", "2", "3"});
    CHECK(of(connector_type::xlr4) == names{"1", "2", "3", "4"});
    CHECK(of(connector_type::xlr5) == names{"1", "2", "3", "4", "5"});
    CHECK(of(connector_type::ts_6_35) == names{"T", "S"});
    CHECK(of(connector_type::ts_3_5) == names{"T", "S"});
    CHECK(of(connector_type::trs_6_35) == names{"T", "R", "S"});
    CHECK(of(connector_type::trs_3_5) == names{"T", "R", "S"});
    CHECK(of(connector_type::trrs_3_5) == names{"T", "R1", "R2", "S"});
    CHECK(of(connector_type::rca) == names{"T", "S"});
    CHECK(of(connector_type::combo) == names{"1", "2", "3", "T", "R", "S"});
    CHECK(of(connector_type::speakon_nl2) == names{"1+", "1-"});
    CHECK(of(connector_type::speakon_nl4) == names{"1+", "1-", "2+", "2-"});
    CHECK(of(connector_type::bantam) == names{"T", "R", "S"});
    const auto db25 = of(connector_type::db25);
    REQUIRE(db25.size() == 25);
    for (std::size_t i = 0; i < db25.size(); ++i) {
        CHECK(db25[i] == std::to_string(i + 1));
    }
}

TEST_CASE("find_contact resolves names to indices", "[connector]") {
    CHECK(find_contact(connector_type::xlr3, "1") == contact_index{0});
    CHECK(find_contact(connector_type::xlr3, "3") == contact_index{2});
    CHECK_FALSE(find_contact(connector_type::xlr3, "4").has_value());
    CHECK(find_contact(connector_type::trs_6_35, "R") == contact_index{1});
    CHECK_FALSE(find_contact(connector_type::ts_6_35, "R").has_value());
    CHECK_FALSE(find_contact(connector_type::trs_6_35, "t").has_value());
    CHECK(find_contact(connector_type::trrs_3_5, "R2") == contact_index{2});
    CHECK(find_contact(connector_type::speakon_nl4, "2-") == contact_index{3});
    CHECK(find_contact(connector_type::db25, "25") == contact_index{24});
    CHECK_FALSE(find_contact(connector_type::db25, "26").has_value());
    SECTION("a combo accepts the contact names of both faces") {
        CHECK(find_contact(connector_type::combo, "1") == contact_index{0});
        CHECK(find_contact(connector_type::combo, "3") == contact_index{2});
        CHECK(find_contact(connector_type::combo, "T") == contact_index{3});
        CHECK(find_contact(connector_type::combo, "R") == contact_index{4});
        CHECK(find_contact(connector_type::combo, "S") == contact_index{5});
    }
}

TEST_CASE("combo faces behave as an xlr3 socket and a trs-6.35 socket", "[connector]") {
    CHECK(face_connector(combo_face::xlr) == connector{connector_type::xlr3, connector_gender::female});
    CHECK(face_connector(combo_face::jack) == connector{connector_type::trs_6_35, connector_gender::female});
    CHECK(face_contact_offset(combo_face::xlr) == 0);
    CHECK(face_contact_offset(combo_face::jack) == 3);
    CHECK(contact_names(connector_type::combo)[face_contact_offset(combo_face::jack)] == "T");
}

TEST_CASE("same type and opposite gender mate contact for contact", "[connector][mating]") {
    for (const auto type : all_connector_types) {
        if (type == connector_type::combo) {
            continue;
        }
        INFO(to_string(type));
        const auto result = mate({type, connector_gender::male}, {type, connector_gender::female});
        REQUIRE(result.has_value());
        CHECK_FALSE(result->face.has_value());
        const auto count = contact_names(type).size();
        REQUIRE(result->touches.size() == count);
        for (std::size_t i = 0; i < count; ++i) {
            CHECK(result->touches[i] == contact_touch{contact_index(i), contact_index(i)});
        }
    }
}

TEST_CASE("connectors of the same gender never mate", "[connector][mating]") {
    for (const auto a : every_connector()) {
        for (const auto b : every_connector()) {
            if (a.gender != b.gender) {
                continue;
            }
            INFO(to_string(a) << " + " << to_string(b));
            CHECK_FALSE(mate(a, b).has_value());
            CHECK(mating_failure_reason(a, b) ==
                  (a.gender == connector_gender::male ? "both are male" : "both are female"));
        }
    }
}

TEST_CASE("a TS plug in a TRS socket ties the socket's ring to ground", "[connector][mating]") {
    // T-T, plug S to socket R and socket S.
    const std::vector<contact_touch> expected{{0, 0}, {1, 1}, {1, 2}};
    SECTION("6.35 mm") {
        CHECK(touches_of("ts-6.35-male", "trs-6.35-female") == expected);
        CHECK(touches_of("trs-6.35-female", "ts-6.35-male") == swapped(expected));
    }
    SECTION("3.5 mm") {
        CHECK(touches_of("ts-3.5-male", "trs-3.5-female") == expected);
        CHECK(touches_of("trs-3.5-female", "ts-3.5-male") == swapped(expected));
    }
    SECTION("the socket's ring and sleeve meet the same plug contact") {
        const auto touches = touches_of("ts-6.35-male", "trs-6.35-female");
        const auto ring = *find_contact(connector_type::trs_6_35, "R");
        const auto sleeve = *find_contact(connector_type::trs_6_35, "S");
        const auto plug_sleeve = *find_contact(connector_type::ts_6_35, "S");
        CHECK(std::count(touches.begin(), touches.end(), contact_touch{plug_sleeve, ring}) == 1);
        CHECK(std::count(touches.begin(), touches.end(), contact_touch{plug_sleeve, sleeve}) == 1);
    }
}

TEST_CASE("a TRS plug in a TS socket leaves its ring floating", "[connector][mating]") {
    // Plug T-T, plug S-S; plug R (index 1) touches nothing.
    const std::vector<contact_touch> expected{{0, 0}, {2, 1}};
    SECTION("6.35 mm") {
        CHECK(touches_of("trs-6.35-male", "ts-6.35-female") == expected);
        CHECK(touches_of("ts-6.35-female", "trs-6.35-male") == swapped(expected));
    }
    SECTION("3.5 mm") {
        CHECK(touches_of("trs-3.5-male", "ts-3.5-female") == expected);
        CHECK(touches_of("ts-3.5-female", "trs-3.5-male") == swapped(expected));
    }
    const auto touches = touches_of("trs-6.35-male", "ts-6.35-female");
    for (const auto& touch : touches) {
        CHECK(touch.first != 1);
    }
}

TEST_CASE("a combo socket presents the face its plug selects", "[connector][mating]") {
    const auto combo = parsed("combo");
    SECTION("an XLR plug selects the XLR face, contacts 1..3") {
        const auto result = mate(parsed("xlr3-male"), combo);
        REQUIRE(result.has_value());
        CHECK(result->face == combo_face::xlr);
        CHECK(result->touches == std::vector<contact_touch>{{0, 0}, {1, 1}, {2, 2}});
        const auto reversed = mate(combo, parsed("xlr3-male"));
        REQUIRE(reversed.has_value());
        CHECK(reversed->face == combo_face::xlr);
        CHECK(reversed->touches == std::vector<contact_touch>{{0, 0}, {1, 1}, {2, 2}});
    }
    SECTION("a TRS plug selects the jack face, contacts offset by 3") {
        const auto result = mate(parsed("trs-6.35-male"), combo);
        REQUIRE(result.has_value());
        CHECK(result->face == combo_face::jack);
        CHECK(result->touches == std::vector<contact_touch>{{0, 3}, {1, 4}, {2, 5}});
        const auto reversed = mate(combo, parsed("trs-6.35-male"));
        REQUIRE(reversed.has_value());
        CHECK(reversed->face == combo_face::jack);
        CHECK(reversed->touches == std::vector<contact_touch>{{3, 0}, {4, 1}, {5, 2}});
    }
    SECTION("a TS plug selects the jack face and bridges its ring to the sleeve") {
        const auto result = mate(parsed("ts-6.35-male"), combo);
        REQUIRE(result.has_value());
        CHECK(result->face == combo_face::jack);
        CHECK(result->touches == std::vector<contact_touch>{{0, 3}, {1, 4}, {1, 5}});
        const auto reversed = mate(combo, parsed("ts-6.35-male"));
        REQUIRE(reversed.has_value());
        CHECK(reversed->touches == std::vector<contact_touch>{{3, 0}, {4, 1}, {5, 1}});
    }
    SECTION("other plugs do not fit") {
        for (const auto text :
             {"xlr4-male", "xlr5-male", "ts-3.5-male", "trs-3.5-male", "trrs-3.5-male", "rca-male", "speakon-nl2-male",
              "speakon-nl4-male", "db25-male", "bantam-male", "xlr3-female", "trs-6.35-female", "combo"}) {
            INFO(text);
            CHECK_FALSE(mate(parsed(text), combo).has_value());
            CHECK_FALSE(mate(combo, parsed(text)).has_value());
        }
        CHECK(mating_failure_reason(parsed("ts-3.5-male"), combo) == "3.5 mm and 6.35 mm connectors never mate");
        CHECK(mating_failure_reason(parsed("speakon-nl4-male"), combo) ==
              "a combo socket takes an xlr3, ts-6.35 or trs-6.35 plug, not a speakon-nl4 plug");
        CHECK(mating_failure_reason(combo, parsed("xlr4-male")) ==
              "a combo socket takes an xlr3, ts-6.35 or trs-6.35 plug, not an xlr4 plug");
    }
    SECTION("there is no combo plug") {
        const connector combo_plug{connector_type::combo, connector_gender::male};
        CHECK_FALSE(mate(combo_plug, parsed("xlr3-female")).has_value());
        CHECK_FALSE(mate(combo_plug, combo).has_value());
        CHECK(mating_failure_reason(combo_plug, combo) ==
              "a combo connector is always a socket; there is no combo plug");
    }
}

TEST_CASE("3.5 mm and 6.35 mm connectors never mate", "[connector][mating]") {
    const std::vector<std::string_view> small{"ts-3.5", "trs-3.5", "trrs-3.5"};
    const std::vector<std::string_view> large{"ts-6.35", "trs-6.35"};
    for (const auto s : small) {
        for (const auto l : large) {
            for (const auto& [plug, socket] :
                 {std::pair{std::string(s), std::string(l)}, std::pair{std::string(l), std::string(s)}}) {
                const auto male = parsed(plug + "-male");
                const auto female = parsed(socket + "-female");
                INFO(plug << " into " << socket);
                CHECK_FALSE(mate(male, female).has_value());
                CHECK_FALSE(mate(female, male).has_value());
                CHECK(mating_failure_reason(male, female) == "3.5 mm and 6.35 mm connectors never mate");
                CHECK(mating_failure_reason(female, male) == "3.5 mm and 6.35 mm connectors never mate");
            }
        }
    }
}

TEST_CASE("an RCA plug mates only with an RCA socket", "[connector][mating]") {
    const auto rca_plug = parsed("rca-male");
    const auto rca_socket = parsed("rca-female");
    CHECK(mate(rca_plug, rca_socket).has_value());
    for (const auto type : all_connector_types) {
        if (type == connector_type::rca) {
            continue;
        }
        const connector socket{type, connector_gender::female};
        INFO(to_string(type));
        CHECK_FALSE(mate(rca_plug, socket).has_value());
        CHECK_FALSE(mate(socket, rca_plug).has_value());
        CHECK(mating_failure_reason(rca_plug, socket) == "an rca plug mates only with an rca socket");
        if (type != connector_type::combo) {
            const connector plug{type, connector_gender::male};
            CHECK_FALSE(mate(plug, rca_socket).has_value());
            CHECK(mating_failure_reason(plug, rca_socket) == "an rca socket accepts only an rca plug");
        }
    }
}

TEST_CASE("bantam, trrs and other types mate only with their own type", "[connector][mating]") {
    CHECK(mate(parsed("bantam-male"), parsed("bantam-female")).has_value());
    CHECK_FALSE(mate(parsed("bantam-male"), parsed("trs-6.35-female")).has_value());
    CHECK_FALSE(mate(parsed("trs-6.35-male"), parsed("bantam-female")).has_value());
    CHECK_FALSE(mate(parsed("ts-6.35-male"), parsed("bantam-female")).has_value());
    CHECK_FALSE(mate(parsed("trrs-3.5-male"), parsed("trs-3.5-female")).has_value());
    CHECK_FALSE(mate(parsed("trs-3.5-male"), parsed("trrs-3.5-female")).has_value());
    CHECK_FALSE(mate(parsed("xlr3-male"), parsed("xlr4-female")).has_value());
    CHECK_FALSE(mate(parsed("speakon-nl2-male"), parsed("speakon-nl4-female")).has_value());
    CHECK(mating_failure_reason(parsed("xlr3-male"), parsed("trs-6.35-female")) ==
          "an xlr3 plug does not fit a trs-6.35 socket");
    CHECK(mating_failure_reason(parsed("trs-6.35-female"), parsed("xlr3-male")) ==
          "an xlr3 plug does not fit a trs-6.35 socket");
    CHECK(mating_failure_reason(parsed("bantam-male"), parsed("trs-6.35-female")) ==
          "a bantam plug does not fit a trs-6.35 socket");
    CHECK(mating_failure_reason(parsed("trrs-3.5-male"), parsed("trs-3.5-female")) ==
          "a trrs-3.5 plug does not fit a trs-3.5 socket");
}

TEST_CASE("mate is symmetric over every pair of connectors", "[connector][mating]") {
    for (const auto a : every_connector()) {
        for (const auto b : every_connector()) {
            INFO(to_string(a) << " + " << to_string(b));
            const auto forward = mate(a, b);
            const auto backward = mate(b, a);
            REQUIRE(forward.has_value() == backward.has_value());
            CHECK(mating_failure_reason(a, b).empty() == forward.has_value());
            CHECK(mating_failure_reason(a, b) == mating_failure_reason(b, a));
            if (!forward) {
                continue;
            }
            CHECK(forward->face == backward->face);
            CHECK(forward->touches == swapped(backward->touches));
            // Every touch names a real contact of each side.
            for (const auto& touch : forward->touches) {
                CHECK(touch.first < contact_names(a.type).size());
                CHECK(touch.second < contact_names(b.type).size());
            }
        }
    }
}
