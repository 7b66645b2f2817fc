"""Rendering documents and writing them into an output folder, recorded in its manifest.

A ``WordDocument`` is its template filled with its typed context, with core properties
from the data (``docgen.core.engine``, ``normalize_docx``); a ``DerivedFile`` is made
from the files rendered before it. ``OutputFolder`` writes each file atomically, never
over a file edited by hand (unless forced), and saves the manifest once, even after a
failure.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType

from docgen.core import engine, pdf
from docgen.core.context import as_mapping
from docgen.core.findings import display_path
from docgen.core.kind import DerivedFile, Output, WordDocument
from docgen.core.write import Manifest, WriteResult, write_output


def render_document(document: WordDocument, template: Path) -> bytes:
    """The document as deterministic .docx bytes."""
    props = document.properties
    return engine.render_document(
        template,
        as_mapping(document.context),
        engine.DocumentProperties(props.title, props.subject, props.author, props.created),
    )


def render_outputs(
    outputs: Sequence[Output],
    template_of: Callable[[WordDocument], Path],
    *,
    to_pdf: bool,
    jobs: int = 1,
) -> list[tuple[str, bytes, tuple[Path, ...]]]:
    """Every file of ``outputs`` (name with suffix, bytes, sources), rendered in memory:
    Word documents first, their PDF in one batch, then the files derived from them."""
    files: dict[str, bytes] = {}
    out: list[tuple[str, bytes, tuple[Path, ...]]] = []
    documents = [d for d in outputs if isinstance(d, WordDocument)]
    rendered = [render_document(d, template_of(d)) for d in documents]
    pdfs = (
        pdf.docx_to_pdf_batch(
            [(data, d.day) for d, data in zip(documents, rendered, strict=True)], jobs
        )
        if to_pdf
        else []
    )
    for index, (document, data) in enumerate(zip(documents, rendered, strict=True)):
        files[f"{document.name}.docx"] = data
        out.append((f"{document.name}.docx", data, document.sources))
        if to_pdf:
            files[f"{document.name}.pdf"] = pdfs[index]
            out.append((f"{document.name}.pdf", pdfs[index], document.sources))
    for derived in outputs:
        if isinstance(derived, DerivedFile):
            out.append((derived.name, derived.make(files), derived.sources))
    return out


class OutputFolder:
    """The output folder: writes files, then saves the manifest once."""

    def __init__(self, folder: Path, *, force: bool = False) -> None:
        self.folder, self.force = folder, force
        self.manifest = Manifest.load(folder)
        self.written: list[WriteResult] = []

    def write(self, name: str, data: bytes, sources: Sequence[Path]) -> WriteResult:
        result = write_output(
            self.folder,
            name,
            data,
            sources=[display_path(s) for s in sources],
            manifest=self.manifest,
            force=self.force,
        )
        self.written.append(result)
        return result

    def __enter__(self) -> OutputFolder:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.written:  # what was written stays recorded, even after a failure
            self.manifest.save()
