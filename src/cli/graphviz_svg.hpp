// Renders DOT to SVG in-process through the Graphviz library (libgvc), so `rigcheck graph
// --format svg` needs no external `dot` process.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace rigcheck::cli {

/// The SVG of a DOT graph laid out with `dot`, or nothing with `error` set.
std::optional<std::string> render_dot_to_svg(std::string_view dot, std::string& error);

} // namespace rigcheck::cli
