"""Validate loaded YAML against the JSON Schemas in ``schemas/``, as French findings.

Validators are built once per schema and reused: ``jsonschema.validate()`` re-checks the
schema itself on every call, twenty to forty times slower.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker, ValidationError

from docgen.core.errors import ResourceError
from docgen.core.findings import Finding, field_path
from docgen.core.resources import schemas_dir
from docgen.core.source import Document, FieldPath

KINDS = ("departement", "convention")

# Stable rule ids for schema violations, so CI output and Département overrides can name them.
RULE_IDS = {
    "additionalProperties": "unknown-key",
    "required": "required-field",
    "type": "wrong-type",
    "enum": "invalid-value",
    "pattern": "invalid-value",
    "format": "invalid-value",
    "minLength": "empty-value",
    "minItems": "empty-value",
}
SIGNATORY_KEYS = {"maire", "president"}

_TYPE_NAMES = {
    "string": "un texte",
    "number": "un nombre",
    "integer": "un nombre entier",
    "object": "une liste de champs (clé : valeur)",
    "array": "une liste (lignes commençant par « - »)",
    "boolean": "true ou false",
    "null": "vide",
}


@cache
def validator(kind: str | Path) -> Draft202012Validator:
    """The validator of a shipped schema (by name) or of a schema file (by path)."""
    path = kind if isinstance(kind, Path) else schemas_dir() / f"{kind}.schema.json"
    try:
        schema = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ResourceError(f"schéma illisible : {path} ({exc})") from None
    return Draft202012Validator(schema, format_checker=FormatChecker())


def schema_findings(
    doc: Document, kind: str | Path, skip: frozenset[FieldPath] = frozenset()
) -> list[Finding]:
    """All schema violations of ``doc``, except at paths in ``skip`` (already reported)."""
    errors = [e for e in _leaf_errors(validator(kind).iter_errors(doc.data))]
    # A wrong type makes every other complaint about that value noise: keep the type error.
    typed = {tuple(e.absolute_path) for e in errors if e.validator == "type"}
    unknown = {
        (tuple(e.absolute_path), key)
        for e in errors
        if e.validator == "additionalProperties"
        for key in e.instance
        if key not in e.schema.get("properties", {})
    }
    findings = []
    for error in errors:
        path: FieldPath = tuple(error.absolute_path)
        if path in skip or (path in typed and error.validator != "type"):
            continue
        if error.validator == "required" and _is_typo(path, _missing_key(error), unknown):
            continue  # reported once, as the unknown key that is probably this one misspelt
        findings.append(_finding(doc, error, path))
    return findings


def _is_typo(parent: FieldPath, missing: str, unknown: set[tuple[FieldPath, str]]) -> bool:
    keys = [key for where, key in unknown if where == parent]
    return bool(difflib.get_close_matches(missing, keys, n=1))


def _leaf_errors(errors: Iterator[ValidationError]) -> Iterator[ValidationError]:
    # Our schemas use no oneOf/anyOf, so every error is already a leaf; keep it general anyway.
    for error in errors:
        if error.context:
            yield from _leaf_errors(iter(error.context))
        else:
            yield error


def _finding(doc: Document, error: ValidationError, path: FieldPath) -> Finding:
    subschema: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    value = error.instance
    kind = error.validator
    hint = ""
    if kind == "additionalProperties":
        allowed = sorted(subschema.get("properties", {}))
        unknown = [k for k in value if k not in subschema.get("properties", {})]
        key = unknown[0] if unknown else "?"
        path = (*path, key)
        message = f"clé inconnue « {key} »"
        close = difflib.get_close_matches(key, allowed, n=1)
        hint = (
            f"vouliez-vous dire « {close[0]} » ?"
            if close
            else f"clés admises ici : {', '.join(allowed)}"
        )
    elif kind == "required":
        missing = _missing_key(error)
        described = subschema.get("properties", {}).get(missing, {}).get("description", "")
        message = f"champ obligatoire manquant : « {missing} »"
        hint = f"ajoutez « {missing}: … » ({described.rstrip('.')})" if described else ""
        path = (*path, missing)
        rule = "signatory-missing" if missing in SIGNATORY_KEYS else "required-field"
        if rule == "signatory-missing":
            message = f"aucun signataire : « {missing} » manque"
        return Finding(doc.name, doc.line_of(path[:-1]), field_path(path), rule, message, hint)
    elif kind == "type":
        expected = subschema.get("type")
        names = [expected] if isinstance(expected, str) else list(expected or [])
        wanted = " ou ".join(_TYPE_NAMES.get(n, n) for n in names if n != "null")
        message = f"attendu : {wanted} ; trouvé : {_describe(value)}"
        hint = _example_hint(subschema)
    elif kind in ("pattern", "format"):
        message = f"valeur « {value} » invalide"
        hint = _expected_hint(subschema)
    elif kind == "enum":
        choices = ", ".join(f"« {c} »" for c in error.validator_value)
        message = f"valeur « {value} » non admise"
        hint = f"valeurs admises : {choices}"
    elif kind in ("minLength", "minItems"):
        message = "valeur vide"
        hint = _expected_hint(subschema)
    else:
        message = f"valeur non conforme au schéma ({kind})"
        hint = _expected_hint(subschema)
    rule = RULE_IDS.get(str(kind), "schema")
    return Finding(doc.name, doc.line_of(path), field_path(path), rule, message, hint)


def _missing_key(error: ValidationError) -> str:
    # jsonschema puts the parent object in absolute_path; the key is only in the message.
    for key in error.validator_value:
        if isinstance(error.instance, dict) and key not in error.instance:
            return str(key)
    return "?"


def _describe(value: Any) -> str:
    if value is None:
        return "rien"
    if isinstance(value, bool):
        return f"« {'true' if value else 'false'} »"
    if isinstance(value, dict):
        return "une liste de champs"
    if isinstance(value, list):
        return "une liste"
    return f"« {value} »"


def _example_hint(subschema: dict[str, Any]) -> str:
    examples = subschema.get("examples") or []
    if not examples:
        return ""
    example = examples[0]
    if isinstance(example, str):
        return f"exemple : {example}"
    return f"exemple : {json.dumps(example, ensure_ascii=False)}"


def _expected_hint(subschema: dict[str, Any]) -> str:
    description = str(subschema.get("description", "")).rstrip(".")
    example = _example_hint(subschema)
    return " ; ".join(part for part in (description, example) if part)
