"""A file's first steps, as a worker runs them: read, checked, its findings gathered.

``check`` stops there; ``build`` goes on with the file's plan, rendered (see
docgen/commands/build.py). What comes back to the parent is plain values (``Checked``),
in the files' order, so that the findings do not depend on the number of workers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from docgen.core.findings import Finding
from docgen.core.project import choices_in
from docgen.core.workspace import Entry, Workspace


@dataclass(frozen=True)
class Checked:
    """One file checked, as a worker sends it back."""

    path: Path
    findings: tuple[Finding, ...]  # its own, then its governor's
    # The findings of the templates this worker linted first for this file (each is
    # reported once, whoever it was linted for).
    templates: tuple[Finding, ...]
    governor: Path | None  # resolved: its Département's file (its own, for one)
    choices: frozenset[str]  # its ``modeles:`` choices (the templates/ folders' warnings)
    errors: bool


class Checker:
    """Checks files in one workspace (the run's, or a worker's copy of it)."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self._linted = 0  # the workspace's template findings already sent back

    def check(self, path: Path) -> tuple[Entry, Checked]:
        ws = self.ws
        entry = ws.entry(path)
        findings = list(entry.findings)
        if entry.governor is not None:
            findings += ws.entry(entry.governor).findings
        governor = entry.path if entry.kind.governs else entry.governor
        linted = ws.template_findings[self._linted :]
        self._linted = len(ws.template_findings)
        return entry, Checked(
            path,
            tuple(findings),
            tuple(linted),
            ws.resolved(governor) if governor is not None else None,
            frozenset(choices_in(entry.doc.data)) if entry.doc is not None else frozenset(),
            bool(entry.errors),
        )

    def templates_since(self) -> tuple[Finding, ...]:
        """The template findings linted since the last ``check`` (while planning)."""
        linted = self.ws.template_findings[self._linted :]
        self._linted = len(self.ws.template_findings)
        return tuple(linted)


def lint_findings(ws: Workspace, read: Mapping[str, str]) -> list[Finding]:
    """The findings of the templates a file's documents are filled from (its ``lint:``
    reads), which its record reports with its own."""
    found: list[Finding] = []
    for key in read:
        if key.startswith("lint:"):
            found += ws.lint_findings(Path(key.removeprefix("lint:")))
    return found


def folder_findings(
    ws: Workspace, checked: Iterable[Checked], also: Iterable[Path] = ()
) -> list[Finding]:
    """The warnings on the templates/ folders of the Départements of these files (and of
    ``also``, resolved governors), from the choices the workers sent back."""
    governors: dict[Path, None] = {}
    choices: dict[Path, frozenset[str]] = {}
    for item in checked:
        if item.governor is not None:
            governors[item.governor] = None
        choices[ws.resolved(item.path)] = item.choices
    governors.update(dict.fromkeys(also))
    return ws.template_folder_findings_for(governors, choices)
