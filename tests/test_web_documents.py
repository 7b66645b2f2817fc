"""A contract's documents previewed and downloaded from the browser, and the shipped
budget vote applied from its page: the avenants land in the YAML files and in build/."""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from tests.web import Server, copy_repository, start

# A browser over a running server: seconds a test, started first (make test).
pytestmark = pytest.mark.slow

CONVENTION = "contracts/pas-de-calais/rencontres-et-loisirs.yaml"
VOTE = "contracts/pas-de-calais/budgets/2025.yaml"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = start(copy_repository(tmp_path_factory.mktemp("depot")))
    yield running
    running.stop()


@pytest.fixture
def page(browser: Any, server: Server) -> Iterator[Any]:
    context = browser.new_context(
        locale="fr-FR", viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    opened = context.new_page()
    opened.set_default_timeout(120_000)  # LibreOffice converts the documents
    opened.goto(server.url)
    yield opened
    context.close()


def libreoffice() -> bool:
    if shutil.which("soffice") and shutil.which("pdftoppm"):
        return True
    if os.environ.get("DOCGEN_REQUIRE_LIBREOFFICE"):
        pytest.fail("DOCGEN_REQUIRE_LIBREOFFICE is set but soffice or pdftoppm is missing")
    return False


def plain(text: str) -> str:
    """French amounts with ordinary spaces (they are printed with no-break ones)."""
    return text.replace("\u202f", " ").replace("\xa0", " ")


def text_of(docx: bytes) -> str:
    document = Document(io.BytesIO(docx))
    texts = [p.text for p in document.paragraphs]
    texts += [c.text for t in document.tables for r in t.rows for c in r.cells]
    return plain("\n".join(texts))


def test_a_contract_s_documents_previewed_and_downloaded(page: Any, server: Server) -> None:
    page.goto(server.page(f"documents/{CONVENTION}"))
    with_pdf = libreoffice()
    button = "Produire les documents et leur aperçu" if with_pdf else "Produire les documents Word"
    page.get_by_role("button", name=button).click()
    heading = "pas-de-calais_rencontres-et-loisirs_2024_convention"
    page.get_by_role("heading", name=heading).wait_for()
    assert (server.root / "build" / "pas-de-calais" / f"{heading}.docx").is_file()

    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le document Word (.docx)").click()
    docx = Path(download.value.path()).read_bytes()
    assert "Rencontres et Loisirs" in text_of(docx)

    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger tous les documents (zip)").click()
    with zipfile.ZipFile(download.value.path()) as archive:
        names = archive.namelist()
        assert archive.read(f"{heading}.docx") == docx
    if not with_pdf:
        assert names == [f"{heading}.docx"]
        return
    assert names == [f"{heading}.docx", f"{heading}.pdf"]
    first = page.get_by_role("img", name=f"{heading}, page 1 sur", exact=False)
    first.wait_for()
    assert first.evaluate("image => image.naturalWidth") > 300  # a page, not a broken image


def test_the_budget_vote_simulated_then_applied(page: Any, server: Server) -> None:
    page.get_by_role("link", name="Budget BP-2025").click()
    table = page.locator("table.budget")
    table.wait_for()
    assert table.locator("tbody tr").count() == 8
    # Named as the home page names it, its file's name beneath (the vote's file uses it).
    row = table.locator("tr", has=page.get_by_role("link", name="Rencontres et Loisirs"))
    shown = plain(row.inner_text())
    assert "rencontres-et-loisirs" in shown
    assert "312 345,67 €" in shown
    assert "333 904,93 €" in shown
    assert "dont mesures nouvelles 15 000,00 €" in shown
    assert "Carvin : 4 173,82 €" in shown  # each commune's part of the new dotation
    assert "2 851 982,65 €" in plain(table.locator("tfoot").inner_text())
    conventions = sorted((server.root / "contracts" / "pas-de-calais").glob("*.yaml"))
    before = {p: p.read_text(encoding="utf-8") for p in conventions}

    page.get_by_role("link", name="Appliquer ce vote…").click()
    page.get_by_role("heading", name="Confirmer l’application du vote").wait_for()
    assert {p: p.read_text(encoding="utf-8") for p in conventions} == before  # not yet
    page.get_by_role("button", name="Appliquer le vote : ajouter les 8 avenants").click()
    page.get_by_role("heading", name="Vote appliqué").wait_for()
    assert "8 avenants ajoutés et rendus." in page.locator("#travail").inner_text()

    changed = [p for p in conventions if p.read_text(encoding="utf-8") != before[p]]
    assert len(changed) == 8
    text = (server.root / CONVENTION).read_text(encoding="utf-8")
    assert text.startswith(before[server.root / CONVENTION])  # appended, nothing else moved
    assert 'budget: "BP-2025"' in text
    links = page.locator("#travail a[href*='avenant']")
    assert links.count() == 8
    with page.expect_download() as download:
        page.get_by_role("link", name="rencontres-et-loisirs", exact=False).filter(
            has_text="avenant"
        ).click()
    assert "333 904,93" in text_of(Path(download.value.path()).read_bytes())

    page.goto(server.page(f"budget/{VOTE}"))
    page.get_by_text("déjà appliqué à toutes les conventions").wait_for()
