"""Blanks left from the model convention: "X ETP", "JJ/MM/AAAA", ".....", "à compléter".

Looked for in the raw YAML, before the schema, so that a skeleton from ``docgen new``
gets one clear "fill this in" per blank instead of a type error.
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


def blanks(data: Any, here: FieldPath = ()) -> Iterator[tuple[FieldPath, str]]:
    """(path, blank) for every string value of ``data`` that still holds a blank."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from blanks(value, (*here, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from blanks(value, (*here, index))
    elif isinstance(data, str):
        blank = find_blank(data)
        if blank is not None:
            yield here, blank
