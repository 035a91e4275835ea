// The data-oriented core behind `analysed_rig` and `analysis_session`.
//
// A rig is compiled once into an immutable `signal_graph`: every port side is a node, numbered
// in a layered topological order (csr_graph.hpp), and the edges arriving at each node (links
// and internal device paths) sit in
// flat arrays with their constant gain and noise precomputed. Levels and noise are held as linear
// power ratios relative to 0 dBu, so a gain is one multiplication, "the highest contribution" is
// one comparison and adding noise powers is one addition; nothing on the hot path takes a
// logarithm. Conversion to dB happens only when a value is read. The parts that a gain, pad or
// setting change can alter (each edge's gain and its soundcheck rule) live in `edge_values`, and
// the propagated values in `node_values`; both are plain struct-of-arrays in node order, so a
// full propagation is one linear sweep and an incremental one touches only the downstream cone.
#pragma once

#include <rigcheck/analysis/analysis.hpp>

#include <rigcheck/analysis/detail/csr_graph.hpp>

#include <cmath>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace rigcheck::detail {

/// A port has a receiving side (links arrive, internal paths leave) and a driving side
/// (internal paths arrive, links leave). Inputs have only the first, outputs only the second,
/// `insert` ports both: the return is received, the send is driven.
enum class node_side : std::uint8_t { receive, drive };

/// A link, an internal device path, or the normalling contact of an insert jack with nothing
/// plugged in (its send passes straight to its return, as on a real desk).
enum class edge_kind : std::uint8_t { link, path, normalled };

/// A node's signal tag: the signal class where its path began, plus one (0: unknown), in the
/// low bits, and the top bit set when its polarity is inverted. One byte carries both, so the
/// sweep reads and writes one array for them; a link that inverts polarity flips the top bit.
inline constexpr std::uint8_t inverted_bit = 0x80;
inline constexpr std::uint8_t origin_bits = 0x7f;
inline int polarity_of(std::uint8_t tag) { return (tag & inverted_bit) != 0 ? -1 : 1; }
inline std::optional<signal_class> origin_of(std::uint8_t tag) {
    if ((tag & origin_bits) == 0) return std::nullopt;
    return static_cast<signal_class>((tag & origin_bits) - 1);
}

/// An edge's source node, with the edge's polarity inversion in the top bit.
inline constexpr std::uint32_t inverts_polarity = 0x8000'0000u;
inline constexpr std::uint32_t source_bits = 0x7fff'ffffu;

/// dB <-> linear power ratio. Levels are power ratios to 0 dBu; 0 means "unknown" (no signal).
inline double power_from_db(double db) { return std::pow(10.0, db / 10.0); }
inline double db_from_power(double power) { return 10.0 * std::log10(power); }

/// A computed level outside ±1000 dBu is unknown (docs/robustness.md#limits): +-1000 dB as power ratios. The
/// sweep turns a node beyond them (or a NaN, which fails both tests) into "no signal", so no
/// infinity reaches a fact, a message or a report.
inline constexpr double max_known_power = 1e100;
inline constexpr double min_known_power = 1e-100;
inline bool known_power(double power) { return power >= min_known_power && power <= max_known_power; }
/// The level of a power ratio, or nothing when it is not a known level.
inline std::optional<level> level_of_power(double power) {
    if (!known_power(power)) return std::nullopt;
    return level(db_from_power(power));
}

/// +4 dBu, the level "an engineer sets gain at soundcheck" to (F2.1), as a power ratio.
inline const double soundcheck_target_power = power_from_db(4.0);

/// The soundcheck rule of a `gain: setting` path with no setting in the rig: the gain in the
/// port's range that brings the stage's output closest to +4 dBu. For an arriving level `a`
/// the path's gain is `fixed * clamp(target_over_pad / a, low, high)`.
/// Single precision (a relative error of 1e-7, a millionth of a dB) keeps a rule in 16 bytes.
struct soundcheck_gain {
    float fixed = 1.0F;           ///< pad and transformer ratio, linear power
    float low = 0.0F;             ///< lowest gain, linear power
    float high = 0.0F;            ///< highest gain (infinity when the port gives no range)
    float target_over_pad = 1.0F; ///< +4 dBu divided by the pad's factor: the gain stage sees the padded level
};

/// One internal path of one device, and where it landed in the propagation graph.
struct path_record {
    std::uint32_t device = 0;
    std::uint32_t path = 0;      ///< index into the gear's paths
    std::uint32_t edge = npos32; ///< edge in the propagation graph; none for a feedback edge
};

/// The immutable, compiled form of a rig.
struct signal_graph {
    std::uint32_t node_count = 0;

    // Ports. A slot is a flat (device, port) index: slot_base[device] + port.
    std::vector<std::uint32_t> slot_base;    ///< per device, plus one past the end
    std::vector<std::uint32_t> receive_node; ///< per slot; npos32 when the port receives nothing
    std::vector<std::uint32_t> drive_node;   ///< per slot; npos32 when the port drives nothing
    /// Per slot: the combo face selected by the first link arriving (0 xlr, 1 jack), 2 for none.
    std::vector<std::uint8_t> receive_face;

