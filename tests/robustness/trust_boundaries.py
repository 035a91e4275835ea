#!/usr/bin/env python3
"""The trust boundaries of docs/robustness.md#trust-boundaries, checked through the CLI in scratch projects.

Usage: trust_boundaries.py RIGCHECK

A CI job checks rigs from pull requests, so a rig, an included catalog and a discovered
`.rigcheck.yaml` may all be hostile. Each case below builds a small project in a fresh temporary
directory, runs `rigcheck` in it, and checks the exit status, what was printed and what was (or
was not) written:

- outputs: `--output` is refused (exit 2, nothing written) when it names the rig, the `--pack`
  file, an included catalog, a discovered config, a hard link or a symlink to the rig, or another
  rig that was not checked (`--output rigs/*.yaml` with the file name forgotten); a directory and
  a missing directory are exit 2 naming the path; a FIFO, `/dev/null`, `/dev/stdout` and a
  character device node made in the scratch directory (as root only) are written into and stay
  what they are; `/dev/full` is exit 2 naming the path;
- paths: an include outside the project root, through `..` or a symlink, and a NUL in an include
  are invalid input at the list item; a discovered config naming a pack or catalog outside the
  root likewise; `--root` widens the root, and `--config` is trusted;
- excerpts: no text report prints a line of a file that shows no rigcheck version key;
- volume: a file with a thousand errors reports 200 of them, one more saying how many were not
  shown, and a summary that counts them all.
"""
import json
import os
import stat
import subprocess
import sys
import tempfile
import threading

TIME_LIMIT_S = 30.0
SANITIZER_MARKERS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
                     "ERROR: UndefinedBehaviorSanitizer")

RIG = """rigcheck: 1
name: trust
include: [gear.yaml]
devices:
  mic: {gear: generic/dynamic-mic}
  desk: {gear: generic/mixer}
connections:
  - {from: mic.out, to: desk.in-1, cable: xlr, length: 5 m}
"""
CATALOG = """rigcheck-catalog: 1
gear: []
"""
PACK = """rigcheck-rules: 1
pack: trust
rules: []
"""

failures = []


def run(rigcheck, arguments, cwd, stdin=None):
    environment = dict(os.environ, NO_COLOR="1")
    environment.pop("GITHUB_ACTIONS", None)
    process = subprocess.run([rigcheck] + arguments, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             timeout=TIME_LIMIT_S, env=environment, input=stdin)
    stdout = process.stdout.decode("utf-8", "replace")
    stderr = process.stderr.decode("utf-8", "replace")
    for marker in SANITIZER_MARKERS:
        if marker in stderr:
            failures.append(f"{' '.join(arguments)}: sanitizer report:\n{stderr[:3000]}")
    return process.returncode, stdout, stderr


def expect(condition, what):
    if not condition:
        failures.append(what)


def project(directory):
    """A rig with an include, a pack and a config of its own."""
    with open(os.path.join(directory, "rig.yaml"), "w") as out:
        out.write(RIG)
    with open(os.path.join(directory, "gear.yaml"), "w") as out:
        out.write(CATALOG)
    with open(os.path.join(directory, "pack.yaml"), "w") as out:
        out.write(PACK)
    with open(os.path.join(directory, ".rigcheck.yaml"), "w") as out:
        out.write("rigcheck-config: 1\n")
    return directory


def read(path):
    with open(path, "rb") as source:
        return source.read()


def check_refused(rigcheck, directory, output, label):
    """`--output` naming a file the run reads: exit 2, the file unchanged, nothing on stdout."""
    before = read(os.path.join(directory, output))
    code, stdout, stderr = run(rigcheck, ["check", "rig.yaml", "--pack", "pack.yaml", "--format", "sarif",
                                          "--output", output], directory)
    expect(code == 2, f"{label}: exit {code}, expected 2")
    expect(read(os.path.join(directory, output)) == before, f"{label}: {output} was changed")
    expect(stdout == "", f"{label}: printed {stdout[:200]!r}")
    expect(output in stderr and "refusing" in stderr, f"{label}: stderr does not name {output}: {stderr!r}")


