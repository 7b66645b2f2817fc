"""Rendering documents and writing them into an output folder, recorded in its manifest.

A ``WordDocument`` is its template filled with its typed context, with core properties
from the data (``docgen.core.engine``, ``normalize_docx``); a ``DerivedFile`` is made
from the files rendered before it. ``OutputFolder`` writes the files and the manifest
together (all or none, through the journal), never over a file edited by hand (unless
forced).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import Any

from docgen.core import engine, lock, pdf
from docgen.core.digests import sha256
from docgen.core.errors import ResourceError
from docgen.core.findings import display_path
from docgen.core.journal import CONFLICT_SUFFIX, Transaction
from docgen.core.kind import DerivedFile, Output, WordDocument
from docgen.core.manifest import Manifest, plan_output
from docgen.core.plan import Plan, Planned
from docgen.core.project import ResolvedTemplate, current_project, refuse_link_leaving
from docgen.core.result import Written
from docgen.core.sandbox import Limits
from docgen.core.vocabulary import as_mapping

TEMPLATE_KEY = "template"  # the manifest entry's field naming the template a file came from


@dataclass(frozen=True)
class Rendered:
    """A file rendered in memory, ready to write."""

    name: str  # relative to the output folder, with its suffix
    data: bytes
    sources: tuple[Path, ...]
    template: str | None = None  # the template's label, for Word documents and their PDF


def render_document(document: WordDocument, template: Path, limits: Limits | None = None) -> bytes:
    """The document as deterministic .docx bytes (``TemplateFailure`` if it cannot be
    filled from ``template`` within ``limits``)."""
    props = document.properties
    return engine.render_document(
        template,
        as_mapping(document.context),
        engine.DocumentProperties(props.title, props.subject, props.author, props.created),
        limits,
    )


@dataclass(frozen=True)
class Drafted:
    """A file's Word documents rendered, before their PDF and the files derived from them."""

    outputs: tuple[Output, ...]
    documents: tuple[WordDocument, ...]
    labels: tuple[str, ...]  # each document's template label
    data: tuple[bytes, ...]  # each document's .docx

    def pdf_items(self) -> list[tuple[bytes, date | None]]:
        """What ``pdf.docx_to_pdf_batch`` converts: each .docx with its day."""
        return [(data, d.day) for d, data in zip(self.documents, self.data, strict=True)]


def draft(plan: Plan, limits: Limits | None = None) -> Drafted:
    """The Word documents of ``plan``, rendered in memory, each within ``limits``."""
    documents = tuple(p.document for p in plan.documents)
    templates = [_template(p) for p in plan.documents]
    return Drafted(
        plan.outputs,
        documents,
        tuple(t.label for t in templates),
        tuple(
            render_document(d, t.path, limits) for d, t in zip(documents, templates, strict=True)
        ),
    )


def _template(planned: Planned) -> ResolvedTemplate:
    # A file whose template is missing has an error: it is never planned for rendering.
    assert planned.template is not None, planned.document.name
    return planned.template


def complete(drafted: Drafted, pdfs: Sequence[bytes] | None) -> list[Rendered]:
    """Every file of a drafted set: each document (and its PDF, when ``pdfs`` gives them,
    in the documents' order), then the files derived from them."""
    files: dict[str, bytes] = {}
    out: list[Rendered] = []
    for index, document in enumerate(drafted.documents):
        label, data = drafted.labels[index], drafted.data[index]
        files[f"{document.name}.docx"] = data
        out.append(Rendered(f"{document.name}.docx", data, document.sources, label))
        if pdfs is not None:
            files[f"{document.name}.pdf"] = pdfs[index]
            out.append(Rendered(f"{document.name}.pdf", pdfs[index], document.sources, label))
    for derived in drafted.outputs:
        if isinstance(derived, DerivedFile):
            out.append(Rendered(derived.name, derived.make(files), derived.sources))
    return out


def render_plan(
    plan: Plan, *, to_pdf: bool, jobs: int = 1, limits: Limits | None = None
) -> list[Rendered]:
    """Every file of ``plan``, rendered in memory: Word documents first, their PDF in
    one batch (at most ``jobs`` LibreOffice workers), then the files derived from them."""
    drafted = draft(plan, limits)
    pdfs = pdf.docx_to_pdf_batch(drafted.pdf_items(), jobs) if to_pdf else None
    return complete(drafted, pdfs)


