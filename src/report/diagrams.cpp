// Signal-flow (DOT) and level (SVG) diagrams of an analysed rig.
#include <rigcheck/report/diagrams.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace rigcheck {
namespace {

constexpr std::string_view colour_error = "#d62728";
constexpr std::string_view colour_warning = "#e6820e";
constexpr std::string_view colour_info = "#1f77b4";
constexpr std::string_view colour_plain = "#333333";

std::string_view severity_colour(std::optional<severity> s) {
    if (!s) return colour_plain;
    switch (*s) {
    case severity::error: return colour_error;
    case severity::warning: return colour_warning;
    case severity::info: return colour_info;
    }
    return colour_plain;
}

/// Escapes text for Graphviz HTML-like labels and for SVG/XML.
std::string xml_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

/// Escapes text for a double-quoted DOT string.
std::string dot_escape(std::string_view text) {
    std::string out;
    for (const char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        if (c == '\n') { out += "\\n"; continue; }
        out += c;
    }
    return out;
}

std::string format_length(const std::optional<length>& l) {
    if (!l) return {};
    return fmt::format("{:g} m", std::round(l->value() * 100.0) / 100.0);
}

bool unbalanced_kind(link_kind kind) {
    return kind == link_kind::unbalanced || kind == link_kind::unbalanced_to_balanced ||
           kind == link_kind::balanced_to_unbalanced || kind == link_kind::stereo_to_mono;
}

/// The highest severity and the messages of the diagnostics pointing at one place.
struct marks {
    std::optional<severity> worst;
    std::string text;
    void add(const diagnostic& d) {
        if (!worst || d.severity > *worst) worst = d.severity;
        if (!text.empty()) text += '\n';
        text += fmt::format("{}: {} [{}]", to_string(d.severity), d.message, d.rule);
    }
};

} // namespace

std::string render_signal_flow_dot(const analysed_rig& analysis, std::span<const diagnostic> diagnostics) {
    const rig& r = analysis.rig();
    // Diagnostics point at a connection's item or a device's entry; match them by line.
    std::map<std::uint32_t, std::size_t> connection_at_line;
    for (std::size_t i = 0; i < r.connections.size(); ++i)
        if (r.connections[i].position.known()) connection_at_line.emplace(r.connections[i].position.line, i);
    std::map<std::uint32_t, std::size_t> device_at_line;
    for (std::size_t i = 0; i < r.devices.size(); ++i)
        if (r.devices[i].position.known()) device_at_line.emplace(r.devices[i].position.line, i);
    std::vector<marks> connection_marks(r.connections.size());
    std::vector<marks> device_marks(r.devices.size());
    for (const auto& d : diagnostics) {
        if (d.location.file != r.file || !d.location.known()) continue;
        if (auto c = connection_at_line.find(d.location.line); c != connection_at_line.end()) connection_marks[c->second].add(d);
        else if (auto dev = device_at_line.find(d.location.line); dev != device_at_line.end()) device_marks[dev->second].add(d);
    }

    std::string out;
    out += "digraph rig {\n";
    out += fmt::format("  graph [rankdir=LR, fontname=\"Helvetica\", labelloc=t, label=\"{}\"];\n",
                       dot_escape(r.name.empty() ? r.file : r.name));
    out += "  node [shape=plaintext, fontname=\"Helvetica\", fontsize=11];\n";
    out += "  edge [fontname=\"Helvetica\", fontsize=9];\n";
    for (std::size_t d = 0; d < r.devices.size(); ++d) {
        const device& dev = r.devices[d];
        const gear& g = r.gear_of(dev);
        std::vector<std::size_t> inputs, outputs;
        for (std::size_t p = 0; p < g.ports.size(); ++p)
            (g.ports[p].direction == port_direction::in ? inputs : outputs).push_back(p);
        const auto colour = severity_colour(device_marks[d].worst);
        std::string rows;
        const std::size_t count = std::max(inputs.size(), outputs.size());
        const auto cell = [&](const std::vector<std::size_t>& ports, std::size_t row, std::string_view align) {
            if (row >= ports.size()) return std::string("<TD BORDER=\"0\"></TD>");
            const port& p = g.ports[ports[row]];
            return fmt::format("<TD PORT=\"p{}\" ALIGN=\"{}\">{}</TD>", ports[row], align, xml_escape(p.id));
        };
        for (std::size_t row = 0; row < count; ++row)
            rows += fmt::format("<TR>{}{}</TR>", cell(inputs, row, "LEFT"), cell(outputs, row, "RIGHT"));
        const std::string title = dev.label.empty() ? std::string() : fmt::format("<BR/><I>{}</I>", xml_escape(dev.label));
        out += fmt::format(
            "  \"{}\" [color=\"{}\", tooltip=\"{}\", label=<<TABLE BORDER=\"1\" CELLBORDER=\"1\" CELLSPACING=\"0\" "
            "COLOR=\"{}\"><TR><TD COLSPAN=\"2\" BGCOLOR=\"#eeeeee\"><B>{}</B>{}<BR/><FONT POINT-SIZE=\"9\">{}</FONT></TD></TR>{}</TABLE>>];\n",
            dot_escape(dev.id), colour, dot_escape(device_marks[d].text.empty() ? g.id : device_marks[d].text), colour,
            xml_escape(dev.id), title, xml_escape(g.id), rows);
    }
    const auto& links = analysis.links();
    for (const auto& l : links.links) {
        const connection& c = r.connections[l.connection];
        std::string label;
        for (const auto index : c.chain) label += (label.empty() ? "" : " + ") + r.cables[index].id;
        if (c.length) label += "\n" + format_length(c.length);
        if (l.polarity < 0) label += "\n\xC3\x98 polarity inverted";
        const std::string_view style = !l.mated || l.kind == link_kind::no_signal || l.kind == link_kind::shorted ? "dotted"
                                       : unbalanced_kind(l.kind)                                            ? "dashed"
                                                                                                            : "solid";
        const auto& m = connection_marks[l.connection];
        out += fmt::format("  \"{}\":\"p{}\":e -> \"{}\":\"p{}\":w [label=\"{}\", style={}, color=\"{}\", fontcolor=\"{}\", "
                           "penwidth={}, arrowhead={}, tooltip=\"{}\"];\n",
                           dot_escape(r.devices[l.source.device].id), l.source.port,
                           dot_escape(r.devices[l.destination.device].id), l.destination.port, dot_escape(label), style,
                           severity_colour(m.worst), severity_colour(m.worst), m.worst ? 2 : 1,
                           l.polarity < 0 ? "odot" : "normal",
                           dot_escape(fmt::format("{}{}{}", to_string(l.kind), m.text.empty() ? "" : "\n", m.text)));
    }
    for (const auto& conflict : links.conflicts) {
        const auto& m = connection_marks[conflict.connection];
        out += fmt::format("  \"{}\":\"p{}\" -> \"{}\":\"p{}\" [dir=none, style=bold, color=\"{}\", label=\"direction conflict\", "
                           "tooltip=\"{}\"];\n",
                           dot_escape(r.devices[conflict.first.device].id), conflict.first.port,
                           dot_escape(r.devices[conflict.second.device].id), conflict.second.port,
                           m.worst ? severity_colour(m.worst) : colour_error, dot_escape(m.text));
    }
    out += "}\n";
    return out;
}

