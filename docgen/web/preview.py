"""A contract's documents, as ``docgen render FICHIER --pdf`` makes them, and their pages.

Producing them is docgen's own build of that one file into ``build/`` (incremental,
recorded in the manifest, never over a document edited by hand). Their PDF comes from
docgen's LibreOffice batch (``docgen.core.pdf``); each page is shown as an image made by
``pdftoppm``, kept in a folder of the server's own until it stops.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

from docgen.commands.build import build
from docgen.core import pdf
from docgen.core.findings import Finding
from docgen.core.incremental import Records
from docgen.core.kind import OutputOptions
from docgen.core.manifest import Manifest
from docgen.core.outputs import TEMPLATE_KEY
from docgen.core.result import Result
from docgen.core.workspace import Workspace
from docgen.registry import default_registry
from docgen.web.repository import Repository

PDF_OPTIONS = OutputOptions(pdf=True)


@dataclass(frozen=True)
class PreviewDocument:
    docx: str  # inside build/
    pdf: str | None
    template: str

    @property
    def title(self) -> str:
        return Path(self.docx).stem


@dataclass(frozen=True)
class Preview:
    documents: tuple[PreviewDocument, ...]
    with_pdf: bool
    findings: tuple[Finding, ...]


def libreoffice() -> bool:
    return pdf.soffice() is not None


def current(repo: Repository, path: Path) -> Preview | None:
    """The documents of ``path`` as its last build left them, if they are up to date."""
    manifest = Manifest.load(repo.build)
    for options in (PDF_OPTIONS, OutputOptions()):
        fresh = Records(manifest, repo.build, options).fresh(path)
        if fresh is None:
            continue
        names = set(fresh.outputs)
        documents = tuple(
            PreviewDocument(
                name,
                pdf_name if (pdf_name := name.removesuffix(".docx") + ".pdf") in names else None,
                str(manifest.files.get(name, {}).get(TEMPLATE_KEY, "")),
            )
            for name in fresh.outputs
            if name.endswith(".docx")
        )
        return Preview(documents, options.pdf, fresh.findings)
    return None


def produce(repo: Repository, path: Path) -> Result:
    """Build ``path``'s documents (and their PDF when LibreOffice is there)."""
    return build(
        [path],
        repo.build,
        options=PDF_OPTIONS if libreoffice() else OutputOptions(),
        workspace=Workspace(default_registry()),
        jobs=1,
    )


def archive(repo: Repository, preview: Preview) -> bytes:
    """Every document of a contract (Word and PDF) in one zip."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive_:
        for document in preview.documents:
            for name in (document.docx, document.pdf):
                if name is not None:
                    archive_.write(repo.output(name), Path(name).name)
    return out.getvalue()


class PageImages:
    """PNG images of a PDF's pages, made once per PDF content."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @staticmethod
    def available() -> bool:
        return shutil.which("pdftoppm") is not None

    def pages(self, pdf_file: Path) -> tuple[str, int]:
        """The key of ``pdf_file``'s images and their number (0 without pdftoppm)."""
        key = hashlib.sha256(pdf_file.read_bytes()).hexdigest()
        target = self.folder / key
        if not target.is_dir() and self.available():
            staging = self.folder / f"{key}.tmp"
            shutil.rmtree(staging, ignore_errors=True)
            staging.mkdir(parents=True)
            subprocess.run(
                ["pdftoppm", "-r", "70", "-png", str(pdf_file), str(staging / "page")],
                check=False,
                capture_output=True,
                timeout=120,
            )
            staging.rename(target)
        return key, len(self.images(key))

    def images(self, key: str) -> list[Path]:
        target = self.folder / key
        if not target.is_dir():
            return []
        return sorted(target.glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))

    def image(self, key: str, page: int) -> Path | None:
        if len(key) != 64 or any(c not in "0123456789abcdef" for c in key):
            return None
        found = self.images(key)
        return found[page - 1] if 1 <= page <= len(found) else None
