"""The reference tables generated from the registry: rules and template fields.

They are written into the README (``python scripts/readme_tables.py --write``) and the
rule ids into ``docgen/schemas/departement.schema.json`` (the names ``regles:`` accepts); tests
fail when either drifts from the code.
"""

from __future__ import annotations

from docgen.core.kind import Registry
from docgen.core.rules import ANY_KIND
from docgen.core.vocabulary import field_docs

_KIND_LABELS = {ANY_KIND: "tout fichier"}


def rule_ids(registry: Registry) -> list[str]:
    """Every rule id, sorted: what a Département's ``regles:`` may name."""
    return sorted(registry.rules)


def rules_table(registry: Registry) -> str:
    rows = ["| Règle | Fichiers | Sévérité | Vérifie que | Réglable |", "|---|---|---|---|---|"]
    labels = {k.name: k.label for k in registry.kinds}
    for rule_id in rule_ids(registry):
        rule = registry.rule(rule_id)
        where = _KIND_LABELS.get(rule.kind) or labels.get(rule.kind, rule.kind)
        tunable = "oui" if rule.tunable else "non"
        rows.append(
            f"| `{rule_id}` | {where} | {rule.severity.value} | {rule.summary} | {tunable} |"
        )
    return "\n".join(rows) + "\n"


def fields_table(registry: Registry, template: str) -> str:
    """What a template may print: every name of its typed context, and where it comes from."""
    context = registry.templates()[template].context
    rows = ["| Champ du modèle | D'où vient la valeur |", "|---|---|"]
    rows += [f"| `{d.name}` | {d.text} |" for d in field_docs(context)]
    return "\n".join(rows) + "\n"


def fields_tables(registry: Registry) -> str:
    """One table per template, with its title."""
    parts = []
    for name, template in registry.templates().items():
        parts.append(f"**{template.title}** (`{name}.docx`)\n\n{fields_table(registry, name)}")
    return "\n".join(parts)
