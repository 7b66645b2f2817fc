"""Blanks a document prints where a value is not known yet: « …… ».

A draft leaves some values empty (a signing date); the projet type annexed to a
deliberation leaves every value proper to one service blank. Those values are typed
markers (``BlankNumber`` is a ``Decimal``, ``BlankDate`` a ``date``…) so that typed
contexts stay typed, and every French filter prints them as a blank of the right shape:
« …… € », « …… ETP », « …… % ».
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

BLANK = "……"
NBSP = "\u00a0"

_FORMS = {
    "amount": f"{BLANK}{NBSP}€",
    "amount_full": f"{BLANK}{NBSP}€",
    "etp": f"{BLANK}{NBSP}ETP",
    "percent": f"{BLANK}{NBSP}%",
    "de": f"de {BLANK}",
}


class Blank:
    """Marks a value as not known: printed « …… »."""

    def __str__(self) -> str:
        return BLANK


class BlankText(Blank, str):
    def __new__(cls) -> BlankText:
        return super().__new__(cls, BLANK)


class BlankNumber(Blank, Decimal):
    """A number not known; sums with it stay unknown."""

    def __new__(cls) -> BlankNumber:
        return super().__new__(cls, 0)

    def __add__(self, other: object) -> BlankNumber:
        return BlankNumber()

    __radd__ = __add__


class BlankInt(Blank, int):
    def __new__(cls) -> BlankInt:
        return super().__new__(cls, 0)


class BlankDate(Blank, date):
    def __new__(cls) -> BlankDate:
        return super().__new__(cls, 1, 1, 1)


def tolerant(apply: Callable[..., str]) -> Callable[..., str]:
    """The filter ``apply``, printing a blank of the right shape for a blank value."""
    name = getattr(apply, "__name__", "")

    def filtered(value: Any, *args: Any, **kwargs: Any) -> str:
        if isinstance(value, Blank):
            return _FORMS.get(name, BLANK)
        return apply(value, *args, **kwargs)

    filtered.__name__ = name
    filtered.__doc__ = apply.__doc__
    return filtered
