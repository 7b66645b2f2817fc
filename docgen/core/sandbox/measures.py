"""What a tag may print, and how large what it builds may grow: the checks of values.

Why apart: the environment, its filters and its operators all ask the same questions —
is this a value or code (a function would print its address)? would this text, list or
integer be past ``Limits``? — and ask them before the value is made where it can be
measured first (``'a' * n``, ``join``, ``replace``), so that no tag exhausts the memory
on its way to the limit.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sized
from datetime import date
from datetime import time as day_time
from decimal import Decimal
from types import ModuleType
from typing import Any

import jinja2

from docgen.core.sandbox.dry_run import Placeholder
from docgen.core.sandbox.limits import BUDGET, DEFAULT, Budget, figures

_VALUES = (str, int, float, Decimal, date, day_time, type(None), jinja2.Undefined, Placeholder)


def _what(value: object) -> str:
    """A French name for a value that is not one: « une fonction (upper) »."""
    if isinstance(value, type):
        return f"une classe ({value.__name__})"
    if isinstance(value, ModuleType):
        return "un module"
    if callable(value):
        name = getattr(value, "__name__", "")
        return f"une fonction ({name})" if isinstance(name, str) and name else "une fonction"
    if isinstance(value, list | tuple | set | frozenset):
        return "une liste"
    if isinstance(value, dict):
        return "un dictionnaire"
    return f"un objet ({type(value).__name__})"


def printable(value: object) -> None:
    """Refuse to print what is not a value: Python would print its repr."""
    if isinstance(value, _VALUES) or hasattr(type(value), "__html__"):
        return
    raise BUDGET.get().refused(
        f"la balise imprime {_what(value)}, et non une valeur (un texte, un nombre, une date)"
    )


def not_code(value: object, depth: int = 0) -> None:
    """Refuse a function, a class or a module where a value is expected (a filter's or
    ``~``'s operand would print it): in lists and mappings too, a few levels down."""
    if isinstance(value, str | int | float | Decimal | date | jinja2.Undefined | Placeholder):
        return
    if isinstance(value, type | ModuleType) or callable(value):
        raise BUDGET.get().refused(
            f"la balise donne {_what(value)} là où il faut une valeur (un texte, un nombre, "
            "une date)"
        )
    if depth < 3 and isinstance(value, list | tuple | set | frozenset | dict):
        items = value.items() if isinstance(value, dict) else value
        for count, item in enumerate(items):
            if count >= DEFAULT.items:
                break
            if isinstance(item, tuple) and isinstance(value, dict):
                not_code(item[0], depth + 1)
                not_code(item[1], depth + 1)
            else:
                not_code(item, depth + 1)


def sized(budget: Budget, value: object, shown: str) -> None:
    """Refuse a text, a list or an integer past its limit (``shown``: what made it)."""
    if isinstance(value, str):
        length_within(budget, len(value), True, shown)
    elif isinstance(value, list | tuple):
        length_within(budget, len(value), False, shown)
    elif isinstance(value, int) and value.bit_length() > budget.limits.bits:
        raise budget.exceeded(_number(budget, shown))


def length_within(budget: Budget, length: int, text: bool, shown: str) -> None:
    """Refuse a text (``text``) or a list of ``length``, measured before it is made."""
    most = budget.limits.text if text else budget.limits.items
    if length > most:
        what = f"d'un texte ({shown} : plus de {figures(most)} caractères)"
        if not text:
            what = f"d'une liste ({shown} : plus de {figures(most)} éléments)"
        raise budget.exceeded(f"la taille admise {what}")


def _number(budget: Budget, shown: str) -> str:
    digits = figures(int(budget.limits.bits * math.log10(2)))
    return f"la taille admise d'un nombre ({shown} : plus de {digits} chiffres)"


# ---------------------------------------------------------------------------- operators


def check_binop(budget: Budget, operator: str, left: Any, right: Any) -> None:
    """Refuse, before computing it, an operation whose result would be too large."""
    shown = f"{brief(left)} {operator} {brief(right)}"
    limits = budget.limits
    if operator == "%" and isinstance(left, str):
        raise budget.refused("la mise en forme par « % » n'est pas admise dans un modèle")
    if operator == "**" and integer(left) and integer(right):
        if right > 0 and abs(left) > 1 and abs(left).bit_length() * right > limits.bits:
            raise budget.exceeded(_number(budget, shown))
    elif operator == "*":
        if integer(left) and integer(right):
            if abs(left).bit_length() + abs(right).bit_length() > limits.bits + 1:
                raise budget.exceeded(_number(budget, shown))
            return
        sequence, times = (left, right) if integer(right) else (right, left)
        if integer(times) and isinstance(sequence, str | list | tuple):
            length_within(budget, len(sequence) * max(times, 0), isinstance(sequence, str), shown)
    elif operator == "+" and isinstance(left, str | list | tuple) and isinstance(right, Sized):
        length_within(budget, len(left) + len(right), isinstance(left, str), shown)


def integer(value: object) -> bool:
    return isinstance(value, int)


def brief(value: object) -> str:
    """An operand as a message shows it: short."""
    if isinstance(value, str):
        text = value if len(value) <= 12 else value[:11] + "…"
        return repr(text)
    if isinstance(value, int) and value.bit_length() < 64:
        return str(value)
    if isinstance(value, int):
        return "un grand nombre"
    if isinstance(value, list | tuple):
        return f"une liste de {len(value)} éléments"
    return type(value).__name__


def measure_text_method(budget: Budget, text: str, name: str, args: tuple[Any, ...]) -> None:
    """``sep.join(items)`` and ``text.replace(old, new)``, measured before they are made."""
    if name == "join" and args and isinstance(args[0], list | tuple):
        size = len(text) * len(args[0]) + sum(len(i) for i in args[0] if isinstance(i, str))
        length_within(budget, size, True, "join(…)")
    elif name == "replace" and len(args) >= 2 and isinstance(args[0], str):
        length_within(budget, _replaced(text, args[0], args[1]), True, "replace(…)")


def _replaced(text: str, old: str, new: object) -> int:
    count = text.count(old) if old else len(text) + 1
    return len(text) + count * len(str(new))


# Sizes measured before the filter runs.
def _join_size(value: Any, separator: Any = "", *args: Any, **kwargs: Any) -> int:
    items = list(value) if not isinstance(value, str) else value
    sep = len(str(separator))
    return sep * len(items) + sum(len(i) for i in items if isinstance(i, str))


def _replace_size(value: Any, old: Any, new: Any, *args: Any, **kwargs: Any) -> int:
    return _replaced(str(value), str(old), new)


MEASURED: dict[str, Callable[..., int]] = {"join": _join_size, "replace": _replace_size}
