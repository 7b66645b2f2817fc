"""The sandbox Word templates are filled in: immutable, and bounded in time and size.

A template is code a juriste writes: it must never hang docgen, exhaust its memory or
print Python's insides. On top of Jinja's immutable sandbox (no ``append``, ``update``,
``pop``; no attribute starting with ``_``):

* no ``format``/``format_map`` (nor ``center``, ``ljust``… that pad to any width) on a
  text, no ``%`` formatting, no ``namespace``/``cycler``/``joiner``/``lipsum``, and only
  the Jinja filters that cannot grow a value out of proportion (``FILTERS_KEPT``);
* a tag prints values only — a text, a number, a date, Word XML (RichText): printing a
  function, a class, a module, a list or any other object is refused, and so is handing
  a function to a filter or to ``~`` (which would print its address);
* sizes: ``range`` of at most ``Limits.items`` elements, ``'a' * n``, ``[x] * n``, ``+``
  and ``~`` give at most ``Limits.text`` characters (``items`` elements), ``**`` and
  ``*`` on integers at most ``Limits.bits`` bits, a function given a number larger than
  ``Limits.text`` (a width) is refused, and each part of a document renders to at most
  ``Limits.output`` characters;
* time: every document has a deadline (``Limits.seconds``, 5 s unless its Département
  says otherwise), checked by the hooks every tag goes through — each ``{{ }}``, each
  ``{% if %}`` and ``{% set %}``, each turn of each ``{% for %}`` loop, each call,
  attribute, item, operator and filter, each piece of output — so that any long loop
  hits it, in any thread (no signal: a web server may render from a thread).

A tag past a limit raises ``LimitExceeded`` (what was exceeded, in French, and the tag as
written); a refusal raises ``Refused``. The engine turns both into a finding; the
document is not written.

The hooks know which tag is running because every template is compiled from a tree in
which each tag first records itself (``_Bounds``); the rendered text is the same, byte
for byte.

``limited(limits, dry=True)`` is the dry run of ``docgen check``: every name, attribute
or item that does not exist is a ``Placeholder`` standing for any value (true, iterable
once, printing nothing), every filter or call given one gives one, so that each tag runs
once whatever the data and a tag past a limit whatever the data is found before any
document is rendered.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import time
from collections import deque
from collections.abc import (
    Callable,
    Iterable,
    Iterator,
    Mapping,
    MutableMapping,
    MutableSequence,
    MutableSet,
    Sized,
)
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from datetime import time as day_time
from decimal import Decimal
from types import BuiltinFunctionType, BuiltinMethodType, ModuleType
from typing import Any, cast

import jinja2
from jinja2 import nodes
from jinja2.exceptions import SecurityError
from jinja2.filters import FILTERS as JINJA_FILTERS
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedEnvironment
from jinja2.visitor import NodeTransformer


@dataclass(frozen=True)
class Limits:
    """How far filling one document may go."""

    seconds: float = 5.0  # to fill one document (a Département may change it)
    output: int = 20_000_000  # characters one part of a document renders to
    text: int = 1_000_000  # characters of one text a tag builds
    items: int = 10_000  # elements of a range, of a list a tag builds
    bits: int = 10_000  # of an integer a tag computes (about 3,000 digits)


DEFAULT = Limits()

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

# Methods of a text that pad or expand it to any size, or format it.
_TEXT_METHODS_REFUSED = frozenset(
    {"format", "format_map", "center", "ljust", "rjust", "zfill", "expandtabs", "translate"}
)


class LimitExceeded(Exception):
    """A tag went past a limit. ``what``: French, after « a dépassé » (« 5 secondes »)."""

    def __init__(self, what: str, tag: str = "", *, timed: bool = False) -> None:
        super().__init__(what)
        self.what = what
        self.tag = tag
        self.timed = timed  # the time limit, not a size


class Refused(SecurityError):
    """A tag asked for what a template may not do. ``reason``: French."""

    def __init__(self, reason: str, tag: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.tag = tag


# ---------------------------------------------------------------------------- the budget


class _Budget:
    """The limits of the document being filled, its deadline, the tag running."""

    __slots__ = ("deadline", "dry", "limits", "tag")

    def __init__(self, limits: Limits, deadline: float, dry: bool) -> None:
        self.limits = limits
        self.deadline = deadline
        self.dry = dry
        self.tag = ""

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise LimitExceeded(_seconds(self.limits.seconds), self.tag, timed=True)

    def exceeded(self, what: str) -> LimitExceeded:
        return LimitExceeded(what, self.tag)

    def refused(self, reason: str) -> Refused:
        return Refused(reason, self.tag)


# Outside ``limited`` (a template compiled, a property rendered at preparation): sizes are
# bounded, time is not.
_FREE = _Budget(DEFAULT, math.inf, False)
_BUDGET: ContextVar[_Budget] = ContextVar("docgen_render_budget", default=_FREE)


@contextmanager
def limited(limits: Limits | None = None, *, dry: bool = False) -> Iterator[None]:
    """Fill documents within ``limits`` (those of the enclosing block, if None; else
    ``DEFAULT``) from now on: a block inside another keeps the earlier deadline."""
    outer = _BUDGET.get()
    limits = limits or (outer.limits if outer is not _FREE else DEFAULT)
    deadline = min(time.monotonic() + limits.seconds, outer.deadline)
    token = _BUDGET.set(_Budget(limits, deadline, dry or outer.dry))
    try:
        yield
    finally:
        _BUDGET.reset(token)


def render(template: jinja2.Template, context: Mapping[str, object], part: str = "") -> str:
    """``template.render(context)``, its output counted and timed as it comes."""
    budget = _BUDGET.get()
    most = budget.limits.output
    pieces = template.root_render_func(template.new_context(dict(context)))
    blocks: list[str] = []
    size = 0
    try:
        # By a few hundred pieces: a loop in Python for each would cost a tenth of the
        # rendering, and a loop printing one letter at a time would hold a pointer each.
        while block := "".join(itertools.islice(pieces, 256)):
            size += len(block)
            if size > most:
                where = f" pour {part}" if part else ""
                raise budget.exceeded(
                    f"la taille admise d'un document ({_count(most)} caractères{where})"
                )
            budget.check()
            blocks.append(block)
    except Exception as error:
        if not hasattr(error, "tag"):  # where Jinja stopped, for the message
            error.docgen_tag = budget.tag  # type: ignore[attr-defined]
        template.environment.handle_exception()
    return "".join(blocks)  # what Template.render joins (Environment.concat)


# ---------------------------------------------------------------------------- placeholders


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


def _placeholder_in(values: Iterable[object]) -> bool:
    return any(isinstance(value, Placeholder) for value in values)


class _Undefined(jinja2.StrictUndefined):
    """Jinja's strict undefined, except in a dry run, where it stands for any value."""

    __slots__ = ()

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        # A refused attribute (``''.format``, ``x.__class__``) stays refused: it is refused
        # whatever the data.
        if _BUDGET.get().dry and kwargs.get("exc") is not SecurityError:
            return PLACEHOLDER
        return super().__new__(cls)


