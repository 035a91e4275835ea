#!/usr/bin/env python3
"""Fills a seed corpus for each fuzz target from the repository's YAML files.

Usage: make_seeds.py SOURCE_DIR OUT_DIR

Copies every rig, catalog and bad-input file (examples/, tests/bad-input/, tests/golden/data/,
tests/fuzz-regressions/, catalog/) into OUT_DIR/fuzz_rig_loader/ and OUT_DIR/fuzz_check/, and
every rule pack, rule file, rule fixture and configuration (rules/, tests/rules/,
tests/bad-input/pack/ and config/), plus each `when`, `message` and `fix` of the builtin rules on
its own, into OUT_DIR/fuzz_rule_pack/. Seeds are named by content hash so reruns add nothing
twice. Files over 1 MiB are left out: libFuzzer mutates
small inputs far better, and the limits they test are covered by tests/bad-input.
"""
import hashlib
import os
import re
import sys

RIG_SOURCES = ["examples", "tests/bad-input", "tests/golden/data", "tests/fuzz-regressions", "catalog"]
RIG_TARGETS = ["fuzz_rig_loader", "fuzz_check"]
PACK_SOURCES = ["rules", "tests/rules", "tests/bad-input/pack", "tests/bad-input/config"]
PACK_TARGETS = ["fuzz_rule_pack"]
MAX_SEED_BYTES = 1 << 20
# `when: "..."`, `message: "..."`, `fix: ...`: one-line expressions and templates, quoted or not.
EXPRESSION = re.compile(rb"^\s*-?\s*(?:when|message|fix):\s*(?:\"((?:[^\"\\\\]|\\.)*)\"|'((?:[^']|'')*)'|([^\s>|\"'#].*))\s*$",
                        re.MULTILINE)


def collect(source, folders):
    seeds = {}
    for folder in folders:
        for directory, _, files in os.walk(os.path.join(source, folder)):
            for name in files:
                if name.endswith((".py", ".md", ".tsv")):
                    continue
                with open(os.path.join(directory, name), "rb") as f:
                    data = f.read(MAX_SEED_BYTES + 1)
                if len(data) <= MAX_SEED_BYTES:
                    seeds[hashlib.sha1(data).hexdigest()] = data
    return seeds


def expressions(seeds):
    """The one-line expressions and templates of the packs, each a seed of its own."""
    found = {}
    for data in list(seeds.values()):
        for match in EXPRESSION.finditer(data):
            text = next(group for group in match.groups() if group is not None)
            found[hashlib.sha1(text).hexdigest()] = text
    return found


def write(out, targets, seeds):
    for target in targets:
        os.makedirs(os.path.join(out, target), exist_ok=True)
        for digest, data in seeds.items():
            with open(os.path.join(out, target, digest), "wb") as f:
                f.write(data)
    print(f"{len(seeds)} seeds in each of {', '.join(os.path.join(out, t) for t in targets)}")


def main():
    if len(sys.argv) != 3:
        raise SystemExit("usage: make_seeds.py SOURCE_DIR OUT_DIR")
    source, out = sys.argv[1], sys.argv[2]
    write(out, RIG_TARGETS, collect(source, RIG_SOURCES))
    packs = collect(source, PACK_SOURCES)
    packs.update(expressions(packs))
    write(out, PACK_TARGETS, packs)


if __name__ == "__main__":
    main()
