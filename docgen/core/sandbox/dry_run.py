"""The dry run of ``docgen check``: placeholders standing for any value, and which
templates need one.

Why: a tag past a limit whatever the data (a loop over a constant range, a power) must
be found before any document is rendered. Inside ``limited(dry=True)`` every name,
attribute or item that does not exist is a ``Placeholder`` (true, iterable once, printing
nothing), so that each tag runs once whatever the data. ``risky`` tells, from a
template's text, whether its tags could do so at all: most cannot, and are not run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.exceptions import SecurityError

from docgen.core.sandbox.limits import BUDGET


class Placeholder:
    """Any value, in a dry run: true, iterable once, printing nothing, and any attribute,
    item, call or operation on it is itself."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return self

    def __getitem__(self, key: object) -> Placeholder:
        return self

    def __call__(self, *args: object, **kwargs: object) -> Placeholder:
        return self

    def __iter__(self) -> Iterator[Placeholder]:
        return iter((self,))

    def __len__(self) -> int:
        return 1

    def __bool__(self) -> bool:
        return True

    def __str__(self) -> str:
        return ""

    def __format__(self, spec: str) -> str:
        return ""

    def __contains__(self, item: object) -> bool:
        return True

    def __eq__(self, other: object) -> bool:
        return True

    def __hash__(self) -> int:
        return 0

    def __int__(self) -> int:
        return 1

    def __float__(self) -> float:
        return 1.0

    def _same(self, *args: object) -> Placeholder:
        return self

    __lt__ = __le__ = __gt__ = __ge__ = __ne__ = _same  # type: ignore[assignment]
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _same
    __truediv__ = __rtruediv__ = __floordiv__ = __rfloordiv__ = _same
    __mod__ = __rmod__ = __pow__ = __rpow__ = __neg__ = __pos__ = __abs__ = _same


PLACEHOLDER = Placeholder()


def placeholder_in(values: Iterable[object]) -> bool:
    return any(isinstance(value, Placeholder) for value in values)


class Undefined(jinja2.StrictUndefined):
    """Jinja's strict undefined, except in a dry run, where it stands for any value."""

    __slots__ = ()

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        # A refused attribute (``''.format``, ``x.__class__``) stays refused: it is refused
        # whatever the data.
        if BUDGET.get().dry and kwargs.get("exc") is not SecurityError:
            return PLACEHOLDER
        return super().__new__(cls)


# ---------------------------------------------------------------------------- which templates

_PARSING = jinja2.Environment()  # only parses (to look at a template's tags)
_TAG = re.compile(r"\{\{(.*?)\}\}|\{%(.*?)%\}", re.DOTALL)
# What a tag that risky() would find holds, at least: a bracket, an operator, an
# attribute of a literal or starting with "_", a global's name, a macro.
_FILTER_ARGUMENTS = re.compile(r"\|\s*\w+\s*\(")  # « |amount( » is no call
_SUSPECT = re.compile(
    r"[(*%]|\._|['\"]\s*[.\[]|(?:^|[\s(,=|~+\-])[\[{]"
    r"|\b(?:macro|call|range|dict|namespace|lipsum|cycler|joiner)\b"
)
_GLOBALS = frozenset({"range", "dict", "namespace", "lipsum", "cycler", "joiner"})
_LITERALS = (nodes.Const, nodes.List, nodes.Tuple, nodes.Dict)


def risky(source: str) -> bool:
    """Whether the tags of ``source`` could go past a limit, or print code, whatever the
    data: a call, a macro, ``*``, ``**`` or ``%``, an attribute of a literal or starting
    with ``_``, a name of Jinja's globals. Only such a template needs the dry run (most
    templates print fields, loop over lists and test values: the data bounds them)."""
    tags = (_FILTER_ARGUMENTS.sub("|", tag[1] or tag[2]) for tag in _TAG.finditer(source))
    if not any(_SUSPECT.search(tag) for tag in tags):
        return False  # most templates: no tag has anything to look at closer
    try:
        tree = _PARSING.parse(source)
    except jinja2.TemplateSyntaxError:
        return True  # looked at closer by the dry run (which leaves syntax to the lint)
    for node in tree.find_all(
        (nodes.Call, nodes.Macro, nodes.CallBlock, nodes.BinExpr, nodes.Getattr, nodes.Getitem)
    ):
        if not isinstance(node, nodes.BinExpr | nodes.Getattr | nodes.Getitem):
            return True
        if isinstance(node, nodes.BinExpr) and node.operator in ("*", "**", "%"):
            return True
        if isinstance(node, nodes.Getattr | nodes.Getitem) and (
            isinstance(node.node, _LITERALS) or str(getattr(node, "attr", "")).startswith("_")
        ):
            return True
    return any(name.name in _GLOBALS for name in tree.find_all(nodes.Name))
