// Parsing values with units, as written in rigcheck files (docs/formats.md#values-with-units).
//
// Every quantity has a base unit (a bare number is read in it) and a closed set of accepted
// units. A failed parse yields a message naming the accepted units, which the loader prefixes
// with the field name and locates at the value's node. NaN and infinities are never accepted.
#pragma once

#include <rigcheck/core/units.hpp>

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace rigcheck {

/// The quantities of docs/formats.md#values-with-units, as the loader names them in messages.
enum class quantity_kind {
    length,
    level,
    gain,
    impedance,
    capacitance_per_length,
    voltage,
    sensitivity,
    sound_pressure,
    frequency,
    inductance,
};

/// "m, cm, mm, ft, in" — the accepted units of a quantity, base unit first.
std::string_view accepted_units(quantity_kind kind);
/// The same units one by one ("m", "cm", ...), base unit first: what the JSON Schemas' unit
/// patterns accept.
std::span<const std::string_view> unit_spellings(quantity_kind kind);
std::string_view to_string(quantity_kind kind);

/// On failure these return nothing and set `error` to a sentence such as
/// "`3 m` is not a gain; accepted units: dB".
std::optional<length> parse_length(std::string_view text, std::string& error);
std::optional<level> parse_level(std::string_view text, std::string& error);
std::optional<gain> parse_gain(std::string_view text, std::string& error);
std::optional<impedance> parse_impedance(std::string_view text, std::string& error);
std::optional<capacitance_per_length> parse_capacitance_per_length(std::string_view text, std::string& error);
std::optional<voltage> parse_voltage(std::string_view text, std::string& error);
std::optional<sensitivity> parse_sensitivity(std::string_view text, std::string& error);
std::optional<sound_pressure> parse_sound_pressure(std::string_view text, std::string& error);
std::optional<frequency> parse_frequency(std::string_view text, std::string& error);
std::optional<inductance> parse_inductance(std::string_view text, std::string& error);
/// `LOW..HIGH dB`, e.g. `0..60 dB` or `-10..46 dB`; LOW must not exceed HIGH.
std::optional<gain_range> parse_gain_range(std::string_view text, std::string& error);
/// A transformer ratio `"N:1"`. `quoted` says whether the YAML scalar was quoted: an unquoted
/// ratio is refused, because YAML 1.1 reads `12:1` as the number 721.
std::optional<double> parse_ratio(std::string_view text, bool quoted, std::string& error);

} // namespace rigcheck
