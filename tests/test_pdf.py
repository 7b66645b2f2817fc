"""PDF in batches: one LibreOffice per worker for all its documents, the order kept; every
PDF a PDF/A-2b, the same bytes for the same .docx."""

from __future__ import annotations

import io
import re
import struct
import subprocess
import time
import zlib
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
    assert re.search(rb"/CreationDate ?\(D:20250315000000Z'\)", pdfs[0])


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
    from docgen.commands import rendering
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

    monkeypatch.setattr(rendering, "PDF_BATCH", 2)
    monkeypatch.setattr(pdf, "docx_to_pdf_batch", counted)
    out = tmp_path / "build"
    result = build_command.build([repo], out, options=OutputOptions(pdf=True), jobs=1)
    assert result.findings == [] and result.produced == 3
    assert batches == [2, 1]
    for document in sorted(out.rglob("*.docx")):
        title = docx.Document(str(document)).core_properties.title
        service = title.split("–")[-1].strip()
        assert service in pdf_text(document.with_suffix(".pdf").read_bytes()), document.name


# ---------------------------------------------------------------------------- PDF/A-2b


def _xmp(data: bytes) -> str:
    """The XMP packet of a PDF (its metadata stream, which PDF/A keeps uncompressed)."""
    start = data.index(b"<?xpacket begin")
    return data[start : data.index(b"<?xpacket end", start)].decode("utf-8")


def _objects_where_the_table_says(data: bytes) -> bool:
    """Every object of the cross-reference table starts at the offset the table gives."""
    table = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    assert data.startswith(b"xref", table)
    entries = re.findall(rb"(\d{10}) (\d{5}) ([nf])", data[table : data.index(b"trailer", table)])
    assert len(entries) > 10
    return all(
        data.startswith(b"%d 0 obj" % number, int(offset))
        for number, (offset, _, kind) in enumerate(entries)
        if kind == b"n"
    )


def _profile(data: bytes) -> bytes:
    """The ICC profile of the PDF's output intent, decompressed."""
    number = re.search(rb"/DestOutputProfile (\d+) 0 R", data)
    assert number is not None
    start = data.index(b"stream\n", data.index(b"\n" + number.group(1) + b" 0 obj")) + 7
    return zlib.decompressobj().decompress(data[start:])


def _readable(data: bytes) -> str:
    """pdftotext's complaints about a PDF: none for a sound one."""
    out = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)
    return out.stderr.decode()


def test_every_pdf_is_pdf_a_2b_with_the_documents_day() -> None:
    require_libreoffice()
    data = docx_to_pdf(_docx("Délibération du Pas-de-Calais"), DAY)
    xmp = _xmp(data)
    assert "<pdfaid:part>2</pdfaid:part>" in xmp
    assert "<pdfaid:conformance>B</pdfaid:conformance>" in xmp
    # The same day in the document information, the XMP packet and the colour profile.
    assert re.search(rb"/CreationDate ?\(D:20250315000000Z'\)", data)
    assert "<xmp:CreateDate>2025-03-15T00:00:00Z</xmp:CreateDate>" in xmp
    assert struct.unpack(">6H", _profile(data)[24:36]) == (2025, 3, 15, 0, 0, 0)
    assert _objects_where_the_table_says(data)
    assert _readable(data) == ""
    assert pdf_text(data) == "Délibération du Pas-de-Calais"


def _made_at_another_time(raw: bytes) -> bytes:
    """What LibreOffice would have written from the same .docx at another time."""
    raw = re.sub(rb"/CreationDate\(D:\d{14}Z'\)", b"/CreationDate(D:20310102030405Z')", raw)
    raw = re.sub(rb"<xmp:CreateDate>[^<]*<", b"<xmp:CreateDate>2031-01-02T03:04:05Z<", raw)
    return pdf.dated_profile(raw, (2031, 1, 2, 3, 4, 5))


def test_a_pdf_made_at_another_time_is_the_same_bytes() -> None:
    require_libreoffice()
    document = _docx("Convention")
    raw = docx_to_pdf(document)  # no day: LibreOffice's own stamps, its clock's
    other = _made_at_another_time(raw)
    assert other != raw and struct.unpack(">6H", _profile(other)[24:36])[0] == 2031
    day = f"{DAY:%Y%m%d}"
    same = pdf.reproducible_pdf(raw, document, day)
    assert pdf.reproducible_pdf(other, document, day) == same
    assert same == docx_to_pdf(document, DAY)


def test_a_profile_compressed_to_another_length_moves_the_offsets(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # zlib's level 6 mostly gives the profile its length back; level 0 makes it ~300 bytes
    # longer, and every object after it moves.
    require_libreoffice()
    raw = docx_to_pdf(_docx("Décalage des objets"))
    compress = zlib.compress
    monkeypatch.setattr(pdf.zlib, "compress", lambda data, level: compress(data, 0))
    moved = pdf.dated_profile(raw, (2025, 3, 15, 0, 0, 0))
    assert len(moved) != len(raw)
    assert struct.unpack(">6H", _profile(moved)[24:36]) == (2025, 3, 15, 0, 0, 0)
    assert _objects_where_the_table_says(moved)
    assert _readable(moved) == ""
    assert pdf_text(moved) == "Décalage des objets"


def test_a_libreoffice_that_makes_no_pdf_a_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An older LibreOffice ignores the export options: a plain PDF is not passed off as an
    # archive copy.
    script = (
        'out=""; prev=""\n'
        'for arg in "$@"; do [ "$prev" = "--outdir" ] && out="$arg"; prev="$arg"; done\n'
        'mkdir -p "$out"\n'
        'for arg in "$@"; do case "$arg" in *.docx) '
        'name=$(basename "$arg" .docx); printf "%%PDF-1.4\\n%%%%EOF\\n" > "$out/$name.pdf";; '
        "esac; done\n"
    )
    _fake_libreoffice(tmp_path, monkeypatch, script)
    with pytest.raises(ResourceError, match="n'a pas produit de PDF/A") as raised:
        docx_to_pdf(b"docx")
    assert "LibreOffice 7.4 ou plus récent" in str(raised.value.hint)


@pytest.mark.slow
def test_a_document_gives_the_same_pdf_whatever_was_converted_before_it(tmp_path: Path) -> None:
    """LibreOffice numbers a document's font objects according to what it converted
    before (measured: the Nord's CALPAE convention after the Pas-de-Calais' avenant of La
    Spirale); the PDF written again in one order is the same bytes either way."""
    from docgen.commands.build import build

    from .conftest import CONTRACTS

    require_libreoffice()
    build([CONTRACTS / "nord", CONTRACTS / "pas-de-calais"], tmp_path)
    (calpae,) = tmp_path.rglob("nord_calpae-2022_*_convention.docx")
    (avenant,) = tmp_path.rglob("2025-045_annexe-4_projet-avenant-1_la-spirale.docx")
    day = date(2022, 6, 27)
    (alone,) = docx_to_pdf_batch([(calpae.read_bytes(), day)], 1)
    _, after = docx_to_pdf_batch([(avenant.read_bytes(), day), (calpae.read_bytes(), day)], 1)
    assert after == alone
    assert b"<pdfaid:part>2</pdfaid:part>" in alone
    assert _objects_where_the_table_says(alone)
