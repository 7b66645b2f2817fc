"""A progress bar for long work, on the terminal only, and the closing line of a build.

The bar is written to stderr, and only when stderr is a terminal: a log, a pipe or CI
gets the closing line alone, never carriage returns. It is redrawn at most a few times a
second, and erased when the work ends, so what stays on screen is the command's output.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

_WIDTH = 30
_EVERY = 0.1  # seconds between two redraws


class Progress:
    """``advance`` as work is done; ``close`` erases the bar."""

    def __init__(self, total: int, label: str, *, enabled: bool, stream: TextIO | None = None):
        self.stream = stream or sys.stderr
        self.total, self.label = total, label
        self.enabled = enabled and total > 0 and self.stream.isatty()
        self.done = 0
        self._drawn = 0.0

    def advance(self, count: int = 1) -> None:
        self.done += count
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._drawn >= _EVERY or self.done >= self.total:
            self._drawn = now
            filled = _WIDTH * min(self.done, self.total) // self.total
            bar = "█" * filled + "·" * (_WIDTH - filled)
            self.stream.write(f"\r{self.label} [{bar}] {self.done}/{self.total}")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled and self._drawn:
            self.stream.write("\r\033[K")
            self.stream.flush()


def french_seconds(seconds: float) -> str:
    """« 0,4 s », « 12,3 s »: one decimal, with the French decimal comma."""
    return f"{seconds:.1f}".replace(".", ",") + " s"


def french_count(count: int) -> str:
    """« 1 234 »: thousands separated by a narrow no-break space, as French prints them."""
    return f"{count:,}".replace(",", "\u202f")


def closing_line(built: int, fresh: int, failed: int, seconds: float) -> str:
    """« N documents construits, M à jour, K en échec, en X,Y s »."""
    # French puts zero in the singular: « 0 document construit ».
    documents = "document construit" if built <= 1 else "documents construits"
    return (
        f"{french_count(built)} {documents}, {french_count(fresh)} à jour, "
        f"{french_count(failed)} en échec, en {french_seconds(seconds)}"
    )
