// Unit-string parsing for every quantity of docs/formats.md#values-with-units.
#include <rigcheck/load/quantity_parser.hpp>

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>

namespace rigcheck {
namespace {

struct unit_entry {
    std::string_view spelling;
    double scale; ///< multiply the number by this to get the base unit (linear units)
};

struct quantity_traits {
    std::string_view name;
    std::string_view accepted;
};

constexpr std::array traits_table{
    quantity_traits{"length", "m, cm, mm, ft, in"},
    quantity_traits{"signal level", "dBu, dBV, V, mV"},
    quantity_traits{"gain", "dB"},
    quantity_traits{"impedance", "ohm, Ω, k, kohm, kΩ, M, Mohm, MΩ"},
    quantity_traits{"capacitance per length", "pF/m, pF/ft"},
    quantity_traits{"voltage", "V"},
    quantity_traits{"mic sensitivity", "dBV/Pa, mV/Pa"},
    quantity_traits{"sound pressure", "dB SPL"},
    quantity_traits{"frequency", "Hz, kHz"},
    quantity_traits{"inductance", "H, mH"},
};

const quantity_traits& traits(quantity_kind kind) { return traits_table[static_cast<std::size_t>(kind)]; }

// The units of each quantity, base unit first. The linear quantities parse through these tables;
// level, sensitivity and sound pressure mix decibel and linear units and parse by hand, below.
// unit_spellings() publishes all of them, for the JSON Schemas' unit patterns, and a test holds
// the spellings, the parsers and `accepted` above in agreement.
constexpr std::array length_units{unit_entry{"m", 1.0}, unit_entry{"cm", 0.01}, unit_entry{"mm", 0.001},
                                  unit_entry{"ft", 0.3048}, unit_entry{"in", 0.0254}};
constexpr std::array gain_units{unit_entry{"dB", 1.0}};
constexpr std::array impedance_units{unit_entry{"ohm", 1.0},  unit_entry{"Ω", 1.0},  unit_entry{"k", 1e3},
                                     unit_entry{"kohm", 1e3}, unit_entry{"kΩ", 1e3}, unit_entry{"M", 1e6},
                                     unit_entry{"Mohm", 1e6}, unit_entry{"MΩ", 1e6}};
constexpr std::array capacitance_units{unit_entry{"pF/m", 1e-12}, unit_entry{"pF/ft", 1e-12 / 0.3048}};
constexpr std::array voltage_units{unit_entry{"V", 1.0}};
constexpr std::array frequency_units{unit_entry{"Hz", 1.0}, unit_entry{"kHz", 1e3}};
constexpr std::array inductance_units{unit_entry{"H", 1.0}, unit_entry{"mH", 1e-3}};

template <std::size_t N>
constexpr std::array<std::string_view, N> spellings_of(const std::array<unit_entry, N>& units) {
    std::array<std::string_view, N> spellings{};
    for (std::size_t i = 0; i < N; ++i) spellings[i] = units[i].spelling;
    return spellings;
}

constexpr auto length_spellings = spellings_of(length_units);
constexpr std::array<std::string_view, 4> level_spellings{"dBu", "dBV", "V", "mV"};
constexpr auto gain_spellings = spellings_of(gain_units);
constexpr auto impedance_spellings = spellings_of(impedance_units);
constexpr auto capacitance_spellings = spellings_of(capacitance_units);
constexpr auto voltage_spellings = spellings_of(voltage_units);
constexpr std::array<std::string_view, 2> sensitivity_spellings{"dBV/Pa", "mV/Pa"};
constexpr std::array<std::string_view, 1> sound_pressure_spellings{"dB SPL"};
constexpr auto frequency_spellings = spellings_of(frequency_units);
constexpr auto inductance_spellings = spellings_of(inductance_units);

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

/// A number followed by an optional unit: "15 m", "+4dBu", "-10.5".
struct number_and_unit {
    double number = 0.0;
    std::string_view unit;
};

/// The largest magnitude any quantity may have, in its base unit. Far beyond every real value
/// (a 1e12 m cable, a 1e12 dB gain), it keeps the analysis's arithmetic finite: NaN and
/// infinities never enter the model, whatever a file says.
constexpr double max_magnitude = 1e12;

/// Why a number could not be read, for the message.
enum class number_problem { none, not_a_number, not_finite, unrepresentable, too_large };

std::optional<number_and_unit> split_number(std::string_view text, number_problem* problem = nullptr) {
    const auto fail = [&](number_problem why) -> std::optional<number_and_unit> {
        if (problem) *problem = why;
        return std::nullopt;
    };
    text = trim(text);
    if (text.empty()) return fail(number_problem::not_a_number);
    const char* begin = text.data();
    const char* end = text.data() + text.size();
    if (*begin == '+') ++begin; // from_chars refuses a leading '+', which "+4 dBu" needs
    // Refuse "nan", "inf" and YAML's ".nan" and ".inf" up front: from_chars would read the first two.
    const std::string_view rest(begin, static_cast<std::size_t>(end - begin));
    const auto word = rest.substr(rest.starts_with('-') ? 1 : 0);
    for (const std::string_view special :
         {"nan", "NaN", "NAN", "inf", "Inf", "INF", ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF"})
        if (word.starts_with(special)) return fail(number_problem::not_finite);
    // Otherwise a number starts with a digit, '-' or '.'.
    if (begin == end || !(std::isdigit(static_cast<unsigned char>(*begin)) || *begin == '-' || *begin == '.'))
        return fail(number_problem::not_a_number);
    double value = 0.0;
    const auto [stop, error] = std::from_chars(begin, end, value);
    if (error == std::errc::result_out_of_range) return fail(number_problem::unrepresentable);
    if (error != std::errc()) return fail(number_problem::not_a_number);
    if (!std::isfinite(value)) return fail(number_problem::not_finite);
    if (std::abs(value) > max_magnitude) return fail(number_problem::too_large);
    return number_and_unit{value, trim(std::string_view(stop, static_cast<std::size_t>(end - stop)))};
}

std::string not_a(quantity_kind kind, std::string_view text, number_problem problem = number_problem::not_a_number) {
    switch (problem) {
        case number_problem::not_finite:
            return fmt::format("`{}` is not a finite number; a {} must be finite (accepted units: {})", text,
                               traits(kind).name, traits(kind).accepted);
        case number_problem::unrepresentable:
            return fmt::format("`{}`: the number is too large or too small to represent (accepted units for a {}: {})",
                               text, traits(kind).name, traits(kind).accepted);
        case number_problem::too_large:
            return fmt::format("`{}` is out of range; a {} must lie within ±1e12 (accepted units: {})", text,
                               traits(kind).name, traits(kind).accepted);
        case number_problem::none:
        case number_problem::not_a_number:
            break;
    }
    return fmt::format("`{}` is not a {}; accepted units: {}", text, traits(kind).name, traits(kind).accepted);
}

/// Decibel values beyond this are meaningless (the loudest physical sound is under 200 dB SPL);
/// bounding them keeps every conversion to a linear ratio finite.
constexpr double max_decibels = 1000.0;

/// Reports a decibel value outside ±max_decibels.
bool decibels_in_range(double decibels, quantity_kind kind, std::string_view text, std::string& error) {
    if (std::abs(decibels) <= max_decibels) return true;
    error = fmt::format("`{}` is out of range; a {} in decibels must lie within ±{} dB", text, traits(kind).name,
                        max_decibels);
    return false;
}

template <class Quantity, std::size_t N> std::optional<Quantity> parse_linear(std::string_view text, quantity_kind kind,
                                                                              const std::array<unit_entry, N>& units,
                                                                              std::string& error) {
    number_problem problem = number_problem::none;
    const auto parsed = split_number(text, &problem);
    if (!parsed) {
        error = not_a(kind, text, problem);
        return std::nullopt;
    }
    if (parsed->unit.empty()) return Quantity(parsed->number * units[0].scale);
    for (const auto& unit : units)
        if (parsed->unit == unit.spelling) return Quantity(parsed->number * unit.scale);
    error = fmt::format("unknown {} unit `{}` in `{}`; accepted units: {}", traits(kind).name, parsed->unit, text,
                        traits(kind).accepted);
    return std::nullopt;
}

} // namespace

std::string_view accepted_units(quantity_kind kind) { return traits(kind).accepted; }
std::string_view to_string(quantity_kind kind) { return traits(kind).name; }

std::span<const std::string_view> unit_spellings(quantity_kind kind) {
    switch (kind) {
        case quantity_kind::length:
            return length_spellings;
        case quantity_kind::level:
            return level_spellings;
        case quantity_kind::gain:
            return gain_spellings;
        case quantity_kind::impedance:
            return impedance_spellings;
        case quantity_kind::capacitance_per_length:
            return capacitance_spellings;
        case quantity_kind::voltage:
            return voltage_spellings;
        case quantity_kind::sensitivity:
            return sensitivity_spellings;
        case quantity_kind::sound_pressure:
            return sound_pressure_spellings;
        case quantity_kind::frequency:
            return frequency_spellings;
        case quantity_kind::inductance:
            return inductance_spellings;
    }
    return {};
}

std::optional<length> parse_length(std::string_view text, std::string& error) {
    return parse_linear<length>(text, quantity_kind::length, length_units, error);
}

std::optional<level> parse_level(std::string_view text, std::string& error) {
    number_problem problem = number_problem::none;
    const auto parsed = split_number(text, &problem);
    if (!parsed) {
        error = not_a(quantity_kind::level, text, problem);
        return std::nullopt;
    }
    const auto unit = parsed->unit;
    if ((unit.empty() || unit == "dBu" || unit == "dBV") &&
        !decibels_in_range(parsed->number, quantity_kind::level, text, error))
        return std::nullopt;
    if (unit.empty() || unit == "dBu") return level(parsed->number);
    if (unit == "dBV") return level::from_dbv(parsed->number); // F2.1
    if (unit == "V" || unit == "mV") {
        const double volts = unit == "V" ? parsed->number : parsed->number / 1000.0;
        if (volts <= 0.0) {
            error = fmt::format("`{}`: a level in volts must be positive", text);
            return std::nullopt;
        }
        return level::from_volts_rms(volts);
    }
    error = fmt::format("unknown signal level unit `{}` in `{}`; accepted units: {}", unit, text,
                        accepted_units(quantity_kind::level));
    return std::nullopt;
}

std::optional<gain> parse_gain(std::string_view text, std::string& error) {
    auto result = parse_linear<gain>(text, quantity_kind::gain, gain_units, error);
    if (result && !decibels_in_range(result->value(), quantity_kind::gain, text, error)) return std::nullopt;
    return result;
}

std::optional<impedance> parse_impedance(std::string_view text, std::string& error) {
    auto result = parse_linear<impedance>(text, quantity_kind::impedance, impedance_units, error);
    if (result && result->value() < 0.0) {
        error = fmt::format("`{}`: an impedance cannot be negative", text);
        return std::nullopt;
    }
    return result;
}

std::optional<capacitance_per_length> parse_capacitance_per_length(std::string_view text, std::string& error) {
    auto result =
        parse_linear<capacitance_per_length>(text, quantity_kind::capacitance_per_length, capacitance_units, error);
    if (result && result->value() < 0.0) {
        error = fmt::format("`{}`: a capacitance cannot be negative", text);
        return std::nullopt;
    }
    return result;
}

std::optional<voltage> parse_voltage(std::string_view text, std::string& error) {
    return parse_linear<voltage>(text, quantity_kind::voltage, voltage_units, error);
}

std::optional<sensitivity> parse_sensitivity(std::string_view text, std::string& error) {
    number_problem problem = number_problem::none;
    const auto parsed = split_number(text, &problem);
    if (!parsed) {
        error = not_a(quantity_kind::sensitivity, text, problem);
        return std::nullopt;
    }
    if (parsed->unit.empty() || parsed->unit == "dBV/Pa") {
        if (!decibels_in_range(parsed->number, quantity_kind::sensitivity, text, error)) return std::nullopt;
        return sensitivity(parsed->number);
    }
    if (parsed->unit == "mV/Pa") {
        if (parsed->number <= 0.0) {
            error = fmt::format("`{}`: a sensitivity in mV/Pa must be positive", text);
            return std::nullopt;
        }
        return sensitivity::from_millivolts_per_pascal(parsed->number);
    }
    error = fmt::format("unknown mic sensitivity unit `{}` in `{}`; accepted units: {}", parsed->unit, text,
                        accepted_units(quantity_kind::sensitivity));
    return std::nullopt;
}

std::optional<sound_pressure> parse_sound_pressure(std::string_view text, std::string& error) {
    number_problem problem = number_problem::none;
    const auto parsed = split_number(text, &problem);
    if (!parsed) {
        error = not_a(quantity_kind::sound_pressure, text, problem);
        return std::nullopt;
    }
    if (parsed->unit.empty() || parsed->unit == "dB SPL") {
        if (!decibels_in_range(parsed->number, quantity_kind::sound_pressure, text, error)) return std::nullopt;
        return sound_pressure(parsed->number);
    }
    error = fmt::format("unknown sound pressure unit `{}` in `{}`; accepted units: {}", parsed->unit, text,
                        accepted_units(quantity_kind::sound_pressure));
    return std::nullopt;
}

std::optional<frequency> parse_frequency(std::string_view text, std::string& error) {
    return parse_linear<frequency>(text, quantity_kind::frequency, frequency_units, error);
}

std::optional<inductance> parse_inductance(std::string_view text, std::string& error) {
    auto result = parse_linear<inductance>(text, quantity_kind::inductance, inductance_units, error);
    if (result && result->value() <= 0.0) {
        error = fmt::format("`{}`: an inductance must be positive", text);
        return std::nullopt;
    }
    return result;
}

std::optional<gain_range> parse_gain_range(std::string_view text, std::string& error) {
    const auto separator = text.find("..");
    if (separator == std::string_view::npos) {
        error = fmt::format("`{}` is not a gain range; write LOW..HIGH dB, e.g. `0..60 dB`", text);
        return std::nullopt;
    }
    const auto low_text = trim(text.substr(0, separator));
    const auto high = split_number(text.substr(separator + 2));
    const auto low = split_number(low_text);
    if (!low || !high || !low->unit.empty() || !(high->unit.empty() || high->unit == "dB")) {
        error = fmt::format("`{}` is not a gain range; write LOW..HIGH dB, e.g. `0..60 dB`", text);
        return std::nullopt;
    }
    if (!decibels_in_range(low->number, quantity_kind::gain, text, error) ||
        !decibels_in_range(high->number, quantity_kind::gain, text, error))
        return std::nullopt;
    if (low->number > high->number) {
        error = fmt::format("`{}`: the low end of a gain range must not exceed the high end", text);
        return std::nullopt;
    }
    return gain_range{gain(low->number), gain(high->number)};
}

std::optional<double> parse_ratio(std::string_view text, bool quoted, std::string& error) {
    const auto colon = text.find(':');
    const auto n = colon == std::string_view::npos ? std::nullopt : split_number(text.substr(0, colon));
    const auto one = colon == std::string_view::npos ? std::nullopt : split_number(text.substr(colon + 1));
    if (!n || !one || !n->unit.empty() || !one->unit.empty() || one->number != 1.0) {
        error = fmt::format("`{}` is not a ratio; write a quoted \"N:1\", e.g. \"12:1\"", text);
        return std::nullopt;
    }
    if (n->number <= 0.0) {
        error = fmt::format("`{}`: the N of a ratio N:1 must be above 0 (an N:1 transformer has N turns for each one)",
                            text);
        return std::nullopt;
    }
    if (!quoted) {
        error = fmt::format("the ratio `{}` must be quoted (\"{}\"): YAML 1.1 reads an unquoted {} as a number", text,
                            text, text);
        return std::nullopt;
    }
    return n->number;
}

} // namespace rigcheck
