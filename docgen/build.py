"""Render documents and write them under ``build/``: the engine of render and build.

check → compute → render → write (atomic, deterministic, recorded in the output folder's
manifest). A document's properties (title, dates) come from the data, never the clock.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from types import TracebackType

from docgen import render
from docgen.check import CheckResult, check_paths
from docgen.compute import consolidate
from docgen.core import pdf
from docgen.core.findings import display_path
from docgen.core.write import Manifest, WriteResult, normalize_docx, write_output
from docgen.model import Convention


@dataclass(frozen=True)
class Rendered:
    """A document ready to write: where it goes (without suffix), its bytes, its sources."""

    name: str
    data: bytes
    sources: tuple[str, ...]
    day: date  # the document's date: its PDF carries it instead of the clock


class Output:
    """The output folder: writes .docx (and PDF) files, then saves the manifest once."""

    def __init__(self, folder: Path, *, to_pdf: bool = False, force: bool = False) -> None:
        if to_pdf:
            pdf.require_libreoffice()
        self.folder, self.to_pdf, self.force = folder, to_pdf, force
        self.manifest = Manifest.load(folder)
        self.written: list[WriteResult] = []

    def write(self, document: Rendered) -> None:
        files = [(".docx", document.data)]
        if self.to_pdf:
            files.append((".pdf", pdf.docx_to_pdf(document.data, day=document.day)))
        for suffix, data in files:
            self.written.append(
                write_output(
                    self.folder,
                    document.name + suffix,
                    data,
                    sources=list(document.sources),
                    manifest=self.manifest,
                    force=self.force,
                )
            )

    def __enter__(self) -> Output:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.manifest.save()  # what was written stays recorded, even after a failure


@dataclass
class BuildReport:
    check: CheckResult
    written: list[WriteResult] = field(default_factory=list)


def build_conventions(
    paths: Iterable[Path],
    out: Path,
    *,
    to_pdf: bool = False,
    force: bool = False,
    consolidated: bool = False,
) -> BuildReport:
    """Render every convention under ``paths`` that passes the checks, with its avenants
    (or only its consolidated text), and report the others."""
    report = BuildReport(check=check_paths(paths))
    if not report.check.conventions:
        return report
    with Output(out, to_pdf=to_pdf, force=force) as output:
        for convention in report.check.conventions:
            if consolidated:
                output.write(consolidated_document(convention))
                continue
            output.write(convention_document(convention))
            for avenant in convention.avenants:
                output.write(avenant_document(convention, avenant.number))
    report.written = output.written
    return report


def output_name(convention: Convention, kind: str, year: int) -> str:
    """« pas-de-calais/pas-de-calais_rencontres-et-loisirs_2024_convention »."""
    dept = convention.departement.source.parent.name
    return f"{dept}/{dept}_{convention.slug}_{year}_{kind}"


def convention_document(convention: Convention) -> Rendered:
    day = convention.signature.date or convention.term.start
    data = normalize_docx(
        render.render_convention(convention),
        title=f"Convention de partenariat – {convention.service.name}",
        subject=_subject(convention),
        author=convention.departement.full_name,
        created=_moment(day),
    )
    name = output_name(convention, "convention", convention.funding.year)
    return Rendered(name, data, _sources(convention), day)


def consolidated_document(convention: Convention) -> Rendered:
    in_force = consolidate(convention)
    last = convention.avenants[-1] if convention.avenants else None
    day = (last.signature.date if last else None) or convention.signature.date
    day = day or convention.term.start
    data = normalize_docx(
        render.render_consolidated(convention),
        title=f"Convention de partenariat consolidée – {convention.service.name}",
        subject=_subject(in_force),
        author=convention.departement.full_name,
        created=_moment(day),
    )
    name = output_name(convention, "convention-consolidee", in_force.funding.year)
    return Rendered(name, data, _sources(convention), day)


def avenant_document(convention: Convention, number: int) -> Rendered:
    avenant = convention.avenants[number - 1]
    after = consolidate(convention, number)
    day = avenant.signature.date or avenant.authorisation.date or convention.term.start
    data = normalize_docx(
        render.render_avenant(convention, number),
        title=f"Avenant n° {number} – {convention.service.name}",
        subject=avenant.subject,
        author=convention.departement.full_name,
        created=_moment(day),
    )
    year = avenant.dotation.year if avenant.dotation else day.year
    name = output_name(after, f"avenant-{number}", year)
    return Rendered(name, data, _sources(convention), day)


def _subject(convention: Convention) -> str:
    return (
        f"Prévention spécialisée – {convention.departement.full_name} – {convention.funding.year}"
    )


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(0, 0))


def _sources(convention: Convention) -> tuple[str, ...]:
    return (display_path(convention.source), display_path(convention.departement.source))
