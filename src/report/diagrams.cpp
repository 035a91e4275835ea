// Signal-flow (DOT) and level (SVG) diagrams of an analysed rig (see diagrams.hpp).
#include <rigcheck/report/diagrams.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>
#include <set>
#include <string_view>

namespace rigcheck {
namespace {

constexpr std::string_view colour_error = "#d62728";
constexpr std::string_view colour_warning = "#e6820e";
constexpr std::string_view colour_info = "#1f77b4";
constexpr std::string_view colour_plain = "#333333";

std::string_view severity_colour(std::optional<severity> s) {
    if (!s) return colour_plain;
    switch (*s) {
        case severity::error:
            return colour_error;
        case severity::warning:
            return colour_warning;
        case severity::info:
            return colour_info;
    }
    return colour_plain;
}

/// A pale tint of the severity colour, for the background of a marked port.
std::string_view severity_tint(severity s) {
    switch (s) {
        case severity::error:
            return "#f7d4d4";
        case severity::warning:
            return "#fbe3c8";
        case severity::info:
            return "#d6e6f4";
    }
    return "#ffffff";
}

/// Escapes text for Graphviz HTML-like labels and for SVG/XML.
std::string xml_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

/// Escapes text for a double-quoted DOT string; a line break becomes DOT's centred `\n`.
std::string dot_escape(std::string_view text) {
    std::string out;
    for (const char c : text) {
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out;
}

std::string format_length(const length& l) { return fmt::format("{:g} m", std::round(l.value() * 100.0) / 100.0); }

/// Kinds drawn dashed: the signal travels on one leg against ground for at least part of the way.
bool unbalanced_kind(link_kind kind) {
    return kind == link_kind::unbalanced || kind == link_kind::unbalanced_to_balanced ||
           kind == link_kind::balanced_to_unbalanced || kind == link_kind::stereo_to_mono;
}

/// Kinds drawn dotted: nothing useful arrives.
bool broken_kind(link_kind kind) {
    return kind == link_kind::unmated || kind == link_kind::no_signal || kind == link_kind::shorted;
}

/// The highest severity and the messages of the diagnostics marked on one thing.
struct marks {
    std::optional<severity> worst;
    std::string text;
    void add(const diagnostic& d) {
        if (!worst || d.severity > *worst) worst = d.severity;
        if (!text.empty()) text += '\n';
        text += fmt::format("{}: {} [{}]", to_string(d.severity), d.message, d.rule);
    }
};

/// Where each diagnostic goes on the signal-flow diagram.
struct placed_marks {
    std::vector<marks> links;
    std::vector<marks> conflicts;
    std::vector<marks> devices;
    std::map<std::pair<std::size_t, std::size_t>, marks> ports;
    std::vector<const diagnostic*> rig_diagnostics;           ///< what points at nothing drawn (a rig-scope finding)
    std::set<std::pair<std::size_t, std::size_t>> used_ports; ///< ports some connection plugs into
};

/// Places diagnostics by their subject first (a link's `SRC -> DST`, a path's name, a port, a
/// device), which tells apart the several links of one multi-end connection, then by their
/// location (a connection's item or one of its ignore entries, a device's entry).
placed_marks place_diagnostics(const analysed_rig& analysis, std::span<const diagnostic> diagnostics) {
    const rig& r = analysis.rig();
    const auto& la = analysis.links();
    placed_marks placed;
    placed.links.resize(la.links.size());
    placed.conflicts.resize(la.conflicts.size());
    placed.devices.resize(r.devices.size());
    for (const auto& c : r.connections)
        for (const auto& end : c.ends) placed.used_ports.insert({end.port.device, end.port.port});

    std::map<std::string, std::vector<std::size_t>, std::less<>> link_by_subject;
    for (std::size_t i = 0; i < la.links.size(); ++i)
        link_by_subject[r.port_name(la.links[i].source) + " -> " + r.port_name(la.links[i].destination)].push_back(i);
    std::map<std::string, std::vector<std::size_t>, std::less<>> conflict_by_subject;
    for (std::size_t i = 0; i < la.conflicts.size(); ++i) {
        conflict_by_subject[r.port_name(la.conflicts[i].first) + " -> " + r.port_name(la.conflicts[i].second)]
            .push_back(i);
        conflict_by_subject[r.port_name(la.conflicts[i].second) + " -> " + r.port_name(la.conflicts[i].first)]
            .push_back(i);
    }
    std::map<std::string, std::vector<std::size_t>, std::less<>> last_link_of_path;
    for (const auto& path : analysis.paths())
        if (!path.links.empty())
            last_link_of_path[r.port_name(path.source) + " -> " + r.port_name(path.sink)].push_back(path.links.back());
    std::map<std::string, std::pair<std::size_t, std::size_t>, std::less<>> port_by_name;
    std::map<std::string, std::size_t, std::less<>> device_by_id;
    for (std::size_t d = 0; d < r.devices.size(); ++d) {
        device_by_id.emplace(r.devices[d].id, d);
        for (std::size_t p = 0; p < r.gear_of(r.devices[d]).ports.size(); ++p)
            port_by_name.emplace(r.port_name({d, p}), std::pair{d, p});
    }
    std::map<source_position, std::size_t> connection_at;
    for (std::size_t c = 0; c < r.connections.size(); ++c) {
        if (r.connections[c].position.known()) connection_at.emplace(r.connections[c].position, c);
        for (const auto& ignore : r.connections[c].ignores)
            if (ignore.position.known()) connection_at.emplace(ignore.position, c);
    }
    std::map<source_position, std::size_t> device_at;
    for (std::size_t d = 0; d < r.devices.size(); ++d)
        if (r.devices[d].position.known()) device_at.emplace(r.devices[d].position, d);

    const auto mark_connection = [&](std::size_t c, const diagnostic& d) {
        bool drawn = false;
        if (c < la.links_of_connection.size())
            for (const auto i : la.links_of_connection[c]) {
                placed.links[i].add(d);
                drawn = true;
            }
        for (std::size_t i = 0; i < la.conflicts.size(); ++i)
            if (la.conflicts[i].connection == c) {
                placed.conflicts[i].add(d);
                drawn = true;
            }
        return drawn;
    };

    for (const auto& d : diagnostics) {
        if (const auto found = link_by_subject.find(d.subject);
            found != link_by_subject.end() && d.scope != rule_scope::path) {
            for (const auto i : found->second) placed.links[i].add(d);
            continue;
        }
        if (const auto found = conflict_by_subject.find(d.subject); found != conflict_by_subject.end()) {
            for (const auto i : found->second) placed.conflicts[i].add(d);
            continue;
        }
        if (const auto found = last_link_of_path.find(d.subject); found != last_link_of_path.end()) {
            for (const auto i : found->second) placed.links[i].add(d);
            continue;
        }
        if (const auto found = port_by_name.find(d.subject); found != port_by_name.end()) {
            placed.ports[found->second].add(d);
            placed.devices[found->second.first].add(d);
            continue;
        }
        if (const auto found = device_by_id.find(d.subject); found != device_by_id.end()) {
            placed.devices[found->second].add(d);
            continue;
        }
        if (d.location.known() && d.location.file == r.file) {
            const source_position at = position_of(d.location);
            if (const auto c = connection_at.find(at); c != connection_at.end() && mark_connection(c->second, d))
                continue;
            if (const auto dev = device_at.find(at); dev != device_at.end()) {
                placed.devices[dev->second].add(d);
                continue;
            }
        }
        placed.rig_diagnostics.push_back(&d);
    }
    return placed;
}

/// Node and edge attributes of one device box: inputs left, outputs right, insert jacks (send
/// and return on one port) across the bottom.
std::string device_node(const rig& r, std::size_t d, const placed_marks& placed) {
    const device& dev = r.devices[d];
    const gear& g = r.gear_of(dev);
    std::vector<std::size_t> inputs, outputs, inserts;
    std::size_t hidden = 0;
    for (std::size_t p = 0; p < g.ports.size(); ++p) {
        // A desk or a stage box has dozens of jacks; the picture shows those in use, and those
        // a diagnostic points at.
        if (!placed.used_ports.contains({d, p}) && !placed.ports.contains({d, p})) {
            ++hidden;
            continue;
        }
        switch (g.ports[p].direction) {
            case port_direction::in:
                inputs.push_back(p);
                break;
            case port_direction::out:
                outputs.push_back(p);
                break;
            case port_direction::insert:
                inserts.push_back(p);
                break;
        }
    }
    const auto cell = [&](std::size_t p, std::string_view align, std::string_view span) {
        const port& pt = g.ports[p];
        std::string background;
        if (const auto found = placed.ports.find({d, p}); found != placed.ports.end() && found->second.worst)
            background = fmt::format(" BGCOLOR=\"{}\"", severity_tint(*found->second.worst));
        return fmt::format("<TD PORT=\"p{}\" ALIGN=\"{}\"{}{}>{}</TD>", p, align, span, background, xml_escape(pt.id));
    };
    std::string rows;
    if (inputs.empty() || outputs.empty()) {
        // A source or a sink: its ports span the box.
        for (const auto p : inputs) rows += "<TR>" + cell(p, "LEFT", " COLSPAN=\"2\"") + "</TR>";
        for (const auto p : outputs) rows += "<TR>" + cell(p, "RIGHT", " COLSPAN=\"2\"") + "</TR>";
    }
    const std::size_t count = inputs.empty() || outputs.empty() ? 0 : std::max(inputs.size(), outputs.size());
    for (std::size_t row = 0; row < count; ++row) {
        rows += "<TR>";
        rows += row < inputs.size() ? cell(inputs[row], "LEFT", "") : std::string("<TD BORDER=\"0\"></TD>");
        rows += row < outputs.size() ? cell(outputs[row], "RIGHT", "") : std::string("<TD BORDER=\"0\"></TD>");
        rows += "</TR>";
    }
    for (const auto p : inserts) rows += "<TR>" + cell(p, "CENTER", " COLSPAN=\"2\"") + "</TR>";
    if (hidden > 0)
        rows += fmt::format(
            "<TR><TD COLSPAN=\"2\" BORDER=\"0\"><FONT POINT-SIZE=\"8\" COLOR=\"#777777\">{} more port{} "
            "unused</FONT></TD></TR>",
            hidden, hidden == 1 ? "" : "s");

    const marks& m = placed.devices[d];
    const auto colour = severity_colour(m.worst);
    const std::string label = dev.label.empty() ? std::string() : fmt::format("<BR/><I>{}</I>", xml_escape(dev.label));
    const std::string tooltip = m.text.empty() ? g.id : m.text;
    return fmt::format(
        "  \"{}\" [class=\"device{}\", color=\"{}\", tooltip=\"{}\", label=<<TABLE BORDER=\"{}\" CELLBORDER=\"1\" "
        "CELLSPACING=\"0\" COLOR=\"{}\"><TR><TD COLSPAN=\"2\" BGCOLOR=\"#eeeeee\"><B>{}</B>{}<BR/>"
        "<FONT POINT-SIZE=\"9\">{}</FONT></TD></TR>{}</TABLE>>];\n",
        dot_escape(dev.id), m.worst ? fmt::format(" {}", to_string(*m.worst)) : std::string(), colour,
        dot_escape(tooltip), m.worst ? 2 : 1, colour, xml_escape(dev.id), label, xml_escape(g.id), rows);
}

/// The compass side where an edge meets a port: inputs on the west, outputs on the east, and
/// insert jacks (drawn across the box) on the east for both directions, since the processor
/// patched into them sits downstream.
std::string_view side_of(const rig& r, port_ref ref, bool driving) {
    if (r.port_at(ref).direction == port_direction::insert) return "e";
    return driving ? "e" : "w";
}

} // namespace

std::string render_signal_flow_dot(const analysed_rig& analysis, std::span<const diagnostic> diagnostics) {
    const rig& r = analysis.rig();
    const placed_marks placed = place_diagnostics(analysis, diagnostics);

    std::string out;
    out += "digraph rig {\n";
    // The title, what points at nothing drawn, and a key to the edge styles and colours.
    std::string heading = fmt::format("<B>{}</B>", xml_escape(r.name.empty() ? r.file : r.name));
    for (const auto& d : placed.rig_diagnostics)
        heading += fmt::format("<BR/><FONT COLOR=\"{}\">{}: {} [{}]</FONT>", severity_colour(d->severity),
                               to_string(d->severity), xml_escape(d->message), xml_escape(d->rule));
    heading += fmt::format(
        "<BR/><FONT POINT-SIZE=\"9\">edges: solid balanced, dashed unbalanced, dotted nothing arrives; "
        "\xC3\x98 and an open dot: polarity inverted; marked <FONT COLOR=\"{}\">error</FONT>, "
        "<FONT COLOR=\"{}\">warning</FONT>, <FONT COLOR=\"{}\">info</FONT></FONT>",
        colour_error, colour_warning, colour_info);
    out += fmt::format("  graph [rankdir=LR, fontname=\"Helvetica\", labelloc=t, label=<{}>];\n", heading);
    out += "  node [shape=plaintext, fontname=\"Helvetica\", fontsize=11];\n";
    out += "  edge [fontname=\"Helvetica\", fontsize=9];\n";
    for (std::size_t d = 0; d < r.devices.size(); ++d) out += device_node(r, d, placed);

    const auto& links = analysis.links();
    for (std::size_t i = 0; i < links.links.size(); ++i) {
        const link& l = links.links[i];
        const connection& c = r.connections[l.connection];
        std::string label;
        for (const auto index : c.chain) label += (label.empty() ? "" : " + ") + r.cables[index].id;
        if (c.length) label += "\n" + format_length(*c.length);
        if (l.polarity < 0) label += "\n\xC3\x98 polarity inverted"; // Ø, the usual polarity sign
        const std::string_view style = broken_kind(l.kind) ? "dotted" : unbalanced_kind(l.kind) ? "dashed" : "solid";
        const marks& m = placed.links[i];
        std::string classes = fmt::format("link {}", to_string(l.kind));
        if (l.polarity < 0) classes += " polarity-inverted";
        if (m.worst) classes += fmt::format(" {}", to_string(*m.worst));
        out += fmt::format(
            "  \"{}\":\"p{}\":{} -> \"{}\":\"p{}\":{} [id=\"link{}\", class=\"{}\", label=\"{}\", style={}, "
            "color=\"{}\", fontcolor=\"{}\", penwidth={}, arrowhead={}, tooltip=\"{}\"];\n",
            dot_escape(r.devices[l.source.device].id), l.source.port, side_of(r, l.source, true),
            dot_escape(r.devices[l.destination.device].id), l.destination.port, side_of(r, l.destination, false), i,
            classes, dot_escape(label), style, severity_colour(m.worst), severity_colour(m.worst), m.worst ? 2 : 1,
            l.polarity < 0 ? "odot" : "normal",
            dot_escape(fmt::format("{} -> {}: {}{}{}", r.port_name(l.source), r.port_name(l.destination),
                                   to_string(l.kind), m.text.empty() ? "" : "\n", m.text)));
    }
    for (std::size_t i = 0; i < links.conflicts.size(); ++i) {
        const auto& conflict = links.conflicts[i];
        const marks& m = placed.conflicts[i];
        out += fmt::format(
            "  \"{}\":\"p{}\" -> \"{}\":\"p{}\" [id=\"conflict{}\", class=\"direction-conflict\", dir=none, "
            "style=bold, color=\"{}\", fontcolor=\"{}\", label=\"direction conflict\", tooltip=\"{}\"];\n",
            dot_escape(r.devices[conflict.first.device].id), conflict.first.port,
            dot_escape(r.devices[conflict.second.device].id), conflict.second.port, i,
            m.worst ? severity_colour(m.worst) : colour_error, m.worst ? severity_colour(m.worst) : colour_error,
            dot_escape(m.text.empty() ? "direction conflict" : m.text));
    }
    out += "}\n";
    return out;
}

std::vector<level_point> level_points(const analysed_rig& analysis, const signal_path& path) {
    std::vector<level_point> points;
    const auto& links = analysis.links().links;
    const auto signals = analysis.signals();
    const rig& r = analysis.rig();
    for (const auto index : path.links) {
        const link& l = links[index];
        level_point leaving;
        leaving.port = l.source;
        leaving.level = analysis.port_level(l.source);
        points.push_back(leaving);

        const link_signal& arriving = signals[index];
        level_point reached;
        reached.port = l.destination;
        reached.input = true;
        reached.level = arriving.level;
        reached.clip = r.port_at(l.destination).face(l.destination_face).max;
        reached.noise = arriving.noise;
        reached.headroom = arriving.headroom;
        reached.snr = arriving.snr;
        points.push_back(reached);
    }
    return points;
}

std::string render_level_diagram_svg(const analysed_rig& analysis, std::span<const signal_path* const> paths) {
    const rig& r = analysis.rig();
    const std::size_t total = paths.size();
    if (paths.size() > max_level_diagram_paths) paths = paths.first(max_level_diagram_paths);
    const bool single = paths.size() == 1;

    std::vector<std::vector<level_point>> series;
    double low = 0.0, high = 0.0;
    bool any = false;
    std::size_t longest = 2;
    const auto extend = [&](const std::optional<level>& v) {
        if (!v) return;
        if (!any) {
            low = high = v->dbu();
            any = true;
        }
        low = std::min(low, v->dbu());
        high = std::max(high, v->dbu());
    };
    for (const auto* path : paths) {
        series.push_back(level_points(analysis, *path));
        longest = std::max(longest, series.back().size());
        for (const auto& p : series.back()) {
            extend(p.level);
            extend(p.clip);
            extend(p.noise);
        }
    }
    if (!any) {
        low = -60.0;
        high = 30.0;
    }
    low = std::floor((low - 5.0) / 10.0) * 10.0;
    high = std::ceil((high + 5.0) / 10.0) * 10.0;

    // With one path, the port names stand rotated under the axis and need room.
    constexpr double width = 960, plot_left = 70, plot_right = 900, plot_top = 60, plot_bottom = 430, legend_row = 18;
    const double axis_room = single ? 100.0 : 40.0;
    const double legend_top = plot_bottom + axis_room;
    const double height = legend_top + 20 + legend_row * static_cast<double>(series.size());
    const auto x_of = [&](std::size_t i) {
        return plot_left + 20 +
               (plot_right - plot_left - 40) * static_cast<double>(i) / static_cast<double>(longest - 1);
    };
    const auto y_of = [&](double dbu) { return plot_bottom - (plot_bottom - plot_top) * (dbu - low) / (high - low); };
    const auto clamp_y = [&](double y) { return std::clamp(y, plot_top, plot_bottom); };
    static constexpr std::string_view palette[] = {"#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf",
                                                   "#bcbd22", "#7f7f7f", "#ff7f0e", "#d62728", "#393b79", "#637939"};
    const std::string rig_title = r.name.empty() ? r.file : r.name;

    std::string svg;
    svg += fmt::format(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
        "width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" font-family=\"Helvetica, Arial, sans-serif\" "
        "font-size=\"11\">\n",
        width, height);
    svg += fmt::format("  <title>Level diagram: {}</title>\n", xml_escape(rig_title));
    svg += fmt::format("  <rect x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>\n", width, height);
    svg += fmt::format(
        "  <text x=\"{}\" y=\"24\" font-size=\"15\" font-weight=\"bold\">Nominal level along {} (dBu): {}</text>\n",
        plot_left, single ? "the path" : "each path", xml_escape(rig_title));
    if (total > paths.size())
        svg += fmt::format(
            "  <text x=\"{}\" y=\"42\" fill=\"#555555\">showing {} of {} paths; choose one with --path</text>\n",
            plot_left, paths.size(), total);
    else if (total == 0)
        svg += fmt::format("  <text x=\"{}\" y=\"42\" fill=\"#555555\">the rig has no source-to-sink path</text>\n",
                           plot_left);
    svg +=
        fmt::format("  <g class=\"plot\" data-min-dbu=\"{}\" data-max-dbu=\"{}\" data-top=\"{}\" data-bottom=\"{}\">\n",
                    low, high, plot_top, plot_bottom);
    svg += fmt::format("    <rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#999999\"/>\n",
                       plot_left, plot_top, plot_right - plot_left, plot_bottom - plot_top);
    for (double grid = low; grid <= high + 0.01; grid += 10.0) {
        svg += fmt::format("    <line x1=\"{}\" y1=\"{:.2f}\" x2=\"{}\" y2=\"{:.2f}\" stroke=\"#e4e4e4\"/>\n",
                           plot_left, y_of(grid), plot_right, y_of(grid));
        svg += fmt::format("    <text x=\"{}\" y=\"{:.2f}\" text-anchor=\"end\">{:+.0f}</text>\n", plot_left - 6,
                           y_of(grid) + 4, grid);
    }
    svg += fmt::format(
        "    <text transform=\"rotate(-90 {0} {1})\" x=\"{0}\" y=\"{1}\" text-anchor=\"middle\">dBu</text>\n",
        plot_left - 40, (plot_top + plot_bottom) / 2);
    if (single) {
        // The port names along the one path, under the axis.
        for (std::size_t i = 0; i < series.front().size(); ++i) {
            const double x = x_of(i);
            svg += fmt::format(
                "    <text class=\"port-name\" transform=\"rotate(-35 {0:.2f} {1})\" x=\"{0:.2f}\" y=\"{1}\" "
                "text-anchor=\"end\">{2}</text>\n",
                x, plot_bottom + 16, xml_escape(r.port_name(series.front()[i].port)));
        }
    } else {
        svg += fmt::format(
            "    <text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#555555\">hops from the source: each "
            "output, then the input it reaches</text>\n",
            (plot_left + plot_right) / 2, plot_bottom + 20);
    }

    for (std::size_t s = 0; s < series.size(); ++s) {
        const auto& points = series[s];
        const auto colour = palette[s % std::size(palette)];
        const auto name = r.port_name(paths[s]->source) + " -> " + r.port_name(paths[s]->sink);
        svg += fmt::format("    <g class=\"path\" data-path=\"{}\">\n      <title>{}</title>\n", xml_escape(name),
                           xml_escape(name));
        // Bands first, so that the line and the points are drawn over them.
        for (std::size_t i = 0; i < points.size(); ++i) {
            const auto& p = points[i];
            const double x = x_of(i);
            if (p.clip) {
                const double y = clamp_y(y_of(p.clip->dbu()));
                svg += fmt::format(
                    "      <rect class=\"clip\" x=\"{:.2f}\" y=\"{}\" width=\"18\" height=\"{:.2f}\" fill=\"#d62728\" "
                    "opacity=\"0.18\" data-port=\"{}\" data-clip=\"{:.2f}\"><title>{}: clips at {:.2f} "
                    "dBu</title></rect>\n",
                    x - 9, plot_top, y - plot_top, xml_escape(r.port_name(p.port)), p.clip->dbu(),
                    xml_escape(r.port_name(p.port)), p.clip->dbu());
                svg += fmt::format(
                    "      <line x1=\"{:.2f}\" y1=\"{:.2f}\" x2=\"{:.2f}\" y2=\"{:.2f}\" stroke=\"#d62728\" "
                    "stroke-width=\"2\"/>\n",
                    x - 9, y, x + 9, y);
            }
            if (p.noise) {
                const double y = clamp_y(y_of(p.noise->dbu()));
                svg += fmt::format(
                    "      <rect class=\"noise\" x=\"{:.2f}\" y=\"{:.2f}\" width=\"18\" height=\"{:.2f}\" "
                    "fill=\"#888888\" "
                    "opacity=\"0.3\" data-port=\"{}\" data-noise=\"{:.2f}\"><title>{}: noise floor {:.2f} "
                    "dBu</title></rect>\n",
                    x - 9, y, plot_bottom - y, xml_escape(r.port_name(p.port)), p.noise->dbu(),
                    xml_escape(r.port_name(p.port)), p.noise->dbu());
            }
        }
        std::string polyline;
        std::string dots;
        for (std::size_t i = 0; i < points.size(); ++i) {
            const auto& p = points[i];
            if (!p.level) continue;
            const double x = x_of(i);
            const double y = y_of(p.level->dbu());
            polyline += fmt::format("{}{:.2f},{:.2f}", polyline.empty() ? "" : " ", x, y);
            std::string note;
            if (p.headroom) note += fmt::format(", headroom {:.1f} dB", p.headroom->value());
            if (p.snr) note += fmt::format(", SNR {:.1f} dB", p.snr->value());
            dots += fmt::format(
                "      <circle class=\"point\" cx=\"{:.2f}\" cy=\"{:.2f}\" r=\"4\" fill=\"{}\" data-port=\"{}\" "
                "data-side=\"{}\" data-level=\"{:.2f}\"><title>{}: {:.2f} dBu{}</title></circle>\n",
                x, y, colour, xml_escape(r.port_name(p.port)), p.input ? "input" : "output", p.level->dbu(),
                xml_escape(r.port_name(p.port)), p.level->dbu(), note);
            // Headroom and SNR under every input of a single path; above the sink of each of several.
            if (p.input && (single || i + 1 == points.size())) {
                std::vector<std::string> lines;
                if (p.headroom) lines.push_back(fmt::format("headroom {:.1f} dB", p.headroom->value()));
                if (p.snr) lines.push_back(fmt::format("SNR {:.1f} dB", p.snr->value()));
                for (std::size_t k = 0; k < lines.size(); ++k) {
                    const double offset = 13.0 * static_cast<double>(k);
                    const double text_y =
                        single ? y + 20 + offset : y - 10 - 13.0 * static_cast<double>(lines.size() - 1) + offset;
                    dots += fmt::format(
                        "      <text class=\"annotation\" x=\"{:.2f}\" y=\"{:.2f}\" fill=\"{}\" "
                        "text-anchor=\"{}\">{}</text>\n",
                        single ? x : x - 8, text_y, colour, single ? "middle" : "end", lines[k]);
                }
            }
        }
        if (!polyline.empty())
            svg += fmt::format("      <polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"/>\n",
                               polyline, colour);
        svg += dots;
        svg += "    </g>\n";
    }
    svg += "  </g>\n";
    for (std::size_t s = 0; s < series.size(); ++s) {
        const auto colour = palette[s % std::size(palette)];
        const auto name = r.port_name(paths[s]->source) + " -> " + r.port_name(paths[s]->sink);
        const double y = legend_top + legend_row * static_cast<double>(s);
        svg += fmt::format(
            "  <rect x=\"{}\" y=\"{:.2f}\" width=\"12\" height=\"12\" fill=\"{}\"/><text x=\"{}\" "
            "y=\"{:.2f}\">{}</text>\n",
            plot_left, y - 10, colour, plot_left + 18, y, xml_escape(name));
    }
    svg += fmt::format(
        "  <rect x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"#d62728\" opacity=\"0.35\"/>"
        "<text x=\"{}\" y=\"{}\">above an input's clip level</text>\n",
        plot_right - 330, plot_top - 22, plot_right - 314, plot_top - 12);
    svg += fmt::format(
        "  <rect x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"#888888\" opacity=\"0.5\"/>"
        "<text x=\"{}\" y=\"{}\">below its noise floor</text>\n",
        plot_right - 150, plot_top - 22, plot_right - 134, plot_top - 12);
    svg += "</svg>\n";
    return svg;
}

} // namespace rigcheck
