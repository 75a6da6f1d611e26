"""Validates JSON documents against a JSON Schema (draft-07) with Python's
jsonschema, independently of the Rust code that wrote both, and prints what
it found as JSON: one entry per file, with every error. Used by
tests/export.rs.

    .tools/venv/bin/python tests/tools/json_check.py SCHEMA FILE...

The schema itself is checked against the draft-07 meta-schema first; a
schema that fails that check is reported as an error of the schema file.
Formats (date, date-time) are checked too where jsonschema can.
"""

import json
import sys

from jsonschema import Draft7Validator
from jsonschema.exceptions import SchemaError


def leaves(error):
    """The errors under one that failed a oneOf or anyOf (the document kind,
    a deadline's `when`): the ones that say what is wrong inside."""
    if not error.context:
        return [error]
    return [leaf for sub in error.context for leaf in leaves(sub)]


def short(message):
    """A message without the whole failing document in it."""
    return message if len(message) <= 300 else message[:300] + "..."


def main(schema_path, files):
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    try:
        Draft7Validator.check_schema(schema)
    except SchemaError as e:
        print(json.dumps([{"file": schema_path, "errors": [{"path": "", "message": e.message}]}]))
        return
    validator = Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER)
    results = []
    for path in files:
        with open(path, encoding="utf-8") as f:
            document = json.load(f)
        errors = [
            {"path": "/".join(str(p) for p in leaf.absolute_path), "message": short(leaf.message)}
            for e in sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
            for leaf in leaves(e)
        ]
        results.append({"file": path, "errors": errors})
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
