"""Structural changes of a form's data: an element added to a list (« Ajouter une
commune ») or removed from it, with the origins of the elements that move."""

from __future__ import annotations

from typing import Any

from docgen.web.forms import MISSING, Origins, Pointer, pointer_text, unescape_part
from docgen.web.schema_node import SchemaNode


def apply_action(
    action: str, schema: SchemaNode, data: Any, origins: Origins
) -> tuple[Any, str | None]:
    """``ajouter:/communes`` or ``retirer:/communes/2`` applied to the form's data; the
    pointer of the element to focus (the one added), if any."""
    verb, _, text = action.partition(":")
    pointer = _parse_pointer(text)
    if verb == "ajouter":
        node = _schema_at(schema, pointer)
        if node is None or not node.is_array or not isinstance(data, dict):
            return data, None
        holder, key = _container(data, pointer, create=True)
        if holder is None:
            return data, None
        values = holder.get(key) if isinstance(holder, dict) else holder[key]
        if not isinstance(values, list):
            if values is not None and values is not MISSING:
                return data, None
            values = []
            holder[key] = values
        values.append({} if node.items.is_object else "")
        origins.setdefault(pointer, list(range(len(values) - 1))).append(None)
        return data, pointer_text((*pointer, len(values) - 1))
    if verb == "retirer" and pointer and isinstance(pointer[-1], int):
        holder, key = _container(data, pointer[:-1], create=False)
        values = (
            None if holder is None else holder.get(key) if isinstance(holder, dict) else holder[key]
        )
        index = pointer[-1]
        if isinstance(values, list) and 0 <= index < len(values):
            del values[index]
            listed = origins.setdefault(pointer[:-1], list(range(len(values) + 1)))
            if index < len(listed):
                del listed[index]
            _shift_origins(origins, pointer[:-1], index)
    return data, None


def _parse_pointer(text: str) -> Pointer:
    parts: list[str | int] = []
    for raw in text.split("/")[1:]:
        part = unescape_part(raw)
        parts.append(int(part) if part.isdigit() else part)
    return tuple(parts)


def _schema_at(schema: SchemaNode, pointer: Pointer) -> SchemaNode | None:
    node: SchemaNode | None = schema
    for part in pointer:
        if node is None:
            return None
        if isinstance(part, int):
            node = node.items if node.is_array else None
        elif node.additional is not None:
            node = node.additional
        else:
            node = node.properties.get(part)
    return node


def _container(data: Any, pointer: Pointer, *, create: bool) -> tuple[Any, Any]:
    """The dict or list holding ``pointer``'s value, and its key there."""
    holder = data
    for part in pointer[:-1]:
        if isinstance(holder, dict) and isinstance(part, str):
            if part not in holder or holder[part] is None:
                if not create:
                    return None, None
                holder[part] = {}
            holder = holder[part]
        elif isinstance(holder, list) and isinstance(part, int) and part < len(holder):
            holder = holder[part]
        else:
            return None, None
    if not pointer or not isinstance(holder, dict | list):
        return None, None
    return holder, pointer[-1]


def _shift_origins(origins: Origins, listed: Pointer, removed: int) -> None:
    """The origins of lists inside the elements after ``removed`` move up by one."""
    depth = len(listed)
    moved: Origins = {}
    for pointer, values in list(origins.items()):
        if len(pointer) > depth and pointer[:depth] == listed and isinstance(pointer[depth], int):
            index = pointer[depth]
            assert isinstance(index, int)
            del origins[pointer]
            if index > removed:
                moved[(*listed, index - 1, *pointer[depth + 1 :])] = values
            elif index < removed:
                moved[pointer] = values
    origins.update(moved)
