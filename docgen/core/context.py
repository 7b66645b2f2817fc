"""Typed template contexts: what a Word template may print, described once.

Each template receives one frozen dataclass. Its fields, and the fields of the model
objects it holds (followed through nested dataclasses, lists and optional values), are
at once the names the template lint accepts and the rows of the field guide
(``docgen.core.vocabulary``, which also gives each its French name). A field documents
itself with ``doc("…")``: its YAML key, or how it is computed, in French. A computed
property of a model is exposed to templates by ``@described("…")``. Anything
undocumented is invisible to templates: a template cannot depend on a value nobody
described.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

# The metadata of a documented field (``docgen.core.vocabulary`` reads it).
DOC = "doc"  # French: where the value comes from
FRENCH = "fr"  # its French name, when it is not the YAML key its documentation starts with
VALUES = "values"  # English value → French value, for a value that is a word
DESCRIBED = "__described__"  # on a property exposed to templates: its metadata


def doc(
    text: str, *, fr: str | None = None, values: Mapping[str, str] | None = None, **kwargs: Any
) -> Any:
    """A dataclass field a template may print: ``text`` says in French where its value
    comes from (a YAML key: « prenom », or « calculé : … »); ``fr`` is its name in
    templates when ``text`` does not start with it; ``values`` the French words of its
    values when they are words (read by its French name, it gives them)."""
    return dataclasses.field(metadata=_metadata(text, fr, values), **kwargs)


def described(
    text: str, *, fr: str | None = None, values: Mapping[str, str] | None = None
) -> Callable[[F], F]:
    """Expose a property to templates, documented as ``doc`` documents a field."""

    def mark(func: F) -> F:
        setattr(func, DESCRIBED, _metadata(text, fr, values))
        return func

    return mark


def _metadata(text: str, fr: str | None, values: Mapping[str, str] | None) -> dict[str, Any]:
    meta: dict[str, Any] = {DOC: text}
    if fr is not None:
        meta[FRENCH] = fr
    if values:
        meta[VALUES] = dict(values)
    return meta


_LEAVES = (str, int, bool, Decimal, date, datetime, float, bytes)


def missing(context: object, chain: str) -> list[str]:
    """The prefixes of ``chain`` whose value is None in ``context`` (each element of a
    list followed): « departement.court », « communes[].insee »."""
    return missing_all(context, [chain])


def missing_all(
    context: object, chains: Iterable[str], empty: frozenset[str] = frozenset()
) -> list[str]:
    """``missing`` for several chains in one walk of ``context``: a shared prefix
    (``association.president``) is looked up once, whatever the number of chains under
    it. In the order the chains are given, each absent prefix once. A chain of ``empty``
    is absent when it is "" too: an optional YAML text left out reads "", and printed it
    would leave a blank in the document (« numéro SIREN . »)."""
    tree: dict[str, Any] = {}
    order: dict[str, int] = {}
    for chain in chains:
        node = tree
        for part in chain.split("."):
            node = node.setdefault(part, {})
    found: list[str] = []
    _missing(context, tree, "", found, order, empty)
    return found


def _missing(
    value: object,
    tree: dict[str, Any],
    done: str,
    found: list[str],
    seen: dict[str, int],
    empty: frozenset[str],
) -> None:
    if not tree or isinstance(value, str | int | Decimal | date | bool):
        return
    for part, rest in tree.items():
        name = part.removesuffix("[]")
        here = f"{done}.{part}" if done else part
        current = value.get(name) if isinstance(value, dict) else getattr(value, name, None)
        if current is None or (current == "" and here in empty):
            shown = here.removesuffix("[]")
            if shown not in seen:
                seen[shown] = len(found)
                found.append(shown)
            continue
        if part.endswith("[]"):
            if isinstance(current, tuple | list):
                for item in current:
                    _missing(item, rest, here, found, seen, empty)
            continue
        _missing(current, rest, here, found, seen, empty)


def is_leaf(value: object) -> bool:
    return isinstance(value, _LEAVES | enum.Enum) or value is None
