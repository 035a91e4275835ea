#!/usr/bin/env python3
"""Check rigcheck's JSON Schemas and the YAML files of the repository against them.

- every schema under schemas/ is valid draft-07 and describes every property (that each is
  what rigcheck generates is for the unit tests and schemas.cli_prints_schema_files);
- every rigcheck YAML file of the repository validates against the schema of its kind (the kind
  comes from the file's version key): examples/, catalog/, rules/ (the builtin packs and their
  fixtures), tests/rules/ (the packs, rigs and configurations of the rule tests), every
  .rigcheck.yaml, and tests/schemas/accept/ (tests/bad-input/ is skipped);
- every file under tests/schemas/reject/ is rejected by the schema of its kind, or by every
  schema when it has no version key.

Exits 0 when all holds, 1 otherwise, naming each file and why.
"""

import json
import os
import sys
from pathlib import Path

import jsonschema
import yaml

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_DIR = ROOT / "schemas"
HERE = ROOT / "tests" / "schemas"
VERSION_KEYS = {
    "rigcheck": "rig",
    "rigcheck-catalog": "catalog",
    "rigcheck-rules": "pack",
    "rigcheck-config": "config",
}
SKIPPED_DIRS = {"tests/bad-input", "tests/schemas/reject"}


class Loader(yaml.SafeLoader):
    """PyYAML's safe loader, but keys stay the text written (`1:` is the key "1", as in JSON)
    and a duplicate key is an error, as in rigcheck."""


def construct_mapping(loader, node):
    loader.flatten_mapping(node)
    mapping = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be a scalar", key_node.start_mark)
        key = key_node.value
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, "duplicate key %r" % key, key_node.start_mark)
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)


def load_yaml(path):
    with open(path, encoding="utf-8") as stream:
        return yaml.load(stream, Loader=Loader)


def kind_of(document):
    """The kind named by the document's version key, or None."""
    if not isinstance(document, dict):
        return None
    kinds = [VERSION_KEYS[key] for key in document if key in VERSION_KEYS]
    return kinds[0] if len(kinds) == 1 else None


def undescribed(node, where="#"):
    """Properties without a description, outside conditionals (if/then/else/not)."""
    if isinstance(node, list):
        for index, value in enumerate(node):
            yield from undescribed(value, "%s/%d" % (where, index))
    if not isinstance(node, dict):
        return
    for name, value in node.get("properties", {}).items():
        if "description" not in value:
            yield "%s/properties/%s" % (where, name)
    for key, value in node.items():
        if key not in ("if", "then", "else", "not"):
            yield from undescribed(value, "%s/%s" % (where, key))


def load_schemas(failures):
    validators = {}
    for kind in VERSION_KEYS.values():
        name = kind + ".schema.json"
        path = SCHEMA_DIR / name
        if not path.exists():
            failures.append("%s: missing; run tools/write-schemas" % rel(path))
            continue
        schema = json.loads(path.read_text(encoding="utf-8"))
        try:
            jsonschema.Draft7Validator.check_schema(schema)
        except jsonschema.SchemaError as error:
            failures.append("%s: not a valid draft-07 schema: %s" % (rel(path), error.message))
            continue
        for where in undescribed(schema):
            failures.append("%s: %s has no description" % (rel(path), where))
        validators[kind] = jsonschema.Draft7Validator(schema)
    return validators


def rel(path):
    return path.relative_to(ROOT).as_posix()


def most_specific(error):
    """Inside anyOf/oneOf, the branch error that says most: the deepest, preferring one of a
    branch whose type matched."""
    while error.context:
        error = min(error.context,
                    key=lambda e: (-len(e.absolute_path), e.validator in ("type", "const", "enum")))
    return error


def describe(error):
    """One line per problem: where in the document, and what."""
    error = most_specific(error)
    where = "/".join(str(part) for part in error.absolute_path) or "(top)"
    message = error.message
    if len(message) > 200:
        message = message[:197] + "..."
    return "  at %s: %s" % (where, message)


def skipped(path):
    relative = rel(path)
    return any(relative.startswith(d + "/") for d in SKIPPED_DIRS)


def config_files():
    """Every .rigcheck.yaml of the work tree, outside hidden and build directories."""
    for directory, subdirectories, names in os.walk(ROOT):
        subdirectories[:] = sorted(d for d in subdirectories
                                   if not d.startswith(".") and not d.startswith("build"))
        if ".rigcheck.yaml" in names:
            yield Path(directory) / ".rigcheck.yaml"


def files_to_accept():
    found = set(config_files())
    for pattern in ("examples/**/*.yaml", "examples/**/*.yml", "catalog/**/*.yaml",
                    "rules/**/*.yaml", "tests/rules/**/*.yaml", "tests/schemas/accept/*.yaml"):
        found.update(ROOT.glob(pattern))
    return sorted(path for path in found if not skipped(path))


def check_accepted(path, validators, failures):
    try:
        document = load_yaml(path)
    except yaml.YAMLError as error:
        failures.append("%s: not valid YAML: %s" % (rel(path), error))
        return False
    kind = kind_of(document)
    if kind is None:
        failures.append("%s: no version key (one of %s)" % (rel(path), ", ".join(VERSION_KEYS)))
        return False
    if kind not in validators:
        return False
    errors = sorted(validators[kind].iter_errors(document), key=lambda e: list(e.absolute_path))
    if errors:
        failures.append("%s: does not validate as a %s:\n%s"
                        % (rel(path), kind, "\n".join(describe(e) for e in errors)))
        return False
    return True


def check_rejected(path, validators, failures):
    with open(path, encoding="utf-8") as stream:
        first_line = stream.readline()
    if not first_line.startswith("#"):
        failures.append("%s: the first line must be a comment saying why it is rejected"
                        % rel(path))
    try:
        document = load_yaml(path)
    except yaml.YAMLError as error:
        failures.append("%s: not valid YAML, so it tests no schema: %s" % (rel(path), error))
        return False
    kind = kind_of(document)
    kinds = [kind] if kind else list(validators)
    accepted_by = [k for k in kinds if k in validators and validators[k].is_valid(document)]
    if accepted_by:
        failures.append("%s: must be rejected, but the %s schema accepts it (%s)"
                        % (rel(path), accepted_by[0], first_line.strip()))
        return False
    return True


def main():
    failures = []
    validators = load_schemas(failures)

    accepted = [path for path in files_to_accept() if check_accepted(path, validators, failures)]
    rejects = sorted((HERE / "reject").glob("*.yaml"))
    rejected = [path for path in rejects if check_rejected(path, validators, failures)]
    if len(rejects) == 0:
        failures.append("tests/schemas/reject/: no files")

    print("schemas: %d checked" % len(validators))
    print("accepted: %d files validate" % len(accepted))
    print("rejected: %d of %d files are rejected" % (len(rejected), len(rejects)))
    if failures:
        print("\nFAILED:", file=sys.stderr)
        for failure in failures:
            print(failure, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
