#!/usr/bin/env python3
"""Fills a seed corpus for each fuzz target from the repository's YAML files.

Usage: make_seeds.py SOURCE_DIR OUT_DIR

Copies every rig, catalog and bad-input file (examples/, tests/bad-input/, tests/golden/data/,
tests/fuzz-regressions/, catalog/) into OUT_DIR/fuzz_rig_loader/ and OUT_DIR/fuzz_check/, named
by content hash so reruns add nothing twice. Files over 1 MiB are left out: libFuzzer mutates
small inputs far better, and the limits they test are covered by tests/bad-input.
"""
import hashlib
import os
import sys

SOURCES = ["examples", "tests/bad-input", "tests/golden/data", "tests/fuzz-regressions", "catalog"]
TARGETS = ["fuzz_rig_loader", "fuzz_check"]
MAX_SEED_BYTES = 1 << 20


def main():
    if len(sys.argv) != 3:
        raise SystemExit("usage: make_seeds.py SOURCE_DIR OUT_DIR")
    source, out = sys.argv[1], sys.argv[2]
    seeds = {}
    for folder in SOURCES:
        for directory, _, files in os.walk(os.path.join(source, folder)):
            for name in files:
                if name.endswith((".py", ".md", ".tsv")):
                    continue
                with open(os.path.join(directory, name), "rb") as f:
                    data = f.read(MAX_SEED_BYTES + 1)
                if len(data) <= MAX_SEED_BYTES:
                    seeds[hashlib.sha1(data).hexdigest()] = data
    for target in TARGETS:
        os.makedirs(os.path.join(out, target), exist_ok=True)
        for digest, data in seeds.items():
            with open(os.path.join(out, target, digest), "wb") as f:
                f.write(data)
    print(f"{len(seeds)} seeds in each of {', '.join(os.path.join(out, t) for t in TARGETS)}")


if __name__ == "__main__":
    main()
