from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from docgen.core import lock

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


@pytest.fixture(autouse=True)
def _render_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    # The tests run on every core already (make test: pytest -n auto); a build in this
    # process that forked its own render workers for a dozen documents cost 2.4 times the
    # CPU of rendering them here, for the same bytes. The tests of parallel rendering ask
    # for their workers (jobs=2, --jobs 2), and docgen run as a child process still forks.
    monkeypatch.setattr("docgen.commands.rendering.default_jobs", lambda: 1)
    monkeypatch.setattr("docgen.commands.budget.default_jobs", lambda: 1)
    monkeypatch.setattr("docgen.commands.check.default_jobs", lambda: 1)


@pytest.fixture(autouse=True)
def _checkout_state_of_this_worker(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # This checkout is the contracts repository most tests run docgen in (from its root,
    # writing into their tmp_path). Its lock and journal (.docgen/) are kept apart for each
    # pytest worker: the tests of one worker wait for each other as docgen's commands do,
    # but not for those of another worker (a check's output would say « occupé »).
    own = tmp_path_factory.getbasetemp() / "checkout" / lock.STATE_DIR
    shared = lock.state_dir

    def state_dir(root: Path, fallback: Path | None = None) -> Path:
        return own if root.resolve() == ROOT else shared(root, fallback)

    monkeypatch.setattr(lock, "state_dir", state_dir)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests marked ``slow`` first, and so their files (make test hands whole files to
    the workers, --dist loadfile: a module's fixtures are made once): spread over the
    workers from the start, they do not leave one worker running the last of them alone
    while the others are idle."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


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