class OutputFolder:
    """The output folder: files staged as they come, then all written together.

    Each file is checked before it is staged (a file edited by hand since docgen wrote it
    is refused, unless forced); nothing replaces anything before ``commit`` (the end of
    the ``with`` block), when the files and the manifest are written together through the
    journal (``docgen.core.journal``). The manifest written is the one on disk at that
    moment with this command's entries applied onto it, so that nothing another command
    recorded is lost. An error before the commit deletes what was staged.

    A file that cannot be written for a reason of its own (a name too long for the file
    system, an unreadable target) is reported in ``failed`` and the others are written,
    unless ``all_or_nothing`` (``budget apply``), where it stops everything.
    """

    def __init__(
        self,
        folder: Path,
        *,
        force: bool = False,
        transaction: Transaction | None = None,
        command: str = "build",
        all_or_nothing: bool = False,
    ) -> None:
        self.folder, self.force = folder, force
        # The manifest as read first (what hand edits are checked against), and the one this
        # command changes (its entries; the incremental build's records): at commit, what
        # differs between the two is applied onto the manifest as it is on disk then.
        self.read = Manifest.load(folder)
        self.manifest = Manifest.load(folder)
        self.written: list[Written] = []
        self.failed: list[str] = []  # French lines: the files that could not be written
        self.all_or_nothing = all_or_nothing
        self._inside: set[Path] = set()  # folders seen to stay in the repository
        self._own = transaction is None
        self.transaction = transaction or Transaction(
            lock.state_dir(current_project().root, folder), [folder], command
        )

    def write(
        self,
        name: str,
        data: bytes,
        sources: Sequence[Path],
        template: str | None = None,
        *,
        extra: Mapping[str, object] | None = None,
    ) -> Written:
        """Stage ``name``; its manifest entry records its sources, its template and ``extra``."""
        self._check_inside(name)  # the whole command stops: every file would go there
        try:
            _check_name(self.folder, name)
            planned = plan_output(self.folder, name, data, manifest=self.read, force=self.force)
        except ResourceError as error:
            if self.all_or_nothing:
                raise
            self.failed.append(error.format_message())
            written = Written(self.folder / name, "failed", template)
            self.written.append(written)
            return written
        if planned.status != "unchanged":
            self.transaction.stage(planned.target, data, planned.old)
        fields: dict[str, object] = dict(extra or {})
        if template is not None:
            # One more field of the entry {sha256, sources} (older versions ignore it).
            fields[TEMPLATE_KEY] = template
        self.manifest.record(name, planned.digest, [display_path(s) for s in sources], fields)
        written = Written(planned.target, planned.status, template)
        self.written.append(written)
        return written

    def _check_inside(self, name: str) -> None:
        """A subfolder that a symbolic link takes out of the output folder and out of the
        repository (build/nord → /ailleurs) is not written into."""
        parent = (self.folder / name).parent
        if parent not in self._inside:
            refuse_link_leaving(
                current_project().root,
                parent,
                "ses documents",
                "remplacez le lien par un dossier",
            )
            self._inside.add(parent)

    def write_all(self, files: Sequence[Rendered]) -> None:
        for file in files:
            self.write(file.name, file.data, file.sources, file.template)

    def stage_manifest(self) -> None:
        """Stage the manifest as on disk now with this command's changes applied (last)."""
        if self.manifest.files == self.read.files:
            # No document recorded: the output folder is left as it is (a run that renders
            # nothing creates nothing; its records would be the same next time).
            return
        current = Manifest.load(self.folder)
        before = current.content() if current.path.exists() else None
        apply_changes(self.read, self.manifest, current)
        content = current.content()
        if content != before:
            old = None if before is None else sha256(before)
            self.transaction.stage(current.path, content, old)

    def commit(self) -> None:
        self.stage_manifest()
        if self._own:
            self.transaction.commit()

    def __enter__(self) -> OutputFolder:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if error is None:
            self.commit()
        elif self._own:
            self.transaction.abort()


def apply_changes(read: Manifest, changed: Manifest, current: Manifest) -> None:
    """Apply onto ``current`` what differs between ``read`` and ``changed``, key by key:
    a file's entry, a source's record, a top-level record. Another command's entries,
    recorded on disk since ``read``, stay as they are."""
    _merge(read.files, changed.files, current.files)
    for name in read.sections.keys() | changed.sections.keys():
        old, new = read.sections.get(name), changed.sections.get(name)
        if isinstance(old, dict) and isinstance(new, dict):
            mine = current.sections.get(name)
            if not isinstance(mine, dict):
                mine = current.sections[name] = {}
            _merge(old, new, mine)
        elif old != new:
            if new is None:
                current.sections.pop(name, None)
            else:
                current.sections[name] = new


def _merge(old: Mapping[str, object], new: Mapping[str, object], into: dict[str, Any]) -> None:
    for key in old.keys() | new.keys():
        if key not in new:
            into.pop(key, None)
        elif old.get(key) != new[key]:
            into[key] = new[key]


_NAME_MAX = 255  # bytes in one file name, on every file system docgen is used on


def _check_name(folder: Path, name: str) -> None:
    for part in name.replace("\\", "/").split("/"):
        size, most = len(os.fsencode(part)), _NAME_MAX - len(CONFLICT_SUFFIX)
        if size > most:
            # The journal may have to leave docgen's version beside it as NOM.docgen-nouveau.
            raise ResourceError(
                f"Impossible d'écrire {display_path(folder / name)} : nom de fichier trop "
                f"long ({size} octets ; {most} au plus).",
                "raccourcissez le nom du fichier de contrat dont il vient",
            )
