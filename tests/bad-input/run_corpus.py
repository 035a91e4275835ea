#!/usr/bin/env python3
"""Runs `rigcheck check` on every file of the bad-input corpus and checks it against expected.tsv.

Usage: run_corpus.py RIGCHECK CORPUS_DIR

For each manifest row the file is checked with `rigcheck check --no-config --format json` (a file
under pack/ is loaded with `--pack`, one under config/ with `--config`, to check the minimal
accepted rig), under
a time limit and a memory limit, and the run must: exit with the expected code, not die of a
signal, print no sanitizer report, finish in time, and (for invalid input) report an
`invalid-input` diagnostic ending in `[rigcheck.<error-id>]` at exactly the expected line and
column, whose message contains the expected text. Every file in the corpus must have a row.
See README.md beside this script for the manifest's format.
"""
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

TIME_LIMIT_S = 5.0
MEMORY_LIMIT_BYTES = 1 << 30
GENERATED_PREFIX = "@generated/"
# Files of the corpus directory that are not corpus inputs.
NOT_INPUTS = {"expected.tsv", "README.md", "run_corpus.py"}
SANITIZER_MARKERS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
                     "WARNING: AddressSanitizer", "ERROR: UndefinedBehaviorSanitizer")
# Rule packs and configurations: loaded with `--pack` or `--config` to check HOST_RIG.
PACK_PREFIX = "pack/"
CONFIG_PREFIX = "config/"
HOST_RIG = "accepted/minimal.yaml"
# 64 MiB + 1 byte: the smallest file over the limit.
TOO_LARGE_BYTES = 64 * 1024 * 1024 + 1


def read_manifest(path):
    rows = []
    with open(path, encoding="utf-8") as manifest:
        for number, line in enumerate(manifest, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) < 6 or len(fields) > 7:
                raise SystemExit(f"expected.tsv:{number}: expected 6 or 7 tab-separated fields, got {len(fields)}")
            file, code, error_id, row_line, column, message = fields[:6]
            error_file = fields[6] if len(fields) == 7 else ""
            rows.append({"manifest_line": number, "file": file, "exit": int(code), "id": error_id,
                         "line": None if row_line == "-" else int(row_line),
                         "column": None if column == "-" else int(column),
                         "message": "" if message == "-" else message, "error_file": error_file})
    return rows


def corpus_files(corpus):
    found = set()
    for directory, _, files in os.walk(corpus):
        for name in files:
            relative = os.path.relpath(os.path.join(directory, name), corpus)
            if relative not in NOT_INPUTS:
                found.add(relative.replace(os.sep, "/"))
    return found


def generate_too_large(path):
    """A valid-looking rig padded with a comment to just over 64 MiB, written sparsely-cheaply."""
    with open(path, "wb") as out:
        head = b"rigcheck: 1\nname: too large\n# "
        out.write(head)
        chunk = b"x" * (1 << 20)
        remaining = TOO_LARGE_BYTES - len(head) - 1
        while remaining > 0:
            piece = chunk[:min(len(chunk), remaining)]
            out.write(piece)
            remaining -= len(piece)
        out.write(b"\n")


def address_space_limit_works(rigcheck):
    """Sanitizer builds reserve terabytes of shadow memory and cannot start under RLIMIT_AS."""
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))
    probe = subprocess.run([rigcheck, "--version"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           preexec_fn=limit, timeout=30)
    return probe.returncode == 0


def command_for(rigcheck, corpus, row, path):
    """Rigs are checked as they are; a rule pack or a configuration is loaded for checking the
    minimal accepted rig, the way `--pack` and `--config` load them."""
    kind = row["file"][len(GENERATED_PREFIX):] if row["file"].startswith(GENERATED_PREFIX) else row["file"]
    if kind.startswith(PACK_PREFIX):
        return [rigcheck, "check", "--no-config", "--pack", path, "--format", "json", os.path.join(corpus, HOST_RIG)]
    if kind.startswith(CONFIG_PREFIX):
        return [rigcheck, "check", "--config", path, "--format", "json", os.path.join(corpus, HOST_RIG)]
    return [rigcheck, "check", "--no-config", "--format", "json", path]


def run_one(command, use_address_limit, environment, directory):
    def limit():
        if use_address_limit:
            resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    started = time.monotonic()
    # The corpus is the project: its directory is the root that files named inside it must stay in.
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=limit, env=environment,
                               cwd=directory)
    try:
        stdout, stderr = process.communicate(timeout=TIME_LIMIT_S)
        timed_out = False
    except subprocess.TimeoutExpired:
        process.kill()
        stdout, stderr = process.communicate()
        timed_out = True
    elapsed = time.monotonic() - started
    return process.returncode, stdout.decode("utf-8", "replace"), stderr.decode("utf-8", "replace"), elapsed, timed_out


