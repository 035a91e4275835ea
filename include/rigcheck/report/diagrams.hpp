// Pictures of a rig: the signal-flow diagram (DOT) and the level (gain-structure) diagram (SVG).
//
// Sound engineers read rigs as pictures. The signal-flow diagram draws devices as boxes with
// their ports and connections as edges labelled with cable and length, styled by link kind,
// with diagnostics marked in their severity colour. The level diagram plots the nominal level
// along each source-to-sink path, hop by hop, against each input's clip level and noise floor.
#pragma once

#include <rigcheck/analysis/analysis.hpp>
#include <rigcheck/report/diagnostic.hpp>

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace rigcheck {

/// The signal-flow diagram in Graphviz DOT. `diagnostics` are matched to connections and
/// devices by their locations.
std::string render_signal_flow_dot(const analysed_rig& analysis, std::span<const diagnostic> diagnostics);

/// One plotted point of the level diagram: a port along a path and its level.
struct level_point {
    port_ref port;
    std::optional<rigcheck::level> level;
    std::optional<rigcheck::level> clip;   ///< the input's max (inputs only)
    std::optional<rigcheck::level> noise;  ///< the noise floor arriving (inputs only)
};

/// The points of one path, source output first, alternating inputs and the outputs they feed.
std::vector<level_point> level_points(const analysed_rig& analysis, const signal_path& path);

/// The level diagram as a standalone SVG. `path_filter` ("SRC.PORT->SINK.PORT") selects one path;
/// without it every path is drawn (up to a readable number). Returns nothing when the filter
/// matches no path.
std::optional<std::string> render_level_diagram_svg(const analysed_rig& analysis,
                                                    std::optional<std::string_view> path_filter = std::nullopt);

} // namespace rigcheck
