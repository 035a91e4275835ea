#!/usr/bin/env python3
"""Writes a splitter ladder rig: a source, STAGES stages of split-then-merge, and a sink.

Usage: make_ladder.py STAGES > ladder.yaml

Each stage splits one signal onto two cables and merges them again, so the rig has 2**STAGES
source-to-sink paths through only 3 * STAGES + 1 connections. tests/robustness/ladder-40.yaml is
this script's output for 40 stages (about 1.1e12 paths).
"""
import sys

HEADER = """\
# A ladder of {stages} split/merge stages: 2^{stages} source-to-sink paths over {connections}
# connections. Path enumeration must stop at its limit (docs/robustness.md#limits) and say so, not explode.
# Written by tests/robustness/make_ladder.py {stages}.
rigcheck: 1
name: splitter ladder of {stages} stages
gear:
  - id: ladder/split
    category: other
    power: passive
    ports:
      - {{id: in, direction: in, connector: xlr3-female, interface: balanced, signal: line}}
      - {{id: out-a, direction: out, connector: xlr3-male, interface: balanced, signal: line}}
      - {{id: out-b, direction: out, connector: xlr3-male, interface: balanced, signal: line}}
    paths:
      - {{from: in, to: out-a, gain: 0 dB}}
      - {{from: in, to: out-b, gain: 0 dB}}
  - id: ladder/merge
    category: other
    power: passive
    ports:
      - {{id: in-a, direction: in, connector: xlr3-female, interface: balanced, signal: line}}
      - {{id: in-b, direction: in, connector: xlr3-female, interface: balanced, signal: line}}
      - {{id: out, direction: out, connector: xlr3-male, interface: balanced, signal: line}}
    paths:
      - {{from: in-a, to: out, gain: 0 dB}}
      - {{from: in-b, to: out, gain: 0 dB}}
  - id: ladder/source
    category: playback
    power: passive
    ports:
      - {{id: out, direction: out, connector: xlr3-male, interface: balanced, signal: line}}
  - id: ladder/sink
    category: other
    power: passive
    ports:
      - {{id: in, direction: in, connector: xlr3-female, interface: balanced, signal: line}}
"""


def main():
    if len(sys.argv) != 2:
        raise SystemExit("usage: make_ladder.py STAGES")
    stages = int(sys.argv[1])
    out = [HEADER.format(stages=stages, connections=3 * stages + 1)]
    out.append("devices:\n  src: {gear: ladder/source}\n")
    for i in range(1, stages + 1):
        out.append(f"  split-{i}: {{gear: ladder/split}}\n  merge-{i}: {{gear: ladder/merge}}\n")
    out.append("  sink: {gear: ladder/sink}\nconnections:\n")
    previous = "src.out"
    for i in range(1, stages + 1):
        out.append(f"  - {{from: {previous}, to: split-{i}.in, cable: xlr}}\n")
        out.append(f"  - {{from: split-{i}.out-a, to: merge-{i}.in-a, cable: xlr}}\n")
        out.append(f"  - {{from: split-{i}.out-b, to: merge-{i}.in-b, cable: xlr}}\n")
        previous = f"merge-{i}.out"
    out.append(f"  - {{from: {previous}, to: sink.in, cable: xlr}}\n")
    sys.stdout.write("".join(out))


if __name__ == "__main__":
    main()
