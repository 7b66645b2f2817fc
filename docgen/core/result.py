"""One result shape for every command: what it produced, and what it found.

The CLI turns a ``Result`` into output and one exit code, in one place: 0 when nothing
is wrong, 1 when a file has an error (or a warning under ``--strict``), 2 when docgen
could not run (a ``DocgenError``, raised rather than returned).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from docgen.core.findings import Finding, Severity


def sort_key(finding: Finding) -> tuple[str, int, str, str]:
    return (finding.file, finding.line or 0, finding.path, finding.rule)


@dataclass(frozen=True)
class Written:
    """A file a command wrote (or found unchanged), and the template it was filled from."""

    path: Path
    status: str  # "created", "updated" or "unchanged"
    template: str | None = None  # "templates/nord/convention.docx", for Word documents and PDF


@dataclass
class Result:
    files: list[Path] = field(default_factory=list)  # the input files considered
    findings: list[Finding] = field(default_factory=list)
    written: list[Written] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # French lines for the user, in order
    produced: int = 0  # documents rendered (written or unchanged)
    payload: object = None  # what a command computed besides files (a budget plan)

    def add(self, findings: list[Finding]) -> None:
        seen = set(self.findings)
        for finding in findings:
            if finding not in seen:
                self.findings.append(finding)
                seen.add(finding)

    def sorted_findings(self) -> list[Finding]:
        return sorted(self.findings, key=sort_key)

    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    def failed_files(self) -> set[str]:
        return {f.file for f in self.findings}

    def exit_code(self, *, strict: bool = False) -> int:
        if self.errors() or (strict and self.findings):
            return 1
        return 0
