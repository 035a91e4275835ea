// Tests of the rig pictures (issue "Pictures"): the signal-flow DOT, the level diagram SVG, the
// `levels --path` selection, and how a channel insert is modelled.
//
// The DOT is checked structurally, by parsing its node and edge statements, for a known rig
// whose links cover every edge style: balanced, unbalanced, polarity-inverted, an insert Y and a
// direction conflict, with diagnostics of each severity. The level diagram is parsed as XML
// (Boost.PropertyTree's parser rejects malformed documents) and its plotted numbers are
// compared with the analysed rig's own values, which is the diagram's whole promise.
#include <rigcheck/analysis/analysis.hpp>
#include <rigcheck/report/levels_report.hpp>
#include <rigcheck/load/loader.hpp>
#include <rigcheck/report/diagrams.hpp>
#include <rigcheck/rules/engine.hpp>
#include <rigcheck/rules/rule_set.hpp>

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

using namespace rigcheck;

constexpr const char* known_rig = R"(rigcheck: 1
name: Known rig
devices:
  kbd: {gear: generic/keyboard, label: "Stage keyboard"}
  mic: {gear: generic/dynamic-mic}
  stagebox: {gear: generic/stage-box}
  desk:
    gear: generic/mixer
    settings:
      in-1: {gain: 50 dB}
      in-2: {gain: 0 dB, pad: on}
  comp: {gear: generic/line-processor}
  spk: {gear: generic/powered-speaker}
connections:
  - {from: mic.out, to: stagebox.in-1, cable: [xlr, xlr-polarity-reverse], length: 10 m}
  - {from: kbd.out-l, to: stagebox.in-2, cable: ts-to-xlr-male, length: 15 m}
  - {from: stagebox.out-1, to: desk.in-1, cable: xlr, length: 1 m}
  - {from: stagebox.out-2, to: desk.in-2, cable: xlr, length: 1 m}
  - cable: insert-y
    ends: {a: desk.ins-1, send: comp.in, return: comp.out}
    length: 1 m
  - {from: desk.main-l, to: spk.in, cable: xlr, length: 20 m}
  - {from: kbd.out-r, to: spk.thru, cable: ts, length: 2 m}
)";

std::shared_ptr<const analysed_rig> load_and_analyse(const std::string& text) {
    auto loaded = load_rig_text(text, "known.yaml");
    REQUIRE(loaded.errors.empty());
    REQUIRE(loaded.loaded);
    return analyse(std::move(*loaded.loaded));
}

std::vector<diagnostic> builtin_diagnostics(const analysed_rig& analysed) {
    const auto& builtin = builtin_rule_set();
    REQUIRE(builtin.rules);
    return run_rules(*builtin.rules, analysed).diagnostics;
}

struct dot_edge {
    std::string from; ///< "device:p<index>:<side>"
    std::string to;
    std::map<std::string, std::string> attributes;
};

struct dot_graph {
    std::map<std::string, std::map<std::string, std::string>> nodes;
    std::vector<dot_edge> edges;
    std::string graph_line;

    [[nodiscard]] const dot_edge* edge(const std::string& from, const std::string& to) const {
        for (const auto& e : edges)
            if (e.from == from && e.to == to) return &e;
        return nullptr;
    }
};

/// The attributes of one `[a=b, c="d", e=<html>]` list. HTML labels are kept whole.
std::map<std::string, std::string> parse_attributes(const std::string& list) {
    std::map<std::string, std::string> result;
    std::size_t at = 0;
    while (at < list.size()) {
        while (at < list.size() && (list[at] == ' ' || list[at] == ',')) ++at;
        const auto equals = list.find('=', at);
        if (equals == std::string::npos) break;
        const std::string name = list.substr(at, equals - at);
        at = equals + 1;
        std::string value;
        if (list[at] == '"') {
            for (++at; at < list.size() && list[at] != '"'; ++at) {
                if (list[at] == '\\' && at + 1 < list.size()) value += list[at++];
                value += list[at];
            }
            ++at;
        } else if (list[at] == '<') {
            int depth = 0;
            const std::size_t begin = at;
            for (; at < list.size(); ++at) {
                if (list[at] == '<') ++depth;
                if (list[at] == '>' && --depth == 0) break;
            }
            value = list.substr(begin + 1, at - begin - 1);
            ++at;
        } else {
            const auto end = list.find(',', at);
            value = list.substr(at, end == std::string::npos ? std::string::npos : end - at);
            at = end == std::string::npos ? list.size() : end;
        }
        result[name] = value;
    }
    return result;
}

