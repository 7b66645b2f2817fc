"""Blanks left from the model convention: "X ETP", "JJ/MM/AAAA", ".....", "à compléter".

Looked for in the raw YAML, before the schema, so that a skeleton from ``docgen new``
gets one clear "fill this in" per blank instead of a type error. Every pattern here runs
in time linear in the text (no nested or overlapping repetition), so a long value costs
what reading it costs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from docgen.core.source import FieldPath

# Uppercase letters alone, as the model writes them: "X ETP", "Commune Y". Case matters:
# "il y a" is French, not a blank.
_LETTER = re.compile(r"(?<![\w'’.\-])[XY](?![\w'’\-])")
# The others, looked for in lowercase text without accents, so "A COMPLÉTER" is found too.
_MARKERS = re.compile(
    r"\.{3,}|…|\bjj\b|\baaaa\b|\bx{3,}\b|\ba completer\b|\bprenom nom\b|\bnom prenom\b"
)


def _fold(text: str) -> str:
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def find_blank(text: str) -> str | None:
    """The blank found in ``text`` (lowercased when not a lone letter), or None."""
    match = _LETTER.search(text) or _MARKERS.search(_fold(text))
    return match.group(0) if match else None


# A path as a linked list, (parent, key), so that walking a deep value costs nothing per
# level: the tuple is only built for a value that holds a blank.
_Chain = tuple["_Chain", str | int] | None


def blanks(data: Any, here: FieldPath = ()) -> Iterator[tuple[FieldPath, str]]:
    """(path, blank) for every string value of ``data`` that still holds a blank.

    In document order. Iterative, so that no nesting depth can exhaust Python's stack.
    """
    pending: list[tuple[_Chain, Any]] = [(None, data)]
    while pending:
        chain, value = pending.pop()
        if isinstance(value, dict):
            pending.extend(reversed([((chain, key), item) for key, item in value.items()]))
        elif isinstance(value, list):
            pending.extend(reversed([((chain, i), item) for i, item in enumerate(value)]))
        elif isinstance(value, str):
            blank = find_blank(value)
            if blank is not None:
                yield _path(here, chain), blank


def _path(here: FieldPath, chain: _Chain) -> FieldPath:
    parts: list[str | int] = []
    while chain is not None:
        chain, part = chain
        parts.append(part)
    return (*here, *reversed(parts))