# ---------------------------------------------------------------------------- values


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


def _printable(value: object) -> None:
    """Refuse to print what is not a value: Python would print its repr."""
    if isinstance(value, _VALUES) or hasattr(type(value), "__html__"):
        return
    raise _BUDGET.get().refused(
        f"la balise imprime {_what(value)}, et non une valeur (un texte, un nombre, une date)"
    )


def _not_code(value: object, depth: int = 0) -> None:
    """Refuse a function, a class or a module where a value is expected (a filter's or
    ``~``'s operand would print it): in lists and mappings too, a few levels down."""
    if isinstance(value, str | int | float | Decimal | date | jinja2.Undefined | Placeholder):
        return
    if isinstance(value, type | ModuleType) or callable(value):
        raise _BUDGET.get().refused(
            f"la balise donne {_what(value)} là où il faut une valeur (un texte, un nombre, "
            "une date)"
        )
    if depth < 3 and isinstance(value, list | tuple | set | frozenset | dict):
        items = value.items() if isinstance(value, dict) else value
        for count, item in enumerate(items):
            if count >= DEFAULT.items:
                break
            if isinstance(item, tuple) and isinstance(value, dict):
                _not_code(item[0], depth + 1)
                _not_code(item[1], depth + 1)
            else:
                _not_code(item, depth + 1)


