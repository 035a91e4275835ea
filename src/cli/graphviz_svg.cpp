// In-process DOT -> SVG through libgvc.
#include "graphviz_svg.hpp"

#include <graphviz/gvc.h>

#include <memory>

namespace rigcheck::cli {

std::optional<std::string> render_dot_to_svg(std::string_view dot, std::string& error) {
    const std::string text(dot); // agmemread wants a NUL-terminated buffer
    std::unique_ptr<GVC_t, decltype(&gvFreeContext)> context(gvContext(), &gvFreeContext);
    if (!context) {
        error = "cannot start the Graphviz library";
        return std::nullopt;
    }
    Agraph_t* graph = agmemread(text.c_str());
    if (!graph) {
        error = "Graphviz could not read the generated DOT";
        return std::nullopt;
    }
    std::optional<std::string> svg;
    if (gvLayout(context.get(), graph, "dot") == 0) {
        char* data = nullptr;
        unsigned int length = 0;
        if (gvRenderData(context.get(), graph, "svg", &data, &length) == 0 && data)
            svg.emplace(data, length);
        else
            error = "Graphviz could not render SVG";
        if (data) gvFreeRenderData(data);
        gvFreeLayout(context.get(), graph);
    } else {
        error = "Graphviz could not lay out the graph";
    }
    agclose(graph);
    return svg;
}

} // namespace rigcheck::cli
