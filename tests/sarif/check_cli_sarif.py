#!/usr/bin/env python3
"""Run `rigcheck check --format sarif` on real rigs and hold the logs to what code scanning needs.

Every log must validate against the official SARIF 2.1.0 schema (sarif-schema-2.1.0.json beside
this script, a copy of the OASIS schema), and beyond what the schema can say:

- tool.driver.rules[] describes every rule: id, name, shortDescription, fullDescription, help
  (text and markdown), helpUri, defaultConfiguration.level and properties.tags;
- every result names a rule of driver.rules by id and index, and its level;
- locations are relative URIs against %SRCROOT% with 1-based regions that have a start and an
  end (startLine <= endLine, startColumn < endColumn on one line);
- every result has a partialFingerprints entry, unique within the log;
- relatedLocations, where present, are located and have ids and messages;
- the logs of one rig with -j 1 and -j 4 are byte-identical.

Usage: check_cli_sarif.py RIGCHECK SOURCE_DIR
Exit status 0 when all holds, 1 otherwise (each problem is printed).
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import jsonschema

HERE = Path(__file__).resolve().parent
LEVELS = {"error", "warning", "note"}


def run_sarif(rigcheck, source_dir, files, jobs=1):
    with tempfile.TemporaryDirectory() as scratch:
        output = Path(scratch) / "rigcheck.sarif"
        env = dict(os.environ)
        env.pop("GITHUB_ACTIONS", None)
        completed = subprocess.run(
            [rigcheck, "check", "--no-config", "--format", "sarif", "--output", str(output),
             "-j", str(jobs), "--fail-on", "never", *files],
            cwd=source_dir, env=env, capture_output=True, text=True, check=False)
        text = output.read_text(encoding="utf-8") if output.exists() else ""
        return completed.returncode, text


def check_log(name, log, validator, problems):
    def problem(message):
        problems.append("%s: %s" % (name, message))

    for error in validator.iter_errors(log):
        where = "/".join(str(part) for part in error.absolute_path) or "(root)"
        problem("schema: %s: %s" % (where, error.message))

    run = log["runs"][0]
    base_ids = run.get("originalUriBaseIds", {})
    if "%SRCROOT%" not in base_ids:
        problem("originalUriBaseIds has no %SRCROOT%")
    rules = run["tool"]["driver"].get("rules", [])
    if run.get("results") and not rules:
        problem("driver.rules is empty")
    for index, rule in enumerate(rules):
        for key in ("id", "name", "shortDescription", "fullDescription", "help", "helpUri",
                    "defaultConfiguration"):
            if key not in rule:
                problem("rules[%d] (%s) has no %s" % (index, rule.get("id"), key))
        if not rule.get("shortDescription", {}).get("text"):
            problem("rules[%d] has an empty shortDescription" % index)
        if not rule.get("help", {}).get("text") or not rule.get("help", {}).get("markdown"):
            problem("rules[%d] help needs text and markdown" % index)
        if rule.get("defaultConfiguration", {}).get("level") not in LEVELS:
            problem("rules[%d] defaultConfiguration.level is %r"
                    % (index, rule.get("defaultConfiguration", {}).get("level")))
        if "tags" not in rule.get("properties", {}):
            problem("rules[%d] has no properties.tags" % index)
    rule_ids = [rule["id"] for rule in rules]

    fingerprints = set()
    for index, result in enumerate(run["results"]):
        label = "results[%d] (%s)" % (index, result.get("ruleId"))
        if result.get("ruleId") not in rule_ids:
            problem("%s: ruleId is not in driver.rules" % label)
        elif rule_ids.index(result["ruleId"]) != result.get("ruleIndex"):
            problem("%s: ruleIndex %r does not point at its rule" % (label, result.get("ruleIndex")))
        if result.get("level") not in LEVELS:
            problem("%s: level %r" % (label, result.get("level")))
        locations = result.get("locations", [])
        if len(locations) != 1:
            problem("%s: %d locations, expected 1" % (label, len(locations)))
        for where in locations + result.get("relatedLocations", []):
            check_physical(label, where.get("physicalLocation"), problem)
        for related in result.get("relatedLocations", []):
            if "id" not in related or not related.get("message", {}).get("text"):
                problem("%s: a related location needs an id and a message" % label)
        fingerprint = result.get("partialFingerprints", {}).get("rigcheck/v1")
        if not fingerprint:
            problem("%s: no partialFingerprints rigcheck/v1" % label)
        elif fingerprint in fingerprints:
            problem("%s: fingerprint %s is not unique" % (label, fingerprint))
        fingerprints.add(fingerprint)


def check_physical(label, physical, problem):
    if physical is None:
        problem("%s: a location has no physicalLocation" % label)
        return
    artifact = physical.get("artifactLocation", {})
    uri = artifact.get("uri", "")
    if artifact.get("uriBaseId") != "%SRCROOT%" or uri.startswith("/") or ":" in uri:
        problem("%s: URI %r is not relative to %%SRCROOT%%" % (label, uri))
    region = physical.get("region")
    if region is None:
        problem("%s: no region" % label)
        return
    for key in ("startLine", "startColumn", "endLine", "endColumn"):
        if not isinstance(region.get(key), int) or region[key] < 1:
            problem("%s: region.%s is %r, expected a 1-based number" % (label, key, region.get(key)))
            return
    if region["endLine"] < region["startLine"] or (
            region["endLine"] == region["startLine"] and region["endColumn"] <= region["startColumn"]):
        problem("%s: region ends before it starts: %r" % (label, region))


def main(arguments):
    if len(arguments) != 3:
        print("usage: %s RIGCHECK SOURCE_DIR" % arguments[0], file=sys.stderr)
        return 2
    rigcheck, source_dir = arguments[1], Path(arguments[2])
    schema = json.loads((HERE / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator = validator_class(schema, format_checker=jsonschema.FormatChecker())

    examples = sorted(str(path.relative_to(source_dir)) for path in (source_dir / "examples").glob("*.yaml"))
    cases = [("examples, each", [[example] for example in examples]),
             ("examples, together", [examples]),
             ("invalid input", [["tests/golden/data/typos.yaml"]])]
    problems = []
    results_seen = 0
    related_seen = 0
    for case, runs in cases:
        for files in runs:
            name = "%s: %s" % (case, " ".join(files) if len(files) == 1 else "%d files" % len(files))
            status, text = run_sarif(rigcheck, source_dir, files)
            expected_status = 2 if case == "invalid input" else 0
            if status != expected_status:
                problems.append("%s: exit status %d, expected %d" % (name, status, expected_status))
            try:
                log = json.loads(text)
            except ValueError as error:
                problems.append("%s: not JSON: %s" % (name, error))
                continue
            check_log(name, log, validator, problems)
            for result in log["runs"][0]["results"]:
                results_seen += 1
                related_seen += len(result.get("relatedLocations", []))

    # The checks above must have had something to check.
    if results_seen < 10:
        problems.append("only %d results over all logs; the examples should give more" % results_seen)
    if related_seen == 0:
        problems.append("no result had relatedLocations; the other end of a connection should be one")

    sequential = run_sarif(rigcheck, source_dir, examples, jobs=1)
    parallel = run_sarif(rigcheck, source_dir, examples, jobs=4)
    if sequential != parallel:
        problems.append("-j 4 gives a different log than -j 1")

    for problem in problems:
        print(problem, file=sys.stderr)
    print("%d results, %d related locations checked; %d problems" % (results_seen, related_seen, len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
