"""Typed template contexts: what a Word template may print, described once.

Each template receives one frozen dataclass. Its fields, and the fields of the model
objects it holds (followed through nested dataclasses, lists and optional values), are
at once the names the template lint accepts and the rows of the README's field table.
A field documents itself with ``doc("…")``: its YAML key, or how it is computed, in
French (``doc("")`` for a level that adds nothing to the path). A computed property of
a model is exposed to templates by ``@described("…")``. Anything undocumented is
invisible to templates: a template cannot depend on a value nobody described.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

_DOC = "doc"
_DESCRIBED = "__described__"


def doc(text: str, **kwargs: Any) -> Any:
    """A dataclass field documented for the README (``text`` in French)."""
    return dataclasses.field(metadata={_DOC: text}, **kwargs)


def described(text: str) -> Callable[[F], F]:
    """Expose a property to templates, documented (in French) for the README."""

    def mark(func: F) -> F:
        setattr(func, _DESCRIBED, text)
        return func

    return mark


def as_mapping(context: object) -> dict[str, object]:
    """The top-level names a template sees: the context's fields, values untouched."""
    if not dataclasses.is_dataclass(context) or isinstance(context, type):
        raise TypeError(f"a template context is a dataclass instance, not {type(context)!r}")
    return {f.name: getattr(context, f.name) for f in dataclasses.fields(context)}


@dataclasses.dataclass(frozen=True)
class FieldDoc:
    name: str  # "association.president.civility", "communes[].name"
    text: str  # French: where the value comes from


_LEAVES = (str, int, bool, Decimal, date, datetime, float, bytes)


def field_docs(context_type: type) -> list[FieldDoc]:
    """Every name a template of this context may use, in declaration order, with its doc."""
    return list(_field_docs(context_type))


@functools.cache
def _field_docs(context_type: type) -> tuple[FieldDoc, ...]:
    # Walking a context type resolves every type hint of every nested model (~11 ms for
    # a convention's): done once per type and process, not once per checked file.
    return tuple(_walk(context_type, "", (), frozenset()))


@functools.cache
def field_names(context_type: type) -> frozenset[str]:
    return frozenset(d.name for d in _field_docs(context_type))


def _walk(
    owner: Any, prefix: str, parents: tuple[str, ...], seen: frozenset[type]
) -> Iterator[FieldDoc]:
    if not (dataclasses.is_dataclass(owner) and isinstance(owner, type)) or owner in seen:
        return
    seen = seen | {owner}
    hints = typing.get_type_hints(owner)
    for item in dataclasses.fields(owner):
        text = item.metadata.get(_DOC)
        if text is None:
            continue
        yield from _member(hints[item.name], f"{prefix}{item.name}", (*parents, text), seen)
    for name, member in vars(owner).items():
        if isinstance(member, property) and hasattr(member.fget, _DESCRIBED):
            text = getattr(member.fget, _DESCRIBED)
            returned = typing.get_type_hints(member.fget).get("return", str)
            yield from _member(returned, f"{prefix}{name}", (*parents, text), seen)


_DATE_PARTS = (("year", "l’année"), ("month", "le mois (1 à 12)"), ("day", "le jour du mois"))


def _member(
    hint: Any, name: str, texts: tuple[str, ...], seen: frozenset[type]
) -> Iterator[FieldDoc]:
    yield FieldDoc(name, _join(texts))
    if typing.get_origin(hint) is dict or hint is dict:
        yield FieldDoc(f"{name}.*", _join(texts) + " (une clé : sa valeur)")
        return
    inner, many = _unwrap(hint)
    if inner in (date, datetime):
        for part, what in _DATE_PARTS:
            yield FieldDoc(f"{name}.{part}", f"{_join(texts)} : {what}")
        return
    if many:
        if not texts[-1].startswith("calculé"):
            texts = (*texts[:-1], texts[-1] + "[]")
        yield FieldDoc(f"{name}[]", _join(texts))
        name += "[]"
    yield from _walk(inner, f"{name}.", texts, seen)


def missing(context: object, chain: str) -> list[str]:
    """The prefixes of ``chain`` whose value is None in ``context`` (each element of a
    list followed): « departement.court », « communes[].insee »."""
    return missing_all(context, [chain])


def missing_all(context: object, chains: Iterable[str]) -> list[str]:
    """``missing`` for several chains in one walk of ``context``: a shared prefix
    (``association.president``) is looked up once, whatever the number of chains under
    it. In the order the chains are given, each absent prefix once."""
    tree: dict[str, Any] = {}
    order: dict[str, int] = {}
    for chain in chains:
        node = tree
        for part in chain.split("."):
            node = node.setdefault(part, {})
    found: list[str] = []
    _missing(as_mapping(context), tree, "", found, order)
    return found


def _missing(
    value: object, tree: dict[str, Any], done: str, found: list[str], seen: dict[str, int]
) -> None:
    if not tree or isinstance(value, str | int | Decimal | date | bool):
        return
    for part, rest in tree.items():
        name = part.removesuffix("[]")
        here = f"{done}.{part}" if done else part
        current = value.get(name) if isinstance(value, dict) else getattr(value, name, None)
        if current is None:
            shown = here.removesuffix("[]")
            if shown not in seen:
                seen[shown] = len(found)
                found.append(shown)
            continue
        if part.endswith("[]"):
            if isinstance(current, tuple | list):
                for item in current:
                    _missing(item, rest, here, found, seen)
            continue
        _missing(current, rest, here, found, seen)


def _unwrap(hint: Any) -> tuple[Any, bool]:
    """The type inside Optional/tuple/list, and whether it is a list of them."""
    many = False
    while True:
        origin = typing.get_origin(hint)
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if origin in (typing.Union, types.UnionType) and len(args) == 1:
            hint = args[0]
        elif origin in (tuple, list, Sequence) and args and not many:
            hint, many = args[0], True
        else:
            return hint, many


def _join(texts: tuple[str, ...]) -> str:
    """The YAML path of a field, from each level's own doc, outermost first:
    « association.president.civilite », « departement.yaml → president.civilite ».
    A level documented as computed (« calculé : … ») stands for everything above it."""
    out = ""
    for text in texts:
        if not text:  # a level that only groups values: nothing to add to the path
            continue
        if text.startswith("calculé") and out and not out.startswith("calculé"):
            out = f"{out} → {text}"
        elif text.startswith("calculé") or not out:
            out = text
        elif out.startswith("calculé") or "→ calculé" in out:
            out = f"{out} › {text}"
        else:
            out += (" → " if out.endswith(".yaml") else ".") + text
    return out


def is_leaf(value: object) -> bool:
    return isinstance(value, _LEAVES | enum.Enum) or value is None


@functools.cache
def documented(context_type: type) -> Mapping[str, str]:
    return types.MappingProxyType({d.name: d.text for d in _field_docs(context_type)})
