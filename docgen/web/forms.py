"""A YAML file as a form, generated from its JSON Schema, and the form read back as data.

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
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from docgen.core.blanks import find_blank
from docgen.core.findings import field_path
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
_DECIMAL = re.compile(r"[0-9][0-9\s\u00a0\u202f]*(,[0-9]+)?")
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_FRENCH_DATE = re.compile(r"([0-9]{1,2})\s*[/.]\s*([0-9]{1,2})\s*[/.]\s*([0-9]{4})")


def pointer_text(pointer: Pointer) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in pointer)


def _unescape(part: str) -> str:
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
        if _scalar_here(schema, value):
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
        blocks = _blocks(values)
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
            example = _date_shown(schema.example) if widget == "date" else schema.example
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
            return make("date", _date_shown(shown))
        if schema.allows_number:
            return make("number", shown)
        if schema.multiline or "\n" in shown:
            return make("textarea", shown)
        return make("text", shown)


def _blocks(values: SchemaNode) -> bool:
    """Whether a mapping's values are blocks of fields rather than single values."""
    return values.is_object and values.additional is None and bool(values.properties)


def _scalar_here(schema: SchemaNode, value: Any) -> bool:
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


def _date_shown(value: str) -> str:
    """A date as a juriste writes it (15/01/2024). A blank left from the skeleton
    (« AAAA-MM-JJ ») is shown empty, so that the date is typed in an empty field rather
    than after the blank; any other text is shown as it is, for its finding to name it."""
    if find_blank(value) is not None and not any(c.isdigit() for c in value):
        return ""
    match = _ISO_DATE.fullmatch(value)
    return f"{match[3]}/{match[2]}/{match[1]}" if match else value


def _date_read(text: str) -> str:
    """A date typed the French way (15/01/2024, 1.2.2024) as docgen reads dates
    (2024-01-15); a day that does not exist (31/02) is written as typed, for docgen check
    to refuse it; anything else is kept as typed."""
    match = _FRENCH_DATE.fullmatch(text.strip())
    if match is None:
        return text.strip() if _ISO_DATE.fullmatch(text.strip()) else text
    return f"{match[3]}-{int(match[2]):02d}-{int(match[1]):02d}"


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


# -- the form read back ---------------------------------------------------------------


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
        if _scalar_here(schema, old):
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
        blocks = _blocks(values)
        out: dict[str, Any] = {}
        for key in self.keys:
            if not key.startswith("@" + text + "/"):
                continue
            name = _unescape(key[len(text) + 2 :])
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
            if text == "" and isinstance(old, str) and old and _date_shown(old) == "":
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
    if _DECIMAL.fullmatch(stripped):
        return re.sub(r"[\s\u00a0\u202f]", "", stripped).replace(",", ".")
    if re.fullmatch(r"[0-9]+(\.[0-9]+)?", stripped):
        return stripped
    return text


# -- structural changes: an element added or removed ----------------------------------


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
        part = _unescape(raw)
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
