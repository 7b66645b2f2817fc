"""Check contract files: load, then schema, then the Département's rules.

Every file is checked and every finding kept, so one run reports all that is wrong.
A file whose YAML or schema is wrong is not given to the rules (they need typed data).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from docgen import blanks, project, rules
from docgen.findings import Finding, Severity, display_path, field_path
from docgen.load import Document, LoadError, load_document, load_finding
from docgen.model import Convention, Departement
from docgen.read import read_convention, read_departement
from docgen.schema import schema_findings


@dataclass
class CheckResult:
    files: list[Path] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    conventions: list[Convention] = field(default_factory=list)
    departements: dict[Path, Departement] = field(default_factory=dict)

    def sorted_findings(self) -> list[Finding]:
        return sorted(self.findings, key=lambda f: (f.file, f.line or 0, f.path, f.rule))

    def failed_files(self) -> set[str]:
        return {f.file for f in self.findings}


class Checker:
    """Checks files one by one, loading each Département file once."""

    def __init__(self) -> None:
        self.result = CheckResult()
        self._departements: dict[Path, Departement | None] = {}

    def check_paths(self, paths: Iterable[Path]) -> CheckResult:
        for path in project.discover(paths):
            self.result.files.append(path)
            if project.kind_of(path) == "departement":
                self._departement(path.resolve())
            else:
                self._convention(path)
        return self.result

    def _validated(self, path: Path, kind: str) -> Document | None:
        """The document if it loads and passes the schema; its findings recorded either way."""
        try:
            doc = load_document(path)
        except LoadError as error:
            self.result.findings.append(load_finding(path, error))
            return None
        found = [
            Finding(
                doc.name,
                doc.line_of(where),
                field_path(where),
                "blank-left",
                f"blanc du modèle à remplir : « {_value(doc, where)} »",
                "remplacez-le par la vraie valeur",
            )
            for where, _blank in blanks.blanks(doc.data)
        ]
        skip = frozenset(where for where, _ in blanks.blanks(doc.data))
        found += schema_findings(doc, kind, skip)
        self.result.findings += found
        return None if found else doc

    def _departement(self, path: Path) -> Departement | None:
        if path in self._departements:
            return self._departements[path]
        self._departements[path] = None
        doc = self._validated(path, "departement")
        if doc is None:
            return None
        departement = read_departement(path, doc.data)
        for violation in rules.shares_violations(departement.shares, ("repartition", "communes")):
            self.result.findings.append(
                Finding(
                    doc.name,
                    doc.line_of(violation.path),
                    field_path(violation.path),
                    "split-sum",
                    violation.message,
                    violation.hint,
                )
            )
        self._departements[path] = departement
        self.result.departements[path] = departement
        return departement

    def _convention(self, path: Path) -> None:
        dept_path = project.departement_file_for(path)
        doc = self._validated(path, "convention")
        if dept_path is None:
            self.result.findings.append(
                Finding(
                    display_path(path),
                    None,
                    "",
                    "departement-missing",
                    f"aucun fichier {project.DEPARTEMENT_FILE} dans ce dossier ni au-dessus",
                    "placez la convention dans le dossier de son Département",
                )
            )
            return
        departement = self._departement(dept_path)
        if doc is None or departement is None:
            return
        convention = read_convention(path, doc.data, departement)
        before = len(self.result.findings)
        for rule in rules.RULES:
            for violation in rule.check(convention):
                self.result.findings.append(
                    Finding(
                        doc.name,
                        doc.line_of(violation.path),
                        field_path(violation.path),
                        rule.id,
                        violation.message,
                        violation.hint,
                        rule.severity,
                    )
                )
        if not any(f.severity is Severity.ERROR for f in self.result.findings[before:]):
            self.result.conventions.append(convention)


def check_paths(paths: Iterable[Path]) -> CheckResult:
    return Checker().check_paths(paths)


def _value(doc: Document, where: tuple[str | int, ...]) -> str:
    value = doc.data
    for part in where:
        value = value[part]
    return str(value)
