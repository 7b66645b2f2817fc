"""The reference tables generated from the code: rules, template fields and filters, exit
codes, and the keys of each YAML file (from its JSON schema).

``python scripts/reference.py --write`` writes them into the documentation site's
reference pages (``docs/reference/``) and the rule ids into
``docgen/schemas/departement.schema.json`` (the names ``regles:`` accepts); tests fail when
either drifts from the code.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from docgen.core import french as fr
from docgen.core.errors import (
    DocgenError,
    OverwriteRefused,
    ResourceError,
    TemplateFailure,
    UsageError,
)
from docgen.core.kind import Registry, RegistryError
from docgen.core.project import TemplateMissing
from docgen.core.rules import ANY_KIND
from docgen.core.vocabulary import field_docs
from docgen.kinds.common import Person

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
        severity = rule.severity.value
        if rule.signing is not None and rule.signing is not rule.severity:
            severity += f" ({rule.signing.value} avec `--pour-signature`)"
        rows.append(f"| `{rule_id}` | {where} | {severity} | {rule.summary} | {tunable} |")
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


# --- Filters ---------------------------------------------------------------------------

# What each filter does, in French, and the arguments of one example: the value it
# filters, then its own arguments. The result the page prints is computed by calling the
# filter, so the reference cannot say what the filter does not do.
_FILTER_DOCS: dict[Callable[..., str], tuple[str, tuple[object, ...]]] = {
    fr.amount: (
        "montant en chiffres ; les centimes seulement s’ils ne sont pas nuls, sauf avec "
        '`("centimes")` (ou `("toujours")`) : toujours ; `(centimes)` : l’écriture que '
        "montants: du departement.yaml donne à ce document",
        (Decimal("312345.67"),),
    ),
    fr.amount_in_words: (
        'montant en toutes lettres, orthographe traditionnelle ; `("1990")` : '
        "rectifications de 1990",
        (Decimal("312345.67"),),
    ),
    fr.amount_full: (
        "montant en lettres puis en chiffres, comme une convention énonce une somme",
        (Decimal("5000"),),
    ),
    fr.number: (
        "nombre, milliers séparés, zéros inutiles ôtés ; pas pour une année, un code "
        "postal ou un numéro d’article",
        (Decimal("13197804"),),
    ),
    fr.etp: ("effectif en équivalents temps plein", (Decimal("3.50"),)),
    fr.percent: ("pourcentage (95, non 0,95)", (Decimal("4.75"),)),
    fr.date_long: ("date en toutes lettres, « 1er » le premier du mois", (date(2024, 1, 1),)),
    fr.date_short: ("date en chiffres", (date(2023, 12, 11),)),
    fr.ordinal: ("ordinal abrégé ; `(true)` : féminin, « 1re »", (2,)),
    fr.ordinal_in_words: ("ordinal en toutes lettres ; `(true)` : féminin", (21,)),
    fr.number_in_words: ("nombre entier en toutes lettres ; `(true)` : féminin", (3,)),
    fr.de: (
        "« de » devant un nom de lieu, élidé ou contracté (« du Touquet », « des "
        "Attaques ») ; l’élision d’un h muet se dit dans le YAML (`elision: true`)",
        ("Arras",),
    ),
    fr.join_fr: (
        "liste jointe par des virgules et « et »",
        (["Carvin", "Courrières", "Oignies"],),
    ),
    fr.numbers_fr: (
        "numéros (d’annexes, d’articles) : trois ou plus qui se suivent s’écrivent « 1 à 4 »",
        ([1, 2, 3, 4, 7],),
    ),
    fr.capfirst: ("première lettre en capitale, le reste tel quel", ("l’État",)),
    fr.accord: (
        "le mot qui s’accorde avec la civilité d’une personne (ici « Madame »)",
        (Person("Madame", "Claire", "Exemple"), "autorisé", "autorisée"),
    ),
    fr.typography: (
        "espaces insécables d’un texte (docgen l’applique déjà à chaque valeur imprimée)",
        ("Objet: la dotation",),
    ),
}


def _literal(value: object) -> str:
    """A value as a template or a YAML file writes it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, list):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    if isinstance(value, Person):
        return f"{value.civility} {value.first_name} {value.last_name}"
    return str(value)


@dataclass(frozen=True)
class FilterDoc:
    """A filter of the templates, with an example: the guide of ``docgen modeles filtres``
    and a row of the reference page."""

    tag: str  # « {{ valeur|montant }} »
    value: str  # the example value, as written
    result: str  # what the tag prints for it
    text: str  # French: what the filter does


