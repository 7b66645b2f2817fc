"""A Word template a kind fills, named by what it is rather than where it lies."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Template:
    """A Word template a kind fills: ``<name>.docx``, given one ``context`` dataclass."""

    name: str  # "convention" → templates/<département>/convention.docx or the shipped one
    context: type  # the frozen dataclass the template receives
    title: str  # French, for the README: "Convention"
    folder: Path | None = None  # where the shipped <name>.docx is, when not docgen's own