def outputs(rigcheck):
    with tempfile.TemporaryDirectory(prefix="rigcheck-trust-") as directory:
        project(directory)
        for output, label in (("rig.yaml", "the rig"), ("pack.yaml", "the --pack file"),
                              ("gear.yaml", "an included catalog"), (".rigcheck.yaml", "the discovered config")):
            check_refused(rigcheck, directory, output, label)
        os.link(os.path.join(directory, "rig.yaml"), os.path.join(directory, "hard-link.yaml"))
        check_refused(rigcheck, directory, "hard-link.yaml", "a hard link to the rig")
        os.symlink("rig.yaml", os.path.join(directory, "symlink.sarif"))
        check_refused(rigcheck, directory, "symlink.sarif", "a symlink to the rig")

        # `--output rigs/*.yaml` with the file name forgotten: the first rig becomes the output.
        rigs = os.path.join(directory, "rigs")
        os.mkdir(rigs)
        for name in ("a.yaml", "b.yaml"):
            with open(os.path.join(rigs, name), "w") as out:
                out.write(RIG.replace("include: [gear.yaml]\n", ""))
        before = read(os.path.join(rigs, "a.yaml"))
        code, stdout, stderr = run(rigcheck, ["check", "--format", "sarif", "--output", "rigs/a.yaml", "rigs/b.yaml"],
                                   directory)
        expect(code == 2, f"--output over an unchecked rig: exit {code}, expected 2")
        expect(read(os.path.join(rigs, "a.yaml")) == before, "--output over an unchecked rig: it was changed")
        expect("rigcheck file" in stderr, f"--output over an unchecked rig: {stderr!r}")

        # A directory, and a directory that does not exist.
        code, _, stderr = run(rigcheck, ["check", "rig.yaml", "--output", "rigs"], directory)
        expect(code == 2 and "rigs" in stderr, f"--output a directory: exit {code}: {stderr!r}")
        code, _, stderr = run(rigcheck, ["check", "rig.yaml", "--output", "missing/report.txt"], directory)
        expect(code == 2 and "missing/report.txt" in stderr, f"--output into a missing directory: exit {code}: {stderr!r}")
        expect(not os.path.exists(os.path.join(directory, "missing")), "a missing directory was created")

        # A FIFO is written into: its reader gets the whole report.
        fifo = os.path.join(directory, "report.fifo")
        os.mkfifo(fifo)
        received = []
        reader = threading.Thread(target=lambda: received.append(read(fifo)))
        reader.start()
        code, _, stderr = run(rigcheck, ["check", "rig.yaml", "--format", "json", "--output", fifo], directory)
        reader.join(TIME_LIMIT_S)
        expect(code == 0, f"--output a FIFO: exit {code}: {stderr!r}")
        expect(received and json.loads(received[0].decode())["files"] == ["rig.yaml"],
               f"--output a FIFO: the reader got {received[:1]!r}")
        expect(stat.S_ISFIFO(os.lstat(fifo).st_mode), "--output a FIFO: it is no longer a FIFO")

        # /dev/null takes the report and stays a device; /dev/full cannot, and says so.
        code, _, stderr = run(rigcheck, ["check", "rig.yaml", "--output", "/dev/null"], directory)
        expect(code == 0 and stat.S_ISCHR(os.stat("/dev/null").st_mode), f"--output /dev/null: exit {code}: {stderr!r}")
        if os.path.exists("/dev/full"):
            code, _, stderr = run(rigcheck, ["check", "rig.yaml", "--output", "/dev/full"], directory)
            expect(code == 2 and "/dev/full" in stderr, f"--output /dev/full: exit {code}: {stderr!r}")
            expect(stat.S_ISCHR(os.stat("/dev/full").st_mode), "--output /dev/full: it is no longer a device")

        # /dev/stdout: the report appears on standard output.
        code, stdout, stderr = run(rigcheck, ["check", "rig.yaml", "--format", "json", "--output", "/dev/stdout"],
                                   directory)
        expect(code == 0 and json.loads(stdout)["files"] == ["rig.yaml"], f"--output /dev/stdout: exit {code}: {stdout!r}")

        # A character device node of the project's own (the null device), as CI containers run as root.
        if os.geteuid() == 0:
            node = os.path.join(directory, "null-device")
            os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
            code, _, stderr = run(rigcheck, ["check", "rig.yaml", "--output", node], directory)
            expect(code == 0, f"--output a device node: exit {code}: {stderr!r}")
            expect(stat.S_ISCHR(os.lstat(node).st_mode), "--output a device node: it was replaced by a regular file")

        # A report over a regular file that is no input is written, atomically.
        code, _, stderr = run(rigcheck, ["check", "rig.yaml", "--format", "json", "--output", "report.json"], directory)
        expect(code == 0 and json.loads(read(os.path.join(directory, "report.json")))["files"] == ["rig.yaml"],
               f"--output a new file: exit {code}: {stderr!r}")


def invalid_at(stdout, error_id, line, column):
    report = json.loads(stdout)
    return [d for d in report["diagnostics"] if d["rule"] == "invalid-input"
            and d["message"].endswith(f"[rigcheck.{error_id}]") and d["line"] == line and d["column"] == column]


