"""A checked file's plan: the documents it makes, each with its template and its context.

A file travels through one pipeline: its source read (``Workspace.raw``), checked into an
``Entry``, planned, rendered (``docgen.core.outputs``), written (``OutputFolder``). The
plan is made once per file, options and run (``Workspace.plan``), and every step that
needs a document's context reads it there: the check of the values a template prints
and the file does not give, the incremental build's records (what making it read), the
build's rendering, ``budget apply``'s avenants, the web workspace's list of documents.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from docgen.core.kind import Output, OutputOptions, WordDocument
from docgen.core.project import ResolvedTemplate


@dataclass(frozen=True)
class Planned:
    """A Word document of the plan, with the template it is filled from (None when the
    template the file chooses does not exist: the check reports it, nothing renders)."""

    document: WordDocument
    template: ResolvedTemplate | None


@dataclass(frozen=True)
class Plan:
    path: Path
    options: OutputOptions
    outputs: tuple[Output, ...]  # in the kinds' order: Word documents and derived files
    documents: tuple[Planned, ...]  # the Word documents among them, in the same order
    reads: Mapping[str, str]  # what making the plan read (``docgen.core.recorder``)

    def templates(self) -> tuple[ResolvedTemplate, ...]:
        return tuple(p.template for p in self.documents if p.template is not None)