    // Nodes, in topological numbering.
    std::vector<std::uint32_t> node_slot;
    std::vector<node_side> side;
    std::vector<double> base_level;     ///< a source's level; 0 for every other node
    std::vector<std::uint8_t> base_tag; ///< a source's signal tag (its class); 0 otherwise
    /// Noise the node adds whenever a signal is there: a source's self-noise, or the equivalent
    /// input noise of a preamp (an input with a gain range).
    std::vector<float> own_noise;

    // Edges arriving at each node: in_offsets[v] .. in_offsets[v+1]. Feedback edges of a loop
    // (from a higher to a lower node) are left out, so the graph is acyclic.
    std::vector<std::uint32_t> in_offsets;
    std::vector<std::uint32_t> edge_source; ///< source node | inverts_polarity
    std::vector<std::uint32_t> edge_target;
    std::vector<float> edge_noise; ///< pickup and ground-loop noise the edge adds
    std::vector<edge_kind> edge_kinds;
    std::vector<std::uint32_t> edge_ref; ///< link index, index into `paths`, or npos32

    // Edges leaving each node (ids into the arrays above), for the downstream cone.
    std::vector<std::uint32_t> out_offsets;
    std::vector<std::uint32_t> out_edges;

    // Links, parallel to link_analysis::links.
    std::vector<std::uint32_t> link_source_node; ///< npos32 when the link carries nothing
    std::vector<std::uint32_t> link_dest_node;
    std::vector<double> link_gain;        ///< divider and single-ended loss, linear power
    std::vector<float> link_noise;        ///< pickup and ground-loop noise, linear power
    std::vector<double> link_capacitance; ///< farads; NaN when unknown (no length)

    std::vector<path_record> paths;              ///< every device's paths, device by device
    std::vector<std::uint32_t> device_path_base; ///< per device, plus one past the end

    std::vector<signal_cycle> cycles;

    // The starting point of the mutable edge data (see edge_values).
    std::vector<double> initial_gain;
    std::vector<soundcheck_gain> initial_soundcheck_gains;

    [[nodiscard]] std::uint32_t slot_of(port_ref port) const {
        return slot_base[port.device] + static_cast<std::uint32_t>(port.port);
    }
};

/// Edge data a session can change. `gain[e]` is the edge's linear power gain, or, for a
/// `gain: setting` path without a setting, -(i + 1) where i indexes its soundcheck rule: a gain
/// is never negative, so the sign tells the two apart and the sweep reads one array per edge.
struct edge_values {
    std::vector<double> gain;
    std::vector<soundcheck_gain> soundcheck_gains;
};

inline double soundcheck_marker(std::size_t rule_index) { return -static_cast<double>(rule_index + 1); }
inline std::size_t soundcheck_index(double marker) { return static_cast<std::size_t>(-marker) - 1; }

/// Propagated values per node, in node order (struct of arrays): level, noise, and the signal
/// tag that packs polarity and origin.
struct node_values {
    std::vector<double> level;     ///< power ratio to 0 dBu; 0 when unknown
    std::vector<float> noise;      ///< power ratio to 0 dBu; 0 when unknown (single precision: see docs)
    std::vector<std::uint8_t> tag; ///< polarity and origin (see polarity_of, origin_of)
};

/// Compiles a traced rig.
std::shared_ptr<const signal_graph> compile_signal_graph(const rig& r, const link_analysis& links);

/// One linear sweep over every node.
void propagate_all(const signal_graph& graph, const edge_values& edges, node_values& values);

/// What a link delivers at its destination, in dB, from the current node values.
link_signal link_signal_of(const signal_graph& graph, const rig& r, const link_analysis& links,
                           const node_values& values, std::size_t link_index);

/// Source-to-sink paths over the acyclic propagation graph, at most `limits.max_paths` of them.
struct path_enumeration {
    std::vector<signal_path> paths;
    bool truncated = false;
};
path_enumeration enumerate_paths(const signal_graph& graph, const rig& r, const path_limits& limits);

} // namespace rigcheck::detail

namespace rigcheck {

struct analysed_rig::state {
    std::shared_ptr<const rigcheck::rig> rig;
    std::shared_ptr<const link_analysis> links;
    std::shared_ptr<const detail::signal_graph> graph;
    detail::edge_values edges;
    detail::node_values values;
    std::vector<link_signal> signals;
    path_limits limits;

    // Paths are enumerated on first use; call_once makes that safe on a shared, const rig.
    mutable std::once_flag paths_once;
    mutable detail::path_enumeration enumerated;

    /// The connections with `ignore` entries, in order: found on first use, so that running the
    /// rules again on the same rig does not look through every connection for them.
    [[nodiscard]] const std::vector<std::size_t>& connections_with_ignores() const {
        std::call_once(ignores_once, [&] {
            for (std::size_t c = 0; c < rig->connections.size(); ++c)
                if (!rig->connections[c].ignores.empty()) with_ignores.push_back(c);
        });
        return with_ignores;
    }
    mutable std::once_flag ignores_once;
    mutable std::vector<std::size_t> with_ignores;
};

namespace detail {
struct analysis_access {
    static const analysed_rig::state& state(const analysed_rig& rig) { return *rig.state_; }
};
} // namespace detail

} // namespace rigcheck
