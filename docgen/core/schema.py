r"""Validate loaded YAML against the JSON Schemas in ``schemas/``, as French findings.

Each schema is read, compiled and given its validator once per process. A file is first
put to the compiled check (``docgen.core.schema_compiled``), which only says whether it
passes; jsonschema, slower, explains the files that do not (a reused validator:
``jsonschema.validate()`` would re-check the schema itself on every call). One finding per
fact: each missing key, each unknown key, and one per wrong value (its most telling error).

The schemas' ``pattern``s are read by jsonschema with Python's ``re.search`` and by the
YAML language server as JavaScript regular expressions: each starts with ``^`` and ends
with ``(?![\s\S])`` ("nothing follows"), because ``$`` also matches before a final line
break in Python (``"62590\n"`` passed ``^[0-9]{5}$``) and ``\Z`` does not exist in
JavaScript; digits are ``[0-9]``, since ``\d`` is any Unicode digit in Python. One-line
text fields (names, places, titles) refuse line breaks and blank values through
``^[^\S\r\n\u2028\u2029]*\S[^\r\n\u2028\u2029]*(?![\s\S])``, in linear time.
"""

from __future__ import annotations

import calendar
import difflib
import json
import re
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker, ValidationError

from docgen.core.errors import ResourceError
from docgen.core.findings import Finding, field_path
from docgen.core.resources import schemas_dir
from docgen.core.schema_compiled import Check, compiled
from docgen.core.source import Document, FieldPath, shown
from docgen.core.typed import ISO_DATE, french_date, iso, written_number

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
    "maxLength": "invalid-value",
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
def schema_of(kind: str | Path) -> Any:
    """A shipped schema (by name) or a schema file (by path), read once per process."""
    path = kind if isinstance(kind, Path) else schemas_dir() / f"{kind}.schema.json"
    try:
        schema = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ResourceError(f"schéma illisible : {path} ({exc})") from None
    return schema


@cache
def validator(kind: str | Path) -> Draft202012Validator:
    """The jsonschema validator of a schema: the one that explains what fails."""
    return Draft202012Validator(schema_of(kind), format_checker=FormatChecker())


@cache
def compiled_check(kind: str | Path) -> Check | None:
    """Whether data passes the schema, compiled; None where only jsonschema is trusted."""
    return compiled(schema_of(kind))


# Characters that end a line, for a clearer message than "invalid value".
_LINE_BREAKS = re.compile("[\n\r\x85\u2028\u2029]")
# When one value breaks several keywords (a date "2024-1-5" breaks both its pattern and
# its format), only the most telling one is reported: one finding per fact.
_PRIORITY = {"type": 0, "minLength": 1, "minItems": 1, "enum": 2, "maxLength": 3, "pattern": 4}


def schema_findings(
    doc: Document, kind: str | Path, skip: frozenset[FieldPath] = frozenset()
) -> list[Finding]:
    """All schema violations of ``doc``, except at paths in ``skip`` (already reported).

    One finding per missing key, per unknown key, and per wrong value.
    """
    passes = compiled_check(kind)
    if passes is not None and passes(doc.data):
        return []  # what passes the compiled check passes jsonschema (tests/test_schema.py)
    errors = list(_leaf_errors(validator(kind).iter_errors(doc.data)))
    # A wrong type makes every other complaint about that value noise: keep the type error.
    typed = {tuple(e.absolute_path) for e in errors if e.validator == "type"}
    # The unknown keys of each object, to tell a misspelt key from a missing one.
    unknown: dict[FieldPath, list[str]] = {}
    for e in errors:
        if e.validator == "additionalProperties":
            unknown.setdefault(tuple(e.absolute_path), []).extend(_unknown_keys(e))
    findings: list[Finding] = []
    keys_done: set[tuple[FieldPath, str]] = set()
    # The error kept for each wrong value, and where its finding goes in the list.
    values: dict[FieldPath, tuple[int, ValidationError]] = {}
    for error in errors:
        path: FieldPath = tuple(error.absolute_path)
        if path in skip or (path in typed and error.validator != "type"):
            continue
        if error.validator == "required":
            for key in _missing_keys(error):
                if (path, key) in keys_done:
                    continue
                keys_done.add((path, key))
                if not difflib.get_close_matches(key, unknown.get(path, []), n=1):
                    # Otherwise reported once, as the unknown key that is this one misspelt.
                    findings.append(_missing(doc, error, path, key))
        elif error.validator == "additionalProperties":
            for key in _unknown_keys(error):
                findings.append(_unknown(doc, error, (*path, key), key))
        elif path in values:
            index, kept = values[path]
            if _rank(error) < _rank(kept):
                values[path] = (index, error)
                findings[index] = _finding(doc, error, path)
        else:
            values[path] = (len(findings), error)
            findings.append(_finding(doc, error, path))
    return findings


