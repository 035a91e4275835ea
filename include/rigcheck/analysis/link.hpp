// Contact-level link tracing: what each connection actually does to the signal (docs/analysis.md).
//
// For every connection rigcheck follows the contacts: source port pinout -> mating -> cable nets
// (with series resistors and shields) -> mating -> ... -> destination port pinout. From the
// trace it classifies the link into one of eight kinds, and derives polarity, the state of the
// cold leg, where it is grounded, galvanic isolation and the series resistance in the hot path.
// These are the facts the seed's hazards hinge on: a TS sleeve bridging a balanced output's
// cold leg to ground, a pin-3-hot source, a stereo plug into a mono input.
#pragma once

#include <rigcheck/model/rig.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rigcheck {

/// The first matching kind wins, in this order (docs/analysis.md).
enum class link_kind : std::uint8_t {
    unmated,                ///< some junction does not mate
    no_signal,              ///< the source's signal legs reach no signal contact at the destination
    shorted,                ///< the source's driven leg is tied to ground
    stereo_to_mono,         ///< a stereo source into a mono input
    balanced,               ///< hot and cold reach hot and cold, grounds joined
    unbalanced_to_balanced, ///< an unbalanced source into a balanced input
    balanced_to_unbalanced, ///< a balanced source into an unbalanced input (or a broken pair)
    unbalanced,             ///< unbalanced into unbalanced
};

/// The state of the cold leg at the link's balanced end (docs/analysis.md `link.cold`).
enum class cold_state : std::uint8_t { driven, open, grounded, resistive, none };

/// Where a grounded cold meets ground (docs/analysis.md `link.cold_grounded_at`).
enum class ground_site : std::uint8_t { source, far };

std::string_view to_string(link_kind kind);   ///< "unbalanced-to-balanced", ...
std::string_view to_string(cold_state state); ///< "driven", "open", ...
std::string_view to_string(ground_site site); ///< "source" / "far"

/// One source-output -> destination-input link formed by a connection.
struct link {
    std::size_t connection = 0;                 ///< index into rig::connections
    port_ref source;                            ///< the driving port (an output, or an insert's send)
    port_ref destination;                       ///< the receiving port (an input, or an insert's return)
    std::optional<combo_face> source_face;      ///< the face a combo presents (never for outputs)
    std::optional<combo_face> destination_face; ///< the face the mating plug selected on a combo input
    link_kind kind = link_kind::unmated;
    int polarity = 1; ///< +1, or -1 when hot arrives on the destination's cold (or vice versa)
    cold_state cold = cold_state::none;
    std::optional<ground_site> cold_grounded_at; ///< set when cold is grounded
    bool isolated = false;                       ///< galvanically isolated (a transformer in the link)
    bool mated = true;                           ///< every junction mates
    /// An active `balanced` output driven through one leg alone: its level falls by 6.02 dB (F2.6).
    bool single_ended_active_drive = false;
    impedance series_resistance{0.0}; ///< cable series resistance in the path of the driven leg
    std::string unmated_reason;       ///< which junction failed, for messages; empty when mated
};

/// A connection that joins two outputs or two inputs (rule `direction-conflict`).
struct direction_conflict {
    std::size_t connection = 0;
    port_ref first;
    port_ref second;
};

struct link_analysis {
    std::vector<link> links; ///< in connection order
    std::vector<direction_conflict> conflicts;
    /// For each connection, the indices of its links in `links` (several for multi-end cables).
    std::vector<std::vector<std::size_t>> links_of_connection;
};

/// Traces every connection of the rig.
link_analysis trace_links(const rig& r);

/// Traces one connection (exposed for tests and incremental tools).
void trace_connection(const rig& r, std::size_t connection_index, link_analysis& into);

} // namespace rigcheck
