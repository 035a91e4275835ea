// Unit tests for core/units.hpp: the strong unit types, and the worked values that need only
// units: -10 dBV = -7.78 dBu, 1 kohm into 10 kohm = -0.83 dB, the 12:1 DI, the RC corner.
#include <rigcheck/core/units.hpp>

#include <catch2/catch.hpp>

#include <type_traits>

using namespace rigcheck;

namespace {
// Mixing quantities must not compile; these traits prove the operators do not exist.
template <class A, class B>
concept addable = requires(A a, B b) {
    a + b;
};
template <class A, class B>
concept subtractable = requires(A a, B b) {
    a - b;
};
} // namespace

static_assert(!addable<length, level>);
static_assert(!addable<level, length>);
static_assert(!addable<level, level>);
static_assert(!addable<impedance, gain>);
static_assert(!addable<length, impedance>);
static_assert(addable<level, gain>);
static_assert(addable<length, length>);
static_assert(subtractable<level, level>);
static_assert(std::is_same_v<decltype(level(4.0) - level(1.0)), gain>);
static_assert(std::is_same_v<decltype(capacitance_per_length(1e-10) * length(6.0)), capacitance>);
static_assert(!std::is_convertible_v<double, length>);
static_assert(!std::is_convertible_v<length, double>);

TEST_CASE("dBu and dBV differ by 2.2185 dB both ways", "[units]") {
    CHECK(level::from_dbv(-10.0).dbu() == Approx(-7.7815));
    CHECK(level(4.0).dbv() == Approx(1.7815));
    CHECK(level(4.0).volts_rms() == Approx(1.228).epsilon(0.001));
    CHECK(level::from_volts_rms(1.0).dbu() == Approx(2.2185).margin(1e-3));
}

TEST_CASE("worked values that need only units", "[units][worked]") {
    using namespace literals;
    // 1 kohm into 10 kohm: -0.83 dB (F3.1, docs/analysis.md).
    CHECK(divider_gain(1_kohm, 10_kohm).value() == Approx(-0.83).margin(0.05));
    // A 12:1 DI: -21.58 dB (F5.1).
    CHECK(transformer_ratio_gain(12.0).value() == Approx(-21.58).margin(0.05));
    // 10 kohm into 6 m of 100 pF/m: 26.5 kHz (F3.4).
    CHECK(rc_corner(10_kohm, capacitance_per_length(100e-12) * 6_m).value() == Approx(26500).epsilon(0.01));
    // -54.5 dBV/Pa at 94 dB SPL: -52.28 dBu; after a 40 dB preamp: -12.28 dBu (F2.2).
    const level mic = microphone_output(sensitivity(-54.5), sound_pressure(94.0));
    CHECK(mic.dbu() == Approx(-52.28).margin(0.05));
    CHECK((mic + 40_db).dbu() == Approx(-12.28).margin(0.05));
    // A 2.4 H pickup with 300 pF resonates near 5.9 kHz (F3.4).
    CHECK(lc_resonance(inductance(2.4), capacitance(300e-12)).value() == Approx(5930).epsilon(0.01));
}
