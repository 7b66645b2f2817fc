"""A YAML file as a form, generated from its JSON Schema (read back by
``docgen.web.form_reading``, changed by ``docgen.web.form_actions``).

The data is docgen's own reading of the file (``docgen.core.source``): every scalar a
string, except ``true``/``false`` and empty values. Each field's name is its JSON Pointer
(``/communes/0/part``); the form carries, besides the values:

- ``#/communes``: the list is in the form (an absent marker leaves the list as it was);
- ``@/communes/0``: an element of the list, and which element of the file it comes from
  (its index, or ``new``), so that comments of the kept elements survive a removal;
- ``@/financement/lignes/0/montants/etat``: an entry of a free mapping, ``+k`` and ``+v``
  before the pointer a new entry's key and value.

What the form cannot show (a list where the schema wants a text, a key the schema does
not know) is not in the form, and is carried over unchanged: the form never loses data.
"""

from __future__ import annotations

import dataclasses
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from docgen.core.blanks import find_blank
from docgen.core.findings import field_path
from docgen.core.typed import ISO_DATE
from docgen.web.labels import choice, item_name, label
from docgen.web.schema_node import SchemaNode

Pointer = tuple[str | int, ...]
# A list's elements: where each comes from in the file (None: added in the form).
Origins = dict[Pointer, list[int | None]]


class _Missing:
    """A key absent from the data (distinct from an empty value, None)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()
SKIPPED_KEYS = frozenset({"$schema"})  # the editor's line, never shown


def pointer_text(pointer: Pointer) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in pointer)


def unescape_part(part: str) -> str:
    return part.replace("~1", "/").replace("~0", "~")


def dom_id(path: str) -> str:
    """An HTML id for a field path: readable, and unique (its CRC tells similar ones apart)."""
    readable = re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-") or "racine"
    return f"champ-{readable}-{zlib.crc32(path.encode('utf-8')):08x}"


# -- the form's nodes -------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """One value: a text, a number, a date, a choice, yes or no."""

    pointer: str
    path: str  # as findings name it: communes[0].part
    dom: str
    label: str
    help: str
    example: str
    widget: str  # text, number, date, textarea, select, boolean, readonly
    value: str
    options: tuple[tuple[str, str], ...] = ()
    required: bool = False
    kind: str = "field"


@dataclass(frozen=True)
class Group:
    """An object (fieldset), a list of elements, or a free mapping (key → value)."""

    kind: str  # object, list, map, item
    pointer: str
    path: str
    dom: str
    label: str
    help: str
    children: tuple[Any, ...] = ()
    present: bool = True
    item_name: str = ""  # list: « une commune »
    origin: str = ""  # item: its index in the file, or "new"
    required: bool = False
    note: str = ""  # a value the form cannot show
    blocks: bool = False  # map: each value is a block of fields (departement.yaml's regles)


@dataclass
class Form:
    root: Group
    anchors: dict[str, str] = field(default_factory=dict)  # field path → dom id

    def anchor_of(self, path: str) -> str | None:
        """The dom id of the field a finding's path names, or of its nearest ancestor."""
        parts = parse_path(path)
        while parts:
            found = self.anchors.get(field_path(parts))
            if found is not None:
                return found
            parts = parts[:-1]
        return None

    def title_of(self, path: str) -> str:
        """A finding's path as the form names it: « Communes › Commune 1 : Carvin › Part (%) »
        (the path itself when the form does not show it)."""
        labels: dict[str, str] = {}
        for node in self.nodes():
            if node.label and node.path not in labels:
                labels[node.path] = node.label
        parts = parse_path(path)
        names = [labels.get(field_path(parts[: n + 1])) for n in range(len(parts))]
        return " › ".join(n for n in names if n) or path

    def nodes(self) -> Iterator[Field | Group]:
        def walk(node: Field | Group) -> Iterator[Field | Group]:
            yield node
            if isinstance(node, Group):
                for child in node.children:
                    yield from walk(child)

        return walk(self.root)


def parse_path(path: str) -> Pointer:
    """``communes[0].maire.nom`` → ("communes", 0, "maire", "nom")."""
    parts: list[str | int] = []
    for match in re.finditer(r"\[(\d+)\]|([^.\[\]]+)", path):
        parts.append(int(match[1]) if match[1] is not None else match[2])
    return tuple(parts)


