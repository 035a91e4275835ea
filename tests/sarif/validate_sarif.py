#!/usr/bin/env python3
"""Validate a SARIF log against the SARIF 2.1.0 JSON Schema.

rigcheck's SARIF output must validate against the official OASIS schema (README.md#commands); the
unit tests run this script on the logs they render. The schema file is passed in rather than
fetched, so validation works offline and always uses the schema kept in the repository.

Usage: validate_sarif.py SARIF_FILE SCHEMA_FILE
Exit status: 0 when the log is valid, 1 when it is not (each violation is printed), 2 when a
file cannot be read or is not JSON.
"""

import json
import sys

import jsonschema


def load_json(path):
    with open(path, encoding="utf-8") as stream:
        return json.load(stream)


def main(arguments):
    if len(arguments) != 3:
        print(f"usage: {arguments[0]} SARIF_FILE SCHEMA_FILE", file=sys.stderr)
        return 2
    sarif_path, schema_path = arguments[1], arguments[2]
    try:
        log = load_json(sarif_path)
        schema = load_json(schema_path)
    except (OSError, ValueError) as error:
        print(f"{arguments[0]}: {error}", file=sys.stderr)
        return 2

    # The schema declares its own draft (draft-04); pick the matching validator, and check the
    # formats (uri, date-time) that the installed jsonschema knows how to check.
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    format_checker = getattr(validator_class, "FORMAT_CHECKER", None) or jsonschema.FormatChecker()
    validator = validator_class(schema, format_checker=format_checker)

    errors = sorted(validator.iter_errors(log), key=lambda error: list(error.absolute_path))
    for error in errors:
        location = "/".join(str(part) for part in error.absolute_path) or "(root)"
        print(f"{sarif_path}: {location}: {error.message}", file=sys.stderr)
    if errors:
        return 1
    print(f"{sarif_path}: valid SARIF 2.1.0")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
