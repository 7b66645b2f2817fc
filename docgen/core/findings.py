"""A finding: one thing wrong in one file, as a value.

Checks return lists of findings; only the CLI prints them.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from pathlib import Path

from docgen.core.errors import TemplateFailure


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


def failure_finding(failure: TemplateFailure, file: str | None = None) -> Finding:
    """A template that could not be read or filled, as an error finding of ``file`` (by
    default, of the template itself)."""
    return Finding(
        file or failure.template, None, "", failure.rule, failure.message, failure.hint or ""
    )


def display_path(path: Path) -> str:
    """A path as the user typed it relative to the current directory, when possible.

    Always printable: a file name that is not valid UTF-8 (its bytes kept as lone
    surrogates by Python) or that holds control characters is shown with escapes
    (``caf\\xe9.yaml``) instead of crashing whatever prints it.
    """
    try:
        text = str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):
        text = str(path)
    return printable(text)


# Characters that would break a one-line report or cannot be encoded: C0 and C1 controls
# (tab and line feed included), DEL, lone surrogates; and the bidirectional embeddings,
# overrides and isolates, which would reorder the rest of the line on the terminal.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    if 0xDC80 <= code <= 0xDCFF:
        # A byte that was not UTF-8, kept by os.fsdecode's surrogateescape: show the byte.
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return match.group(0).encode("unicode_escape").decode("ascii")
    return f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with control characters, bidirectional controls and lone surrogates
    escaped as \\n, \\x07, \\xe9, \\u202e."""
    return _UNPRINTABLE.sub(_escape, text)


# Past this, a key is cut in a field path: the path locates, the line does the rest.
_KEY_WIDTH = 60


def field_path(parts: tuple[str | int, ...]) -> str:
    """Turn ('communes', 2, 'part') into 'communes[2].part'."""
    out = ""
    for part in parts:
        if isinstance(part, int) and not isinstance(part, bool):
            out += f"[{part}]"
        else:
            key = str(part)
            if len(key) > _KEY_WIDTH:
                key = key[: _KEY_WIDTH - 1] + "…"
            key = printable(key)
            out += f".{key}" if out else key
    return out
