// Unit tests for load/quantity_parser.hpp: values with units as rigcheck files write them.
#include <rigcheck/load/quantity_parser.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <type_traits>

using namespace rigcheck;
using Catch::Matchers::Contains;

namespace {
template <class Quantity>
double parsed(std::optional<Quantity> (*parse)(std::string_view, std::string&), std::string_view text) {
    std::string error;
    const auto value = parse(text, error);
    INFO(text << ": " << error);
    REQUIRE(value.has_value());
    if constexpr (std::is_same_v<Quantity, level>)
        return value->dbu();
    else if constexpr (std::is_same_v<Quantity, sensitivity>)
        return value->dbv_per_pascal();
    else if constexpr (std::is_same_v<Quantity, sound_pressure>)
        return value->db_spl();
    else
        return value->value();
}

template <class Quantity>
std::string failure(std::optional<Quantity> (*parse)(std::string_view, std::string&), std::string_view text) {
    std::string error;
    const auto value = parse(text, error);
    REQUIRE_FALSE(value.has_value());
    return error;
}
} // namespace

TEST_CASE("lengths convert to metres", "[units]") {
    CHECK(parsed(&parse_length, "15 m") == Approx(15.0));
    CHECK(parsed(&parse_length, "15") == Approx(15.0));
    CHECK(parsed(&parse_length, "250 cm") == Approx(2.5));
    CHECK(parsed(&parse_length, "300 mm") == Approx(0.3));
    CHECK(parsed(&parse_length, "10 ft") == Approx(3.048));
    CHECK(parsed(&parse_length, "12 in") == Approx(0.3048));
    CHECK(parsed(&parse_length, "1.5m") == Approx(1.5));
}

TEST_CASE("levels convert to dBu", "[units]") {
    CHECK(parsed(&parse_level, "+4 dBu") == Approx(4.0));
    CHECK(parsed(&parse_level, "-50 dBu") == Approx(-50.0));
    CHECK(parsed(&parse_level, "4") == Approx(4.0));
    // docs/analysis.md worked value: -10 dBV = -7.78 dBu (F2.1).
    CHECK(parsed(&parse_level, "-10 dBV") == Approx(-7.78).margin(0.05));
    CHECK(parsed(&parse_level, "0 dBV") == Approx(2.2185).margin(1e-9));
    // 1.228 V rms is +4 dBu and 0.316 V is -10 dBV (F2.1).
    CHECK(parsed(&parse_level, "1.228 V") == Approx(4.0).margin(0.01));
    CHECK(parsed(&parse_level, "316 mV") == Approx(-7.78).margin(0.05));
    CHECK(parsed(&parse_level, "0.7746 V") == Approx(0.0).margin(0.001));
}

TEST_CASE("impedances convert to ohms", "[units]") {
    CHECK(parsed(&parse_impedance, "600 ohm") == Approx(600.0));
    CHECK(parsed(&parse_impedance, "600 Ω") == Approx(600.0));
    CHECK(parsed(&parse_impedance, "600") == Approx(600.0));
    CHECK(parsed(&parse_impedance, "2 k") == Approx(2000.0));
    CHECK(parsed(&parse_impedance, "2 kohm") == Approx(2000.0));
    CHECK(parsed(&parse_impedance, "2.2 kΩ") == Approx(2200.0));
    CHECK(parsed(&parse_impedance, "1 M") == Approx(1e6));
    CHECK(parsed(&parse_impedance, "1 Mohm") == Approx(1e6));
    CHECK(parsed(&parse_impedance, "1 MΩ") == Approx(1e6));
}

TEST_CASE("the other quantities convert to their base units", "[units]") {
    CHECK(parsed(&parse_gain, "30 dB") == Approx(30.0));
    CHECK(parsed(&parse_gain, "-6 dB") == Approx(-6.0));
    CHECK(parsed(&parse_capacitance_per_length, "100 pF/m") == Approx(100e-12));
    CHECK(parsed(&parse_capacitance_per_length, "30 pF/ft") == Approx(30e-12 / 0.3048));
    CHECK(parsed(&parse_voltage, "48 V") == Approx(48.0));
    CHECK(parsed(&parse_sensitivity, "-54.5 dBV/Pa") == Approx(-54.5));
    CHECK(parsed(&parse_sensitivity, "1.88 mV/Pa") == Approx(-54.5).margin(0.05));
    CHECK(parsed(&parse_sound_pressure, "100 dB SPL") == Approx(100.0));
    CHECK(parsed(&parse_frequency, "26.5 kHz") == Approx(26500.0));
    CHECK(parsed(&parse_frequency, "440 Hz") == Approx(440.0));
    CHECK(parsed(&parse_inductance, "2.4 H") == Approx(2.4));
    CHECK(parsed(&parse_inductance, "500 mH") == Approx(0.5));
}

