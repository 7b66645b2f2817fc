from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
CONTRACTS = ROOT / "contracts"
SCHEMAS = ROOT / "docgen" / "schemas"  # shipped with the package
TEMPLATES = ROOT / "docgen" / "templates"  # the default Word templates, shipped with the package


@pytest.fixture(autouse=True)
def _run_from_repository_root(monkeypatch: pytest.MonkeyPatch) -> None:
    # Findings name files relative to the current directory, as the user typed them.
    monkeypatch.chdir(ROOT)
    os.environ.setdefault("LC_ALL", "C.UTF-8")


def require_libreoffice() -> None:
    """Skip a test that needs LibreOffice and pdftotext when they are absent — except in CI
    (DOCGEN_REQUIRE_LIBREOFFICE=1, set by .ci/run), where a missing install must fail."""
    import shutil

    if shutil.which("soffice") and shutil.which("pdftotext"):
        return
    if os.environ.get("DOCGEN_REQUIRE_LIBREOFFICE"):
        pytest.fail("DOCGEN_REQUIRE_LIBREOFFICE is set but soffice or pdftotext is missing")
    pytest.skip("LibreOffice absent : apt-get install -y libreoffice-writer-nogui poppler-utils")


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF as pdftotext reads it, whitespace collapsed (no-break spaces too)."""
    import subprocess

    out = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, check=True, capture_output=True, timeout=60
    )
    return " ".join(out.stdout.decode("utf-8").split())


def docx_pdf_text(docx: bytes) -> str:
    """Open a generated .docx in LibreOffice, as a user's office suite would, and read it."""
    from docgen.core.pdf import docx_to_pdf

    require_libreoffice()
    return pdf_text(docx_to_pdf(docx))


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One chromium for the whole session (tests/web.py: the system's, never downloaded)."""
    from tests.web import launch, require_browser

    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = launch(playwright)
        yield launched
        launched.close()
