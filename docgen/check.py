"""Check contract files: load, then schema, then the Département's rules.

Every file is checked and every finding kept, so one run reports all that is wrong.
A file whose YAML or schema is wrong is not given to the rules (they need typed data).
A Département's file may switch a rule off or change its severity (``regles:``); that
applies to the findings of every convention under it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from docgen import project, rules
from docgen.core import blanks
from docgen.core.findings import Finding, Severity, display_path, field_path
from docgen.core.schema import schema_findings
from docgen.core.source import Document, LoadError, load_document, load_finding, parse_document
from docgen.model import Budget, Convention, Departement
from docgen.read import read_budget, read_convention, read_departement
from docgen.render import template_for
from docgen.template_lint import (
    TemplateReport,
    known_fields,
    lint_template,
    missing_for_signature,
)


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

    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)


class Checker:
    """Checks files one by one, loading each Département file once."""

    def __init__(
        self, *, for_signature: bool = False, pending: dict[Path, bytes] | None = None
    ) -> None:
        self.for_signature = for_signature
        # Content not yet on disk (``budget apply`` checks what it is about to write).
        self.pending = {p.resolve(): data for p, data in (pending or {}).items()}
        self.result = CheckResult()
        self._departements: dict[Path, Departement | None] = {}
        self._conventions: dict[Path, tuple[Convention | None, list[Finding]]] = {}
        self.budgets: list[Budget] = []
        self._templates: dict[Path, TemplateReport] = {}

    def check_paths(self, paths: Iterable[Path]) -> CheckResult:
        for path in project.discover(paths):
            self.result.files.append(path)
            kind = project.kind_of(path)
            if kind == "departement":
                self.departement_at(path.resolve())
            elif kind == "budget":
                self._budget(path)
            elif kind == "deliberation":
                from docgen.deliberation import check_deliberation

                dept_path = project.departement_file_for(path)
                departement = self.departement_at(dept_path) if dept_path else None
                self.result.findings += _tuned(check_deliberation(self, path), departement)
            elif kind == "convention":
                self._convention(path)
        return self.result

    def validated(self, path: Path, kind: str) -> tuple[Document | None, list[Finding]]:
        """The document if it loads and passes the schema (else None), and its findings."""
        try:
            raw = self.pending.get(path.resolve())
            doc = load_document(path) if raw is None else parse_document(path, raw)
        except LoadError as error:
            return None, [load_finding(path, error)]
        left = list(blanks.blanks(doc.data))
        found = [
            Finding(
                doc.name,
                doc.line_of(where),
                field_path(where),
                "blank-left",
                f"blanc du modèle à remplir : « {_value(doc, where)} »",
                "remplacez-le par la vraie valeur",
            )
            for where, _blank in left
        ]
        found += schema_findings(doc, kind, frozenset(where for where, _ in left))
        return (None if found else doc), found

    def departement_at(self, path: Path) -> Departement | None:
        if path in self._departements:
            return self._departements[path]
        doc, found = self.validated(path, "departement")
        self.result.findings += found
        departement = None if doc is None else read_departement(path, doc.data)
        if doc is not None and departement is not None:
            for violation in rules.shares_violations(
                departement.shares, ("repartition", "communes")
            ):
                self.result.findings.append(finding_at(doc, violation, "split-sum", Severity.ERROR))
            self.result.departements[path] = departement
        self._departements[path] = departement
        return departement

    def _convention(self, path: Path) -> None:
        convention, found = self.convention_at(path)
        self.result.findings += found
        if convention is not None:
            self.result.conventions.append(convention)

    def convention_at(self, path: Path) -> tuple[Convention | None, list[Finding]]:
        """Check one convention file: the convention if it has no error, and its findings.

        Cached, so that a deliberation's references to contracts already checked in this
        run cost nothing; the caller decides whether the findings go in the result.
        """
        key = path.resolve()
        if key not in self._conventions:
            self._conventions[key] = self._check_convention(path)
        return self._conventions[key]

    def _check_convention(self, path: Path) -> tuple[Convention | None, list[Finding]]:
        dept_path = project.departement_file_for(path)
        if dept_path is None:
            return None, [departement_missing(path)]
        departement = self.departement_at(dept_path)
        doc, found = self.validated(path, "convention")
        convention = None
        if doc is not None and departement is not None:
            convention = read_convention(path, doc.data, departement)
            found = list(self._rule_findings(doc, convention))
        found = _tuned(found, departement)
        if any(f.severity is Severity.ERROR for f in found):
            convention = None
        return convention, found

    def _budget(self, path: Path) -> None:
        dept_path = project.departement_file_for(path)
        doc, found = self.validated(path, "budget")
        if doc is not None and dept_path is not None:
            budget = read_budget(path, doc.data)
            services = {p.stem for p in project.conventions_of(dept_path)}
            for violation in rules.budget_violations(budget, services):
                found.append(finding_at(doc, violation, "budget-service", Severity.ERROR))
            if not found:
                self.budgets.append(budget)
        self.result.findings += found

    def _rule_findings(self, doc: Document, convention: Convention) -> Iterator[Finding]:
        for rule in rules.RULES:
            for violation in rule.check(convention):
                yield finding_at(doc, violation, rule.id, rule.severity)
        kinds = ["convention", "avenant"] if convention.avenants else ["convention"]
        for kind in kinds:
            template = template_for(convention.departement, kind)
            report = self._template(template, kind)
            if self.for_signature and kind == "convention":
                for violation in missing_for_signature(convention, report.fields, template):
                    yield finding_at(doc, violation, "signature-incomplete", Severity.ERROR)

    def _template(self, template: Path, kind: str) -> TemplateReport:
        """Lint each template once per run; its findings are reported once."""
        if template not in self._templates:
            self._templates[template] = lint_template(template, known_fields(kind))
            self.result.findings += self._templates[template].findings
        return self._templates[template]


def check_paths(
    paths: Iterable[Path], *, for_signature: bool = False, pending: dict[Path, bytes] | None = None
) -> CheckResult:
    return Checker(for_signature=for_signature, pending=pending).check_paths(paths)


def departement_missing(path: Path) -> Finding:
    return Finding(
        display_path(path),
        None,
        "",
        "departement-missing",
        f"aucun fichier {project.DEPARTEMENT_FILE} dans ce dossier ni au-dessus",
        "placez le fichier sous contracts/<département>/, à côté de son departement.yaml",
    )


def _tuned(found: list[Finding], departement: Departement | None) -> list[Finding]:
    """Apply the Département's rule settings: drop disabled rules, change severities."""
    if departement is None or not departement.rule_settings:
        return found
    out = []
    for finding in found:
        setting = departement.rule_settings.get(finding.rule)
        if setting is None:
            out.append(finding)
        elif setting.enabled:
            severity = Severity(setting.severity) if setting.severity else finding.severity
            out.append(dataclasses.replace(finding, severity=severity))
    return out


def finding_at(doc: Document, violation: rules.Violation, rule: str, severity: Severity) -> Finding:
    return Finding(
        doc.name,
        doc.line_of(violation.path),
        field_path(violation.path),
        rule,
        violation.message,
        violation.hint,
        severity,
    )


def _value(doc: Document, where: tuple[str | int, ...]) -> str:
    value = doc.data
    for part in where:
        value = value[part]
    return str(value)
