"""Numbers as the bench's French tables write them: 1 000, 4,35 s, 2,1×."""

from __future__ import annotations


def integer(value: int) -> str:
    return f"{value:,}".replace(",", "\u202f")


def number(value: float, digits: int = 0) -> str:
    return f"{value:,.{digits}f}".replace(",", "\u202f").replace(".", ",")


def seconds(value: float) -> str:
    return f"{number(value, 2)} s"


def ratio(value: float) -> str:
    return f"{number(value, 1)}×"
