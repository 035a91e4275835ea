// Unit tests for signal roles and the named pinouts of docs/formats.md#pinouts.
//
// Each named pinout is checked contact by contact, on every connector it fits, and refused on the
// connectors it does not fit. The AES59 DB25 table is checked pin by pin against F4.6.
#include <rigcheck/model/pinout.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace rigcheck;

namespace {

using role_names = std::vector<std::string>;

role_names roles_of(std::string_view name, connector_type type) {
    const auto result = named_pinout(name, type);
    REQUIRE(result.has_value());
    CHECK(result->name == name);
    REQUIRE(result->roles.size() == contact_names(type).size());
    role_names names;
    for (const auto& role : result->roles) {
        names.push_back(to_string(role));
    }
    return names;
}

} // namespace

TEST_CASE("signal roles print and parse", "[pinout]") {
    const std::vector<std::pair<signal_role_kind, std::string_view>> kinds{
        {signal_role_kind::hot, "hot"},        {signal_role_kind::cold, "cold"},   {signal_role_kind::ground, "ground"},
        {signal_role_kind::left, "left"},      {signal_role_kind::right, "right"}, {signal_role_kind::send, "send"},
        {signal_role_kind::return_, "return"}, {signal_role_kind::nc, "nc"},
    };
    for (const auto& [kind, text] : kinds) {
        INFO(text);
        CHECK(to_string(signal_role{kind, 0}) == text);
        CHECK(parse_signal_role(text) == signal_role{kind, 0});
        const auto with_channel = "ch3." + std::string(text);
        CHECK(to_string(signal_role{kind, 3}) == with_channel);
        CHECK(parse_signal_role(with_channel) == signal_role{kind, 3});
    }
    CHECK(parse_signal_role("ch12.return") == signal_role{signal_role_kind::return_, 12});
    CHECK(parse_signal_role("ch255.hot") == signal_role{signal_role_kind::hot, 255});
    for (const auto bad : {"", "Hot", "hot ", "return_", "ch0.hot", "ch.hot", "ch03.hot", "ch256.hot", "chx.hot",
                           "ch1.", "ch1.foo", "ch1hot", "ch-1.hot", "ch1.ch2.hot"}) {
        INFO(bad);
        CHECK_FALSE(parse_signal_role(bad).has_value());
    }
}

TEST_CASE("the named pinouts are those of docs/formats.md#pinouts, in order", "[pinout]") {
    CHECK(named_pinouts() == std::vector<std::string_view>{"xlr-pin2-hot", "xlr-pin3-hot", "xlr-unbalanced",
                                                           "trs-balanced", "trs-stereo", "trs-insert",
                                                           "trs-insert-tip-return", "ts", "rca", "db25-aes59"});
    CHECK_FALSE(named_pinout("xlr-pin-2-hot", connector_type::xlr3).has_value());
    CHECK_FALSE(named_pinout("", connector_type::xlr3).has_value());
}

TEST_CASE("each named pinout maps its contacts exactly", "[pinout]") {
    SECTION("xlr-pin2-hot: 1 ground, 2 hot, 3 cold") {
        CHECK(roles_of("xlr-pin2-hot", connector_type::xlr3) == role_names{"ground", "hot", "cold"});
    }
    SECTION("xlr-pin3-hot: 1 ground, 2 cold, 3 hot") {
        CHECK(roles_of("xlr-pin3-hot", connector_type::xlr3) == role_names{"ground", "cold", "hot"});
    }
    SECTION("xlr-unbalanced: 1 ground, 2 hot, 3 ground") {
        CHECK(roles_of("xlr-unbalanced", connector_type::xlr3) == role_names{"ground", "hot", "ground"});
    }
    const std::vector<connector_type> trs_family{connector_type::trs_6_35, connector_type::trs_3_5,
                                                 connector_type::bantam};
    SECTION("trs-balanced: T hot, R cold, S ground") {
        for (const auto type : trs_family) {
            CHECK(roles_of("trs-balanced", type) == role_names{"hot", "cold", "ground"});
        }
    }
    SECTION("trs-stereo: T left, R right, S ground") {
        for (const auto type : trs_family) {
            CHECK(roles_of("trs-stereo", type) == role_names{"left", "right", "ground"});
        }
    }
    SECTION("trs-insert: T send, R return, S ground") {
        for (const auto type : trs_family) {
            CHECK(roles_of("trs-insert", type) == role_names{"send", "return", "ground"});
        }
    }
    SECTION("trs-insert-tip-return: T return, R send, S ground") {
        for (const auto type : trs_family) {
            CHECK(roles_of("trs-insert-tip-return", type) == role_names{"return", "send", "ground"});
        }
    }
    SECTION("ts: T hot, S ground; on a TRS connector the ring is nc") {
        CHECK(roles_of("ts", connector_type::ts_6_35) == role_names{"hot", "ground"});
        CHECK(roles_of("ts", connector_type::ts_3_5) == role_names{"hot", "ground"});
        for (const auto type : trs_family) {
            CHECK(roles_of("ts", type) == role_names{"hot", "nc", "ground"});
        }
    }
    SECTION("rca: T hot, S ground") { CHECK(roles_of("rca", connector_type::rca) == role_names{"hot", "ground"}); }
    SECTION("db25-aes59: the full F4.6 table") {
        role_names expected(25);
        const auto set = [&expected](int pin, std::string role) { expected.at(pin - 1) = std::move(role); };
        set(24, "ch1.hot");
        set(12, "ch1.cold");
        set(25, "ch1.ground");
        set(10, "ch2.hot");
        set(23, "ch2.cold");
        set(11, "ch2.ground");
        set(21, "ch3.hot");
        set(9, "ch3.cold");
        set(22, "ch3.ground");
        set(7, "ch4.hot");
        set(20, "ch4.cold");
        set(8, "ch4.ground");
        set(18, "ch5.hot");
        set(6, "ch5.cold");
        set(19, "ch5.ground");
        set(4, "ch6.hot");
        set(17, "ch6.cold");
        set(5, "ch6.ground");
        set(15, "ch7.hot");
        set(3, "ch7.cold");
        set(16, "ch7.ground");
        set(1, "ch8.hot");
        set(14, "ch8.cold");
        set(2, "ch8.ground");
        set(13, "nc");
        for (const auto& role : expected) {
            REQUIRE_FALSE(role.empty()); // every pin is assigned exactly once above
        }
        CHECK(roles_of("db25-aes59", connector_type::db25) == expected);
    }
}