def _sized(budget: _Budget, value: object, shown: str) -> None:
    """Refuse a text, a list or an integer past its limit (``shown``: what made it)."""
    if isinstance(value, str):
        _length(budget, len(value), True, shown)
    elif isinstance(value, list | tuple):
        _length(budget, len(value), False, shown)
    elif isinstance(value, int) and value.bit_length() > budget.limits.bits:
        raise budget.exceeded(_number(budget, shown))


def _length(budget: _Budget, length: int, text: bool, shown: str) -> None:
    """Refuse a text (``text``) or a list of ``length``, measured before it is made."""
    most = budget.limits.text if text else budget.limits.items
    if length > most:
        what = f"d'un texte ({shown} : plus de {_count(most)} caractères)"
        if not text:
            what = f"d'une liste ({shown} : plus de {_count(most)} éléments)"
        raise budget.exceeded(f"la taille admise {what}")


def _number(budget: _Budget, shown: str) -> str:
    digits = _count(int(budget.limits.bits * math.log10(2)))
    return f"la taille admise d'un nombre ({shown} : plus de {digits} chiffres)"


# ---------------------------------------------------------------------------- operators


def _check_binop(budget: _Budget, operator: str, left: Any, right: Any) -> None:
    """Refuse, before computing it, an operation whose result would be too large."""
    shown = f"{_shown(left)} {operator} {_shown(right)}"
    limits = budget.limits
    if operator == "%" and isinstance(left, str):
        raise budget.refused("la mise en forme par « % » n'est pas admise dans un modèle")
    if operator == "**" and _integer(left) and _integer(right):
        if right > 0 and abs(left) > 1 and abs(left).bit_length() * right > limits.bits:
            raise budget.exceeded(_number(budget, shown))
    elif operator == "*":
        if _integer(left) and _integer(right):
            if abs(left).bit_length() + abs(right).bit_length() > limits.bits + 1:
                raise budget.exceeded(_number(budget, shown))
            return
        sequence, times = (left, right) if _integer(right) else (right, left)
        if _integer(times) and isinstance(sequence, str | list | tuple):
            _length(budget, len(sequence) * max(times, 0), isinstance(sequence, str), shown)
    elif operator == "+" and isinstance(left, str | list | tuple) and isinstance(right, Sized):
        _length(budget, len(left) + len(right), isinstance(left, str), shown)


def _integer(value: object) -> bool:
    return isinstance(value, int)


def _shown(value: object) -> str:
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


# ---------------------------------------------------------------------------- environment


_MUTABLE: dict[type, bool] = {}  # by type: the types a template meets are few