def check_row(rigcheck, corpus, row, path, use_address_limit, environment):
    """Returns a list of failure messages for one manifest row."""
    code, stdout, stderr, elapsed, timed_out = run_one(command_for(rigcheck, corpus, row, path), use_address_limit,
                                                       environment, corpus)
    failures = []
    if timed_out:
        return [f"did not finish within {TIME_LIMIT_S} s"]
    if code < 0:
        failures.append(f"died of signal {-code}")
    for marker in SANITIZER_MARKERS:
        if marker in stderr:
            failures.append(f"sanitizer report on stderr:\n{stderr[:4000]}")
            break
    if code != row["exit"]:
        failures.append(f"exit code {code}, expected {row['exit']}")
    try:
        report = json.loads(stdout)
    except ValueError:
        failures.append(f"stdout is not JSON: {stdout[:500]!r}; stderr: {stderr[:500]!r}")
        return failures
    diagnostics = report.get("diagnostics", [])
    invalid = [d for d in diagnostics if d.get("rule") == "invalid-input"]
    if row["exit"] == 0:
        if invalid:
            failures.append("unexpected invalid-input diagnostics: " + "; ".join(describe(d) for d in invalid))
        return failures
    expected_file = os.path.join(corpus, row["error_file"]) if row["error_file"] else path
    suffix = f"[rigcheck.{row['id']}]"
    matching = [d for d in invalid
                if d.get("message", "").endswith(suffix) and d.get("line") == row["line"]
                and d.get("column") == row["column"] and same_file(d.get("file", ""), expected_file)]
    if not matching:
        failures.append(f"no invalid-input diagnostic {suffix} at {row['line']}:{row['column']}"
                        f"{' in ' + row['error_file'] if row['error_file'] else ''}; got: "
                        + ("; ".join(describe(d) for d in invalid) or "none"))
    elif row["message"] and not any(row["message"] in d["message"] for d in matching):
        failures.append(f"message does not contain {row['message']!r}: "
                        + "; ".join(d["message"] for d in matching))
    return failures


def same_file(reported, expected):
    return os.path.normpath(os.path.abspath(reported)) == os.path.normpath(os.path.abspath(expected))


def describe(diagnostic):
    return f"{diagnostic.get('line')}:{diagnostic.get('column')} {diagnostic.get('message')}"


def main():
    if len(sys.argv) != 3:
        raise SystemExit("usage: run_corpus.py RIGCHECK CORPUS_DIR")
    rigcheck = os.path.abspath(sys.argv[1])
    corpus = os.path.abspath(sys.argv[2])
    rows = read_manifest(os.path.join(corpus, "expected.tsv"))

    failures = []
    listed = {row["file"] for row in rows if not row["file"].startswith(GENERATED_PREFIX)}
    for missing in sorted(corpus_files(corpus) - listed):
        failures.append(f"{missing}: file has no row in expected.tsv")
    for stale in sorted(listed - corpus_files(corpus)):
        failures.append(f"{stale}: listed in expected.tsv but missing from the corpus")

    use_address_limit = address_space_limit_works(rigcheck)
    environment = dict(os.environ)
    if not use_address_limit:
        # A sanitizer build: bound the resident set through the sanitizer runtime instead.
        asan = environment.get("ASAN_OPTIONS", "")
        environment["ASAN_OPTIONS"] = ":".join(filter(None, [asan, f"hard_rss_limit_mb={MEMORY_LIMIT_BYTES >> 20}",
                                                               "detect_leaks=1", "abort_on_error=0"]))
    passed = 0
    failed_rows = 0
    with tempfile.TemporaryDirectory(prefix="rigcheck-bad-input-") as scratch:
        for row in rows:
            if row["file"].startswith(GENERATED_PREFIX):
                path = os.path.join(scratch, row["file"][len(GENERATED_PREFIX):])
                os.makedirs(os.path.dirname(path), exist_ok=True)
                generate_too_large(path)
            else:
                path = os.path.join(corpus, row["file"])
                if not os.path.exists(path):
                    continue
            peak_before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            problems = check_row(rigcheck, corpus, row, path, use_address_limit, environment)
            # ru_maxrss (KiB) is the largest resident set of any finished child so far, so a rise
            # past the limit belongs to this run. Sanitizer builds count their shadow memory too.
            peak_after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            if peak_after > peak_before and peak_after * 1024 > MEMORY_LIMIT_BYTES:
                problems.append(f"peak resident memory {peak_after // 1024} MiB exceeds {MEMORY_LIMIT_BYTES >> 20} MiB")
            if problems:
                failed_rows += 1
                failures.extend(f"{row['file']} (expected.tsv:{row['manifest_line']}): {p}" for p in problems)
            else:
                passed += 1
            if row["file"].startswith(GENERATED_PREFIX):
                os.remove(path)

    for failure in failures:
        print("FAIL", failure)
    unlisted = len(failures) - sum(1 for f in failures if "(expected.tsv:" in f)
    print(f"{passed} passed, {failed_rows + unlisted} failed")
    if failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