dot_graph parse_dot(const std::string& dot) {
    dot_graph g;
    std::istringstream lines(dot);
    const std::regex node_statement(R"re(^  "([^"]+)" \[(.*)\];$)re");
    const std::regex edge_statement(
        R"re(^  "([^"]+)":"(p\d+)"(?::(\w))? -> "([^"]+)":"(p\d+)"(?::(\w))? \[(.*)\];$)re");
    std::string first;
    std::getline(lines, first);
    REQUIRE(first == "digraph rig {");
    std::string last;
    for (std::string line; std::getline(lines, line);) {
        std::smatch m;
        if (std::regex_match(line, m, edge_statement)) {
            g.edges.push_back({m[1].str() + ":" + m[2].str() + (m[3].matched ? ":" + m[3].str() : ""),
                               m[4].str() + ":" + m[5].str() + (m[6].matched ? ":" + m[6].str() : ""),
                               parse_attributes(m[7].str())});
        } else if (std::regex_match(line, m, node_statement)) {
            g.nodes[m[1].str()] = parse_attributes(m[2].str());
        } else if (line.rfind("  graph [", 0) == 0) {
            g.graph_line = line;
        }
        last = line;
    }
    CHECK(last == "}");
    return g;
}

} // namespace

TEST_CASE("the signal-flow DOT draws every device as a box of its ports, and every link as a styled edge",
          "[diagrams]") {
    const auto analysed = load_and_analyse(known_rig);
    const auto diagnostics = builtin_diagnostics(*analysed);
    const dot_graph g = parse_dot(render_signal_flow_dot(*analysed, diagnostics));

    CHECK(g.nodes.size() == 6);
    for (const char* id : {"kbd", "mic", "stagebox", "desk", "comp", "spk"}) {
        INFO(id);
        REQUIRE(g.nodes.count(id) == 1);
        CHECK(g.nodes.at(id).at("class").rfind("device", 0) == 0);
    }
    // Ports are table cells named after their index in the gear; a stage box shows only the
    // jacks in use and counts the rest.
    const std::string& stagebox = g.nodes.at("stagebox").at("label");
    CHECK(stagebox.find("<TD PORT=\"p0\" ALIGN=\"LEFT\">in-1</TD>") != std::string::npos);
    CHECK(stagebox.find("<TD PORT=\"p1\" ALIGN=\"LEFT\">in-2</TD>") != std::string::npos);
    CHECK(stagebox.find("<TD PORT=\"p8\" ALIGN=\"RIGHT\">out-1</TD>") != std::string::npos);
    CHECK(stagebox.find("PORT=\"p2\"") == std::string::npos);
    CHECK(stagebox.find("20 more ports unused") != std::string::npos);
    // The insert jack spans the desk box: send and return meet it on one side.
    CHECK(g.nodes.at("desk").at("label").find("<TD PORT=\"p10\" ALIGN=\"CENTER\" COLSPAN=\"2\">ins-1</TD>") !=
          std::string::npos);
    CHECK(g.nodes.at("kbd").at("label").find("<I>Stage keyboard</I>") != std::string::npos);
    CHECK(g.nodes.at("kbd").at("label").find("generic/keyboard") != std::string::npos);

    // Seven links and one direction conflict (kbd.out-r into the speaker's thru output).
    REQUIRE(g.edges.size() == 8);

    const auto* unbalanced = g.edge("kbd:p0:e", "stagebox:p1:w");
    REQUIRE(unbalanced);
    CHECK(unbalanced->attributes.at("label") == "ts-to-xlr-male\\n15 m");
    CHECK(unbalanced->attributes.at("style") == "dashed");
    // missing-di (an error) outranks level-mismatch (a warning) on the same connection.
    CHECK(unbalanced->attributes.at("color") == "#d62728");
    CHECK(unbalanced->attributes.at("penwidth") == "2");
    CHECK(unbalanced->attributes.at("class") == "link unbalanced-to-balanced error");
    CHECK(unbalanced->attributes.at("tooltip").find("[missing-di]") != std::string::npos);

    const auto* inverted = g.edge("mic:p0:e", "stagebox:p0:w");
    REQUIRE(inverted);
    CHECK(inverted->attributes.at("label") == "xlr + xlr-polarity-reverse\\n10 m\\n\xC3\x98 polarity inverted");
    CHECK(inverted->attributes.at("style") == "solid");
    CHECK(inverted->attributes.at("arrowhead") == "odot");
    CHECK(inverted->attributes.at("class") == "link balanced polarity-inverted");
    CHECK(inverted->attributes.at("color") == "#333333");

    const auto* balanced = g.edge("stagebox:p8:e", "desk:p0:w");
    REQUIRE(balanced);
    CHECK(balanced->attributes.at("label") == "xlr\\n1 m");
    CHECK(balanced->attributes.at("style") == "solid");
    CHECK(balanced->attributes.at("arrowhead") == "normal");
    CHECK(balanced->attributes.at("class") == "link balanced");
    CHECK(balanced->attributes.at("penwidth") == "1");

    // The insert Y forms two links: the send out of the jack, the return back into it.
    const auto* send = g.edge("desk:p10:e", "comp:p0:w");
    const auto* back = g.edge("comp:p1:e", "desk:p10:e");
    REQUIRE(send);
    REQUIRE(back);
    CHECK(send->attributes.at("label") == "insert-y\\n1 m");
    CHECK(send->attributes.at("class").rfind("link unbalanced-to-balanced", 0) == 0);
    CHECK(send->attributes.at("style") == "dashed");
    // balanced-to-unbalanced (info) is the return's alone: the subject tells the two links apart.
    CHECK(back->attributes.at("class") == "link balanced-to-unbalanced info");
    CHECK(back->attributes.at("color") == "#1f77b4");
    CHECK(back->attributes.at("tooltip").find("[balanced-to-unbalanced]") != std::string::npos);
    CHECK(send->attributes.at("tooltip").find("[balanced-to-unbalanced]") == std::string::npos);

    // polarity-inverted is a path finding: it is drawn on the path's last link, in warning colour.
    const auto* last = g.edge("desk:p14:e", "spk:p0:w");
    REQUIRE(last);
    CHECK(last->attributes.at("class") == "link balanced warning");
    CHECK(last->attributes.at("color") == "#e6820e");
    CHECK(last->attributes.at("tooltip").find("[polarity-inverted]") != std::string::npos);

    const auto* conflict = g.edge("kbd:p1", "spk:p1");
    REQUIRE(conflict);
    CHECK(conflict->attributes.at("class") == "direction-conflict");
    CHECK(conflict->attributes.at("dir") == "none");
    CHECK(conflict->attributes.at("color") == "#d62728");
    CHECK(conflict->attributes.at("tooltip").find("[direction-conflict]") != std::string::npos);

    CHECK(g.graph_line.find("rankdir=LR") != std::string::npos);
    CHECK(g.graph_line.find("<B>Known rig</B>") != std::string::npos);
}

TEST_CASE("the signal-flow DOT marks device and port findings, and escapes names", "[diagrams]") {
    const auto analysed = load_and_analyse(R"(rigcheck: 1
name: 'Say "hi" <now> & \ later'
devices:
  mic: {gear: generic/dynamic-mic, label: "A <b> & c"}
  desk: {gear: generic/mixer}
connections:
  - {from: mic.out, to: desk.in-1, cable: xlr, length: 5 m}
)");
    diagnostic on_port;
    on_port.rule = "house-port";
    on_port.severity = severity::warning;
    on_port.message = "a port finding";
    on_port.scope = rule_scope::port;
    on_port.subject = "desk.in-3";
    diagnostic on_device;
    on_device.rule = "house-device";
    on_device.severity = severity::error;
    on_device.message = "a device finding";
    on_device.scope = rule_scope::device;
    on_device.subject = "mic";
    diagnostic on_rig;
    on_rig.rule = "house-rig";
    on_rig.severity = severity::info;
    on_rig.message = "a <rig> finding";
    on_rig.scope = rule_scope::rig;
    on_rig.subject = "known.yaml";
    const std::vector<diagnostic> findings{on_port, on_device, on_rig};
    const dot_graph g = parse_dot(render_signal_flow_dot(*analysed, findings));

    // A port finding shows the port even though nothing is plugged in, tinted in its colour.
    // With no output in use, the desk's inputs span the box.
    const auto& desk = g.nodes.at("desk");
    CHECK(desk.at("label").find("<TD PORT=\"p0\" ALIGN=\"LEFT\" COLSPAN=\"2\">in-1</TD>") != std::string::npos);
    CHECK(desk.at("label").find("<TD PORT=\"p2\" ALIGN=\"LEFT\" COLSPAN=\"2\" BGCOLOR=\"#fbe3c8\">in-3</TD>") !=
          std::string::npos);
    CHECK(desk.at("label").find("PORT=\"p1\"") == std::string::npos);
    CHECK(desk.at("label").find("18 more ports unused") != std::string::npos); // 20 jacks, 2 shown
    CHECK(desk.at("class") == "device warning");
    CHECK(desk.at("color") == "#e6820e");
    const auto& mic = g.nodes.at("mic");
    CHECK(mic.at("class") == "device error");
    CHECK(mic.at("color") == "#d62728");
    CHECK(mic.at("tooltip") == "error: a device finding [house-device]");
    CHECK(mic.at("label").find("<I>A &lt;b&gt; &amp; c</I>") != std::string::npos);
    // What points at nothing drawn goes under the title.
    CHECK(g.graph_line.find("<B>Say &quot;hi&quot; &lt;now&gt; &amp; \\ later</B>") != std::string::npos);
    CHECK(g.graph_line.find("<FONT COLOR=\"#1f77b4\">info: a &lt;rig&gt; finding [house-rig]</FONT>") !=
          std::string::npos);
    const auto* edge = g.edge("mic:p0:e", "desk:p0:w");
    REQUIRE(edge);
    CHECK(edge->attributes.at("color") == "#333333");
}

TEST_CASE("the level diagram's points are the analysed levels, hop by hop", "[diagrams]") {
    const auto analysed = load_and_analyse(known_rig);
    const auto paths = find_paths(*analysed, "mic.out -> spk.in");
    REQUIRE(paths.size() == 1);
    const signal_path& path = *paths.front();
    REQUIRE(path.links.size() == 5); // mic -> stagebox -> desk -> comp (insert) -> desk -> spk
    const auto points = level_points(*analysed, path);
    REQUIRE(points.size() == 10);
    const auto& links = analysed->links().links;
    const auto signals = analysed->signals();
    for (std::size_t hop = 0; hop < path.links.size(); ++hop) {
        INFO("hop " << hop);
        const rigcheck::link& l = links[path.links[hop]];
        const link_signal& s = signals[path.links[hop]];
        const level_point& out = points[2 * hop];
        const level_point& in = points[2 * hop + 1];
        CHECK(out.port == l.source);
        CHECK_FALSE(out.input);
        REQUIRE(out.level);
        REQUIRE(analysed->port_level(l.source));
        CHECK(out.level->dbu() == analysed->port_level(l.source)->dbu());
        CHECK_FALSE(out.clip);
        CHECK(in.port == l.destination);
        CHECK(in.input);
        REQUIRE(in.level);
        REQUIRE(s.level);
        CHECK(in.level->dbu() == s.level->dbu());
        REQUIRE(in.headroom);
        CHECK(in.headroom->value() == s.headroom->value());
        REQUIRE(in.clip);
        CHECK(in.clip->dbu() - in.level->dbu() == Approx(in.headroom->value()).margin(1e-9));
        REQUIRE(in.noise);
        CHECK(in.noise->dbu() == s.noise->dbu());
        CHECK(in.snr->value() == s.snr->value());
    }
    // The numbers themselves, from docs/analysis.md: -54.5 dBV/Pa at 94 dB SPL is -52.28 dBu; a 150 ohm
    // source into the stage box's 2 kohm mic load loses 20*log10(2000/2150) = -0.63 dB.
    CHECK(points[0].level->dbu() == Approx(-52.28).margin(0.05));
    CHECK(points[1].level->dbu() == Approx(-52.28 - 0.628).margin(0.05));
    // The desk's 50 dB of gain feeds the insert send, which drives from a line output's 100 ohm
    // into the compressor's 10 kohm: 20*log10(10000/10100) = -0.086 dB (F3.1, F3.3).
    CHECK(points[4].level->dbu() == Approx(points[3].level->dbu() + 50.0).margin(1e-6));
    CHECK(points[5].level->dbu() == Approx(points[4].level->dbu() - 0.0864).margin(0.001));
    // The path's polarity flips at the reversing adapter and stays flipped.
    CHECK(signals[path.links[0]].polarity == -1);
    CHECK(signals[path.links.back()].polarity == -1);
}

TEST_CASE("the level diagram SVG is well-formed XML whose plotted numbers are the analysed levels", "[diagrams]") {
    namespace pt = boost::property_tree;
    const auto analysed = load_and_analyse(known_rig);
    const auto paths = find_paths(*analysed, "mic.out->spk.in");
    REQUIRE(paths.size() == 1);
    const auto points = level_points(*analysed, *paths.front());
    const std::string svg = render_level_diagram_svg(*analysed, paths);

    pt::ptree tree;
    std::istringstream stream(svg);
    REQUIRE_NOTHROW(pt::read_xml(stream, tree));
    const pt::ptree& root = tree.get_child("svg");
    CHECK(root.get<std::string>("<xmlattr>.xmlns") == "http://www.w3.org/2000/svg");
    CHECK(root.get<std::string>("title") == "Level diagram: Known rig");
    const pt::ptree& plot = root.get_child("g");
    CHECK(plot.get<std::string>("<xmlattr>.class") == "plot");
    const double low = plot.get<double>("<xmlattr>.data-min-dbu");
    const double high = plot.get<double>("<xmlattr>.data-max-dbu");
    const double top = plot.get<double>("<xmlattr>.data-top");
    const double bottom = plot.get<double>("<xmlattr>.data-bottom");
    REQUIRE(high > low);

    std::vector<const pt::ptree*> groups;
    for (const auto& [name, child] : plot)
        if (name == "g" && child.get<std::string>("<xmlattr>.class", "") == "path") groups.push_back(&child);
    REQUIRE(groups.size() == 1);
    CHECK(groups.front()->get<std::string>("title") == "mic.out -> spk.in");
    CHECK(groups.front()->get<std::string>("<xmlattr>.data-path") == "mic.out -> spk.in");

    std::vector<const pt::ptree*> circles;
    std::size_t clips = 0, noises = 0, polylines = 0;
    for (const auto& [name, child] : *groups.front()) {
        if (name == "circle") circles.push_back(&child);
        if (name == "polyline") ++polylines;
        if (name == "rect" && child.get<std::string>("<xmlattr>.class") == "clip") ++clips;
        if (name == "rect" && child.get<std::string>("<xmlattr>.class") == "noise") ++noises;
    }
    CHECK(polylines == 1);
    CHECK(clips == 5); // one band per input reached
    CHECK(noises == 5);
    REQUIRE(circles.size() == points.size());
    const rig& r = analysed->rig();
    for (std::size_t i = 0; i < points.size(); ++i) {
        INFO("point " << i);
        const auto& attributes = circles[i]->get_child("<xmlattr>");
        CHECK(attributes.get<std::string>("data-port") == r.port_name(points[i].port));
        CHECK(attributes.get<std::string>("data-side") == (points[i].input ? "input" : "output"));
        const double written = attributes.get<double>("data-level");
        CHECK(written == Approx(points[i].level->dbu()).margin(0.005));
        // Where the point is drawn, read back through the axis, is the same level.
        const double cy = attributes.get<double>("cy");
        const double plotted = low + (bottom - cy) / (bottom - top) * (high - low);
        CHECK(plotted == Approx(points[i].level->dbu()).margin(0.05));
        CHECK(circles[i]->get<std::string>("title").rfind(r.port_name(points[i].port) + ": ", 0) == 0);
    }
    // One path: the x axis names every port along it.
    std::vector<std::string> names;
    for (const auto& [name, child] : plot)
        if (name == "text" && child.get<std::string>("<xmlattr>.class", "") == "port-name")
            names.push_back(child.data());
    REQUIRE(names.size() == points.size());
    CHECK(names.front() == "mic.out");
    CHECK(names[4] == "desk.ins-1");
    CHECK(names[5] == "comp.in");
    CHECK(names.back() == "spk.in");
}

TEST_CASE("the level diagram without a path is still a valid document that says so", "[diagrams]") {
    namespace pt = boost::property_tree;
    const auto analysed = load_and_analyse(known_rig);
    const std::string svg = render_level_diagram_svg(*analysed, {});
    pt::ptree tree;
    std::istringstream stream(svg);
    REQUIRE_NOTHROW(pt::read_xml(stream, tree));
    CHECK(svg.find("the rig has no source-to-sink path") != std::string::npos);
    CHECK(svg.find("<circle") == std::string::npos);
}

TEST_CASE("levels --path selects a path by name and narrows the table to its links", "[diagrams]") {
    const auto analysed = load_and_analyse(known_rig);
    CHECK(find_paths(*analysed, "kbd.out-l->desk.in-9").empty());
    CHECK(find_paths(*analysed, "kbd.out-l").empty());
    const auto spaced = find_paths(*analysed, "  mic.out   ->  spk.in ");
    REQUIRE(spaced.size() == 1);
    CHECK(path_name(analysed->rig(), *spaced.front()) == "mic.out->spk.in");
    const auto links = links_along(spaced);
    REQUIRE(links.size() == 5);
    const std::string text = render_levels_text(*analysed, links);
    std::vector<std::string> rows;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) rows.push_back(line);
    REQUIRE(rows.size() == 6);
    CHECK(rows[1].rfind("mic.out -> stagebox.in-1 ", 0) == 0);
    CHECK(rows[3].rfind("desk.ins-1 -> comp.in ", 0) == 0);
    CHECK(rows[4].rfind("comp.out -> desk.ins-1 ", 0) == 0);
    CHECK(rows[5].rfind("desk.main-l -> spk.in ", 0) == 0);
    const std::string json = render_levels_json(*analysed, links);
    CHECK(json.find("\"from\": \"kbd.out-l\"") == std::string::npos);
    CHECK(json.find("\"from\": \"mic.out\"") != std::string::npos);
}