def _mutable(kind: type) -> bool:
    found = _MUTABLE.get(kind)
    if found is None:
        found = _MUTABLE[kind] = issubclass(
            kind, MutableSequence | MutableMapping | MutableSet | deque
        )
    return found


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, bounded (see the module doc): autoescaped, strict,
    printing values only. Once every filter is registered, ``bound_filters`` keeps the
    safe ones and bounds them."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, *, finalize: Callable[..., Any] | None = None, **options: Any) -> None:
        # ``finalize`` runs on each printed value, after the check that it is one.
        options.setdefault("autoescape", True)
        options.setdefault("undefined", _Undefined)
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
        budget = _BUDGET.get()
        budget.check()
        if budget.dry and _placeholder_in((left, right)):
            return PLACEHOLDER
        _check_binop(budget, operator, left, right)
        result = self.binop_table[operator](left, right)
        _sized(budget, result, f"{_shown(left)} {operator} {_shown(right)}")
        return result

    def getattr(self, obj: Any, attribute: str) -> Any:
        _BUDGET.get().check()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        _BUDGET.get().check()
        return super().getitem(obj, argument)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        budget = _BUDGET.get()
        budget.check()
        values = (*args, *kwargs.values())
        if budget.dry and _placeholder_in((__obj, *values)):
            return PLACEHOLDER
        builtin = isinstance(__obj, BuiltinFunctionType | BuiltinMethodType)
        for value in values if builtin else ():
            if _integer(value) and abs(value) > budget.limits.text:
                raise budget.exceeded(
                    f"la taille admise d'un nombre donné à une fonction ({_shown(value)} : "
                    f"plus de {_count(budget.limits.text)})"
                )
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str) and getattr(__obj, "__name__", "") in ("join", "replace"):
            _measure_text_method(budget, owner, __obj.__name__, args)
        result = super().call(__context, __obj, *args, **kwargs)
        _sized(budget, result, f"{getattr(__obj, '__name__', 'une fonction')}(…)")
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
        tree = _Bounds().visit(source)
        tree.set_environment(self)
        return super()._generate(tree, name, filename, defer_init)


def _measure_text_method(budget: _Budget, text: str, name: str, args: tuple[Any, ...]) -> None:
    """``sep.join(items)`` and ``text.replace(old, new)``, measured before they are made."""
    if name == "join" and args and isinstance(args[0], list | tuple):
        size = len(text) * len(args[0]) + sum(len(i) for i in args[0] if isinstance(i, str))
        _length(budget, size, True, "join(…)")
    elif name == "replace" and len(args) >= 2 and isinstance(args[0], str):
        _length(budget, _replaced(text, args[0], args[1]), True, "replace(…)")


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


_MEASURED: dict[str, Callable[..., int]] = {"join": _join_size, "replace": _replace_size}


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
    measure = _MEASURED.get(name)
    printing = name in _PRINTING

    @functools.wraps(apply)
    def filtered(*args: Any, **kwargs: Any) -> Any:
        budget = _BUDGET.get()
        budget.check()
        if budget.dry and _placeholder_in((*args[skip:], *kwargs.values())):
            return PLACEHOLDER
        if name == "join" and len(args) > skip and not isinstance(args[skip], list | tuple | str):
            args = (*args[:skip], list(args[skip]), *args[skip + 1 :])  # measured, then joined
        for value in (*args[skip:], *kwargs.values()):
            _not_code(value)
        if len(args) > skip:
            if printing:
                _printable(args[skip])
            elif name == "join" and isinstance(args[skip], list | tuple):
                for item in args[skip]:
                    _printable(item)
            if measure is not None:
                _length(budget, measure(*args[skip:], **kwargs), True, f"|{name}")
        result = apply(*args, **kwargs)
        _sized(budget, result, f"|{name}")
        return result

    return filtered


@jinja2.pass_context
def _at(context: Context, tag: str) -> bool:
    """Records the tag about to run (true, so that ``_at(…) and value`` is the value)."""
    budget = _BUDGET.get()
    budget.tag = tag
    budget.check()
    return True


@jinja2.pass_context
def _loop(context: Context, iterable: Any, tag: str) -> Iterator[Any]:
    """A ``{% for %}`` loop's items, the deadline checked at each turn."""
    budget = _BUDGET.get()
    budget.tag = tag
    for item in iterable:
        if time.monotonic() > budget.deadline:
            raise LimitExceeded(_seconds(budget.limits.seconds), tag, timed=True)
        yield item


def _value(value: object) -> object:
    _printable(value)  # ``~`` prints its operands
    return value


def _text(value: object) -> object:
    budget = _BUDGET.get()
    _sized(budget, value, "~")
    return value