def filter_docs() -> tuple[FilterDoc, ...]:
    """Every filter a template may apply, by its French name, each computed on its example."""
    found = []
    for name, function in fr.FILTERS.items():
        if function not in _FILTER_DOCS:
            raise ValueError(f"filter {name!r} is not described in reference._FILTER_DOCS")
        text, (value, *args) = _FILTER_DOCS[function]
        call = name + ("(" + ", ".join(_literal(a) for a in args) + ")" if args else "")
        shown = value if isinstance(value, str) else _literal(value)
        found.append(FilterDoc(f"{{{{ valeur|{call} }}}}", shown, function(value, *args), text))
    return tuple(found)


def jinja_filters_text() -> str:
    """Jinja's own filters, by their French names."""
    return ", ".join(f"`{french}` ({jinja})" for jinja, french in fr.JINJA_FILTERS.items())


def filters_table() -> str:
    """Every filter a template may apply: one example, its actual result, what it does."""
    rows = ["| Exemple | Valeur | Donne | Ce qu'il fait |", "|---|---|---|---|"]
    for doc in filter_docs():
        rows.append(f"| `{doc.tag}` | {_cell(doc.value)} | « {doc.result} » | {doc.text} |")
    rows += ["", f"Et ceux de Jinja, sous un nom français : {jinja_filters_text()}."]
    return "\n".join(rows) + "\n"


# --- Exit codes -------------------------------------------------------------------------

# What stops a command, in French. The code of each is read from its class: the page
# follows the code.
_ERROR_DOCS: dict[type[DocgenError], str] = {
    UsageError: "un argument invalide, un fichier ou un dossier introuvable, un fichier "
    "d’une autre sorte que celle attendue",
    ResourceError: "ce dont docgen a besoin manque ou est illisible : un modèle Word, un "
    "schéma, LibreOffice avec `--pdf`, le verrou du dépôt (occupé trop longtemps), le "
    "journal d’écriture",
    TemplateFailure: "un modèle Word illisible (« modèle illisible ») ou qui ne peut pas être "
    "rempli (une balise en erreur ou au-delà des limites de rendu) : les documents faits de "
    "ce modèle ne sont pas produits, les autres le sont",
    OverwriteRefused: "écrire détruirait un fichier modifié à la main (un document de "
    "`build/`, sauf avec `--force` ; un fichier que `docgen new` remplacerait ; un "
    "contrat changé pendant `docgen budget apply`)",
    RegistryError: "deux sortes de documents ou deux règles portent le même nom : une "
    "erreur dans le code de docgen, pas dans les fichiers",
}

# What is raised, then reported as a finding by check and build: the page gives the code the
# user sees, not the exception's own.
_REPORTED: dict[type[DocgenError], str] = {
    TemplateMissing: "un modèle Word qu’une convention choisit (`modeles:`) n’existe pas "
    "(règle `template-missing`) : les documents de ce modèle ne sont pas produits",
}

_CODE_MEANINGS = {
    0: "tout est conforme",
    1: "un fichier est à corriger",
    2: "docgen n’a pas pu s’exécuter",
}

# What the command line decides itself (docgen/cli/), beside docgen's exceptions.
_CLI_CASES = {
    0: ["aucune anomalie, ou seulement des avertissements (sans `--strict`)"],
    1: [
        "des anomalies : au moins une erreur, ou un avertissement avec `--strict` ; "
        "chacune est listée avec son fichier, sa ligne et sa règle"
    ],
    2: [
        "un document n’a pas pu être écrit (« non écrit ») : les autres l’ont été",
        "la commande a été interrompue (Ctrl+C)",
    ],
}


def documented_errors() -> tuple[type[DocgenError], ...]:
    """The exceptions the exit-code page describes."""
    return (*_ERROR_DOCS, *_REPORTED)


def exit_codes_table() -> str:
    """Each exit code, what it means, and every case that gives it: one row per case."""
    cases: dict[int, list[str]] = {code: list(found) for code, found in _CLI_CASES.items()}
    for error, text in _ERROR_DOCS.items():
        cases.setdefault(error.exit_code, []).append(text)
    cases[1] += _REPORTED.values()
    rows = ["| Code | Signifie | Quand |", "|---|---|---|"]
    for code in sorted(cases):
        for n, when in enumerate(cases[code]):
            meaning = _CODE_MEANINGS[code] if n == 0 else ""
            rows.append(f"| `{code}` | {meaning} | {when} |")
    return "\n".join(rows) + "\n"


# --- YAML keys, from a JSON schema -------------------------------------------------------

_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_PLAIN = re.compile(r"[^\s\[\]{},:#&*!|>'\"%@`-][^\[\]{},#]*")