def _rank(error: ValidationError) -> int:
    return _PRIORITY.get(str(error.validator), len(_PRIORITY))


def _leaf_errors(errors: Iterator[ValidationError]) -> Iterator[ValidationError]:
    # Our schemas use no oneOf/anyOf, so every error is already a leaf; keep it general
    # anyway, without recursion.
    pending = [iter(errors)]
    while pending:
        error = next(pending[-1], None)
        if error is None:
            pending.pop()
        elif error.context:
            pending.append(iter(error.context))
        else:
            yield error


def _missing_keys(error: ValidationError) -> list[str]:
    """The required keys absent from the object, in the schema's order."""
    # jsonschema raises one error per missing key, each at the parent object's path and
    # with the whole required list as validator_value: the key itself is only named in
    # the English message. Recompute them all from the object.
    if not isinstance(error.instance, dict):
        return []
    return [str(key) for key in error.validator_value if key not in error.instance]


def _unknown_keys(error: ValidationError) -> list[str]:
    """The keys of the object that its schema does not name, in the file's order."""
    subschema = error.schema if isinstance(error.schema, dict) else {}
    known = subschema.get("properties", {})
    patterns = list(subschema.get("patternProperties", {}))
    if not isinstance(error.instance, dict):
        return []
    return [
        str(key)
        for key in error.instance
        if key not in known and not any(re.search(p, str(key)) for p in patterns)
    ]


def _missing(doc: Document, error: ValidationError, parent: FieldPath, missing: str) -> Finding:
    subschema: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    described = subschema.get("properties", {}).get(missing, {}).get("description", "")
    name = shown(missing)
    message = f"champ obligatoire manquant : « {name} »"
    hint = f"ajoutez « {name}: … » ({described.rstrip('.')})" if described else ""
    rule = "signatory-missing" if missing in SIGNATORY_KEYS else "required-field"
    if rule == "signatory-missing":
        message = f"aucun signataire : « {name} » manque"
    return Finding(
        doc.name, doc.line_of(parent), field_path((*parent, missing)), rule, message, hint
    )


def _unknown(doc: Document, error: ValidationError, path: FieldPath, key: str) -> Finding:
    subschema: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    allowed = sorted(subschema.get("properties", {}))
    close = difflib.get_close_matches(key, allowed, n=1)
    hint = (
        f"vouliez-vous dire « {close[0]} » ?"
        if close
        else f"clés admises ici : {', '.join(allowed)}"
    )
    return Finding(
        doc.name,
        doc.line_of(path),
        field_path(path),
        "unknown-key",
        f"clé inconnue « {shown(key)} »",
        hint,
    )


def _finding(doc: Document, error: ValidationError, path: FieldPath) -> Finding:
    subschema: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    value = error.instance
    kind = str(error.validator)
    rule = RULE_IDS.get(kind, "schema")
    hint = ""
    if kind == "type":
        expected = subschema.get("type")
        names = [expected] if isinstance(expected, str) else list(expected or [])
        wanted = " ou ".join(_TYPE_NAMES.get(n, n) for n in names if n != "null")
        message = f"attendu : {wanted} ; trouvé : {_describe(value)}"
        hint = _example_hint(subschema)
    elif kind in ("pattern", "format") and isinstance(value, str) and not value.strip():
        rule = "empty-value"
        message = "valeur vide (rien que des espaces)"
        hint = _expected_hint(subschema)
    elif kind in ("pattern", "format") and isinstance(value, str) and _LINE_BREAKS.search(value):
        message = f"retour à la ligne interdit dans cette valeur : « {shown(value)} »"
        hint = "écrivez-la sur une seule ligne"
        if value.endswith("\n"):
            hint += " ; après « | » ou « > », écrivez « |- » ou « >- » : sans le « - », YAML "
            hint += "garde le retour à la ligne final"
    elif kind in ("pattern", "format") and (diagnosis := _diagnosis(value, subschema)):
        message, hint = diagnosis
    elif kind in ("pattern", "format"):
        message = f"valeur « {shown(value)} » invalide"
        hint = _expected_hint(subschema)
    elif kind == "enum":
        choices = ", ".join(f"« {c} »" for c in error.validator_value)
        message = f"valeur « {shown(str(value))} » non admise"
        hint = f"valeurs admises : {choices}"
    elif kind in ("minLength", "minItems") and not value:
        message = "valeur vide"
        hint = _expected_hint(subschema)
    elif kind == "minLength":
        message = f"valeur trop courte : au moins {error.validator_value} caractères"
        hint = _expected_hint(subschema)
    elif kind == "maxLength":
        message = f"valeur trop longue : {len(value)} caractères, au plus {error.validator_value}"
        hint = "raccourcissez-la"
    else:
        message = f"valeur non conforme au schéma ({kind})"
        hint = _expected_hint(subschema)
    return Finding(doc.name, doc.line_of(path), field_path(path), rule, message, hint)


