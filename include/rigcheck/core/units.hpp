// Strong unit types for every physical quantity rigcheck reasons about (docs/formats.md#values-with-units).
//
// Each quantity is its own type holding a double in its base unit, so adding a length to a level
// or passing an impedance where a gain is expected does not compile. Logarithmic quantities are
// modelled affinely: a `level` (dBu) is a point and a `gain` (dB) is a displacement, so
// `level + gain -> level`, `level - level -> gain`, and `level + level` does not exist.
// Linear quantities (length, impedance, ...) add to themselves and scale by plain numbers.
// The few physically meaningful cross-products (capacitance per length times length) are spelled
// out below; nothing else mixes.
#pragma once

#include <cmath>
#include <compare>

namespace rigcheck {

/// A linear quantity in its base unit. `Tag` only distinguishes the types.
template <class Tag> class linear_quantity {
public:
    constexpr linear_quantity() = default;
    constexpr explicit linear_quantity(double base_value) : value_(base_value) {}

    /// The value in the quantity's base unit (see each alias below).
    [[nodiscard]] constexpr double value() const { return value_; }

    constexpr linear_quantity& operator+=(linear_quantity other) {
        value_ += other.value_;
        return *this;
    }
    constexpr linear_quantity& operator-=(linear_quantity other) {
        value_ -= other.value_;
        return *this;
    }
    friend constexpr linear_quantity operator+(linear_quantity a, linear_quantity b) {
        return linear_quantity(a.value_ + b.value_);
    }
    friend constexpr linear_quantity operator-(linear_quantity a, linear_quantity b) {
        return linear_quantity(a.value_ - b.value_);
    }
    friend constexpr linear_quantity operator*(linear_quantity a, double k) { return linear_quantity(a.value_ * k); }
    friend constexpr linear_quantity operator*(double k, linear_quantity a) { return linear_quantity(a.value_ * k); }
    friend constexpr linear_quantity operator/(linear_quantity a, double k) { return linear_quantity(a.value_ / k); }
    /// The ratio of two quantities of the same kind is a plain number.
    friend constexpr double operator/(linear_quantity a, linear_quantity b) { return a.value_ / b.value_; }
    friend constexpr auto operator<=>(linear_quantity, linear_quantity) = default;

private:
    double value_ = 0.0;
};

namespace unit_tags {
struct length {};
struct impedance {};
struct capacitance {};
struct capacitance_per_length {};
struct inductance {};
struct voltage {};
struct frequency {};
struct gain {};
} // namespace unit_tags

using length = linear_quantity<unit_tags::length>;                                 ///< metres
using impedance = linear_quantity<unit_tags::impedance>;                           ///< ohms
using capacitance = linear_quantity<unit_tags::capacitance>;                       ///< farads
using capacitance_per_length = linear_quantity<unit_tags::capacitance_per_length>; ///< farads per metre
using inductance = linear_quantity<unit_tags::inductance>;                         ///< henries
using voltage = linear_quantity<unit_tags::voltage>;                               ///< volts (DC, e.g. phantom)
using frequency = linear_quantity<unit_tags::frequency>;                           ///< hertz
/// A level change in dB. Linear in dB: gains add.
using gain = linear_quantity<unit_tags::gain>;

/// An absolute signal level in dBu (0 dBu = 0.7746 V rms, F2.1).
class level {
public:
    constexpr level() = default;
    constexpr explicit level(double dbu) : dbu_(dbu) {}
    [[nodiscard]] constexpr double dbu() const { return dbu_; }
    /// dBu = dBV + 2.2185 (F2.1).
    [[nodiscard]] constexpr double dbv() const { return dbu_ - dbv_to_dbu_offset; }

    static constexpr double dbv_to_dbu_offset = 2.2185;
    /// 0 dBu in volts rms: sqrt(0.6) (F2.1).
    static constexpr double dbu_reference_volts = 0.7745966692414834;

    static constexpr level from_dbv(double dbv) { return level(dbv + dbv_to_dbu_offset); }
    static level from_volts_rms(double volts) { return level(20.0 * std::log10(volts / dbu_reference_volts)); }
    [[nodiscard]] double volts_rms() const { return dbu_reference_volts * std::pow(10.0, dbu_ / 20.0); }

