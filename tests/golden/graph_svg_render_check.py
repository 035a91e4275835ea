#!/usr/bin/env python3
"""Render test for the pictures: `rigcheck graph --format svg` (libgvc) and `rigcheck levels
--format svg` must be well-formed XML with the expected elements and titles, for every example.

For the band stage it also checks the content: one SVG node per device and one SVG edge per DOT
edge statement, each titled as Graphviz titles them; the warning edge drawn in warning colour;
and the level diagram's points carrying exactly the levels that `levels --format json` reports.

usage: graph_svg_render_check.py RIGCHECK SOURCE_DIR
"""
import json
import pathlib
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"


def run(rigcheck, source_dir, *args):
    done = subprocess.run([rigcheck, *args], cwd=source_dir, capture_output=True, timeout=120)
    if done.returncode != 0:
        sys.exit(f"rigcheck {' '.join(args)} exited {done.returncode}: {done.stderr.decode(errors='replace')}")
    return done.stdout.decode("utf-8")


def parse(text, what):
    try:
        return ET.fromstring(text.encode("utf-8"))
    except ET.ParseError as error:
        sys.exit(f"{what}: not well-formed XML: {error}")


def classes(element):
    return element.get("class", "").split()


def check(condition, message):
    if not condition:
        sys.exit(message)


def main():
    rigcheck, source_dir = sys.argv[1], pathlib.Path(sys.argv[2])
    examples = sorted((source_dir / "examples").glob("*.yaml"))
    check(examples, "no examples found")
    for example in examples:
        name = str(example.relative_to(source_dir))
        graph = parse(run(rigcheck, source_dir, "graph", name, "--format", "svg"), f"graph {name}")
        check(graph.tag == SVG + "svg", f"graph {name}: root is {graph.tag}")
        check(graph.find(f"{SVG}g/{SVG}title").text == "rig", f"graph {name}: graph title")
        levels = parse(run(rigcheck, source_dir, "levels", name, "--format", "svg"), f"levels {name}")
        check(levels.tag == SVG + "svg", f"levels {name}: root is {levels.tag}")
        check(levels.find(f"{SVG}title").text.startswith("Level diagram: "), f"levels {name}: title")

    band = "examples/band-stage.yaml"
    dot = run(rigcheck, source_dir, "graph", band, "--format", "dot")
    devices = re.findall(r'^  "([^"]+)" \[class="device', dot, re.M)
    edges = re.findall(r'^  "([^"]+)":"(p\d+)"(?::\w)? -> "([^"]+)":"(p\d+)"(?::\w)? \[id="([^"]+)", class="([^"]+)"', dot, re.M)
    check(len(devices) == 21, f"band stage: {len(devices)} devices in the DOT")
    check(len(edges) == 30, f"band stage: {len(edges)} edges in the DOT")

    svg = parse(run(rigcheck, source_dir, "graph", band, "--format", "svg"), "graph band stage")
    groups = list(svg.iter(SVG + "g"))
    nodes = [g for g in groups if "node" in classes(g)]
    check(sorted(g.find(SVG + "title").text for g in nodes) == sorted(devices), "band stage: SVG node titles")
    for node in nodes:
        check("device" in classes(node), f"node {node.find(SVG + 'title').text} lost its class")
        check(node.find(f".//{SVG}text") is not None, "a device box without text")
    svg_edges = {g.get("id"): g for g in groups if "edge" in classes(g)}
    check(len(svg_edges) == len(edges), f"band stage: {len(svg_edges)} SVG edges for {len(edges)} DOT edges")
    for source, source_port, target, target_port, edge_id, edge_class in edges:
        element = svg_edges.get(edge_id)
        check(element is not None, f"edge {edge_id} missing from the SVG")
        # Graphviz titles an edge by its end nodes; the tooltip names the ports.
        title = element.find(SVG + "title").text
        check(title.startswith(f"{source}:") and f"->{target}:" in title, f"edge {edge_id} titled {title}")
        anchor = element.find(f".//{SVG}a")
        check(anchor is not None and " -> " in anchor.get("{http://www.w3.org/1999/xlink}title", ""),
              f"edge {edge_id} has no tooltip naming its ports")
        check(set(edge_class.split()) <= set(classes(element)), f"edge {edge_id}: classes {classes(element)}")
        stroke = element.find(f".//{SVG}path").get("stroke")
        if "warning" in edge_class.split():
            check(stroke == "#e6820e", f"warning edge {edge_id} drawn in {stroke}")
        elif "info" in edge_class.split():
            check(stroke == "#1f77b4", f"info edge {edge_id} drawn in {stroke}")
        else:
            check(stroke == "#333333", f"plain edge {edge_id} drawn in {stroke}")
        dashed = element.find(f".//{SVG}path").get("stroke-dasharray") is not None
        check(dashed == ("balanced" not in edge_class.split()), f"edge {edge_id} ({edge_class}): dashed is {dashed}")

    path = "vox-1.out->foh-l.in"
    rows = json.loads(run(rigcheck, source_dir, "levels", band, "--format", "json", "--path", path))["connections"]
    chart = parse(run(rigcheck, source_dir, "levels", band, "--format", "svg", "--path", path), "level diagram")
    check(chart.find(SVG + "title").text == "Level diagram: Band stage: five-piece with a passive snake", "level diagram title")
    series = [g for g in chart.iter(SVG + "g") if g.get("class") == "path"]
    check(len(series) == 1, f"{len(series)} paths drawn for one --path")
    check(series[0].find(SVG + "title").text == "vox-1.out -> foh-l.in", "path title")
    points = series[0].findall(SVG + "circle")
    check(len(points) == 2 * len(rows), f"{len(points)} points for {len(rows)} links")
    for row, arriving in zip(rows, points[1::2]):
        check(arriving.get("data-port") == row["to"], f"point {arriving.get('data-port')} for row to {row['to']}")
        check(abs(float(arriving.get("data-level")) - row["level_dbu"]) <= 0.005,
              f"{row['to']}: plotted {arriving.get('data-level')}, levels says {row['level_dbu']}")
    for row, leaving in zip(rows, points[0::2]):
        check(leaving.get("data-port") == row["from"], f"point {leaving.get('data-port')} for row from {row['from']}")
    print(f"{len(examples)} examples rendered; band stage: {len(nodes)} nodes, {len(svg_edges)} edges, {len(points)} points")


if __name__ == "__main__":
    main()