def _range(*args: Any) -> Any:
    """``range``, of at most ``Limits.items`` elements."""
    budget = _BUDGET.get()
    if budget.dry and _placeholder_in(args):
        return (PLACEHOLDER,)
    numbers = range(*args)
    try:
        size = len(numbers)
    except OverflowError:
        size = budget.limits.items + 1
    if size > budget.limits.items:
        shown = ", ".join(_shown(a) for a in args)
        raise budget.exceeded(
            f"la taille admise d'une liste (range({shown}) : plus de "
            f"{_count(budget.limits.items)} éléments)"
        )
    return numbers


def bound_filters(env: jinja2.Environment) -> None:
    """Keep, of ``env``'s filters, docgen's and Jinja's ``FILTERS_KEPT`` (under any name
    they are registered by), each timed and bounded; add the filters the compiled tags
    call (``_Bounds``)."""
    builtin = {id(apply): name for name, apply in JINJA_FILTERS.items()}
    kept: dict[str, Callable[..., Any]] = {}
    for name, apply in env.filters.items():
        jinja = builtin.get(id(apply))
        if jinja is None or jinja in FILTERS_KEPT:
            kept[name] = _bounded_filter(jinja or name, apply)
    kept.update({"_docgen_at": _at, "_docgen_loop": _loop})
    kept.update({"_docgen_value": _value, "_docgen_text": _text})
    env.filters = kept


def _finalizer(finalize: Callable[..., Any] | None) -> Callable[..., Any]:
    if finalize is None:

        def checked(value: Any) -> Any:
            _printable(value)
            return value

        return checked

    @functools.wraps(finalize)
    def both(*args: Any) -> Any:
        _printable(args[-1])
        return finalize(*args)

    return both


# ---------------------------------------------------------------------------- the dry run

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


# ---------------------------------------------------------------------------- the tree


class _Bounds(NodeTransformer):
    """Each tag records itself before it runs; loops are timed; ``~`` is measured."""

    def visit_Output(self, node: nodes.Output) -> nodes.Node:
        children: list[nodes.Expr] = []
        for child in node.nodes:
            if isinstance(child, nodes.TemplateData):
                children.append(child)
            else:
                tag = f"{{{{ {_source(child)} }}}}"
                children.append(_recorded(tag, cast(nodes.Expr, self.visit(child))))
        node.nodes = children
        return node

    def visit_For(self, node: nodes.For) -> nodes.Node:
        tag = f"{{% for {_source(node.target)} in {_source(node.iter)} %}}"
        self.generic_visit(node)
        recorded = _recorded(tag, cast(nodes.Expr, node.iter))
        node.iter = _filter(recorded, "_docgen_loop", nodes.Const(tag))
        return node

    def visit_If(self, node: nodes.If) -> nodes.Node:
        tag = f"{{% if {_source(node.test)} %}}"
        self.generic_visit(node)
        node.test = _recorded(tag, cast(nodes.Expr, node.test))
        return node

    def visit_Assign(self, node: nodes.Assign) -> nodes.Node:
        tag = f"{{% set {_source(node.target)} = {_source(node.node)} %}}"
        self.generic_visit(node)
        node.node = _recorded(tag, cast(nodes.Expr, node.node))
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        node.nodes = [_filter(operand, "_docgen_value") for operand in node.nodes]
        return _filter(node, "_docgen_text")


def _filter(node: nodes.Expr, name: str, *args: nodes.Expr) -> nodes.Filter:
    made = nodes.Filter(node, name, list(args), [], None, None, lineno=node.lineno)
    return cast(nodes.Filter, made.set_lineno(node.lineno))


def _recorded(tag: str, node: nodes.Expr) -> nodes.Expr:
    """``_docgen_at(tag) and node``: the tag is recorded, then the node's value is used."""
    short = tag if len(tag) <= 120 else tag[:119] + "…"
    record = nodes.Filter(nodes.Const(short), "_docgen_at", [], [], None, None)
    return cast(nodes.Expr, nodes.And(record, node, lineno=node.lineno).set_lineno(node.lineno))


