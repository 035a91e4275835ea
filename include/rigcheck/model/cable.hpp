// Cables and adapters: named ends, wiring nets, shield, series resistors (docs/formats.md#cables-and-adapters).
//
// A cable is a set of nets, each joining contacts of its ends; link tracing walks these nets.
// Two-ended cables name their ends `a` and `b`; Y-cables, inserts and breakouts name more.
// The builtin cables of the spec's table are compiled in (see `builtin_cables()`).
#pragma once

#include <rigcheck/model/connector.hpp>
#include <rigcheck/core/source_location.hpp>
#include <rigcheck/core/units.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rigcheck {

/// A contact of one end of a cable.
struct cable_contact {
    std::uint8_t end = 0;      ///< index into cable::ends
    contact_index contact = 0; ///< index into contact_names(end's connector type)
    friend bool operator==(const cable_contact&, const cable_contact&) = default;
};

struct cable_end {
    std::string name;
    rigcheck::connector connector;
};

/// A resistor between one contact and the net that contact belongs to: the contact joins its net
/// through `resistance` instead of directly. With nets [a.2, b.T] and [a.1, a.3, b.S] and 100 ohm
/// at a.2 and a.3, pin 2 reaches the tip through 100 ohm, pin 3 reaches the sleeve through 100 ohm,
/// and pin 1 reaches the sleeve directly (the seed's current-limiting adapter, F1.5).
struct series_resistor {
    cable_contact at;
    impedance resistance;
};

/// The most ends a cable may have (docs/robustness.md#limits). A multi-end connection forms a link for every
/// output-input pair it joins, so the ends bound the work and the report a connection makes.
inline constexpr std::size_t max_cable_ends = 64;

/// 100 pF/m, about 30 pF/ft (F3.4).
inline constexpr capacitance_per_length default_cable_capacitance{100e-12};

struct cable {
    std::string id;
    std::string description;
    std::vector<cable_end> ends;
    std::vector<std::vector<cable_contact>> wiring; ///< each entry is one net
    std::vector<cable_contact> shield;              ///< where the shield is bonded
    std::vector<series_resistor> series;            ///< see series_resistor for the meaning
    capacitance_per_length capacitance = default_cable_capacitance;
    bool adapter = false; ///< a zero-length adapter
    std::string file;     ///< the defining file; empty for builtin or code-built cables
    source_position position;

    [[nodiscard]] std::optional<std::uint8_t> find_end(std::string_view name) const;
    /// The series resistance between a contact and its net, zero when none.
    [[nodiscard]] impedance series_at(cable_contact contact) const;
    /// "a.2" style name of a contact.
    [[nodiscard]] std::string contact_name(cable_contact contact) const;
};

/// Every builtin cable id of docs/formats.md#cables-and-adapters, with its wiring.
const std::vector<cable>& builtin_cables();

} // namespace rigcheck
