"""A JSON Schema node as the form reads it: its types, fields, items, and what it admits.

docgen's schemas use a small part of JSON Schema (``type``, ``enum``, ``format``,
``pattern``, ``properties``, ``items``, ``additionalProperties``, ``$ref`` to ``$defs``):
that part is all this module knows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from docgen.core.resources import schemas_dir


@cache
def shipped_schema(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(
        (schemas_dir() / f"{name}.schema.json").read_text(encoding="utf-8")
    )
    return schema


@dataclass(frozen=True)
class SchemaNode:
    raw: dict[str, Any]
    root: dict[str, Any]

    @classmethod
    def of(cls, schema: dict[str, Any]) -> SchemaNode:
        return cls(schema, schema).resolved()

    def resolved(self) -> SchemaNode:
        ref = self.raw.get("$ref")
        if not isinstance(ref, str) or not ref.startswith("#/$defs/"):
            return self
        target = self.root.get("$defs", {}).get(ref.removeprefix("#/$defs/"), {})
        merged = {**target, **{k: v for k, v in self.raw.items() if k != "$ref"}}
        return SchemaNode(merged, self.root)

    def child(self, raw: object) -> SchemaNode:
        return SchemaNode(raw if isinstance(raw, dict) else {}, self.root).resolved()

    @property
    def types(self) -> frozenset[str]:
        kind = self.raw.get("type")
        if isinstance(kind, str):
            return frozenset({kind})
        if isinstance(kind, list):
            return frozenset(str(k) for k in kind)
        return frozenset()

    @property
    def is_object(self) -> bool:
        return "object" in self.types

    @property
    def is_array(self) -> bool:
        return "array" in self.types

    @property
    def properties(self) -> dict[str, SchemaNode]:
        props = self.raw.get("properties", {})
        return {key: self.child(value) for key, value in props.items()}

    @property
    def items(self) -> SchemaNode:
        return self.child(self.raw.get("items", {}))

    @property
    def additional(self) -> SchemaNode | None:
        """The schema of a free mapping's values (``montants: {etat: …}``), if it is one."""
        extra = self.raw.get("additionalProperties")
        if isinstance(extra, dict) and not self.raw.get("properties"):
            return self.child(extra)
        return None

    @property
    def required(self) -> frozenset[str]:
        return frozenset(self.raw.get("required", ()))

    @property
    def enum(self) -> tuple[str, ...]:
        """The values admitted, as the file writes them; ``null`` is not one (an empty
        field says it)."""
        return tuple(str(v) for v in self.raw.get("enum", ()) if v is not None)

    @property
    def is_date(self) -> bool:
        return self.raw.get("format") == "date"

    @property
    def is_boolean(self) -> bool:
        return "boolean" in self.types

    @property
    def allows_number(self) -> bool:
        return bool(self.types & {"number", "integer"})

    @property
    def nullable(self) -> bool:
        return "null" in self.types

    @property
    def multiline(self) -> bool:
        """A text that may hold several lines (a clause's): one-line texts have a pattern
        refusing line breaks (docgen.core.schema); formats and choices are one line too."""
        return (
            self.types == frozenset({"string"})
            and "pattern" not in self.raw
            and "enum" not in self.raw
            and "format" not in self.raw
        )

    @property
    def description(self) -> str:
        return str(self.raw.get("description", ""))

    @property
    def title(self) -> str | None:
        title = self.raw.get("title")
        return str(title) if title else None

    @property
    def example(self) -> str:
        examples = self.raw.get("examples")
        if isinstance(examples, list) and examples and isinstance(examples[0], str | int):
            return str(examples[0])
        return ""