std::vector<level_point> level_points(const analysed_rig& analysis, const signal_path& path) {
    std::vector<level_point> points;
    if (path.links.empty()) return points;
    const auto& links = analysis.links().links;
    const auto signals = analysis.signals();
    const rig& r = analysis.rig();
    for (std::size_t hop = 0; hop < path.links.size(); ++hop) {
        const auto index = path.links[hop];
        const link& l = links[index];
        points.push_back({l.source, analysis.port_level(l.source), std::nullopt, std::nullopt});
        const auto& arriving = signals[index];
        const port& destination = r.port_at(l.destination);
        points.push_back({l.destination, arriving.level, destination.face(l.destination_face).max, arriving.noise});
    }
    return points;
}

std::optional<std::string> render_level_diagram_svg(const analysed_rig& analysis, std::optional<std::string_view> path_filter) {
    const rig& r = analysis.rig();
    std::vector<const signal_path*> chosen;
    for (const auto& path : analysis.paths()) {
        if (path_filter) {
            const auto name = r.port_name(path.source) + "->" + r.port_name(path.sink);
            if (name != *path_filter) continue;
        }
        chosen.push_back(&path);
    }
    if (path_filter && chosen.empty()) return std::nullopt;
    // Beyond a dozen overlaid paths the chart stops being readable; `--path` picks any other.
    constexpr std::size_t max_paths = 12;
    if (chosen.size() > max_paths) chosen.resize(max_paths);

    std::vector<std::vector<level_point>> series;
    double low = 0.0, high = 0.0;
    bool any = false;
    std::size_t longest = 2;
    const auto extend = [&](const std::optional<level>& v) {
        if (!v) return;
        if (!any) { low = high = v->dbu(); any = true; }
        low = std::min(low, v->dbu());
        high = std::max(high, v->dbu());
    };
    for (const auto* path : chosen) {
        series.push_back(level_points(analysis, *path));
        longest = std::max(longest, series.back().size());
        for (const auto& p : series.back()) { extend(p.level); extend(p.clip); extend(p.noise); }
    }
    if (!any) { low = -60.0; high = 30.0; }
    low = std::floor((low - 5.0) / 10.0) * 10.0;
    high = std::ceil((high + 5.0) / 10.0) * 10.0;

    constexpr double width = 960, plot_left = 70, plot_right = 930, plot_top = 50, plot_bottom = 430, legend_row = 18;
    const double height = plot_bottom + 40 + legend_row * static_cast<double>(series.size());
    const auto x_of = [&](std::size_t i) {
        return plot_left + (plot_right - plot_left) * static_cast<double>(i) / static_cast<double>(longest - 1);
    };
    const auto y_of = [&](double dbu) { return plot_bottom - (plot_bottom - plot_top) * (dbu - low) / (high - low); };
    static constexpr std::string_view palette[] = {"#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf",
                                                   "#bcbd22", "#7f7f7f", "#ff7f0e", "#d62728", "#393b79", "#637939"};
    std::string svg;
    svg += fmt::format("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
                       "width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" font-family=\"Helvetica, Arial, sans-serif\" "
                       "font-size=\"11\">\n",
                       width, height);
    svg += fmt::format("  <title>Level diagram: {}</title>\n", xml_escape(r.name.empty() ? r.file : r.name));
    svg += fmt::format("  <text x=\"{}\" y=\"24\" font-size=\"15\" font-weight=\"bold\">Levels along each path (dBu): {}</text>\n",
                       plot_left, xml_escape(r.name.empty() ? r.file : r.name));
    for (double grid = low; grid <= high + 0.01; grid += 10.0) {
        svg += fmt::format("  <line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"#dddddd\"/>\n", plot_left, y_of(grid),
                           plot_right, y_of(grid));
        svg += fmt::format("  <text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">{:+.0f}</text>\n", plot_left - 6, y_of(grid) + 4, grid);
    }
    for (std::size_t s = 0; s < series.size(); ++s) {
        const auto& points = series[s];
        const auto colour = palette[s % std::size(palette)];
        const auto* path = chosen[s];
        const auto name = r.port_name(path->source) + " -> " + r.port_name(path->sink);
        svg += fmt::format("  <g class=\"path\" data-path=\"{}\">\n    <title>{}</title>\n", xml_escape(name), xml_escape(name));
        std::string polyline;
        for (std::size_t i = 0; i < points.size(); ++i) {
            const auto& p = points[i];
            const double x = x_of(i);
            if (p.clip) {
                svg += fmt::format("    <rect class=\"clip\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"16\" height=\"3\" fill=\"#d62728\">"
                                   "<title>clip {:.2f} dBu</title></rect>\n",
                                   x - 8, y_of(p.clip->dbu()) - 1.5, p.clip->dbu());
            }
            if (p.noise) {
                svg += fmt::format("    <rect class=\"noise\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"16\" height=\"{:.1f}\" fill=\"#bbbbbb\" "
                                   "opacity=\"0.6\"><title>noise floor {:.2f} dBu</title></rect>\n",
                                   x - 8, y_of(p.noise->dbu()), std::max(1.0, plot_bottom - y_of(p.noise->dbu())), p.noise->dbu());
            }
            if (!p.level) continue;
            const double y = y_of(p.level->dbu());
            polyline += fmt::format("{}{:.1f},{:.1f}", polyline.empty() ? "" : " ", x, y);
            std::string note;
            if (p.clip) note += fmt::format(", headroom {:.1f} dB", p.clip->dbu() - p.level->dbu());
            if (p.noise) note += fmt::format(", SNR {:.1f} dB", p.level->dbu() - p.noise->dbu());
            svg += fmt::format("    <circle class=\"point\" cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4\" fill=\"{}\" data-port=\"{}\" "
                               "data-level=\"{:.2f}\"><title>{}: {:.2f} dBu{}</title></circle>\n",
                               x, y, colour, xml_escape(r.port_name(p.port)), p.level->dbu(), xml_escape(r.port_name(p.port)),
                               p.level->dbu(), note);
            if (p.clip && i + 1 == points.size())
                svg += fmt::format("    <text x=\"{:.1f}\" y=\"{:.1f}\" fill=\"{}\">headroom {:.1f} dB{}</text>\n", x - 150, y - 8,
                                   colour, p.clip->dbu() - p.level->dbu(),
                                   p.noise ? fmt::format(", SNR {:.1f} dB", p.level->dbu() - p.noise->dbu()) : std::string());
        }
        if (!polyline.empty())
            svg += fmt::format("    <polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"/>\n", polyline, colour);
        svg += "  </g>\n";
        const double legend_y = plot_bottom + 34 + legend_row * static_cast<double>(s);
        svg += fmt::format("  <rect x=\"{}\" y=\"{:.1f}\" width=\"12\" height=\"12\" fill=\"{}\"/><text x=\"{}\" y=\"{:.1f}\">{}</text>\n",
                           plot_left, legend_y - 10, colour, plot_left + 18, legend_y, xml_escape(name));
    }
    svg += fmt::format("  <text x=\"{}\" y=\"{}\" fill=\"#d62728\">red: input clip level</text>"
                       "<text x=\"{}\" y=\"{}\" fill=\"#888888\">grey: noise floor</text>\n",
                       plot_right - 260, plot_top - 8, plot_right - 120, plot_top - 8);
    svg += "</svg>\n";
    return svg;
}

} // namespace rigcheck
