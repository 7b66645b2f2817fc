"""How far filling one document may go, and the budget that holds a rendering to it.

``Limits`` are what a Département may tune; ``limited`` opens the budget of one document
(its deadline, whether it is a dry run) for the current context, in any thread (no
signal: a web server may render from a thread); ``render`` fills a template within it.
Every check of the sandbox reads the budget (``BUDGET``) and raises ``LimitExceeded`` or
``Refused`` with the tag that was running, which the engine turns into a finding.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

import jinja2
from jinja2.exceptions import SecurityError


@dataclass(frozen=True)
class Limits:
    """How far filling one document may go."""

    seconds: float = 5.0  # to fill one document (a Département may change it)
    output: int = 20_000_000  # characters one part of a document renders to
    text: int = 1_000_000  # characters of one text a tag builds
    items: int = 10_000  # elements of a range, of a list a tag builds
    bits: int = 10_000  # of an integer a tag computes (about 3,000 digits)


DEFAULT = Limits()


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


class Budget:
    """The limits of the document being filled, its deadline, the tag running."""

    __slots__ = ("deadline", "dry", "limits", "tag")

    def __init__(self, limits: Limits, deadline: float, dry: bool) -> None:
        self.limits = limits
        self.deadline = deadline
        self.dry = dry
        self.tag = ""

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise LimitExceeded(duration(self.limits.seconds), self.tag, timed=True)

    def exceeded(self, what: str) -> LimitExceeded:
        return LimitExceeded(what, self.tag)

    def refused(self, reason: str) -> Refused:
        return Refused(reason, self.tag)


# Outside ``limited`` (a template compiled, a property rendered at preparation): sizes are
# bounded, time is not.
FREE = Budget(DEFAULT, math.inf, False)
BUDGET: ContextVar[Budget] = ContextVar("docgen_render_budget", default=FREE)


@contextmanager
def limited(limits: Limits | None = None, *, dry: bool = False) -> Iterator[None]:
    """Fill documents within ``limits`` (those of the enclosing block, if None; else
    ``DEFAULT``) from now on: a block inside another keeps the earlier deadline."""
    outer = BUDGET.get()
    limits = limits or (outer.limits if outer is not FREE else DEFAULT)
    deadline = min(time.monotonic() + limits.seconds, outer.deadline)
    token = BUDGET.set(Budget(limits, deadline, dry or outer.dry))
    try:
        yield
    finally:
        BUDGET.reset(token)


def render(template: jinja2.Template, context: Mapping[str, object], part: str = "") -> str:
    """``template.render(context)``, its output counted and timed as it comes."""
    budget = BUDGET.get()
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
                    f"la taille admise d'un document ({figures(most)} caractères{where})"
                )
            budget.check()
            blocks.append(block)
    except Exception as error:
        if not hasattr(error, "tag"):  # where Jinja stopped, for the message
            error.docgen_tag = budget.tag  # type: ignore[attr-defined]
        template.environment.handle_exception()
    return "".join(blocks)  # what Template.render joins (Environment.concat)


def figures(number: int) -> str:
    """« 10 000 », « 1 000 000 » (narrow no-break spaces)."""
    return f"{number:,}".replace(",", "\u202f")


def duration(seconds: float) -> str:
    """« 5 secondes », « 2,5 secondes », « 1 seconde »."""
    shown = f"{seconds:g}".replace(".", ",")
    return f"{shown} seconde" if seconds <= 1 else f"{shown} secondes"
