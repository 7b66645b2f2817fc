"""The form's data written back into its YAML file: only the values that changed change.

The file is read with ruamel.yaml's round-trip mode (comments, key order, quotes, flow
mappings kept), its implicit scalars (numbers, dates, booleans, empty values) kept as
written, then each changed value is replaced, each removed element deleted and each new
one added, and the file dumped again. Two guards make this safe:

- before any change, the file dumped as it is must give its exact bytes back (else its
  layout is one docgen does not know how to keep: the form does not write it);
- after the change, docgen's own reading of the new bytes (``docgen.core.source``) must
  give exactly the data the form described: a text that a YAML reader would take for a
  number, a date or a boolean, a value whose quotes would change its meaning, is never
  written (each such text is put between double quotes, as docgen's files do).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)

from docgen.core.errors import DocgenError
from docgen.core.findings import field_path
from docgen.core.source import LoadError, parse_document
from docgen.web.forms import MISSING, Origins, Pointer
from docgen.web.schema_node import SchemaNode

# Values written between double quotes whatever they hold: codes keep their leading zero
# (« 01000 ») and stay text for every YAML reader (docgen's files write them so).
CODE_KEYS = frozenset({"insee", "code_postal", "code", "siren", "classification"})
_TAGS = ("int", "float", "bool", "null", "timestamp")
_NUMBER = re.compile(r"(0|[1-9][0-9]*)(\.[0-9]+)?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# Texts a YAML reader (1.1 or 1.2) would read as something else than a text.
_AMBIGUOUS = re.compile(
    r"""[-+]?(\.[0-9]+|[0-9][0-9_,:.]*([eE][-+]?[0-9]+)?)|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)
    |0[xXoObB][0-9a-fA-F_]+
    |[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?
    |(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)
    |(~|null|Null|NULL)|""",
    re.VERBOSE,
)
_LAYOUTS = ((2, 4, 2), (2, 2, 0), (4, 6, 4), (4, 4, 0))  # mapping, sequence, offset


class EditRefused(DocgenError):
    """The form's change cannot be written into the file safely."""


class Kept(str):
    """An implicit scalar (number, date, boolean, empty value) kept exactly as written."""

    tag = ""


def _keep(tag: str) -> Any:
    def construct(constructor: Any, node: Any) -> Kept:
        kept = Kept(node.value)
        kept.tag = tag
        return kept

    return construct


def _represent_kept(representer: Any, data: Kept) -> Any:
    return representer.represent_scalar(data.tag, str(data), style=None)


def _represent_none(representer: Any, data: None) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:null", "~")


def _kept(text: str, tag: str) -> Kept:
    kept = Kept(text)
    kept.tag = f"tag:yaml.org,2002:{tag}"
    return kept


def _yaml(layout: tuple[int, int, int]) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 100_000  # never fold a long line
    for tag in _TAGS:
        name = f"tag:yaml.org,2002:{tag}"
        yaml.constructor.add_constructor(name, _keep(name))
    yaml.representer.add_representer(Kept, _represent_kept)
    yaml.representer.add_representer(type(None), _represent_none)
    mapping, sequence, offset = layout
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def _dump(yaml: YAML, data: Any) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


@dataclass(frozen=True)
class _Text:
    body: str
    bom: bool
    crlf: bool

    @classmethod
    def of(cls, raw: bytes) -> _Text:
        text = raw.decode("utf-8")
        bom = text.startswith("\ufeff")
        text = text.removeprefix("\ufeff")
        crlf = "\r\n" in text and "\n" not in text.replace("\r\n", "")
        return cls(text.replace("\r\n", "\n") if crlf else text, bom, crlf)

    def bytes_of(self, body: str) -> bytes:
        if self.crlf:
            body = body.replace("\n", "\r\n")
        return (("\ufeff" if self.bom else "") + body).encode("utf-8")


@lru_cache(maxsize=32)
def _layout(body: str) -> tuple[int, int, int] | None:
    """The indentation with which ruamel.yaml gives ``body`` back byte for byte."""
    for layout in _LAYOUTS:
        try:
            yaml = _yaml(layout)
            if _dump(yaml, yaml.load(body)) == body:
                return layout
        except (YAMLError, ValueError):
            return None
    return None


def editable(raw: bytes) -> str | None:
    """Why the form cannot write this file (in French), or None when it can."""
    try:
        text = _Text.of(raw)
    except UnicodeDecodeError:
        return "le fichier n'est pas encodé en UTF-8"
    if _layout(text.body) is None:
        return (
            "sa mise en forme ne peut pas être conservée par le formulaire (YAML invalide, "
            "ou une écriture que docgen ne sait pas reproduire) : modifiez-le dans votre "
            "éditeur de texte"
        )
    return None


def rewrite(
    raw: bytes, path: Path, old: Any, new: Any, origins: Origins, schema: SchemaNode
) -> bytes:
    """``raw`` with the data ``old`` (docgen's reading of it) changed into ``new``."""
    if old == new:
        return raw
    why = editable(raw)
    if why is not None:
        raise EditRefused(f"{path.name} ne peut pas être modifié ici : {why}")
    text = _Text.of(raw)
    layout = _layout(text.body)
    assert layout is not None
    yaml = _yaml(layout)
    document = yaml.load(text.body)
    if not isinstance(document, CommentedMap) or not isinstance(old, dict):
        raise EditRefused(
            f"{path.name} ne peut pas être modifié ici : ce n'est pas un bloc de champs"
        )
    _Merge(origins).mapping(document, old, new, schema, ())
    result = text.bytes_of(_dump(yaml, document))
    _verify(result, path, new)
    return result


def _verify(result: bytes, path: Path, new: Any) -> None:
    try:
        read = parse_document(path, result).data
    except LoadError as error:
        raise EditRefused(
            f"la modification donnerait un fichier YAML invalide ({error.message}) : rien "
            "n'a été écrit"
        ) from None
    if read != new:
        where = field_path(_first_difference(read, new)) or "le fichier"
        raise EditRefused(
            f"{where} : docgen ne sait pas écrire cette valeur sans en changer le sens ; "
            "rien n'a été écrit",
            "modifiez ce champ dans votre éditeur de texte",
        )


def _first_difference(a: Any, b: Any, at: Pointer = ()) -> Pointer:
    if isinstance(a, dict) and isinstance(b, dict):
        for key in (*a, *(k for k in b if k not in a)):
            if a.get(key, MISSING) != b.get(key, MISSING):
                return _first_difference(a.get(key), b.get(key), (*at, key))
    if isinstance(a, list) and isinstance(b, list):
        for index, (x, y) in enumerate(zip(a, b, strict=False)):
            if x != y:
                return _first_difference(x, y, (*at, index))
    return at


class _Merge:
    def __init__(self, origins: Origins) -> None:
        self.origins = origins

    def value(self, node: Any, old: Any, new: Any, schema: SchemaNode, at: Pointer) -> Any:
        """The node to put where ``node`` was (``node`` itself, changed in place, if it can)."""
        if isinstance(new, dict) and isinstance(old, dict) and isinstance(node, CommentedMap):
            self.mapping(node, old, new, schema, at)
            return node
        if isinstance(new, list) and isinstance(old, list) and isinstance(node, CommentedSeq):
            self.sequence(node, old, new, schema, at)
            return node
        if old == new and type(old) is type(new):
            return node
        return fresh(new, schema, str(at[-1]) if at else "", like=node)

    def mapping(
        self,
        node: CommentedMap,
        old: dict[str, Any],
        new: dict[str, Any],
        schema: SchemaNode,
        at: Pointer,
    ) -> None:
        props = schema.properties
        values = schema.additional
        for key in [k for k in old if k not in new and k in node]:
            del node[key]
        order = list(props)
        for key, value in new.items():
            child = props.get(key) or values or SchemaNode({}, schema.root)
            if key in node and key in old:
                replaced = self.value(node[key], old[key], value, child, (*at, key))
                if replaced is not node[key]:
                    node[key] = replaced
            else:
                node.insert(_position(node, key, order), key, fresh(value, child, key))

    def sequence(
        self, node: CommentedSeq, old: list[Any], new: list[Any], schema: SchemaNode, at: Pointer
    ) -> None:
        origins = self.origins.get(at) or [i if i < len(old) else None for i in range(len(new))]
        kept = [o for o in origins if o is not None]
        if kept != sorted(kept) or len(origins) != len(new):
            raise EditRefused("l'ordre des éléments d'une liste a changé : rien n'a été écrit")
        for index in reversed(range(len(old))):
            if index not in kept:
                del node[index]
        items = schema.items
        for position, (origin, value) in enumerate(zip(origins, new, strict=True)):
            if origin is None:
                node.insert(position, fresh(value, items, str(at[-1]) if at else ""))
                continue
            replaced = self.value(node[position], old[origin], value, items, (*at, position))
            if replaced is not node[position]:
                node[position] = replaced


def _position(node: CommentedMap, key: str, order: list[str]) -> int:
    """Where a new key goes: after the last key the schema places before it."""
    rank = order.index(key) if key in order else len(order)
    position = len(node) if key not in order else 0
    for index, existing in enumerate(node):
        if existing in order and order.index(existing) < rank:
            position = index + 1
    return position


def fresh(value: Any, schema: SchemaNode, key: str, like: Any = None) -> Any:
    """A new node for ``value`` (docgen's data), written as docgen's files write it."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, dict):
        mapping = CommentedMap()
        props = schema.properties
        for name, item in value.items():
            child = props.get(name) or schema.additional or SchemaNode({}, schema.root)
            mapping[name] = fresh(item, child, name)
        return mapping
    if isinstance(value, list):
        return CommentedSeq(fresh(item, schema.items, key) for item in value)
    return _scalar(str(value), schema, key, like)


def _scalar(text: str, schema: SchemaNode, key: str, like: Any) -> Any:
    if "\n" in text:
        return LiteralScalarString(text)
    if isinstance(like, DoubleQuotedScalarString) or key in CODE_KEYS:
        return DoubleQuotedScalarString(text)
    if isinstance(like, SingleQuotedScalarString):
        return SingleQuotedScalarString(text)
    if schema.allows_number and _NUMBER.fullmatch(text) and not _leading_zero(text):
        return _kept(text, "float" if "." in text else "int")
    if schema.is_date and _DATE.fullmatch(text):
        return _kept(text, "timestamp")
    if _AMBIGUOUS.fullmatch(text) or text != text.strip():
        return DoubleQuotedScalarString(text)
    return text


def _leading_zero(text: str) -> bool:
    return len(text) > 1 and text.startswith("0") and not text.startswith("0.")
