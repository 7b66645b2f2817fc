"""The form posted back read as data: the file's own data filling in what the form does
not show, each list's elements with where they come from (``Origins``), a French number
or date typed in a field written as docgen reads it. The markers the form carries are
described in ``docgen.web.forms``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from docgen.core.typed import ISO_DATE, french_date, iso, written_number
from docgen.web.forms import (
    MISSING,
    SKIPPED_KEYS,
    Origins,
    Pointer,
    date_shown,
    has_blocks,
    pointer_text,
    scalar_here,
    unescape_part,
)
from docgen.web.schema_node import SchemaNode


def read_form(schema: SchemaNode, form: Mapping[str, str], old: Any) -> tuple[Any, Origins]:
    """The data the form describes, the file's data ``old`` filling in what it lacks."""
    origins: Origins = {}
    reader = _Reader(form, origins)
    data = reader.object(schema, old if isinstance(old, dict) else {}, ())
    return data, origins


class _Reader:
    def __init__(self, form: Mapping[str, str], origins: Origins) -> None:
        self.form = form
        self.origins = origins
        self.keys = list(form.keys())

    def value(self, schema: SchemaNode, old: Any, pointer: Pointer) -> Any:
        if scalar_here(schema, old):
            return self.scalar(schema, old, pointer)
        if schema.is_object and schema.additional is not None:
            return self.mapping(schema, old, pointer)
        if schema.is_object:
            if old is not MISSING and not isinstance(old, dict):
                return old
            found = self.object(schema, old if isinstance(old, dict) else {}, pointer)
            return MISSING if not found and old is MISSING else found
        if schema.is_array:
            return self.array(schema, old, pointer)
        return self.scalar(schema, old, pointer)

    def object(self, schema: SchemaNode, old: dict[str, Any], pointer: Pointer) -> dict[str, Any]:
        props = schema.properties
        out: dict[str, Any] = {}
        for key, value in old.items():
            if key not in props or key in SKIPPED_KEYS:
                out[key] = value  # what the form does not show is kept as it is
        for key, child in props.items():
            if key in SKIPPED_KEYS:
                continue
            value = self.value(child, old.get(key, MISSING), (*pointer, key))
            if value is not MISSING:
                out[key] = value
        return out

    def array(self, schema: SchemaNode, old: Any, pointer: Pointer) -> Any:
        text = pointer_text(pointer)
        if "#" + text not in self.form or (old is not MISSING and not isinstance(old, list)):
            return old
        previous = old if isinstance(old, list) else []
        indices = sorted(
            int(rest)
            for key in self.keys
            if key.startswith("@" + text + "/") and (rest := key[len(text) + 2 :]).isdigit()
        )
        values: list[Any] = []
        origins: list[int | None] = []
        for position, index in enumerate(indices):
            marker = self.form.get(f"@{text}/{index}", "new")
            origin = int(marker) if marker.isdigit() and int(marker) < len(previous) else None
            if origin is not None and origin in origins:
                origin = None  # one element of the file cannot become two
            before = previous[origin] if origin is not None else MISSING
            item = self._renumbered(schema.items, before, pointer, index, position)
            if item is MISSING:
                item = {} if schema.items.is_object else ""
            values.append(item)
            origins.append(origin)
        self.origins[pointer] = origins
        if not values and old is MISSING:
            return MISSING
        return values

    def _renumbered(
        self, schema: SchemaNode, before: Any, pointer: Pointer, index: int, position: int
    ) -> Any:
        """Read the element named ``index`` in the form as the element at ``position``."""
        if index == position:
            return self.value(schema, before, (*pointer, index))
        prefix = pointer_text((*pointer, index))
        target = pointer_text((*pointer, position))
        moved = {
            _moved(key, prefix, target): value
            for key, value in self.form.items()
            if _under(key, prefix)
        }
        reader = _Reader(moved, self.origins)
        return reader.value(schema, before, (*pointer, position))

    def mapping(self, schema: SchemaNode, old: Any, pointer: Pointer) -> Any:
        text = pointer_text(pointer)
        if "#" + text not in self.form or (old is not MISSING and not isinstance(old, dict)):
            return old
        previous = old if isinstance(old, dict) else {}
        values = schema.additional or SchemaNode({}, schema.root)
        blocks = has_blocks(values)
        out: dict[str, Any] = {}
        for key in self.keys:
            if not key.startswith("@" + text + "/"):
                continue
            name = unescape_part(key[len(text) + 2 :])
            if "/" in key[len(text) + 2 :].replace("~1", ""):
                continue  # an entry of a nested mapping
            before = previous.get(name, MISSING)
            if blocks:
                value = self.value(values, before, (*pointer, name))
                if value == {}:  # every field of the block emptied: the entry is removed
                    continue
            else:
                value = self.scalar(values, before, (*pointer, name))
            if value is not MISSING:
                out[name] = value
        new_key = self.form.get("+k" + text, "").strip()
        new_value = self.form.get("+v" + text, "")
        if new_key and new_key not in out:
            if blocks:  # its fields are shown once it exists, their findings beside them
                out[new_key] = {}
            else:
                value = self.scalar(values, MISSING, (*pointer, new_key), raw=new_value)
                if value is not MISSING:
                    out[new_key] = value
        if not out and old is MISSING:
            return MISSING
        return out

    def scalar(self, schema: SchemaNode, old: Any, pointer: Pointer, raw: str | None = None) -> Any:
        posted = self.form.get(pointer_text(pointer)) if raw is None else raw
        if posted is None or isinstance(old, dict | list):
            return old
        text = posted.replace("\r\n", "\n").replace("\r", "\n")
        if schema.is_boolean and text in ("true", "false"):
            value: Any = text == "true"
            return old if old == value else value
        if schema.allows_number and not schema.is_date:
            text = _decimal(text)
        if schema.is_date:
            text = _date_read(text)
            if text == "" and isinstance(old, str) and old and date_shown(old) == "":
                return old  # the skeleton's blank, shown empty and left empty
        if text == "":
            if old is MISSING or old is None:
                return old
            return None if schema.nullable else MISSING
        if isinstance(old, str) and old == text:
            return old
        return text


def _under(key: str, prefix: str) -> bool:
    bare = key.lstrip("@#").removeprefix("+k").removeprefix("+v")
    return bare == prefix or bare.startswith(prefix + "/")


def _moved(key: str, prefix: str, target: str) -> str:
    for head in ("@", "#", "+k", "+v", ""):
        if key.startswith(head + prefix):
            return head + target + key[len(head) + len(prefix) :]
    return key


def _decimal(text: str) -> str:
    """A French decimal (« 1 250,5 ») as docgen writes numbers (1250.5); anything else as typed."""
    stripped = text.strip()
    if re.fullmatch(r"[0-9]+(\.[0-9]+)?", stripped):
        return stripped
    return written_number(text) or text


def _date_read(text: str) -> str:
    """A date typed the French way (15/01/2024, 1.2.2024) as docgen reads dates
    (2024-01-15); a day that does not exist (31/02) is written as typed, for docgen check
    to refuse it; anything else is kept as typed."""
    typed = french_date(text)
    if typed is None:
        return text.strip() if ISO_DATE.fullmatch(text.strip()) else text
    return iso(*typed)
