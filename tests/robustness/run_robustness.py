#!/usr/bin/env python3
"""Checks the path-explosion rig: rigcheck must stop enumerating paths at the limit, say so, and
finish quickly in bounded memory.

Usage: run_robustness.py RIGCHECK ROBUSTNESS_DIR

ladder-40.yaml has 2^40 source-to-sink paths. `rigcheck check --no-config --format json` on it
must exit 0 (the only finding is a warning), print no sanitizer report, finish within
TIME_LIMIT_S within a 1 GiB address space (sanitizer builds: a 1 GiB resident set), and report exactly one
`path-limit` warning at 1:1 with the message below.
"""
import json
import os
import resource
import subprocess
import sys
import time

TIME_LIMIT_S = 5.0
MEMORY_LIMIT_BYTES = 1 << 30
SANITIZER_MARKERS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
                     "ERROR: UndefinedBehaviorSanitizer")
EXPECTED_MESSAGE = ("path enumeration stopped at the limit of 100000 source-to-sink paths; the path-scope "
                    "rules (polarity-inverted) were checked on those paths only")


def limit_address_space():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))


def address_space_limit_works(rigcheck):
    """Sanitizer builds reserve terabytes of shadow memory and cannot start under RLIMIT_AS."""
    probe = subprocess.run([rigcheck, "--version"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           preexec_fn=limit_address_space, timeout=30)
    return probe.returncode == 0


def main():
    if len(sys.argv) != 3:
        raise SystemExit("usage: run_robustness.py RIGCHECK ROBUSTNESS_DIR")
    rigcheck, folder = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    rig = os.path.join(folder, "ladder-40.yaml")
    failures = []
    plain_build = address_space_limit_works(rigcheck)
    environment = dict(os.environ)
    if not plain_build:
        environment["ASAN_OPTIONS"] = ":".join(filter(None, [environment.get("ASAN_OPTIONS", ""),
                                                               f"hard_rss_limit_mb={MEMORY_LIMIT_BYTES >> 20}"]))
    started = time.monotonic()
    try:
        run = subprocess.run([rigcheck, "check", "--no-config", "--format", "json", rig],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=TIME_LIMIT_S, env=environment,
                             preexec_fn=limit_address_space if plain_build else None)
    except subprocess.TimeoutExpired:
        print(f"FAIL ladder-40.yaml: did not finish within {TIME_LIMIT_S} s")
        sys.exit(1)
    elapsed = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    stderr = run.stderr.decode("utf-8", "replace")
    if run.returncode != 0:
        failures.append(f"exit code {run.returncode}, expected 0; stderr: {stderr[:2000]}")
    if any(marker in stderr for marker in SANITIZER_MARKERS):
        failures.append("sanitizer report:\n" + stderr[:4000])
    # Sanitizer builds count their shadow memory in the resident set; their runtime enforces the
    # limit instead (hard_rss_limit_mb).
    if plain_build and peak > MEMORY_LIMIT_BYTES:
        failures.append(f"peak resident memory {peak >> 20} MiB exceeds {MEMORY_LIMIT_BYTES >> 20} MiB")
    try:
        report = json.loads(run.stdout)
    except ValueError:
        failures.append(f"stdout is not JSON: {run.stdout[:500]!r}")
        report = {"diagnostics": []}
    found = [d for d in report.get("diagnostics", []) if d.get("rule") == "path-limit"]
    others = [d for d in report.get("diagnostics", []) if d.get("rule") != "path-limit"]
    if len(found) != 1:
        failures.append(f"expected one path-limit diagnostic, got {len(found)}")
    else:
        d = found[0]
        got = (d.get("severity"), d.get("line"), d.get("column"), d.get("scope"), d.get("message"))
        want = ("warning", 1, 1, "rig", EXPECTED_MESSAGE)
        if got != want:
            failures.append(f"path-limit diagnostic is {got!r}, expected {want!r}")
    if others:
        failures.append("unexpected diagnostics: " + "; ".join(f"{d.get('rule')}: {d.get('message')}" for d in others))
    for failure in failures:
        print("FAIL ladder-40.yaml:", failure)
    print(f"ladder-40.yaml: {elapsed:.2f} s, peak {peak >> 20} MiB, {'failed' if failures else 'passed'}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