TEST_CASE("a named pinout is refused on a connector it does not fit", "[pinout]") {
    for (const auto name : {"xlr-pin2-hot", "xlr-pin3-hot", "xlr-unbalanced"}) {
        INFO(name);
        CHECK(named_pinout(name, connector_type::xlr3).has_value());
        for (const auto type : {connector_type::xlr4, connector_type::xlr5, connector_type::trs_6_35,
                                connector_type::ts_6_35, connector_type::combo, connector_type::db25}) {
            CHECK_FALSE(named_pinout(name, type).has_value());
        }
    }
    for (const auto name : {"trs-balanced", "trs-stereo", "trs-insert", "trs-insert-tip-return"}) {
        INFO(name);
        for (const auto type :
             {connector_type::xlr3, connector_type::ts_6_35, connector_type::ts_3_5, connector_type::trrs_3_5,
              connector_type::rca, connector_type::combo, connector_type::speakon_nl4}) {
            CHECK_FALSE(named_pinout(name, type).has_value());
        }
    }
    for (const auto type : {connector_type::xlr3, connector_type::rca, connector_type::trrs_3_5, connector_type::combo,
                            connector_type::speakon_nl2}) {
        CHECK_FALSE(named_pinout("ts", type).has_value());
    }
    for (const auto type :
         {connector_type::ts_6_35, connector_type::ts_3_5, connector_type::trs_6_35, connector_type::xlr3}) {
        CHECK_FALSE(named_pinout("rca", type).has_value());
    }
    for (const auto type : {connector_type::xlr3, connector_type::xlr5, connector_type::speakon_nl4}) {
        CHECK_FALSE(named_pinout("db25-aes59", type).has_value());
    }
}

TEST_CASE("a pinout is stereo when it has both left and right", "[pinout]") {
    CHECK(named_pinout("trs-stereo", connector_type::trs_3_5)->is_stereo());
    CHECK_FALSE(named_pinout("trs-balanced", connector_type::trs_3_5)->is_stereo());
    CHECK_FALSE(named_pinout("xlr-pin2-hot", connector_type::xlr3)->is_stereo());
    const pinout left_only{"custom",
                           {{signal_role_kind::left, 0}, {signal_role_kind::nc, 0}, {signal_role_kind::ground, 0}}};
    CHECK_FALSE(left_only.is_stereo());
    const pinout swapped{"custom",
                         {{signal_role_kind::right, 0}, {signal_role_kind::left, 0}, {signal_role_kind::ground, 0}}};
    CHECK(swapped.is_stereo());
}

TEST_CASE("contact_of finds the first contact with a role", "[pinout]") {
    const auto pin3_hot = *named_pinout("xlr-pin3-hot", connector_type::xlr3);
    CHECK(pin3_hot.contact_of({signal_role_kind::hot, 0}) == contact_index{2});
    CHECK(pin3_hot.contact_of({signal_role_kind::cold, 0}) == contact_index{1});
    CHECK_FALSE(pin3_hot.contact_of({signal_role_kind::left, 0}).has_value());
    const auto unbalanced = *named_pinout("xlr-unbalanced", connector_type::xlr3);
    CHECK(unbalanced.contact_of({signal_role_kind::ground, 0}) == contact_index{0});
    const auto aes59 = *named_pinout("db25-aes59", connector_type::db25);
    CHECK(aes59.contact_of({signal_role_kind::ground, 8}) == contact_index{1}); // pin 2
    CHECK(aes59.contact_of({signal_role_kind::hot, 1}) == contact_index{23});   // pin 24
    CHECK_FALSE(aes59.contact_of({signal_role_kind::hot, 0}).has_value());
    CHECK_FALSE(aes59.contact_of({signal_role_kind::hot, 9}).has_value());
}
