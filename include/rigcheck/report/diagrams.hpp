// Pictures of a rig: the signal-flow diagram (DOT) and the level (gain-structure) diagram (SVG).
//
// Sound engineers read rigs as pictures. The signal-flow diagram draws devices as boxes with
// their ports (inputs on the left, outputs on the right, insert jacks across the box) and every
// link as an edge from its driving port to its receiving port, labelled with the cable id (or
// the chain of cables) and the length. The edge style follows the link kind: balanced solid,
// any unbalanced kind dashed, and a link that carries nothing useful (unmated, no-signal,
// shorted) dotted; a polarity-inverting link gets an open-dot arrowhead and says so in its
// label. Diagnostics are marked in their severity colour on what they point at: a connection's
// links, the last link of a path, a device box or a port. The DOT is written by rigcheck;
// turning it into SVG is the caller's business (the CLI uses libgvc).
//
// The level diagram plots the nominal level along each source-to-sink path, hop by hop: each
// output's level and the level arriving at each input, with every input's clip level (its
// `max`) as a band above and its noise floor as a band below, and headroom and SNR annotated. It
// is a standalone SVG written directly, readable in a browser. Every plotted value is the
// analysed rig's own value (`level_points`), so the picture shows exactly what rules see.
#pragma once

#include <rigcheck/analysis/analysis.hpp>
#include <rigcheck/core/diagnostic.hpp>

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace rigcheck {

/// The signal-flow diagram in Graphviz DOT. Node ids are the device ids; each port is a table
/// cell named `p<index>` (the port's index in its gear). Edges carry `class="link <kind>"`.
std::string render_signal_flow_dot(const analysed_rig& analysis, std::span<const diagnostic> diagnostics);

/// One plotted point of the level diagram: a port along a path and the analysed values there.
struct level_point {
    port_ref port;
    bool input = false; ///< the level arriving at an input (else leaving an output)
    std::optional<rigcheck::level>
        level;                           ///< `analysed_rig::port_level` (outputs) or the link's arriving level (inputs)
    std::optional<rigcheck::level> clip; ///< the input's max (inputs only)
    std::optional<rigcheck::level> noise;   ///< the noise floor arriving (inputs only)
    std::optional<rigcheck::gain> headroom; ///< `signal.headroom_db` (inputs only)
    std::optional<rigcheck::gain> snr;      ///< `signal.snr_db` (inputs only)
};

/// The points of one path: for each link, the output driving it and the input it reaches, so
/// source output first, then alternating inputs and the outputs they feed.
std::vector<level_point> level_points(const analysed_rig& analysis, const signal_path& path);

/// Beyond this many overlaid paths the chart stops being readable; `--path` picks any other.
inline constexpr std::size_t max_level_diagram_paths = 12;

/// The level diagram of the given paths (the first `max_level_diagram_paths` of them) as a
/// standalone SVG document. With a single path the x axis names every port along it.
std::string render_level_diagram_svg(const analysed_rig& analysis, std::span<const signal_path* const> paths);

} // namespace rigcheck