_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_DECIMAL = re.compile(r"([0-9]+)\.([0-9]+)")


def _diagnosis(value: Any, subschema: dict[str, Any]) -> tuple[str, str] | None:
    """What is wrong with a value its pattern refuses, when its shape says it: an
    impossible date, a date or a number written as French prints it, a negative number.
    The juriste then reads what to write instead of only « invalide »."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if subschema.get("format") == "date":
        return _date_diagnosis(text)
    pattern = subschema.get("pattern")
    if not isinstance(pattern, str):
        return None
    if text.startswith("-") and re.search(pattern, text[1:].strip()):
        return (
            f"nombre négatif « {shown(text)} » : ce champ n'admet pas de signe moins",
            _expected_hint(subschema),
        )
    examples = subschema.get("examples") or [""]
    if _NUMBER.fullmatch(str(examples[0])) and not any(c.isdigit() for c in text):
        return (
            f"« {shown(text)} » n'est pas un nombre : écrivez-le en chiffres",
            _expected_hint(subschema),
        )
    written = written_number(text) or text
    if written != text and re.search(pattern, written):
        return (
            f"valeur « {shown(text)} » écrite comme dans un document",
            f"dans le fichier, un nombre s'écrit sans espace ni symbole, avec un point "
            f"décimal : écrivez « {written} »",
        )
    return _precision_diagnosis(text, written, subschema)


def _precision_diagnosis(
    text: str, written: str, subschema: dict[str, Any]
) -> tuple[str, str] | None:
    """A number with more decimals than its field keeps (a sum to the tenth of a cent)."""
    pattern = str(subschema.get("pattern"))
    money = "euro" in str(subschema.get("description", "")).lower()
    number = _DECIMAL.fullmatch(written)
    if number is None:
        return None
    value = Decimal(written)
    # The most decimals the field keeps, found by the value rounded to them: a number too
    # large for its field is not « trop précis ».
    roundings = (
        (n, value.quantize(Decimal(1).scaleb(-n), rounding=ROUND_HALF_UP))
        for n in range(len(number[2]) - 1, -1, -1)
    )
    kept, rounded = next(((n, r) for n, r in roundings if re.search(pattern, str(r))), (0, None))
    if rounded is None:
        return None
    places = f"{kept} décimale{'s' if kept > 1 else ''} au plus" if kept else "un nombre entier"
    return (
        f"valeur « {shown(text)} » trop précise : {places}"
        + (" (un montant s'écrit au centime près)" if money and kept == 2 else ""),
        f"arrondissez-la : écrivez « {rounded} »",
    )


def _date_diagnosis(text: str) -> tuple[str, str] | None:
    iso_date = ISO_DATE.fullmatch(text)
    french = french_date(text)
    if iso_date:
        year, month, day = (int(part) for part in iso_date.groups())
    elif french:
        year, month, day = french
    else:
        return None
    if not 1 <= month <= 12:
        return f"date impossible « {text} » : il n'y a pas de mois {month}", _ISO_HINT
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return (
            f"date impossible « {text} » : ce mois n'a que {days} jours",
            "vérifiez le jour et le mois ; " + _ISO_HINT,
        )
    if iso_date:
        return None  # a real day: what is wrong is not its shape
    return (
        f"date « {text} » écrite comme dans un document",
        f"dans le fichier, une date s'écrit année-mois-jour : écrivez « {iso(year, month, day)} »",
    )


_ISO_HINT = "une date s'écrit AAAA-MM-JJ (le 15 janvier 2024 : 2024-01-15)"


def _describe(value: Any) -> str:
    if value is None:
        return "rien"
    if isinstance(value, bool):
        return f"« {'true' if value else 'false'} »"
    if isinstance(value, dict):
        return "une liste de champs"
    if isinstance(value, list):
        return "une liste"
    return f"« {shown(str(value))} »"


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
