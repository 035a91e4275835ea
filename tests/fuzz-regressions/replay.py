#!/usr/bin/env python3
"""Replays every input a fuzzer once crashed on through `rigcheck check`.

Usage: replay.py RIGCHECK REGRESSIONS_DIR

Each file of REGRESSIONS_DIR (but this script, README.md and host-rig.yaml) is checked with
`rigcheck check --no-config --format json`; a file whose name starts with `fuzz_rule_pack-` is a
rule pack, and is loaded with `--pack` to check host-rig.yaml, the rig the fuzz target runs packs
over. The run must end by itself within the time limit,
with exit code 0, 1 or 2 (never a signal), and print no sanitizer report. Which of 0, 1 or 2 is
not pinned: these inputs are arbitrary bytes, and what they mean may change; not crashing may not.
"""
import os
import subprocess
import sys

TIME_LIMIT_S = 10.0
HOST_RIG = "host-rig.yaml"
PACK_PREFIX = "fuzz_rule_pack-"
NOT_INPUTS = {"README.md", "replay.py", HOST_RIG}
SANITIZER_MARKERS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
                     "ERROR: UndefinedBehaviorSanitizer")


def main():
    if len(sys.argv) != 3:
        raise SystemExit("usage: replay.py RIGCHECK REGRESSIONS_DIR")
    rigcheck, folder = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    inputs = sorted(name for name in os.listdir(folder)
                    if name not in NOT_INPUTS and os.path.isfile(os.path.join(folder, name)))
    passed, failures = 0, []
    for name in inputs:
        path = os.path.join(folder, name)
        try:
            command = [rigcheck, "check", "--no-config", "--format", "json"]
            command += ["--pack", path, os.path.join(folder, HOST_RIG)] if name.startswith(PACK_PREFIX) else [path]
            run = subprocess.run(command,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=TIME_LIMIT_S)
        except subprocess.TimeoutExpired:
            failures.append(f"{name}: did not finish within {TIME_LIMIT_S} s")
            continue
        stderr = run.stderr.decode("utf-8", "replace")
        problems = []
        if run.returncode < 0:
            problems.append(f"died of signal {-run.returncode}")
        elif run.returncode not in (0, 1, 2):
            problems.append(f"exit code {run.returncode}, expected 0, 1 or 2")
        if any(marker in stderr for marker in SANITIZER_MARKERS):
            problems.append("sanitizer report:\n" + stderr[:4000])
        if problems:
            failures.extend(f"{name}: {p}" for p in problems)
        else:
            passed += 1
    for failure in failures:
        print("FAIL", failure)
    print(f"{passed} passed, {len(inputs) - passed} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
