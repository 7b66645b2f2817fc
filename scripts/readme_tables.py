"""The generated reference: the README's tables of rules and template fields, and the
rule ids of ``docgen/schemas/departement.schema.json``, all from docgen's registry.

`python scripts/readme_tables.py --write` rewrites them; tests/test_readme.py fails when
they are out of date.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

from docgen.commands.reference import fields_table, rule_ids, rules_table
from docgen.core.kind import Registry
from docgen.registry import default_registry

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
SCHEMA = ROOT / "docgen" / "schemas" / "departement.schema.json"


def _fields(name: str) -> Callable[[Registry], str]:
    return lambda registry: fields_table(registry, name)


def tables(registry: Registry) -> dict[str, Callable[[Registry], str]]:
    found: dict[str, Callable[[Registry], str]] = {"rules": rules_table}
    for name in registry.templates():
        found[f"fields-{name}"] = _fields(name)
    return found


TABLES = tables(default_registry())


def section(name: str) -> re.Pattern[str]:
    return re.compile(rf"(<!-- table:{name} -->\n)(.*?)(<!-- /table:{name} -->)", re.S)


def rewrite(text: str, registry: Registry | None = None) -> str:
    registry = registry or default_registry()
    for name, make in tables(registry).items():
        text = section(name).sub(lambda m, make=make: m[1] + make(registry) + m[3], text)
    return text


def schema_text(text: str, registry: Registry | None = None) -> str:
    """The Département schema with ``regles:`` naming exactly the registered rules."""
    schema = json.loads(text)
    names = schema["properties"]["regles"]["propertyNames"]
    names["enum"] = rule_ids(registry or default_registry())
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


if __name__ == "__main__":
    if "--write" in sys.argv:
        README.write_text(rewrite(README.read_text(encoding="utf-8")), encoding="utf-8")
        SCHEMA.write_text(schema_text(SCHEMA.read_text(encoding="utf-8")), encoding="utf-8")
    else:
        registry = default_registry()
        for name, make in tables(registry).items():
            print(f"<!-- table:{name} -->\n{make(registry)}<!-- /table:{name} -->\n")
