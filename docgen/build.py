"""Render the conventions that pass ``docgen check`` and write them under ``build/``.

The engine behind ``docgen render`` and ``docgen build``: check → compute → render →
write (atomic, deterministic, recorded in the output folder's manifest).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path

from docgen import pdf, render
from docgen.check import CheckResult, check_paths
from docgen.findings import display_path
from docgen.model import Convention
from docgen.write import Manifest, WriteResult, normalize_docx, write_output


@dataclass
class BuildReport:
    check: CheckResult
    written: list[WriteResult] = field(default_factory=list)


def output_name(
    convention: Convention, kind: str, suffix: str = ".docx", *, year: int | None = None
) -> str:
    """« pas-de-calais/pas-de-calais_rencontres-et-loisirs_2024_convention.docx »."""
    dept = convention.departement.source.parent.name
    return f"{dept}/{dept}_{convention.slug}_{year or convention.funding.year}_{kind}{suffix}"


def build_conventions(
    paths: Iterable[Path], out: Path, *, to_pdf: bool = False, force: bool = False
) -> BuildReport:
    """Render every convention under ``paths`` that passes the checks; report the others."""
    report = BuildReport(check=check_paths(paths))
    if not report.check.conventions:
        return report
    if to_pdf:
        pdf.require_libreoffice()
    manifest = Manifest.load(out)
    try:
        for convention in report.check.conventions:
            report.written += write_convention(convention, out, manifest, to_pdf, force)
    finally:
        manifest.save()
    return report


def write_convention(
    convention: Convention, out: Path, manifest: Manifest, to_pdf: bool, force: bool
) -> list[WriteResult]:
    data = normalize_docx(
        render.render_convention(convention),
        title=f"Convention de partenariat – {convention.service.name}",
        subject=f"Prévention spécialisée – {convention.departement.full_name} – "
        f"{convention.funding.year}",
        author=convention.departement.full_name,
        created=_document_time(convention),
    )
    name = output_name(convention, "convention")
    sources = _sources(convention)
    results = [write_output(out, name, data, sources=sources, manifest=manifest, force=force)]
    if to_pdf:
        pdf_name = output_name(convention, "convention", ".pdf")
        results.append(
            write_output(
                out,
                pdf_name,
                pdf.docx_to_pdf(data),
                sources=sources,
                manifest=manifest,
                force=force,
            )
        )
    return results


def _document_time(convention: Convention) -> datetime:
    # From the data, never the clock: same inputs, same bytes.
    day = convention.signature.date or convention.term.start
    return datetime.combine(day, time(0, 0))


def _sources(convention: Convention) -> list[str]:
    return [display_path(convention.source), display_path(convention.departement.source)]
