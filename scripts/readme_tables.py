"""The README's generated tables: rules (from docgen.rules) and template fields.

`python scripts/readme_tables.py --write` rewrites them between their markers in
README.md; tests/test_readme.py fails when the README is out of date.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def rules_table() -> str:
    from docgen.rules import MANDATORY, catalog

    rows = ["| Règle | Sévérité | Vérifie que | Réglable |", "|---|---|---|---|"]
    for rule_id, (severity, summary) in sorted(catalog().items()):
        tunable = "non" if rule_id in MANDATORY else "oui"
        rows.append(f"| `{rule_id}` | {severity.value} | {summary} | {tunable} |")
    return "\n".join(rows) + "\n"


def fields_table() -> str:
    from docgen.render import field_table_markdown

    return field_table_markdown()


def avenant_fields_table() -> str:
    from docgen import render

    fields: dict[str, str] = getattr(render, "AVENANT_FIELDS", {})
    rows = ["| Champ du modèle | Champ YAML |", "|---|---|"]
    rows += [f"| `{name}` | {source} |" for name, source in fields.items()]
    return "\n".join(rows) + "\n"


TABLES: dict[str, Callable[[], str]] = {
    "rules": rules_table,
    "fields": fields_table,
    "avenant-fields": avenant_fields_table,
}


def section(name: str) -> re.Pattern[str]:
    return re.compile(rf"(<!-- table:{name} -->\n)(.*?)(<!-- /table:{name} -->)", re.S)


def rewrite(text: str) -> str:
    for name, make in TABLES.items():
        text = section(name).sub(lambda m, make=make: m[1] + make() + m[3], text)
    return text


if __name__ == "__main__":
    if "--write" in sys.argv:
        README.write_text(rewrite(README.read_text(encoding="utf-8")), encoding="utf-8")
    else:
        for name, make in TABLES.items():
            print(f"<!-- table:{name} -->\n{make()}<!-- /table:{name} -->\n")
