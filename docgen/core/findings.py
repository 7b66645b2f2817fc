"""A finding: one thing wrong in one file, as a value.

Checks return lists of findings; only the CLI prints them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path


class Severity(enum.Enum):
    ERROR = "erreur"
    WARNING = "avertissement"


@dataclass(frozen=True)
class Finding:
    """Where (file, line, column, field path), which rule, and what to do, in French."""

    file: str
    line: int | None
    path: str
    rule: str
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR
    column: int | None = None

    def location(self) -> str:
        if self.line is None:
            return self.file
        return f"{self.file}:{self.line}"

    def text(self) -> str:
        where = f"{self.path} : " if self.path else ""
        tail = f" → {self.hint}" if self.hint else ""
        marker = "" if self.severity is Severity.ERROR else "(avertissement) "
        return f"{self.location()}: {marker}{where}{self.message}{tail} [{self.rule}]"


def display_path(path: Path) -> str:
    """A path as the user typed it relative to the current directory, when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def field_path(parts: tuple[str | int, ...]) -> str:
    """Turn ('communes', 2, 'part') into 'communes[2].part'."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out