def _cell(text: str) -> str:
    """Text that stays inside one table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def _resolve(node: Mapping[str, Any], defs: Mapping[str, Any]) -> dict[str, Any]:
    """A node with its ``$ref`` followed; its own description and examples win."""
    ref = node.get("$ref")
    if not isinstance(ref, str):
        return dict(node)
    target = dict(defs[ref.rsplit("/", 1)[-1]])
    target.update({k: v for k, v in node.items() if k != "$ref"})
    return target


def _types(node: Mapping[str, Any]) -> list[str]:
    found = node.get("type", [])
    return [found] if isinstance(found, str) else list(found)


_FIXED_DIGITS = re.compile(r"\^\[0-9\]\{\d+\}\(\?!\[\\s\\S\]\)")


def _number_label(pattern: str) -> str:
    """Figures that count (a sum, a share) or figures that name (a postcode, a code)."""
    if re.search(r"A-Z|\[AB\]", pattern) or _FIXED_DIGITS.fullmatch(pattern):
        return "code"
    if "[0-9]" not in pattern:
        return "texte"
    return "nombre"


def _type_label(node: Mapping[str, Any], defs: Mapping[str, Any]) -> str:
    types = _types(node)
    if "array" in types:
        items = _resolve(node.get("items", {}), defs)
        label = "liste" if "object" in _types(items) else f"liste ({_type_label(items, defs)})"
    elif "object" in types:
        label = "champs"
    elif "boolean" in types:
        label = "`true` ou `false`"
    elif "number" in types or "integer" in types:
        label = _number_label(node.get("pattern", ""))
    elif node.get("format") == "date":
        label = "date"
    else:
        label = "texte"
    if "enum" in node:
        label += " : " + " ou ".join(f"`{_yaml(v, {}, defs)}`" for v in node["enum"])
    if "null" in types:
        label += ", ou vide"
    return label


def _yaml(value: object, node: Mapping[str, Any], defs: Mapping[str, Any]) -> str:
    """An example as it is written in the YAML file (flow style), quoted where needed."""
    node = _resolve(node, defs)
    if value is None:
        return "~"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        items = node.get("items", {})
        return "[" + ", ".join(_yaml(v, items, defs) for v in value) + "]"
    if isinstance(value, dict):
        properties = node.get("properties", {})
        extra = node.get("additionalProperties")
        parts = []
        for key, item in value.items():
            child = properties.get(key, extra if isinstance(extra, dict) else {})
            parts.append(f"{_yaml(key, {}, defs)}: {_yaml(item, child, defs)}")
        return "{" + ", ".join(parts) + "}"
    text = str(value)
    # A postcode or an INSEE code is quoted, as the files write them: an editor reading
    # YAML would take an unquoted 01000 for a number.
    counts = "number" in _types(node) and _number_label(node.get("pattern", "")) == "nombre"
    numeric = _NUMBER.fullmatch(text) and not counts
    if numeric or not _PLAIN.fullmatch(text) or text != text.strip():
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


_EXAMPLE_WIDTH = 90  # a longer example of a group of keys is left to its keys' rows


def _example(node: Mapping[str, Any], defs: Mapping[str, Any]) -> str:
    examples = node.get("examples")
    if not examples:
        return ""
    shown = _yaml(examples[0], node, defs)
    grouped = {"object", "array"} & set(_types(node))
    if grouped and len(shown) > _EXAMPLE_WIDTH:
        return ""
    return f"`{_cell(shown)}`"


def _key_rows(
    node: Mapping[str, Any], prefix: str, defs: Mapping[str, Any]
) -> Iterator[tuple[str, Mapping[str, Any], str]]:
    """(path, node, required) for every key under ``node``, depth first, in file order."""
    required = set(node.get("required", []))
    for key, child in node.get("properties", {}).items():
        child = _resolve(child, defs)
        path = f"{prefix}{key}"
        yield path, child, "oui" if key in required else "non"
        yield from _children(child, path, defs)
    extra = node.get("additionalProperties")
    if isinstance(extra, dict):
        extra = _resolve(extra, defs)
        names = node.get("propertyNames", {})
        label = "<règle>" if "enum" in names else "<clé>"
        path = f"{prefix}{label}"
        yield path, extra, "—"
        yield from _children(extra, path, defs)


def _children(
    node: Mapping[str, Any], path: str, defs: Mapping[str, Any]
) -> Iterator[tuple[str, Mapping[str, Any], str]]:
    if "array" in _types(node):
        items = _resolve(node.get("items", {}), defs)
        if "object" in _types(items):
            yield from _key_rows(items, f"{path}[].", defs)
    elif "object" in _types(node):
        yield from _key_rows(node, f"{path}.", defs)


def schema_table(schema: Mapping[str, Any]) -> str:
    """Every key of a YAML file: its path, type, whether it is required, its description
    and an example, from the file's JSON schema (``communes[].nom``: a key of each item)."""
    defs = schema.get("$defs", {})
    rows = ["| Clé | Type | Obligatoire | Description | Exemple |", "|---|---|---|---|---|"]
    for path, node, required in _key_rows(schema, "", defs):
        rows.append(
            f"| `{path}` | {_type_label(node, defs)} | {required} "
            f"| {_cell(node.get('description', ''))} | {_example(node, defs)} |"
        )
    return "\n".join(rows) + "\n"