def build_form(schema: SchemaNode, data: Any, origins: Origins | None = None) -> Form:
    form = Form(Group("object", "", "", "", "", ""))
    builder = _Builder(form, origins or {})
    children = builder.object_children(schema, data if isinstance(data, dict) else {}, ())
    form.root = Group("object", "", "", "", "", "", children)
    return form


class _Builder:
    def __init__(self, form: Form, origins: Origins) -> None:
        self.form = form
        self.origins = origins

    def node(self, schema: SchemaNode, value: Any, pointer: Pointer, required: bool) -> Any:
        key = str(pointer[-1]) if pointer else ""
        path = field_path(pointer)
        dom = dom_id(path)
        self.form.anchors[path] = dom
        block = next((str(p) for p in reversed(pointer[:-1]) if isinstance(p, str)), "")
        text = label(key, schema.title, block) if not isinstance(pointer[-1], int) else ""
        help_text = schema.description
        if scalar_here(schema, value):
            return self.scalar(schema, value, pointer, text, dom, required)
        if schema.is_object and schema.additional is not None:
            return self.mapping(schema, value, pointer, text, dom, required)
        if schema.is_object:
            if value is not MISSING and not isinstance(value, dict):
                return Group(
                    "object", pointer_text(pointer), path, dom, text, help_text, note=_odd(value)
                )
            children = self.object_children(
                schema, value if isinstance(value, dict) else {}, pointer
            )
            return Group(
                "object",
                pointer_text(pointer),
                path,
                dom,
                text,
                help_text,
                children,
                present=value is not MISSING,
                required=required,
            )
        if schema.is_array:
            return self.array(schema, value, pointer, text, dom, required)
        return self.scalar(schema, value, pointer, text, dom, required)

    def object_children(
        self, schema: SchemaNode, data: dict[str, Any], pointer: Pointer
    ) -> tuple[Any, ...]:
        required = schema.required
        return tuple(
            self.node(child, data.get(key, MISSING), (*pointer, key), key in required)
            for key, child in schema.properties.items()
            if key not in SKIPPED_KEYS
        )

    def array(
        self, schema: SchemaNode, value: Any, pointer: Pointer, text: str, dom: str, required: bool
    ) -> Group:
        key = str(pointer[-1])
        if value is not MISSING and not isinstance(value, list):
            return Group(
                "list",
                pointer_text(pointer),
                field_path(pointer),
                dom,
                text,
                schema.description,
                note=_odd(value),
            )
        values = value if isinstance(value, list) else []
        origins = self.origins.get(pointer) or list(range(len(values)))
        items = []
        noun = item_name(key)
        for index, item in enumerate(values):
            origin = origins[index] if index < len(origins) else None
            here = (*pointer, index)
            path = field_path(here)
            item_dom = dom_id(path).replace("champ-", "element-", 1)
            content = self.node(schema.items, item, here, False)
            title = f"{_capitalized(noun)} {index + 1}{_item_title(item)}"
            items.append(
                Group(
                    "item",
                    pointer_text(here),
                    path,
                    item_dom,
                    title,
                    "",
                    (content,),
                    origin="new" if origin is None else str(origin),
                    item_name=noun,
                )
            )
        return Group(
            "list",
            pointer_text(pointer),
            field_path(pointer),
            dom,
            text,
            schema.description,
            tuple(items),
            present=value is not MISSING,
            item_name=noun,
            required=required,
        )

    def mapping(
        self, schema: SchemaNode, value: Any, pointer: Pointer, text: str, dom: str, required: bool
    ) -> Group:
        if value is not MISSING and not isinstance(value, dict):
            return Group(
                "map",
                pointer_text(pointer),
                field_path(pointer),
                dom,
                text,
                schema.description,
                note=_odd(value),
            )
        entries = value if isinstance(value, dict) else {}
        values = schema.additional or SchemaNode({}, schema.root)
        blocks = has_blocks(values)
        children: list[Field | Group] = []
        for key, item in entries.items():
            here = (*pointer, key)
            if blocks:  # each entry a fieldset of its own, titled by its key
                entry = self.node(values, item, here, False)
                children.append(dataclasses.replace(entry, label=str(key), required=False))
                continue
            field_ = self.scalar(values, item, here, str(key), dom_id(field_path(here)), False)
            self.form.anchors[field_path(here)] = field_.dom
            children.append(field_)
        return Group(
            "map",
            pointer_text(pointer),
            field_path(pointer),
            dom,
            text,
            schema.description,
            tuple(children),
            present=value is not MISSING,
            required=required,
            blocks=blocks,
        )

    def scalar(
        self, schema: SchemaNode, value: Any, pointer: Pointer, text: str, dom: str, required: bool
    ) -> Field:
        def make(widget: str, value: str, options: tuple[tuple[str, str], ...] = ()) -> Field:
            example = date_shown(schema.example) if widget == "date" else schema.example
            help_text = schema.description
            if widget == "boolean":
                help_text = _yes_no(help_text)
            elif widget == "date":  # the form asks JJ/MM/AAAA: not the file's format too
                help_text = re.sub(r"\s*\(AAAA-MM-JJ\)", "", help_text)
            return Field(
                pointer_text(pointer),
                field_path(pointer),
                dom,
                text,
                help_text,
                example,
                widget,
                value,
                options,
                required,
            )

        if isinstance(value, dict | list):
            return make("readonly", _odd(value))
        shown = "" if value is MISSING or value is None else _text(value)
        if schema.is_boolean:
            return make("boolean", shown, (("", "—"), ("true", "oui"), ("false", "non")))
        if schema.enum:
            options: tuple[tuple[str, str], ...] = tuple(
                (v, choice(v)) for v in schema.enum if v == shown or not _twin(v, schema.enum)
            )
            if shown and shown not in schema.enum:
                options = ((shown, f"{shown} (valeur non admise)"), *options)
            return make("select", shown, (("", "—"), *options))
        if schema.is_date:
            return make("date", date_shown(shown))
        if schema.allows_number:
            return make("number", shown)
        if schema.multiline or "\n" in shown:
            return make("textarea", shown)
        return make("text", shown)


