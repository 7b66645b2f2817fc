"""``Sandbox``: Jinja's immutable sandbox, bounded in time and size, printing values only.

Why: Jinja's hooks (attributes, items, calls, operators, the ``finalize`` of printed
values, code generation) are where every tag passes; this class makes each of them check
the deadline and the sizes (``measures``), refuse text formatting and padding, and
compile templates from the tree in which each tag records itself (``tags``).
``docgen.core.environment`` builds docgen's environment on it.
"""

from __future__ import annotations

import functools
from collections import deque
from collections.abc import Callable, MutableMapping, MutableSequence, MutableSet
from types import BuiltinFunctionType, BuiltinMethodType
from typing import Any

from jinja2 import nodes
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedEnvironment

from docgen.core.sandbox.dry_run import PLACEHOLDER, Undefined, placeholder_in
from docgen.core.sandbox.limits import BUDGET, figures
from docgen.core.sandbox.measures import (
    brief,
    check_binop,
    integer,
    measure_text_method,
    printable,
    sized,
)
from docgen.core.sandbox.tags import Bounds

# Methods of a text that pad or expand it to any size, or format it.
_TEXT_METHODS_REFUSED = frozenset(
    {"format", "format_map", "center", "ljust", "rjust", "zfill", "expandtabs", "translate"}
)


_MUTABLE: dict[type, bool] = {}  # by type: the types a template meets are few


def _mutable(kind: type) -> bool:
    found = _MUTABLE.get(kind)
    if found is None:
        found = _MUTABLE[kind] = issubclass(
            kind, MutableSequence | MutableMapping | MutableSet | deque
        )
    return found


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, bounded (see the package doc): autoescaped, strict,
    printing values only. Once every filter is registered, ``bound_filters`` keeps the
    safe ones and bounds them."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, *, finalize: Callable[..., Any] | None = None, **options: Any) -> None:
        # ``finalize`` runs on each printed value, after the check that it is one.
        options.setdefault("autoescape", True)
        options.setdefault("undefined", Undefined)
        super().__init__(finalize=_finalizer(finalize), **options)
        self.globals = {"range": _range, "dict": dict}

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, str) and attr in _TEXT_METHODS_REFUSED:
            return False
        if _mutable(type(obj)):  # a list, a dict… may not be changed (Jinja's check)
            return bool(super().is_safe_attribute(obj, attr, value))
        # Most values are docgen's models: only Jinja's own rule (no "_", no internals),
        # without testing them against every mutable type for each attribute read.
        return bool(SandboxedEnvironment.is_safe_attribute(self, obj, attr, value))

    def wrap_str_format(self, value: Any) -> None:
        return None  # format and format_map are refused, not wrapped

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        budget = BUDGET.get()
        budget.check()
        if budget.dry and placeholder_in((left, right)):
            return PLACEHOLDER
        check_binop(budget, operator, left, right)
        result = self.binop_table[operator](left, right)
        sized(budget, result, f"{brief(left)} {operator} {brief(right)}")
        return result

    def getattr(self, obj: Any, attribute: str) -> Any:
        BUDGET.get().check()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        BUDGET.get().check()
        return super().getitem(obj, argument)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        budget = BUDGET.get()
        budget.check()
        values = (*args, *kwargs.values())
        if budget.dry and placeholder_in((__obj, *values)):
            return PLACEHOLDER
        builtin = isinstance(__obj, BuiltinFunctionType | BuiltinMethodType)
        for value in values if builtin else ():
            if integer(value) and abs(value) > budget.limits.text:
                raise budget.exceeded(
                    f"la taille admise d'un nombre donné à une fonction ({brief(value)} : "
                    f"plus de {figures(budget.limits.text)})"
                )
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str) and getattr(__obj, "__name__", "") in ("join", "replace"):
            measure_text_method(budget, owner, __obj.__name__, args)
        result = super().call(__context, __obj, *args, **kwargs)
        sized(budget, result, f"{getattr(__obj, '__name__', 'une fonction')}(…)")
        return result

    def _generate(
        self,
        source: nodes.Template,
        name: str | None,
        filename: str | None,
        defer_init: bool = False,
    ) -> str:
        # Compiled from the tree with each tag recording itself (the tree given is changed:
        # the template lint walks the parsed tree before it compiles it, never after).
        tree = Bounds().visit(source)
        tree.set_environment(self)
        return super()._generate(tree, name, filename, defer_init)


def _range(*args: Any) -> Any:
    """``range``, of at most ``Limits.items`` elements."""
    budget = BUDGET.get()
    if budget.dry and placeholder_in(args):
        return (PLACEHOLDER,)
    numbers = range(*args)
    try:
        size = len(numbers)
    except OverflowError:
        size = budget.limits.items + 1
    if size > budget.limits.items:
        shown = ", ".join(brief(a) for a in args)
        raise budget.exceeded(
            f"la taille admise d'une liste (range({shown}) : plus de "
            f"{figures(budget.limits.items)} éléments)"
        )
    return numbers


def _finalizer(finalize: Callable[..., Any] | None) -> Callable[..., Any]:
    if finalize is None:

        def checked(value: Any) -> Any:
            printable(value)
            return value

        return checked

    @functools.wraps(finalize)
    def both(*args: Any) -> Any:
        printable(args[-1])
        return finalize(*args)

    return both
