"""Render a deliberation and its annexes, and write them with the prefecture's JSON.

Checks first: with any error nothing is rendered. Every document is rendered before
anything is written, then written under ``<sortie>/<département>/deliberations/<numéro>/``:

- ``<numéro>_deliberation.docx``
- ``<numéro>_annexe-1_projet-type-de-convention.docx`` when it approves the model
- ``<numéro>_annexe-<n>_annexe-financiere.docx``
- ``<numéro>_annexe-<n>_liste-des-conventions.docx`` (or ``…-avenants``)
- the PDF of each with ``--pdf``, and ``<numéro>_prefecture.json`` (``docgen.prefecture``).

Like conventions, the files are deterministic (properties from the data, fixed zip
dates) and recorded in the output folder's manifest. LibreOffice stamps each PDF with
its clock; the stamps are replaced, at the same length, by values from the document, so
that the PDFs (and the JSON that fingerprints them) are reproducible too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path

from docgen.check import Checker
from docgen.core import pdf
from docgen.core.findings import Finding, Severity, display_path
from docgen.core.write import Manifest, WriteResult, normalize_docx, write_output
from docgen.deliberation.check import inspect_deliberation
from docgen.deliberation.model import Checked
from docgen.deliberation.specimen import render_model_convention
from docgen.prefecture import FileEntry, Piece, transmission_json
from docgen.render.deliberation import (
    Annex,
    annexes_of,
    document_title,
    heading,
    render_deliberation,
    render_financial_annex,
    render_signing_list,
)


@dataclass
class BuiltDeliberation:
    findings: list[Finding]  # sorted; with an error, nothing was rendered
    written: list[WriteResult] = field(default_factory=list)


@dataclass(frozen=True)
class _Rendered:
    name: str  # file name without extension
    title: str
    annex: int | None
    docx: bytes


def build_deliberation(
    path: Path, out: Path, *, to_pdf: bool = False, force: bool = False
) -> BuiltDeliberation:
    """Check the deliberation, then render and write it with its annexes and its JSON."""
    checker = Checker()
    checked, found = inspect_deliberation(checker, path)
    findings = sorted(
        [*found, *checker.result.findings], key=lambda f: (f.file, f.line or 0, f.path, f.rule)
    )
    if checked is None or any(f.severity is Severity.ERROR for f in findings):
        return BuiltDeliberation(findings)
    if to_pdf:
        pdf.require_libreoffice()
    pieces = []
    for document in _render(checked):  # everything is rendered before anything is written
        pdf_entry = None
        if to_pdf:
            pdf_entry = FileEntry(f"{document.name}.pdf", _pdf(document.docx, checked))
        docx = FileEntry(f"{document.name}.docx", document.docx)
        pieces.append(Piece(document.title, document.annex, docx, pdf_entry))
    files = [entry for piece in pieces for entry in (piece.docx, piece.pdf) if entry is not None]
    number = checked.deliberation.number
    files.append(FileEntry(f"{number}_prefecture.json", transmission_json(checked, pieces)))
    folder = f"{checked.departement.source.parent.name}/deliberations/{number}"
    sources = _sources(checked)
    built = BuiltDeliberation(findings)
    manifest = Manifest.load(out)
    try:
        for entry in files:
            built.written.append(
                write_output(
                    out,
                    f"{folder}/{entry.name}",
                    entry.data,
                    sources=sources,
                    manifest=manifest,
                    force=force,
                )
            )
    finally:
        manifest.save()
    return built


def _render(checked: Checked) -> list[_Rendered]:
    d = checked.deliberation
    annexes = annexes_of(checked)
    documents = [
        _Rendered(
            f"{d.number}_deliberation",
            f"Délibération n° {d.number}",
            None,
            _normalized(checked, render_deliberation(checked, annexes), document_title(d)),
        )
    ]
    for annex in annexes:
        documents.append(
            _Rendered(
                f"{d.number}_annexe-{annex.number}_{annex.slug}",
                annex.title,
                annex.number,
                _normalized(checked, _render_annex(checked, annex), heading(checked, annex)),
            )
        )
    return documents


def _render_annex(checked: Checked, annex: Annex) -> bytes:
    if annex.kind == "convention":
        return render_model_convention(checked, heading(checked, annex))
    if annex.kind == "annexe-financiere":
        return render_financial_annex(checked, annex)
    return render_signing_list(checked, annex)


def _normalized(checked: Checked, data: bytes, title: str) -> bytes:
    d = checked.deliberation
    return normalize_docx(
        data,
        title=title,
        subject=d.subject,
        author=checked.departement.full_name,
        created=datetime.combine(d.date, time(0, 0)),
    )


def _sources(checked: Checked) -> list[str]:
    files = [checked.deliberation.source, checked.departement.source]
    for item in checked.covered:
        files.append(item.convention.source)
        if item.budget_file is not None:
            files.append(item.budget_file)
    return list(dict.fromkeys(display_path(f) for f in files))


def _pdf(docx: bytes, checked: Checked) -> bytes:
    return pdf.docx_to_pdf(docx, day=checked.deliberation.date)
