"""What a rule is: a function from a convention to violations, with an id and a severity."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from docgen.core.findings import Severity
from docgen.core.source import FieldPath
from docgen.model import Convention


@dataclass(frozen=True)
class Violation:
    path: FieldPath
    message: str
    hint: str = ""


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    summary: str  # French, for the README's table of rules
    check: Callable[[Convention], Iterator[Violation]]
