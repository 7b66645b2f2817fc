"""PDF in batches: one LibreOffice per worker for all its documents, the order kept."""

from __future__ import annotations

import io
import time
from datetime import date
from pathlib import Path

import docx
import pytest

from docgen.core import pdf
from docgen.core.errors import ResourceError
from docgen.core.pdf import docx_to_pdf, docx_to_pdf_batch

from .conftest import pdf_text, require_libreoffice

DAY = date(2025, 3, 15)


def _docx(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_an_empty_batch_starts_nothing() -> None:
    assert docx_to_pdf_batch([], jobs=4) == []


@pytest.mark.slow
def test_a_batch_keeps_the_order_and_gives_the_pdfs_of_one_by_one() -> None:
    require_libreoffice()
    documents = [_docx(f"Document numéro {n}") for n in range(5)]
    items = [(data, DAY) for data in documents]
    pdfs = docx_to_pdf_batch(items, jobs=2)
    assert [pdf_text(pdf) for pdf in pdfs] == [f"Document numéro {n}" for n in range(5)]
    # Reproducible, whoever converts it and with whatever other documents.
    assert pdfs[3] == docx_to_pdf(documents[3], DAY)
    assert docx_to_pdf_batch(items[2:4], jobs=5) == pdfs[2:4]
    assert b"/CreationDate(D:20250315000000Z')" in pdfs[0]


@pytest.mark.slow
def test_a_document_libreoffice_cannot_read_is_named() -> None:
    require_libreoffice()
    items = [(_docx("Lisible"), None), (b"PK\x03\x04 pas un docx", None)]
    with pytest.raises(ResourceError, match="le PDF du document 2 sur 2"):
        docx_to_pdf_batch(items, jobs=1)
    with pytest.raises(ResourceError, match="n'a pas produit de PDF"):
        docx_to_pdf(items[1][0])


def _fake_libreoffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str) -> None:
    program = tmp_path / "soffice"
    program.write_text("#!/bin/sh\n" + script)
    program.chmod(0o755)
    monkeypatch.setattr(pdf, "require_libreoffice", lambda: str(program))


def test_a_libreoffice_that_hangs_is_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_libreoffice(tmp_path, monkeypatch, "exec sleep 60\n")
    start = time.monotonic()
    with pytest.raises(ResourceError, match="n'a pas répondu en 1 s"):
        docx_to_pdf_batch([(b"docx", None)] * 3, jobs=2, timeout=1)
    assert time.monotonic() - start < 10


def test_a_libreoffice_that_fails_says_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_libreoffice(tmp_path, monkeypatch, "echo 'profil verrouillé' >&2\nexit 3\n")
    with pytest.raises(ResourceError, match="LibreOffice a échoué : profil verrouillé"):
        docx_to_pdf(b"docx")


@pytest.mark.slow
def test_build_converts_the_documents_of_several_files_in_one_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Three conventions, batches of two documents: the PDFs of one file come from two
    # batches, and each PDF must still be its own document's.
    require_libreoffice()
    from docgen.commands import build as build_command
    from docgen.core.kind import OutputOptions

    from .conftest import CONTRACTS

    repo = tmp_path / "contracts" / "pas-de-calais"
    repo.mkdir(parents=True)
    source = CONTRACTS / "pas-de-calais"
    for name in ("departement.yaml", "alaj.yaml", "elp.yaml", "rencontres-et-loisirs.yaml"):
        (repo / name).write_bytes((source / name).read_bytes())
    # Deliberation 2023-601 covers all eight conventions: declared here instead.
    with (repo / "departement.yaml").open("a", encoding="utf-8") as departement:
        departement.write(
            "deliberations_externes:\n  - {numero: 2023-601, date: 2023-12-11, "
            "transmission: 2024-01-03, publication: 2024-01-03}\n"
        )
    batches: list[int] = []
    real = pdf.docx_to_pdf_batch

    def counted(items: list[tuple[bytes, date | None]], jobs: int) -> list[bytes]:
        batches.append(len(items))
        return real(items, jobs)

    monkeypatch.setattr(build_command, "PDF_BATCH", 2)
    monkeypatch.setattr(pdf, "docx_to_pdf_batch", counted)
    out = tmp_path / "build"
    result = build_command.build([repo], out, options=OutputOptions(pdf=True), jobs=1)
    assert result.findings == [] and result.produced == 3
    assert batches == [2, 1]
    for document in sorted(out.rglob("*.docx")):
        title = docx.Document(str(document)).core_properties.title
        service = title.split("–")[-1].strip()
        assert service in pdf_text(document.with_suffix(".pdf").read_bytes()), document.name