def paths(rigcheck):
    with tempfile.TemporaryDirectory(prefix="rigcheck-trust-") as outside:
        secret = os.path.join(outside, "secret.yaml")
        with open(secret, "w") as out:
            out.write("password: hunter2\n")
        with tempfile.TemporaryDirectory(prefix="rigcheck-trust-") as directory:
            project(directory)
            cases = {
                "absolute.yaml": (f"include: [{secret}]", 3, 11),
                "dotdot.yaml": (f"include: [{os.path.relpath(secret, directory)}]", 3, 11),
                "nul.yaml": ('include: ["gear.yaml\\0.catalog.yaml"]', 3, 11),
            }
            os.symlink(secret, os.path.join(directory, "link.yaml"))
            cases["symlink.yaml"] = ("include: [link.yaml]", 3, 11)
            for name, (include, line, column) in cases.items():
                with open(os.path.join(directory, name), "w") as out:
                    out.write(RIG.replace("include: [gear.yaml]", include))
                code, stdout, _ = run(rigcheck, ["check", "--format", "json", name], directory)
                error_id = "invalid-value" if name == "nul.yaml" else "path-outside-root"
                expect(code == 2 and invalid_at(stdout, error_id, line, column),
                       f"{name}: exit {code}, expected {error_id} at {line}:{column}: {stdout[:600]}")
                code, stdout, _ = run(rigcheck, ["check", name], directory)
                expect("hunter2" not in stdout, f"{name}: the text report shows the foreign file: {stdout!r}")
            # --root widens the root; the include is then read (and is no catalog).
            code, stdout, _ = run(rigcheck, ["check", "--format", "json", "--root", "/", "absolute.yaml"], directory)
            expect(code == 2 and not invalid_at(stdout, "path-outside-root", 3, 11) and "hunter2" not in stdout,
                   f"--root /: exit {code}: {stdout[:600]}")

            # A discovered config names a pack and a catalog outside the root.
            hostile = os.path.join(directory, "pr")
            os.mkdir(hostile)
            with open(os.path.join(hostile, "rig.yaml"), "w") as out:
                out.write(RIG.replace("include: [gear.yaml]\n", ""))
            with open(os.path.join(hostile, ".rigcheck.yaml"), "w") as out:
                out.write(f"rigcheck-config: 1\npacks: [{secret}]\ncatalogs: [../../{os.path.basename(outside)}/secret.yaml]\n")
            code, stdout, _ = run(rigcheck, ["check", "--format", "json", "pr/rig.yaml"], directory)
            expect(code == 2 and invalid_at(stdout, "path-outside-root", 2, 9) and invalid_at(stdout, "path-outside-root", 3, 12),
                   f"a discovered config naming foreign files: exit {code}: {stdout[:800]}")
            code, stdout, _ = run(rigcheck, ["check", "pr/rig.yaml"], directory)
            expect("hunter2" not in stdout, f"a discovered config: the text report shows a foreign file: {stdout!r}")
            # A trusted --config replaces discovery: the pull request's config is not read at all.
            with open(os.path.join(directory, "trusted.yaml"), "w") as out:
                out.write("rigcheck-config: 1\n")
            code, stdout, _ = run(rigcheck, ["check", "--format", "json", "--config", "trusted.yaml", "pr/rig.yaml"],
                                  directory)
            expect(code == 0, f"--config replaces a hostile discovered config: exit {code}: {stdout[:600]}")
            # Files a --config names are trusted like the command line.
            with open(os.path.join(directory, "trusted.yaml"), "w") as out:
                out.write(f"rigcheck-config: 1\ncatalogs: [{secret}]\n")
            code, stdout, _ = run(rigcheck, ["check", "--format", "json", "--config", "trusted.yaml", "pr/rig.yaml"],
                                  directory)
            expect(code == 2 and not [d for d in json.loads(stdout)["diagnostics"]
                                      if d["message"].endswith("[rigcheck.path-outside-root]")],
                   f"--config's own paths are trusted: exit {code}: {stdout[:600]}")


def volume(rigcheck):
    with tempfile.TemporaryDirectory(prefix="rigcheck-trust-") as directory:
        lines = ["rigcheck: 1", "devices:"] + [f"  d{i}: {{gear: generic/dynamic-mic, lable: x}}" for i in range(1000)]
        with open(os.path.join(directory, "many.yaml"), "w") as out:
            out.write("\n".join(lines) + "\n")
        code, stdout, _ = run(rigcheck, ["check", "--format", "json", "many.yaml"], directory)
        report = json.loads(stdout)
        invalid = [d for d in report["diagnostics"] if d["rule"] == "invalid-input"]
        expect(code == 2 and len(invalid) == 201, f"a thousand errors: exit {code}, {len(invalid)} diagnostics")
        expect(report["summary"]["error"] == 1000, f"a thousand errors: the summary counts {report['summary']}")
        expect([d for d in invalid if d["line"] == 1 and d["column"] == 1
                and d["message"] == "800 more invalid-input errors not shown"],
               "a thousand errors: no `800 more invalid-input errors not shown` at 1:1")
        code, stdout, _ = run(rigcheck, ["check", "many.yaml"], directory)
        expect(stdout.rstrip().endswith("1000 errors, 0 warnings, 0 infos in 1 file"),
               f"a thousand errors: the text summary is {stdout.splitlines()[-1:]!r}")


def main():
    if len(sys.argv) != 2:
        raise SystemExit("usage: trust_boundaries.py RIGCHECK")
    rigcheck = os.path.abspath(sys.argv[1])
    outputs(rigcheck)
    paths(rigcheck)
    volume(rigcheck)
    for failure in failures:
        print("FAIL", failure)
    print(f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
