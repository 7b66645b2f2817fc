"""Rendering documents and writing them into an output folder, recorded in its manifest.

A ``WordDocument`` is its template filled with its typed context, with core properties
from the data (``docgen.core.engine``, ``normalize_docx``); a ``DerivedFile`` is made
from the files rendered before it. ``OutputFolder`` (``docgen.core.output_folder``,
named here too) writes the files and the manifest together (all or none, through the
journal), never over a file edited by hand (unless forced).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from docgen.core import engine, pdf
from docgen.core.kind import DerivedFile, Output, WordDocument

# The output folder, re-exported: its users name it here with the rendering.
from docgen.core.output_folder import TEMPLATE_KEY as TEMPLATE_KEY
from docgen.core.output_folder import OutputFolder as OutputFolder
from docgen.core.output_folder import Rendered as Rendered
from docgen.core.output_folder import apply_changes as apply_changes
from docgen.core.plan import Plan, Planned
from docgen.core.project import ResolvedTemplate
from docgen.core.sandbox import Limits
from docgen.core.vocabulary import as_mapping


def render_document(document: WordDocument, template: Path, limits: Limits | None = None) -> bytes:
    """The document as deterministic .docx bytes (``TemplateFailure`` if it cannot be
    filled from ``template`` within ``limits``)."""
    props = document.properties
    return engine.render_document(
        template,
        as_mapping(document.context),
        engine.DocumentProperties(props.title, props.subject, props.author, props.created),
        limits,
    )


@dataclass(frozen=True)
class Drafted:
    """A file's Word documents rendered, before their PDF and the files derived from them."""

    outputs: tuple[Output, ...]
    documents: tuple[WordDocument, ...]
    labels: tuple[str, ...]  # each document's template label
    data: tuple[bytes, ...]  # each document's .docx

    def pdf_items(self) -> list[tuple[bytes, date | None]]:
        """What ``pdf.docx_to_pdf_batch`` converts: each .docx with its day."""
        return [(data, d.day) for d, data in zip(self.documents, self.data, strict=True)]


def draft(plan: Plan, limits: Limits | None = None) -> Drafted:
    """The Word documents of ``plan``, rendered in memory, each within ``limits``."""
    documents = tuple(p.document for p in plan.documents)
    templates = [_template(p) for p in plan.documents]
    return Drafted(
        plan.outputs,
        documents,
        tuple(t.label for t in templates),
        tuple(
            render_document(d, t.path, limits) for d, t in zip(documents, templates, strict=True)
        ),
    )


def _template(planned: Planned) -> ResolvedTemplate:
    # A file whose template is missing has an error: it is never planned for rendering.
    assert planned.template is not None, planned.document.name
    return planned.template


def complete(drafted: Drafted, pdfs: Sequence[bytes] | None) -> list[Rendered]:
    """Every file of a drafted set: each document (and its PDF, when ``pdfs`` gives them,
    in the documents' order), then the files derived from them."""
    files: dict[str, bytes] = {}
    out: list[Rendered] = []
    for index, document in enumerate(drafted.documents):
        label, data = drafted.labels[index], drafted.data[index]
        files[f"{document.name}.docx"] = data
        out.append(Rendered(f"{document.name}.docx", data, document.sources, label))
        if pdfs is not None:
            files[f"{document.name}.pdf"] = pdfs[index]
            out.append(Rendered(f"{document.name}.pdf", pdfs[index], document.sources, label))
    for derived in drafted.outputs:
        if isinstance(derived, DerivedFile):
            out.append(Rendered(derived.name, derived.make(files), derived.sources))
    return out


def render_plan(
    plan: Plan, *, to_pdf: bool, jobs: int = 1, limits: Limits | None = None
) -> list[Rendered]:
    """Every file of ``plan``, rendered in memory: Word documents first, their PDF in
    one batch (at most ``jobs`` LibreOffice workers), then the files derived from them."""
    drafted = draft(plan, limits)
    pdfs = pdf.docx_to_pdf_batch(drafted.pdf_items(), jobs) if to_pdf else None
    return complete(drafted, pdfs)
