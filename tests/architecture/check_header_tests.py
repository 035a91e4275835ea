#!/usr/bin/env python3
"""Checks that every public header has its own test file, as the layers' tests are laid out.

Usage: check_header_tests.py SOURCE_DIR

include/rigcheck/<layer>/<name>.hpp is tested by tests/<layer>/<name>_tests.cpp, and
include/rigcheck/rigcheck.hpp by tests/project/rigcheck_tests.cpp. A header added without its
tests fails here, naming the file to write.
"""
import os
import sys


def main():
    source = os.path.abspath(sys.argv[1])
    include = os.path.join(source, "include", "rigcheck")
    missing = []
    count = 0
    for folder, _, files in os.walk(include):
        for name in files:
            if not name.endswith(".hpp"):
                continue
            count += 1
            relative = os.path.relpath(os.path.join(folder, name), include).split(os.sep)
            layer = relative[0] if len(relative) > 1 else "project"
            expected = os.path.join("tests", layer, name[:-4] + "_tests.cpp")
            if not os.path.isfile(os.path.join(source, expected)):
                missing.append(f"include/rigcheck/{'/'.join(relative)} has no {expected}")
    for line in missing:
        print(line)
    print(f"{count} public headers, {len(missing)} without their tests")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
