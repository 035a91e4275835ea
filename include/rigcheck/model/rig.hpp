// A rig: devices (instances of gear), the cables between them, and their settings (docs/formats.md#rigs).
//
// A `rig` is a resolved value: every device points at its gear, every connection end at a port,
// every chain link at a cable, by index. Nothing in it can dangle, so analysis never looks ids
// up. Rigs are made by the YAML loader or by `rig_builder`; both validate the same way.
#pragma once

#include <rigcheck/model/cable.hpp>
#include <rigcheck/model/gear.hpp>
#include <rigcheck/core/source_location.hpp>
#include <rigcheck/core/units.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rigcheck {

/// A port of a device in the rig.
struct port_ref {
    std::size_t device = 0; ///< index into rig::devices
    std::size_t port = 0;   ///< index into the device's gear ports
    friend bool operator==(const port_ref&, const port_ref&) = default;
    friend auto operator<=>(const port_ref&, const port_ref&) = default;
};

/// The settings of one input port, from the device's `settings:` (docs/formats.md#rigs).
struct port_setting {
    std::optional<rigcheck::gain> gain; ///< drives every `gain: setting` path leaving the port
    bool pad_engaged = false;
    bool phantom_on = false;
    source_position position;
};

struct device {
    std::string id;
    std::size_t gear = 0; ///< index into rig::gear
    std::string label;
    power_kind power = power_kind::passive; ///< the gear's power unless overridden
    sound_pressure spl = one_pascal;        ///< what its microphones are driven at; 94 dB SPL by default
    std::vector<port_setting> settings;     ///< one per port of its gear
    source_position position;               ///< its entry under `devices`
};

/// An `ignore` entry of a connection.
struct ignore_entry {
    std::string rule;
    std::string reason;
    source_position position;
};

/// One end of a connection: which cable end plugs into which port.
struct connection_end {
    std::uint8_t cable_end = 0; ///< index into the ends of the chain's cable (first cable for the
                                ///< first end, last cable for the others)
    port_ref port;
    source_position position;
};

struct connection {
    /// The ends, in the order written: `from` then `to`, or the `ends:` mapping in file order.
    std::vector<connection_end> ends;
    std::vector<std::size_t> chain; ///< indices into rig::cables, first to last
    std::optional<rigcheck::length> length;
    std::vector<ignore_entry> ignores;
    bool written_with_ends = false; ///< `ends:` rather than `from`/`to`
    source_position position;       ///< the list item; its first key's column
};

struct rig {
    std::string name;
    std::string file;                 ///< the rig file's path as given; empty when built in code
    std::vector<rigcheck::gear> gear; ///< every gear the rig can refer to, overrides applied
    std::vector<cable> cables;        ///< every cable the rig can refer to
    std::vector<device> devices;
    std::vector<connection> connections;

    [[nodiscard]] std::optional<std::size_t> find_device(std::string_view id) const;
    [[nodiscard]] std::optional<std::size_t> find_gear(std::string_view id) const;
    [[nodiscard]] std::optional<std::size_t> find_cable(std::string_view id) const;
    /// The port named `DEVICE.PORT` (`desk.in-5`), as subjects and connections write it.
    [[nodiscard]] std::optional<port_ref> find_port(std::string_view device_dot_port) const;
    [[nodiscard]] const rigcheck::gear& gear_of(const device& d) const { return gear[d.gear]; }
    [[nodiscard]] const port& port_at(port_ref ref) const { return gear[devices[ref.device].gear].ports[ref.port]; }
    /// "device.port", the way subjects are printed.
    [[nodiscard]] std::string port_name(port_ref ref) const;
};

} // namespace rigcheck
