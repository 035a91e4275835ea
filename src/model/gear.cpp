// Gear enum spellings, the signal-class defaults and the default pinouts (docs/formats.md#pinouts, #gear).
//
// Every enum's spellings live in one array in enum order; `to_string`, `parse_*` and the
// `*_names()` lists all read that array, so the loader's messages, the printer and the parser
// can never disagree about how a value is written.
#include <rigcheck/model/gear.hpp>

#include <algorithm>
#include <array>

namespace rigcheck {

namespace {

constexpr std::array<std::string_view, 3> port_direction_spellings{"in", "out", "insert"};
constexpr std::array<std::string_view, 5> interface_kind_spellings{
    "unbalanced", "balanced", "balanced-transformer", "balanced-servo", "impedance-balanced",
};
constexpr std::array<std::string_view, 7> signal_class_spellings{
    "mic", "instrument", "line", "consumer-line", "phono", "speaker", "headphone",
};
constexpr std::array<std::string_view, 5> power_kind_spellings{
    "mains-earthed", "mains-floating", "battery", "phantom", "passive",
};
constexpr std::array<std::string_view, 18> gear_category_spellings{
    "mic",          "ribbon-mic", "instrument", "keyboard", "di",      "mixer",  "interface", "stage-box", "preamp",
    "phono-preamp", "amp",        "power-amp",  "speaker",  "monitor", "effect", "playback",  "turntable", "other",
};
constexpr std::array<std::string_view, 3> phantom_kind_spellings{"p48", "p24", "p12"};
constexpr std::array<std::string_view, 2> isolation_kind_spellings{"none", "transformer"};

template <class Enum, std::size_t Count>
std::string_view spelling_of(const std::array<std::string_view, Count>& spellings, Enum value) {
    return spellings.at(static_cast<std::size_t>(value));
}

template <class Enum, std::size_t Count>
std::optional<Enum> parse_spelling(const std::array<std::string_view, Count>& spellings, std::string_view text) {
    const auto found = std::find(spellings.begin(), spellings.end(), text);
    if (found == spellings.end()) {
        return std::nullopt;
    }
    return static_cast<Enum>(found - spellings.begin());
}

bool is_trs_like(connector_type type) {
    // Bantam follows TRS (docs/formats.md#pinouts).
    return type == connector_type::trs_6_35 || type == connector_type::trs_3_5 || type == connector_type::bantam;
}

} // namespace

std::string_view to_string(port_direction value) { return spelling_of(port_direction_spellings, value); }
std::string_view to_string(interface_kind value) { return spelling_of(interface_kind_spellings, value); }
std::string_view to_string(signal_class value) { return spelling_of(signal_class_spellings, value); }
std::string_view to_string(power_kind value) { return spelling_of(power_kind_spellings, value); }
std::string_view to_string(gear_category value) { return spelling_of(gear_category_spellings, value); }
std::string_view to_string(phantom_kind value) { return spelling_of(phantom_kind_spellings, value); }
std::string_view to_string(isolation_kind value) { return spelling_of(isolation_kind_spellings, value); }

std::optional<port_direction> parse_port_direction(std::string_view text) {
    return parse_spelling<port_direction>(port_direction_spellings, text);
}
std::optional<interface_kind> parse_interface_kind(std::string_view text) {
    return parse_spelling<interface_kind>(interface_kind_spellings, text);
}
std::optional<signal_class> parse_signal_class(std::string_view text) {
    return parse_spelling<signal_class>(signal_class_spellings, text);
}
std::optional<power_kind> parse_power_kind(std::string_view text) {
    return parse_spelling<power_kind>(power_kind_spellings, text);
}
std::optional<gear_category> parse_gear_category(std::string_view text) {
    return parse_spelling<gear_category>(gear_category_spellings, text);
}
std::optional<phantom_kind> parse_phantom_kind(std::string_view text) {
    return parse_spelling<phantom_kind>(phantom_kind_spellings, text);
}
std::optional<isolation_kind> parse_isolation_kind(std::string_view text) {
    return parse_spelling<isolation_kind>(isolation_kind_spellings, text);
}

std::span<const std::string_view> port_direction_names() { return port_direction_spellings; }
std::span<const std::string_view> interface_kind_names() { return interface_kind_spellings; }
std::span<const std::string_view> signal_class_names() { return signal_class_spellings; }
std::span<const std::string_view> power_kind_names() { return power_kind_spellings; }
std::span<const std::string_view> gear_category_names() { return gear_category_spellings; }
std::span<const std::string_view> phantom_kind_names() { return phantom_kind_spellings; }
std::span<const std::string_view> isolation_kind_names() { return isolation_kind_spellings; }

signal_class_defaults defaults_for(signal_class value) {
    switch (value) {
        // F2.2 (SM58: 150 ohm), F3.2 (mic preamps 1.5-3 kohm).
        case signal_class::mic:
            return {level(-50.0), impedance(150.0), impedance(2e3), level(10.0)};
        // F2.3 (-12 dBu typical pickup), F3.3 (pickups 5-16 kohm), F3.2 (instrument inputs up to 1 Mohm).
        case signal_class::instrument:
            return {level(-12.0), impedance(10e3), impedance(1e6), level(10.0)};
        // F2.1 (+4 dBu), F3.2 (line inputs 10-100 kohm), F3.3 (pro outputs 47-220 ohm).
        case signal_class::line:
            return {level(4.0), impedance(100.0), impedance(10e3), level(24.0)};
        // F2.1 (-10 dBV = -7.78 dBu), F3.3 (consumer outputs 330 ohm-1 kohm).
        case signal_class::consumer_line:
            return {level::from_dbv(-10.0), impedance(1e3), impedance(47e3), level(12.0)};
        // F2.5 (moving magnet: about -46 dBV = -43.8 dBu, into 47 kohm).
        case signal_class::phono:
            return {level::from_dbv(-46.0), impedance(1e3), impedance(47e3), level(-10.0)};
        // F2.4 (100 W into 8 ohm = +31.25 dBu).
        case signal_class::speaker:
            return {level(31.25), impedance(0.1), impedance(8.0), level(40.0)};
        // No fact: a line-level driver into 32 ohm phones, docs/formats.md#gear values.
        case signal_class::headphone:
            return {level(4.0), impedance(10.0), impedance(32.0), level(20.0)};
    }
    return {level(4.0), impedance(100.0), impedance(10e3), level(24.0)};
}

std::optional<pinout> default_pinout(connector_type type, interface_kind interface, port_direction direction) {
    // The insert row wins over every other row of docs/formats.md#pinouts (F4.5: tip send, ring return).
    if (direction == port_direction::insert) {
        return is_trs_like(type) ? named_pinout("trs-insert", type) : std::nullopt;
    }
    const bool balanced = is_balanced_family(interface);
    switch (type) {
        case connector_type::xlr3:
            return named_pinout(balanced ? "xlr-pin2-hot" : "xlr-unbalanced", type);
        case connector_type::trs_6_35:
        case connector_type::trs_3_5:
        case connector_type::bantam:
            // An unbalanced TRS port is T hot, R nc, S ground: the `ts` pinout on three contacts.
            return named_pinout(balanced ? "trs-balanced" : "ts", type);
        case connector_type::ts_6_35:
        case connector_type::ts_3_5:
            // Two contacts cannot carry a balanced pair: invalid input, left to the caller to report.
            return balanced ? std::nullopt : named_pinout("ts", type);
        case connector_type::rca:
            return balanced ? std::nullopt : named_pinout("rca", type);
        default:
            // xlr4/5, trrs, speakon, db25 need an explicit pinout; a combo is resolved per face.
            return std::nullopt;
    }
}

const port_face& port::face(std::optional<combo_face> selected) const {
    if (const auto* combo = boost::variant2::get_if<combo_faces>(&faces)) {
        return selected == combo_face::jack ? combo->jack : combo->xlr;
    }
    return boost::variant2::get<port_face>(faces);
}

port_face& port::face(std::optional<combo_face> selected) {
    const auto& self = *this;
    return const_cast<port_face&>(self.face(selected));
}

std::optional<std::size_t> gear::find_port(std::string_view port_id) const {
    const auto found =
        std::find_if(ports.begin(), ports.end(), [port_id](const port& candidate) { return candidate.id == port_id; });
    if (found == ports.end()) {
        return std::nullopt;
    }
    return static_cast<std::size_t>(found - ports.begin());
}

} // namespace rigcheck