    friend constexpr level operator+(level l, gain g) { return level(l.dbu_ + g.value()); }
    friend constexpr level operator+(gain g, level l) { return level(l.dbu_ + g.value()); }
    friend constexpr level operator-(level l, gain g) { return level(l.dbu_ - g.value()); }
    friend constexpr gain operator-(level a, level b) { return gain(a.dbu_ - b.dbu_); }
    constexpr level& operator+=(gain g) {
        dbu_ += g.value();
        return *this;
    }
    constexpr level& operator-=(gain g) {
        dbu_ -= g.value();
        return *this;
    }
    friend constexpr auto operator<=>(level, level) = default;

private:
    double dbu_ = 0.0;
};

/// Microphone sensitivity in dBV/Pa (F2.2).
class sensitivity {
public:
    constexpr sensitivity() = default;
    constexpr explicit sensitivity(double dbv_per_pascal) : dbv_per_pascal_(dbv_per_pascal) {}
    [[nodiscard]] constexpr double dbv_per_pascal() const { return dbv_per_pascal_; }
    static sensitivity from_millivolts_per_pascal(double mv) { return sensitivity(20.0 * std::log10(mv / 1000.0)); }
    friend constexpr auto operator<=>(sensitivity, sensitivity) = default;

private:
    double dbv_per_pascal_ = 0.0;
};

/// Sound pressure level in dB SPL; 94 dB SPL is 1 Pa (F2.2).
class sound_pressure {
public:
    constexpr sound_pressure() = default;
    constexpr explicit sound_pressure(double db_spl) : db_spl_(db_spl) {}
    [[nodiscard]] constexpr double db_spl() const { return db_spl_; }
    friend constexpr gain operator-(sound_pressure a, sound_pressure b) { return gain(a.db_spl_ - b.db_spl_); }
    friend constexpr auto operator<=>(sound_pressure, sound_pressure) = default;

private:
    double db_spl_ = 0.0;
};

inline constexpr sound_pressure one_pascal{94.0};

/// The level a microphone of this sensitivity produces at `spl`, in dBu (docs/formats.md#gear):
/// sensitivity (dBV/Pa) + (SPL - 94) + 2.2185.
constexpr level microphone_output(sensitivity s, sound_pressure spl) {
    return level::from_dbv(s.dbv_per_pascal()) + (spl - one_pascal);
}

constexpr capacitance operator*(capacitance_per_length c, length l) { return capacitance(c.value() * l.value()); }
constexpr capacitance operator*(length l, capacitance_per_length c) { return c * l; }

/// A voltage-divider loss, 20*log10(load / (source + load)) (F3.1).
inline gain divider_gain(impedance source, impedance load) {
    return gain(20.0 * std::log10(load.value() / (source.value() + load.value())));
}

/// The gain of an n:1 transformer, -20*log10(n) (F5.1).
inline gain transformer_ratio_gain(double turns_ratio) { return gain(-20.0 * std::log10(turns_ratio)); }

/// The -3 dB corner of a source resistance into a capacitance, 1/(2*pi*R*C) (F3.4).
inline frequency rc_corner(impedance r, capacitance c) {
    return frequency(1.0 / (2.0 * 3.14159265358979323846 * r.value() * c.value()));
}

/// The resonance of an inductance with a capacitance, 1/(2*pi*sqrt(L*C)) (F3.4).
inline frequency lc_resonance(inductance l, capacitance c) {
    return frequency(1.0 / (2.0 * 3.14159265358979323846 * std::sqrt(l.value() * c.value())));
}

/// An inclusive range of gains, e.g. a preamp's `0..60 dB`.
struct gain_range {
    gain low;
    gain high;
    [[nodiscard]] constexpr bool contains(gain g) const { return low <= g && g <= high; }
    friend constexpr bool operator==(const gain_range&, const gain_range&) = default;
};

namespace literals {
constexpr length operator""_m(long double v) { return length(static_cast<double>(v)); }
constexpr length operator""_m(unsigned long long v) { return length(static_cast<double>(v)); }
constexpr impedance operator""_ohm(long double v) { return impedance(static_cast<double>(v)); }
constexpr impedance operator""_ohm(unsigned long long v) { return impedance(static_cast<double>(v)); }
constexpr impedance operator""_kohm(long double v) { return impedance(static_cast<double>(v) * 1e3); }
constexpr impedance operator""_kohm(unsigned long long v) { return impedance(static_cast<double>(v) * 1e3); }
constexpr gain operator""_db(long double v) { return gain(static_cast<double>(v)); }
constexpr gain operator""_db(unsigned long long v) { return gain(static_cast<double>(v)); }
constexpr level operator""_dbu(long double v) { return level(static_cast<double>(v)); }
constexpr level operator""_dbu(unsigned long long v) { return level(static_cast<double>(v)); }
} // namespace literals

} // namespace rigcheck
