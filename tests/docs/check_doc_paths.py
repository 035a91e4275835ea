#!/usr/bin/env python3
"""Every repository path that the documentation names exists.

Guides name the files behind what they describe (`src/load/yaml_tree.cpp`,
`include/rigcheck/core/errors.hpp`); after a file moves, a guide that still names the old
place sends a reader nowhere. This check reads every Markdown file of the repository and
the comments of the public headers, finds the paths under the top-level folders, and fails on
each file or folder that names nothing.

Usage: check_doc_paths.py SOURCE_DIR
"""
import glob
import os
import re
import sys

ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".")
FOLDERS = ("src", "include", "tools", "tests", "bench", "fuzz", "rules", "catalog", "schemas", "examples",
           "docs", "cmake", "packaging", "web", "editors")
PATH = re.compile(r"(?<![\w./-])((?:%s)/[\w./*-]*[\w*/])" % "|".join(FOLDERS))


def documents():
    for dirpath, dirnames, filenames in os.walk(ROOT):
        dirnames[:] = [d for d in dirnames
                       if not d.startswith("build") and not d.startswith(".") and d != "node_modules"]
        for name in filenames:
            if name.endswith(".md"):
                yield os.path.join(dirpath, name)
    for dirpath, _, filenames in os.walk(os.path.join(ROOT, "include")):
        for name in filenames:
            yield os.path.join(dirpath, name)


def exists(path):
    if "*" in path:
        return bool(glob.glob(os.path.join(ROOT, path)))
    # A header named as it is included (`rules/engine.hpp`) is under include/rigcheck/.
    return any(os.path.exists(os.path.join(base, path.rstrip("/")))
               for base in (ROOT, os.path.join(ROOT, "include", "rigcheck")))


def is_example(path):
    """Paths of a user's project in examples (`rules/acme-quirks.yaml`), placeholders
    (`tests/golden/NAME.cmd`), and layer names (`rules/language`) are not repository files."""
    segments = path.rstrip("/").split("/")
    if any(re.fullmatch(r"[A-Z_]+(\.[a-z]+)?", s) for s in segments):
        return True
    if any(word in path for word in ("acme", "house", "my-rule")):
        return True
    return "." not in segments[-1] and not path.endswith("/")


def main():
    missing = []
    for doc in documents():
        with open(doc, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                for match in PATH.finditer(line):
                    path = match.group(1).rstrip(".")
                    if not is_example(path) and not exists(path):
                        missing.append(f"{os.path.relpath(doc, ROOT)}:{number}: `{path}` names nothing")
    for line in missing:
        print(line)
    if missing:
        print(f"{len(missing)} paths in the documentation name nothing in the repository")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
