"""What a command asks for beyond the documents a kind always produces.

Its own module, with nothing under it: a build that finds every file « à jour » reads
its records with these options and imports nothing of the kinds (``docgen.core.kind``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OutputOptions:
    """What a command asks for beyond the documents a kind always produces."""

    consolidated: bool = False  # the text in force, instead of the acts themselves
    pdf: bool = False
