"""Validates YAML files against a JSON Schema with Python's jsonschema, the
way VS Code's YAML extension reads them, for tests/schema.rs:

    .tools/venv/bin/python tests/tools/schema_check.py SCHEMA.json FILE.yaml...

Prints one JSON line per problem:

{"file": ..., "path": "sessions/0/date", "validator": "anyOf",
 "message": ..., "causes": [messages of the alternatives that failed]}

and exits 0 when every file is valid, 1 when one is not, 2 when a file
cannot be read. The YAML is read as YAML 1.2 (core schema), as the YAML
extension reads it, not as PyYAML's YAML 1.1: `2025-11-11` and `15:30` stay
strings and `yes` is not a boolean.
"""

import json
import re
import sys

import jsonschema
import yaml


class Yaml12Loader(yaml.SafeLoader):
    """PyYAML's safe loader with the implicit types of YAML 1.2's core schema."""


Yaml12Loader.yaml_implicit_resolvers = {}
for tag, pattern, first in [
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        "float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
]:
    Yaml12Loader.add_implicit_resolver(
        "tag:yaml.org,2002:" + tag, re.compile(pattern), list(first)
    )


def construct_int(loader, node):
    text = loader.construct_scalar(node)
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text, 10)


Yaml12Loader.add_constructor("tag:yaml.org,2002:int", construct_int)


def as_json(value):
    """Mapping keys as JSON has them: strings."""
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    return value


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)
    status = 0
    for name in sys.argv[2:]:
        try:
            with open(name, encoding="utf-8-sig") as f:
                document = as_json(yaml.load(f, Loader=Yaml12Loader))
        except (OSError, yaml.YAMLError) as e:
            print(f"{name}: {e}", file=sys.stderr)
            return 2
        errors = sorted(
            validator.iter_errors(document), key=lambda e: "/".join(map(str, e.path))
        )
        for error in errors:
            status = 1
            print(
                json.dumps(
                    {
                        "file": name,
                        "path": "/".join(str(p) for p in error.path),
                        "validator": error.validator,
                        "message": error.message,
                        "causes": [c.message for c in error.context],
                    },
                    ensure_ascii=False,
                )
            )
    return status


if __name__ == "__main__":
    sys.exit(main())
