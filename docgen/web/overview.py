"""The repository at a glance: each Département's files, their state and their documents.

The state of a file is ``docgen check``'s (the same command, run twice: as a draft, and
``--pour-signature``); whether its documents are up to date is the incremental build's
(``docgen.core.incremental``): a document « à jour » is one the next ``docgen build``
would not render again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen.commands.check import check
from docgen.core.findings import Finding, Severity, display_path
from docgen.core.incremental import ORIGIN_KEY, Records
from docgen.core.kind import OutputOptions, WordDocument
from docgen.core.manifest import Manifest
from docgen.core.outputs import TEMPLATE_KEY
from docgen.core.workspace import Entry, Workspace
from docgen.registry import default_registry
from docgen.web.repository import Repository

UP_TO_DATE = "à jour"
STALE = "à reconstruire"
ABSENT = "pas encore produit"


@dataclass(frozen=True)
class DocumentRow:
    name: str  # inside build/
    template: str
    state: str

    @property
    def exists(self) -> bool:
        return self.state != ABSENT


@dataclass(frozen=True)
class FileRow:
    relative: str  # from the repository's root
    kind: str  # the kind's name: convention, budget, deliberation, departement
    label: str  # « une convention »
    title: str
    findings: tuple[Finding, ...]
    signature_findings: tuple[Finding, ...]  # what --pour-signature adds
    documents: tuple[DocumentRow, ...]

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors

    @property
    def ready_to_sign(self) -> bool:
        return self.errors == 0 and not any(
            f.severity is Severity.ERROR for f in self.signature_findings
        )

    @property
    def name(self) -> str:
        return Path(self.relative).name


@dataclass(frozen=True)
class DepartementView:
    folder: str
    title: str
    files: tuple[FileRow, ...]

    def of_kind(self, kind: str) -> list[FileRow]:
        return [f for f in self.files if f.kind == kind]


@dataclass(frozen=True)
class Overview:
    departements: tuple[DepartementView, ...]
    general: tuple[Finding, ...]  # findings on no file of contracts/ (templates)
    checked: int


def overview(repo: Repository) -> Overview:
    registry = default_registry()
    workspace = Workspace(registry)
    draft = check([repo.contracts], workspace=workspace)
    signed = check([repo.contracts], for_signature=True)
    records = Records(Manifest.load(repo.build), repo.build, OutputOptions())
    entries: list[Entry] = draft.payload if isinstance(draft.payload, list) else []
    own = _by_file(draft.findings)
    signing = _by_file(signed.findings)
    groups: dict[str, tuple[str, list[FileRow]]] = {}
    shown = set()
    for entry in entries:
        name = display_path(entry.path)
        shown.add(name)
        governor = entry.path if entry.kind.governs else entry.governor
        folder = governor.parent.name if governor is not None else ""
        title = _title(workspace, governor) if governor is not None else "Sans Département"
        row = FileRow(
            repo.relative(entry.path),
            entry.kind.name,
            entry.kind.label,
            _file_title(entry),
            tuple(own.get(name, ())),
            tuple(f for f in signing.get(name, ()) if f not in own.get(name, ())),
            tuple(_documents(workspace, records, entry, repo)),
        )
        groups.setdefault(folder, (title, []))[1].append(row)
    general = tuple(f for f in draft.findings if f.file not in shown)
    departements = tuple(
        DepartementView(folder, title, tuple(rows))
        for folder, (title, rows) in sorted(groups.items())
    )
    return Overview(departements, general, len(entries))


def _by_file(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    found: dict[str, list[Finding]] = {}
    for finding in findings:
        found.setdefault(finding.file, []).append(finding)
    return found


def _title(workspace: Workspace, governor: Path) -> str:
    """The Département's name: its model's, or, while its file still has errors (the
    blanks of ``docgen init``), the ``nom`` it was given; its folder's name otherwise."""
    entry = workspace.entry(governor)
    name = getattr(entry.model, "name", None)
    if not isinstance(name, str) and entry.doc is not None and isinstance(entry.doc.data, dict):
        name = entry.doc.data.get("nom")
    return name if isinstance(name, str) and name.strip() else governor.parent.name


def _file_title(entry: Entry) -> str:
    model: Any = entry.model
    for attribute in ("name", "reference", "number"):
        value = getattr(model, attribute, None)
        if isinstance(value, str) and value:
            return value
    return entry.path.stem


def _documents(
    workspace: Workspace, records: Records, entry: Entry, repo: Repository
) -> list[DocumentRow]:
    manifest = records.manifest
    fresh = records.fresh(entry.path)
    if fresh is not None:
        return [
            DocumentRow(name, str(manifest.files.get(name, {}).get(TEMPLATE_KEY, "")), UP_TO_DATE)
            for name in fresh.outputs
            if name.endswith(".docx")
        ]
    rows = []
    for document, template in planned_documents(workspace, entry):
        name = f"{document.name}.docx"
        state = STALE if (repo.build / name).is_file() else ABSENT
        rows.append(DocumentRow(name, template, state))
    if rows or entry.valid is not None:
        return rows
    # A file with errors has no documents to plan: those of its last build, if any.
    origin = records.ref(entry.path)
    return [
        DocumentRow(name, str(data.get(TEMPLATE_KEY, "")), STALE)
        for name, data in sorted(manifest.files.items())
        if data.get(ORIGIN_KEY) == origin and name.endswith(".docx")
    ]


def planned_documents(workspace: Workspace, entry: Entry) -> Sequence[tuple[WordDocument, str]]:
    """The Word documents a build would make of ``entry`` (none when it has an error), each
    with the label of its template."""
    if entry.valid is None:
        return []
    return [
        (p.document, p.template.label if p.template is not None else "modèle introuvable")
        for p in workspace.plan(entry).documents
    ]
