"""A JSON Schema compiled to Python code, that only answers « does this data pass? ».

docgen's schema findings come from jsonschema (``docgen.core.schema``), which can explain
every error but walks the schema through generic keyword functions on every file.
fastjsonschema turns the schema into straight Python code once, about nine times faster
on a valid convention; most files pass, and jsonschema then only runs to explain a file
that fails. So the two must agree on which data passes: a schema is compiled only when
every keyword it uses means the same to both (``FAITHFUL``), else ``compiled`` gives None
and jsonschema alone decides.

What does not carry over: fastjsonschema implements drafts 4 to 2019-09, not the
2020-12 keywords (``prefixItems``, ``unevaluatedProperties``, ``$dynamicRef``…), and it
reads a ``$ref`` as in draft 7, ignoring the keywords beside it; its ``const`` and
``enum`` compare with ``==``, for which ``True == 1``; its formats are its own regular
expressions. So: only the keywords below, a ``$ref`` alone (annotations aside) and local,
enums of texts, and every format checked by jsonschema's own ``FormatChecker``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import fastjsonschema
from jsonschema import FormatChecker

# Keywords whose meaning fastjsonschema shares with jsonschema's draft 2020-12.
FAITHFUL = frozenset(
    {
        "$defs",
        "definitions",
        "$ref",
        "type",
        "properties",
        "patternProperties",
        "additionalProperties",
        "propertyNames",
        "required",
        "minProperties",
        "maxProperties",
        "items",
        "minItems",
        "maxItems",
        "enum",
        "pattern",
        "format",
        "minLength",
        "maxLength",
    }
)
# Keywords that validate nothing.
ANNOTATIONS = frozenset(
    {
        "$schema",
        "$id",
        "$comment",
        "title",
        "description",
        "examples",
        "default",
        "deprecated",
        "readOnly",
        "writeOnly",
    }
)
# Keywords whose value maps names to subschemas, and those whose value is a subschema.
_NAMED = ("$defs", "definitions", "properties", "patternProperties")
_SUBSCHEMA = ("additionalProperties", "propertyNames", "items")

Check = Callable[[Any], bool]


def compiled(schema: Any) -> Check | None:
    """A function telling whether data passes ``schema``, or None where only jsonschema
    can be trusted with it."""
    if not isinstance(schema, dict):
        return None  # a schema « true » or « false »: nothing to gain
    formats: set[str] = set()
    for node in _subschemas(schema):
        if not _faithful(node, formats):
            return None
    checker = FormatChecker()
    try:
        validate = fastjsonschema.compile(
            schema,
            handlers={scheme: _no_fetch for scheme in ("http", "https", "file", "ftp")},
            formats={name: _format(checker, name) for name in formats},
            use_default=False,  # never write a schema's defaults into the data
            detailed_exceptions=False,
        )
    except Exception:
        # A shortcut only: whatever fastjsonschema cannot compile (a pattern or a type it
        # does not read), jsonschema judges, as it did before, with its own messages.
        return None

    def passes(data: Any) -> bool:
        try:
            validate(data)
        except Exception:  # JsonSchemaValueException, or any surprise: jsonschema judges
            return False
        return True

    return passes


def _subschemas(schema: Any) -> Iterator[Any]:
    pending = [schema]
    while pending:
        node = pending.pop()
        yield node
        if not isinstance(node, dict):
            continue
        for key in _NAMED:
            named = node.get(key)
            if isinstance(named, dict):
                pending += named.values()
        pending += (node[key] for key in _SUBSCHEMA if key in node)


def _faithful(node: Any, formats: set[str]) -> bool:
    if isinstance(node, bool):
        return True
    if not isinstance(node, dict) or not set(node) <= FAITHFUL | ANNOTATIONS:
        return False
    if "$ref" in node:
        ref = node["$ref"]
        alone = set(node) - ANNOTATIONS == {"$ref"}
        return alone and isinstance(ref, str) and ref.startswith("#")
    if not all(isinstance(node.get(key), dict) for key in _NAMED if key in node):
        return False
    if not all(isinstance(node[key], dict | bool) for key in _SUBSCHEMA if key in node):
        return False  # ``items`` as a list is draft 7's tuple form
    enum = node.get("enum", [])
    if not isinstance(enum, list) or not all(v is None or isinstance(v, str) for v in enum):
        return False
    if "format" in node:
        if not isinstance(node["format"], str):
            return False
        formats.add(node["format"])
    return True


def _format(checker: FormatChecker, name: str) -> Callable[[str], bool]:
    def conforms(value: str) -> bool:
        return bool(checker.conforms(value, name))

    return conforms


def _no_fetch(uri: str) -> Any:
    raise fastjsonschema.JsonSchemaDefinitionException(f"{uri}: not fetched")
