"""The pages of the shipped documents, as LibreOffice lays them out in PDF/A.

Every document of contracts/ (the Pas-de-Calais, the Nord, Mayotte) is built with --pdf
once, and each PDF read page by page with pdftotext: a proper name never breaks at its
hyphen (« Pas-de- » / « Calais »), « DÉCIDE » and headings are never the last line of a
page, a signature block (« Pour le Département… » down to its signatory's name) is on one
page, no page holds only a line or two. The layout comes from Word's own properties in
the templates (keep with next, rows that cannot split, widow control): these tests say
that LibreOffice honours them on the documents docgen ships.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from docgen.commands.build import build
from docgen.core.findings import Severity
from docgen.core.kind import OutputOptions

from .conftest import CONTRACTS, require_libreoffice

pytestmark = pytest.mark.slow  # builds every contract with --pdf through LibreOffice

# The running header and the page number are on every page: not the page's own text.
_PAGE_NUMBER = re.compile(r"^Page \d+/\d+$")
# A word that ends a line on a hyphen: a proper name or a reference when it starts with a
# capital or a figure (« Pas-de- », « Jean- », « L221- », « 2023- »).
_BROKEN_NAME = re.compile(r"(?:^|[\s(«’'])(?:[A-ZÀ-ÖØ-Þ]|\d)[\w’'-]*-$")
# A signatory's name ends a signature block: « Jean-Claude LEROY », « Louis LE FRANC ».
_SIGNATORY = re.compile(r"\b[A-ZÀ-ÖØ-Þ]{2,}$")
_HEADING_STYLES = ("Heading 1", "Heading 2", "Titre d'annexe", "Title")


def _pages(pdf: Path, *options: str) -> list[str]:
    out = subprocess.run(
        ["pdftotext", *options, str(pdf), "-"], capture_output=True, check=True, timeout=60
    )
    return out.stdout.decode("utf-8").split("\f")[:-1]  # a form feed ends each page


def _collapsed(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


@dataclass(frozen=True)
class Built:
    """A PDF docgen built, beside the .docx it comes from."""

    pdf: Path

    @property
    def name(self) -> str:
        return self.pdf.name

    @cached_property
    def layout(self) -> list[list[str]]:
        """Each page's lines (pdftotext -layout), the running header and footer left out."""
        pages = [
            [line for line in page.splitlines() if line.strip()]
            for page in _pages(self.pdf, "-layout")
        ]
        running = set.intersection(*[{line.strip() for line in page} for page in pages])
        if len(pages) == 1:
            running = {line.strip() for line in pages[0][:1]} if len(pages[0]) > 3 else set()
        return [
            [
                line
                for line in page
                if line.strip() not in running and not _PAGE_NUMBER.match(line.strip())
            ]
            for page in pages
        ]

    @cached_property
    def reading(self) -> list[str]:
        """Each page's text in reading order, whitespace collapsed."""
        return [_collapsed(page) for page in _pages(self.pdf)]

    @cached_property
    def document(self) -> docx.document.Document:
        return docx.Document(str(self.pdf.with_suffix(".docx")))

    def headings(self) -> set[str]:
        return {
            _collapsed(p.text)
            for p in self.document.paragraphs
            if p.style is not None and p.style.name in _HEADING_STYLES and p.text.strip()
        }

    def signature_blocks(self) -> list[list[str]]:
        """The table cells that end with a signatory's name: their paragraphs' texts."""
        blocks = []
        for cell in self.document.element.body.iter(qn("w:tc")):
            lines = [_collapsed(Paragraph(p, None).text) for p in cell.iter(qn("w:p"))]
            lines = [line for line in lines if line]
            if len(lines) >= 2 and _SIGNATORY.search(lines[-1]):
                blocks.append(lines)
        return blocks


def _on_one_page(block: list[str], pages: list[str]) -> bool:
    """A page holds every paragraph of the block, its first before its signatory's name
    (pdftotext reads a signature grid row by row: the cells of a row interleave)."""
    return any(
        all(line in page for line in block) and page.index(block[0]) < page.rindex(block[-1])
        for page in pages
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> list[Built]:
    require_libreoffice()
    out = tmp_path_factory.mktemp("build")
    result = build([CONTRACTS], out, options=OutputOptions(pdf=True))
    assert [f for f in result.findings if f.severity is Severity.ERROR] == []
    pdfs = sorted(out.rglob("*.pdf"))
    assert len(pdfs) >= 29
    return [Built(pdf) for pdf in pdfs]


def test_a_proper_name_never_breaks_at_its_hyphen(built: list[Built]) -> None:
    broken = []
    for document in built:
        for number, page in enumerate(document.layout, 1):
            for line in page:
                # Columns (a signature grid, a table) are set apart by runs of spaces.
                for column in re.split(r"\s{3,}", line.strip()):
                    if _BROKEN_NAME.search(column):
                        broken.append(f"{document.name} p. {number}: {column}")
    assert broken == []


def test_decide_and_headings_are_never_the_last_line_of_a_page(built: list[Built]) -> None:
    found = []
    for document in built:
        headings = document.headings()
        for number, page in enumerate(document.layout[:-1], 1):
            last = _collapsed(page[-1])
            if "DÉCIDE" in last or last in headings:
                found.append(f"{document.name} p. {number}: {last}")
    assert found == []
    # The deliberations do say it, and each document has headings to check.
    decide = [d for d in built if any("DÉCIDE" in p for p in d.reading)]
    assert len(decide) == 3
    assert all(d.headings() for d in built if "convention" in d.name)


def test_each_signature_block_is_on_one_page(built: list[Built]) -> None:
    checked, split = 0, []
    for document in built:
        for block in document.signature_blocks():
            checked += 1
            if not _on_one_page(block, document.reading):
                split.append(f"{document.name}: {' / '.join(block)}")
    assert split == []
    # The conventions, avenants and deliberations of the three Départements have some.
    assert checked >= 60
    signed = {d.name for d in built if d.signature_blocks()}
    assert "2023-601_deliberation.pdf" in signed and "310724_deliberation.pdf" in signed


def test_no_page_holds_only_a_line_or_two(built: list[Built]) -> None:
    short = [
        f"{document.name} p. {number}: {' / '.join(line.strip() for line in page)}"
        for document in built
        for number, page in enumerate(document.layout, 1)
        if len(page) <= 2
    ]
    assert short == []


def test_every_pdf_is_pdf_a_2b(built: list[Built]) -> None:
    for document in built:
        data = document.pdf.read_bytes()
        assert b"<pdfaid:part>2</pdfaid:part>" in data, document.name
        assert b"<pdfaid:conformance>B</pdfaid:conformance>" in data, document.name


def test_the_same_build_twice_gives_the_same_pdfs(tmp_path: Path) -> None:
    # The Nord's acts, built twice: LibreOffice's clock has moved on between the two.
    # (The same documents in the same batches: a LibreOffice that converted another
    # document first may embed its fonts otherwise, see docgen/core/pdf.py.)
    require_libreoffice()
    first, second = tmp_path / "premier", tmp_path / "second"
    for out in (first, second):
        build([CONTRACTS / "nord"], out, options=OutputOptions(pdf=True), jobs=1)
    pdfs = sorted(first.rglob("*.pdf"))
    assert len(pdfs) == 7  # the two conventions, the deliberation and its annexes
    for pdf in pdfs:
        again = second / pdf.relative_to(first)
        assert again.read_bytes() == pdf.read_bytes(), pdf.name