_UNARY = {"not": "not ", "neg": "-", "pos": "+"}
_COMPARE = {
    "eq": "==",
    "ne": "!=",
    "gt": ">",
    "gteq": ">=",
    "lt": "<",
    "lteq": "<=",
    "in": "in",
    "notin": "not in",
}


def _source(node: nodes.Node, depth: int = 0) -> str:
    """The expression as a juriste wrote it, near enough (for messages)."""
    if depth > 12:
        return "…"
    again = functools.partial(_source, depth=depth + 1)
    match node:
        case nodes.Name():
            return str(node.name)
        case nodes.Const():
            value = node.value
            if isinstance(value, str):
                return repr(value if len(value) <= 30 else value[:29] + "…")
            if value is None or isinstance(value, bool):
                return str(value).lower()
            return str(value)
        case nodes.Getattr():
            return f"{again(node.node)}.{node.attr}"
        case nodes.Getitem():
            return f"{again(node.node)}[{again(node.arg)}]"
        case nodes.Slice():
            parts = [again(p) if p is not None else "" for p in (node.start, node.stop)]
            return ":".join(parts) + (f":{again(node.step)}" if node.step is not None else "")
        case nodes.Call():
            return f"{again(node.node)}({_arguments(node, again)})"
        case nodes.Filter():
            base = again(node.node) if node.node is not None else ""
            arguments = _arguments(node, again)
            return f"{base}|{node.name}" + (f"({arguments})" if arguments else "")
        case nodes.Test():
            arguments = _arguments(node, again)
            return f"{again(node.node)} is {node.name}" + (f"({arguments})" if arguments else "")
        case nodes.BinExpr():
            return f"{_operand(node.left, again)} {node.operator} {_operand(node.right, again)}"
        case nodes.UnaryExpr():
            return _UNARY.get(node.operator, node.operator) + _operand(node.node, again)
        case nodes.Compare():
            tail = " ".join(f"{_COMPARE.get(o.op, o.op)} {again(o.expr)}" for o in node.ops)
            return f"{again(node.expr)} {tail}"
        case nodes.Concat():
            return " ~ ".join(_operand(n, again) for n in node.nodes)
        case nodes.CondExpr():
            otherwise = f" else {again(node.expr2)}" if node.expr2 is not None else ""
            return f"{again(node.expr1)} if {again(node.test)}{otherwise}"
        case nodes.List():
            return "[" + ", ".join(again(i) for i in node.items) + "]"
        case nodes.Tuple():
            return ", ".join(again(i) for i in node.items)
        case nodes.Dict():
            return "{" + ", ".join(f"{again(p.key)}: {again(p.value)}" for p in node.items) + "}"
    return "…"


def _operand(node: nodes.Node, again: Callable[[nodes.Node], str]) -> str:
    text = again(node)
    return f"({text})" if isinstance(node, nodes.BinExpr | nodes.CondExpr) else text


def _arguments(node: nodes.Call | nodes.Filter | nodes.Test, again: Callable[..., str]) -> str:
    parts = [again(a) for a in node.args]
    parts += [f"{k.key}={again(k.value)}" for k in node.kwargs]
    if node.dyn_args is not None:
        parts.append(f"*{again(node.dyn_args)}")
    if node.dyn_kwargs is not None:
        parts.append(f"**{again(node.dyn_kwargs)}")
    return ", ".join(parts)


# ---------------------------------------------------------------------------- French


def _count(number: int) -> str:
    """« 10 000 », « 1 000 000 » (narrow no-break spaces)."""
    return f"{number:,}".replace(",", "\u202f")


def _seconds(seconds: float) -> str:
    shown = f"{seconds:g}".replace(".", ",")
    return f"{shown} seconde" if seconds <= 1 else f"{shown} secondes"