def has_blocks(values: SchemaNode) -> bool:
    """Whether a mapping's values are blocks of fields rather than single values."""
    return values.is_object and values.additional is None and bool(values.properties)


def scalar_here(schema: SchemaNode, value: Any) -> bool:
    """A value written in the short form a structured field also admits: ``rapport: 18``
    (a number, or a block), ``conventions: [elp, …]`` (names, or blocks). It is a field of
    the form, not a block the file would have to « correct »."""
    if value is MISSING or value is None or isinstance(value, dict | list):
        return False
    if not (schema.is_object or schema.is_array):
        return False
    return bool(schema.types & {"string", "number", "integer"})


def _twin(value: str, values: tuple[str, ...]) -> bool:
    """``value`` written with a straight apostrophe (« de l' »), when the schema also
    admits it with the typographic one (« de l’ »): the two would read alike in the list."""
    return "'" in value and value.replace("'", "’") in values


def _yes_no(text: str) -> str:
    """A yes-or-no field's help in the words of its choices: the schema's, written for the
    YAML file, says « true : docgen check vérifie… » where the form offers « oui »."""
    said = re.sub(r"\btrue\b", "oui", re.sub(r"\bfalse\b", "non", text))
    return said[:1].upper() + said[1:]


def date_shown(value: str) -> str:
    """A date as a juriste writes it (15/01/2024). A blank left from the skeleton
    (« AAAA-MM-JJ ») is shown empty, so that the date is typed in an empty field rather
    than after the blank; any other text is shown as it is, for its finding to name it."""
    if find_blank(value) is not None and not any(c.isdigit() for c in value):
        return ""
    match = ISO_DATE.fullmatch(value)
    return f"{match[3]}/{match[2]}/{match[1]}" if match else value


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _odd(value: Any) -> str:
    what = (
        "une liste"
        if isinstance(value, list)
        else "un bloc de champs"
        if isinstance(value, dict)
        else f"« {value} »"
    )
    return f"valeur inattendue ({what}) : corrigez-la dans le fichier YAML"


def _capitalized(noun: str) -> str:
    word = noun.split(" ", 1)[-1]
    return word[:1].upper() + word[1:]


def _item_title(item: Any) -> str:
    if isinstance(item, dict):
        for key in ("nom", "titre", "libelle", "service", "objet", "cle"):
            value = item.get(key)
            if isinstance(value, str) and value:
                return f" : {value}"
        number = item.get("numero")
        if isinstance(number, str) and number:
            return f" (n° {number})"
    return ""
