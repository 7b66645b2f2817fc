"""Rendering documents and writing them into an output folder, recorded in its manifest.

A ``WordDocument`` is its template filled with its typed context, with core properties
from the data (``docgen.core.engine``, ``normalize_docx``); a ``DerivedFile`` is made
from the files rendered before it. ``OutputFolder`` writes each file atomically, never
over a file edited by hand (unless forced), and saves the manifest once, even after a
failure.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from types import TracebackType

from docgen.core import engine, pdf
from docgen.core.context import as_mapping
from docgen.core.findings import display_path
from docgen.core.kind import DerivedFile, Output, WordDocument
from docgen.core.project import ResolvedTemplate
from docgen.core.result import Written
from docgen.core.write import Manifest, write_output

TEMPLATE_KEY = "template"  # the manifest entry's field naming the template a file came from


@dataclass(frozen=True)
class Rendered:
    """A file rendered in memory, ready to write."""

    name: str  # relative to the output folder, with its suffix
    data: bytes
    sources: tuple[Path, ...]
    template: str | None = None  # the template's label, for Word documents and their PDF


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
    template_of: Callable[[WordDocument], ResolvedTemplate],
    *,
    to_pdf: bool,
    jobs: int = 1,
) -> list[Rendered]:
    """Every file of ``outputs``, rendered in memory: Word documents first, their PDF in
    one batch (at most ``jobs`` LibreOffice workers), then the files derived from them."""
    files: dict[str, bytes] = {}
    out: list[Rendered] = []
    documents = [d for d in outputs if isinstance(d, WordDocument)]
    templates = [template_of(d) for d in documents]
    rendered = [render_document(d, t.path) for d, t in zip(documents, templates, strict=True)]
    pdfs = (
        pdf.docx_to_pdf_batch(
            [(data, d.day) for d, data in zip(documents, rendered, strict=True)], jobs
        )
        if to_pdf
        else []
    )
    for index, document in enumerate(documents):
        label = templates[index].label
        files[f"{document.name}.docx"] = rendered[index]
        out.append(Rendered(f"{document.name}.docx", rendered[index], document.sources, label))
        if to_pdf:
            files[f"{document.name}.pdf"] = pdfs[index]
            out.append(Rendered(f"{document.name}.pdf", pdfs[index], document.sources, label))
    for derived in outputs:
        if isinstance(derived, DerivedFile):
            out.append(Rendered(derived.name, derived.make(files), derived.sources))
    return out


class OutputFolder:
    """The output folder: writes files, then saves the manifest once."""

    def __init__(self, folder: Path, *, force: bool = False) -> None:
        self.folder, self.force = folder, force
        self.manifest = Manifest.load(folder)
        self.written: list[Written] = []

    def write(
        self, name: str, data: bytes, sources: Sequence[Path], template: str | None = None
    ) -> Written:
        """Write ``name``; its manifest entry records its sources and its template."""
        result = write_output(
            self.folder,
            name,
            data,
            sources=[display_path(s) for s in sources],
            manifest=self.manifest,
            force=self.force,
        )
        if template is not None:
            # write_output records {sha256, sources} under the name in posix form; the
            # template is one more field of that entry (older docgen versions ignore it).
            self.manifest.files[PurePosixPath(name.replace("\\", "/")).as_posix()][TEMPLATE_KEY] = (
                template
            )
        written = Written(result.path, result.status, template)
        self.written.append(written)
        return written

    def write_all(self, files: Sequence[Rendered]) -> None:
        for file in files:
            self.write(file.name, file.data, file.sources, file.template)

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