TEST_CASE("a patched insert is send to processor and processor to return, and an empty one is normalled",
          "[diagrams][analysis]") {
    const auto patched = load_and_analyse(known_rig);
    const auto& la = patched->links();
    // The insert-y connection (the fifth) forms exactly the send and the return, and no loop.
    REQUIRE(la.links_of_connection.size() == 7);
    REQUIRE(la.links_of_connection[4].size() == 2);
    const rigcheck::link& send = la.links[la.links_of_connection[4][0]];
    const rigcheck::link& back = la.links[la.links_of_connection[4][1]];
    const rig& r = patched->rig();
    CHECK(r.port_name(send.source) == "desk.ins-1");
    CHECK(r.port_name(send.destination) == "comp.in");
    CHECK(r.port_name(back.source) == "comp.out");
    CHECK(r.port_name(back.destination) == "desk.ins-1");
    CHECK(patched->cycles().empty());

    // Without the insert Y, channel 1 still reaches the mains: the jack passes send to return.
    // (Channel 2, the padded keyboard, is quieter, so channel 1 sets the mains' level.)
    std::string unpatched = known_rig;
    const auto cut = unpatched.find("  - cable: insert-y");
    const auto resume = unpatched.find("  - {from: desk.main-l");
    unpatched.erase(cut, resume - cut);
    const auto normalled = load_and_analyse(unpatched);
    CHECK(normalled->cycles().empty());
    const auto ins = port_ref{*normalled->rig().find_device("desk"), 10};
    const auto main = port_ref{*normalled->rig().find_device("desk"), 14};
    REQUIRE(normalled->rig().port_name(ins) == "desk.ins-1");
    REQUIRE(normalled->rig().port_name(main) == "desk.main-l");
    REQUIRE(normalled->port_level(ins));
    REQUIRE(normalled->port_level(main));
    CHECK(normalled->port_level(main)->dbu() == Approx(normalled->port_level(ins)->dbu()).margin(1e-9));
    const auto paths = find_paths(*normalled, "mic.out->spk.in");
    REQUIRE(paths.size() == 1);
    CHECK(paths.front()->links.size() == 3);
}
