// Gear: a model of a piece of audio equipment, its ports and its internal signal paths (docs/formats.md#gear).
//
// Ports are modelled at contact level (connector + pinout) and electrically (interface, signal
// class, levels, impedances). Values the user leaves out are resolved when the gear is built,
// from the signal-class defaults of docs/formats.md#gear, so analysis never sees a missing nominal level.
// A combo socket holds one face per plug type; the mating plug decides which one applies.
#pragma once

#include <rigcheck/model/connector.hpp>
#include <rigcheck/model/pinout.hpp>
#include <rigcheck/core/source_location.hpp>
#include <rigcheck/core/units.hpp>

#include <boost/variant2/variant.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rigcheck {

enum class port_direction : std::uint8_t { in, out, insert };

/// The drive of an output, or the receiver of an input (docs/formats.md#gear).
enum class interface_kind : std::uint8_t {
    unbalanced,
    balanced,             ///< active differential; a grounded cold leg is a hazard, -6.02 dB single-ended (F2.6)
    balanced_transformer, ///< level unchanged single-ended, cold may be grounded (F1.7)
    balanced_servo,       ///< cross-coupled; ground the cold only at the source end (F1.7)
    impedance_balanced,   ///< drives one leg only (F1.8)
};

enum class signal_class : std::uint8_t { mic, instrument, line, consumer_line, phono, speaker, headphone };

enum class power_kind : std::uint8_t { mains_earthed, mains_floating, battery, phantom, passive };

enum class gear_category : std::uint8_t {
    mic,
    ribbon_mic,
    instrument,
    keyboard,
    di,
    mixer,
    interface,
    stage_box,
    preamp,
    phono_preamp,
    amp,
    power_amp,
    speaker,
    monitor,
    effect,
    playback,
    turntable,
    other,
};

enum class phantom_kind : std::uint8_t { p48, p24, p12 };

enum class isolation_kind : std::uint8_t { none, transformer };

std::string_view to_string(port_direction value);
std::string_view to_string(interface_kind value);
std::string_view to_string(signal_class value);
std::string_view to_string(power_kind value);
std::string_view to_string(gear_category value);
std::string_view to_string(phantom_kind value);
std::string_view to_string(isolation_kind value);

/// The inverse of `to_string`: the exact spellings of docs/formats.md#gear, nothing else.
std::optional<port_direction> parse_port_direction(std::string_view text);
std::optional<interface_kind> parse_interface_kind(std::string_view text);
std::optional<signal_class> parse_signal_class(std::string_view text);
std::optional<power_kind> parse_power_kind(std::string_view text);
std::optional<gear_category> parse_gear_category(std::string_view text);
std::optional<phantom_kind> parse_phantom_kind(std::string_view text);
std::optional<isolation_kind> parse_isolation_kind(std::string_view text);

/// Every spelling of an enum, in enum order, for "expected one of ..." messages and did-you-mean.
std::span<const std::string_view> port_direction_names();
std::span<const std::string_view> interface_kind_names();
std::span<const std::string_view> signal_class_names();
std::span<const std::string_view> power_kind_names();
std::span<const std::string_view> gear_category_names();
std::span<const std::string_view> phantom_kind_names();
std::span<const std::string_view> isolation_kind_names();

/// True for every balanced-family interface (balanced, -transformer, -servo, impedance-balanced).
constexpr bool is_balanced_family(interface_kind value) { return value != interface_kind::unbalanced; }

/// The documented defaults of a signal class (docs/formats.md#gear table; facts F2.1-F2.5, F3.2, F3.3).
struct signal_class_defaults {
    level nominal;
    impedance output_impedance;
    impedance input_impedance;
    level max;
};
signal_class_defaults defaults_for(signal_class value);

/// The pinout a port gets when it names none (docs/formats.md#pinouts), or nothing when its connector needs an
/// explicit one (xlr4/5, speakon, db25, trrs) or the interface does not fit the connector.
std::optional<pinout> default_pinout(connector_type type, interface_kind interface, port_direction direction);

/// The electrical description of a port, or of one face of a combo socket. Every field is
/// resolved: a value the user left out holds its signal-class default.
struct port_face {
    interface_kind interface = interface_kind::unbalanced;
    signal_class signal = signal_class::line;
    rigcheck::pinout pinout;
    level nominal;
    level max;
    /// Load impedance for an input, source impedance for an output.
    rigcheck::impedance impedance;
    std::optional<gain_range> gain;                   ///< input gain range (a preamp)
    std::optional<rigcheck::gain> pad;                ///< switchable pad
    std::optional<rigcheck::gain> cmrr;               ///< balanced inputs
    std::optional<rigcheck::sensitivity> sensitivity; ///< microphone outputs
    std::optional<rigcheck::inductance> inductance;   ///< outputs such as passive pickups (F3.3)
};

/// The two faces of a combo socket: a female xlr3 and a trs-6.35 socket in one.
struct combo_faces {
    port_face xlr;
    port_face jack;
};

struct port {
    std::string id;
    port_direction direction = port_direction::in;
    rigcheck::connector connector{connector_type::xlr3, connector_gender::female};
    std::optional<phantom_kind> phantom; ///< phantom capability; reaches only a combo's XLR face
    boost::variant2::variant<port_face, combo_faces> faces;
    source_position position;

    [[nodiscard]] bool is_combo() const { return faces.index() == 1; }
    /// The face a mating plug selects; for a plain port, its only face. A combo port with no
    /// face selected (nothing mated) presents its XLR face.
    [[nodiscard]] const port_face& face(std::optional<combo_face> selected = std::nullopt) const;
    [[nodiscard]] port_face& face(std::optional<combo_face> selected = std::nullopt);
};

/// A path's gain taken from the rig's settings for the input port (`gain: setting`).
struct gain_from_setting {
    friend bool operator==(gain_from_setting, gain_from_setting) = default;
};

/// Internal signal flow from one port of the gear to another.
struct internal_path {
    std::size_t from = 0; ///< index into gear::ports
    std::size_t to = 0;   ///< index into gear::ports
    boost::variant2::variant<gain, gain_from_setting> transfer_gain{gain(0.0)};
    std::optional<double> turns_ratio; ///< n for an "n:1" transformer: -20*log10(n) dB (F5.1)
    isolation_kind isolation = isolation_kind::none;
    source_position position;
};

struct gear {
    std::string id; ///< "vendor/model"
    std::string manufacturer;
    std::string model;
    std::string description;
    gear_category category = gear_category::other;
    power_kind power = power_kind::passive;
    std::vector<std::string> quirks;
    std::vector<port> ports;
    std::vector<internal_path> paths;
    std::string file; ///< the file that defined it; empty for builtin or built in code
    source_position position;

    [[nodiscard]] std::optional<std::size_t> find_port(std::string_view port_id) const;
};

} // namespace rigcheck
