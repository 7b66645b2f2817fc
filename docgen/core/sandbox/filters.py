"""The filters a template may use, each timed and bounded, and the hooks compiled tags call.

Why: Jinja's filters run outside the sandbox's call hook, so each one kept
(``FILTERS_KEPT`` besides docgen's own) is wrapped to check the deadline, refuse code as
a value and measure its result; ``_docgen_at``, ``_docgen_loop``, ``_docgen_value`` and
``_docgen_text`` are the filters through which the tree rewritten by ``tags.Bounds``
records the running tag, times loops and measures ``~``.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterator
from typing import Any

import jinja2
from jinja2.filters import FILTERS as JINJA_FILTERS
from jinja2.runtime import Context

from docgen.core.sandbox.dry_run import PLACEHOLDER, placeholder_in
from docgen.core.sandbox.limits import BUDGET, LimitExceeded, duration
from docgen.core.sandbox.measures import MEASURED, length_within, not_code, printable, sized

# The Jinja filters a template may use besides docgen's: none of them can make a value
# much larger than what it is given (``join`` and ``replace`` are measured first).
FILTERS_KEPT = frozenset(
    {
        "abs",
        "attr",
        "capitalize",
        "count",
        "d",
        "default",
        "dictsort",
        "e",
        "escape",
        "filesizeformat",
        "first",
        "float",
        "forceescape",
        "groupby",
        "int",
        "items",
        "join",
        "last",
        "length",
        "list",
        "lower",
        "map",
        "max",
        "min",
        "reject",
        "rejectattr",
        "replace",
        "reverse",
        "round",
        "safe",
        "select",
        "selectattr",
        "sort",
        "string",
        "striptags",
        "sum",
        "title",
        "trim",
        "truncate",
        "unique",
        "upper",
        "urlencode",
        "wordcount",
    }
)

# The filters that print their value: it must be one (a function would print its address).
_PRINTING = frozenset(
    {
        "capitalize",
        "e",
        "escape",
        "forceescape",
        "lower",
        "replace",
        "safe",
        "string",
        "striptags",
        "title",
        "trim",
        "truncate",
        "upper",
        "urlencode",
        "wordcount",
    }
)


def _bounded_filter(name: str, apply: Callable[..., Any]) -> Callable[..., Any]:
    """The filter ``name``, timed, refusing code as a value, its result measured."""
    passed = getattr(apply, "jinja_pass_arg", None)
    skip = 0 if passed is None else 1
    measure = MEASURED.get(name)
    printing = name in _PRINTING

    @functools.wraps(apply)
    def filtered(*args: Any, **kwargs: Any) -> Any:
        budget = BUDGET.get()
        budget.check()
        if budget.dry and placeholder_in((*args[skip:], *kwargs.values())):
            return PLACEHOLDER
        if name == "join" and len(args) > skip and not isinstance(args[skip], list | tuple | str):
            args = (*args[:skip], list(args[skip]), *args[skip + 1 :])  # measured, then joined
        for value in (*args[skip:], *kwargs.values()):
            not_code(value)
        if len(args) > skip:
            if printing:
                printable(args[skip])
            elif name == "join" and isinstance(args[skip], list | tuple):
                for item in args[skip]:
                    printable(item)
            if measure is not None:
                length_within(budget, measure(*args[skip:], **kwargs), True, f"|{name}")
        result = apply(*args, **kwargs)
        sized(budget, result, f"|{name}")
        return result

    return filtered


@jinja2.pass_context
def _at(context: Context, tag: str) -> bool:
    """Records the tag about to run (true, so that ``_at(…) and value`` is the value)."""
    budget = BUDGET.get()
    budget.tag = tag
    budget.check()
    return True


@jinja2.pass_context
def _loop(context: Context, iterable: Any, tag: str) -> Iterator[Any]:
    """A ``{% for %}`` loop's items, the deadline checked at each turn."""
    budget = BUDGET.get()
    budget.tag = tag
    for item in iterable:
        if time.monotonic() > budget.deadline:
            raise LimitExceeded(duration(budget.limits.seconds), tag, timed=True)
        yield item


def _value(value: object) -> object:
    printable(value)  # ``~`` prints its operands
    return value


def _text(value: object) -> object:
    budget = BUDGET.get()
    sized(budget, value, "~")
    return value


def bound_filters(env: jinja2.Environment) -> None:
    """Keep, of ``env``'s filters, docgen's and Jinja's ``FILTERS_KEPT`` (under any name
    they are registered by), each timed and bounded; add the filters the compiled tags
    call (``tags.Bounds``)."""
    builtin = {id(apply): name for name, apply in JINJA_FILTERS.items()}
    kept: dict[str, Callable[..., Any]] = {}
    for name, apply in env.filters.items():
        jinja = builtin.get(id(apply))
        if jinja is None or jinja in FILTERS_KEPT:
            kept[name] = _bounded_filter(jinja or name, apply)
    kept.update({"_docgen_at": _at, "_docgen_loop": _loop})
    kept.update({"_docgen_value": _value, "_docgen_text": _text})
    env.filters = kept