TEST_CASE("gain ranges and ratios", "[units]") {
    std::string error;
    const auto range = parse_gain_range("-10..46 dB", error);
    REQUIRE(range);
    CHECK(range->low.value() == -10.0);
    CHECK(range->high.value() == 46.0);
    CHECK(range->contains(gain(0.0)));
    CHECK_FALSE(range->contains(gain(50.0)));
    CHECK(parse_gain_range("0..60 dB", error)->high.value() == 60.0);
    CHECK_FALSE(parse_gain_range("60..0 dB", error));
    CHECK_THAT(error, Contains("must not exceed"));
    CHECK(parse_ratio("12:1", true, error) == 12.0);
    CHECK_FALSE(parse_ratio("12:1", false, error));
    CHECK_THAT(error, Contains("must be quoted"));
    CHECK_FALSE(parse_ratio("12:2", true, error));
}

TEST_CASE("bad unit strings name the field's accepted units", "[units]") {
    CHECK(failure(&parse_gain, "3 m") == "unknown gain unit `m` in `3 m`; accepted units: dB");
    CHECK(failure(&parse_length, "5 parsecs") ==
          "unknown length unit `parsecs` in `5 parsecs`; accepted units: m, cm, mm, ft, in");
    CHECK(failure(&parse_length, "long") == "`long` is not a length; accepted units: m, cm, mm, ft, in");
    CHECK_THAT(failure(&parse_level, "+4 dBX"), Contains("accepted units: dBu, dBV, V, mV"));
    CHECK_THAT(failure(&parse_impedance, "-5 ohm"), Contains("cannot be negative"));
    CHECK_THAT(failure(&parse_level, "-1 V"), Contains("must be positive"));
}

TEST_CASE("each quantity's unit spellings are what its parser accepts and its messages name", "[units]") {
    // The JSON Schemas build their unit patterns from these spellings.
    const auto parses = [](quantity_kind kind, const std::string& text) {
        std::string error;
        switch (kind) {
            case quantity_kind::length:
                return parse_length(text, error).has_value();
            case quantity_kind::level:
                return parse_level(text, error).has_value();
            case quantity_kind::gain:
                return parse_gain(text, error).has_value();
            case quantity_kind::impedance:
                return parse_impedance(text, error).has_value();
            case quantity_kind::capacitance_per_length:
                return parse_capacitance_per_length(text, error).has_value();
            case quantity_kind::voltage:
                return parse_voltage(text, error).has_value();
            case quantity_kind::sensitivity:
                return parse_sensitivity(text, error).has_value();
            case quantity_kind::sound_pressure:
                return parse_sound_pressure(text, error).has_value();
            case quantity_kind::frequency:
                return parse_frequency(text, error).has_value();
            case quantity_kind::inductance:
                return parse_inductance(text, error).has_value();
        }
        return false;
    };
    for (const auto kind : {quantity_kind::length, quantity_kind::level, quantity_kind::gain, quantity_kind::impedance,
                            quantity_kind::capacitance_per_length, quantity_kind::voltage, quantity_kind::sensitivity,
                            quantity_kind::sound_pressure, quantity_kind::frequency, quantity_kind::inductance}) {
        INFO(to_string(kind));
        const auto units = unit_spellings(kind);
        REQUIRE_FALSE(units.empty());
        std::string joined;
        for (const auto unit : units) {
            CHECK(parses(kind, "1 " + std::string(unit)));
            CHECK_FALSE(parses(kind, "1 x" + std::string(unit)));
            joined += (joined.empty() ? "" : ", ") + std::string(unit);
        }
        CHECK(joined == accepted_units(kind));
    }
}

TEST_CASE("NaN and infinities are never numbers", "[units]") {
    std::string error;
    CHECK_FALSE(parse_length("nan m", error));
    CHECK_FALSE(parse_length("inf", error));
    CHECK_FALSE(parse_length("-inf m", error));
    CHECK_FALSE(parse_level("NaN dBu", error));
    CHECK_FALSE(parse_gain("1e400 dB", error));
}
