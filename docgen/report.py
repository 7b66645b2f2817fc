"""Findings printed for a person (text), a script (json), a CI server (junit, github).

The JSON structure is stable (``"version": 1``); see the README for its fields.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import cache
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree import ElementTree as ET

import click

from docgen.core.findings import Finding, Severity, display_path
from docgen.core.result import Result

if TYPE_CHECKING:
    from docgen.kinds.budget import BudgetPlan

FORMATS = ("text", "json", "junit", "github")


def render_report(result: Result, fmt: str, *, color: bool = False, strict: bool = False) -> str:
    """The report of ``result`` in ``fmt``. With ``strict`` (--strict), a warning fails the
    check: the CI formats show it as failing too, as the exit code does."""
    renderers: dict[str, Callable[[Result, bool, bool], str]] = {
        "text": _text,
        "json": lambda r, _c, s: _json(r, s),
        "junit": lambda r, _c, s: _junit(r, s),
        "github": lambda r, _c, s: _github(r, s),
    }
    return renderers[fmt](result, color, strict)


def summary(result: Result, *, strict: bool = False) -> str:
    files = plural(len(result.files), "fichier vérifié", "fichiers vérifiés")
    if not result.findings:
        return f"{files} : aucune anomalie."
    errors = result.errors()
    warnings = len(result.findings) - errors
    parts = [plural(errors, "erreur", "erreurs")]
    if warnings:
        parts.append(plural(warnings, "avertissement", "avertissements"))
    failed = plural(len(result.failed_files()), "fichier", "fichiers")
    line = f"{files} : {' et '.join(parts)} dans {failed}."
    if strict and warnings:
        # Otherwise « 0 erreur » and a failed check read as a contradiction.
        line += " Avec --strict, les avertissements font échouer la vérification."
    return line


def plural(count: int, singular: str, plural_form: str) -> str:
    # French: 0 and 1 take the singular.
    return f"{count} {singular if count < 2 else plural_form}"


def _text(result: Result, color: bool, strict: bool) -> str:
    lines: list[str] = []
    for _file, group in groupby(result.sorted_findings(), key=lambda f: f.file):
        if lines:
            lines.append("")
        for finding in group:
            lines.append(_colored(finding) if color else finding.text())
    lines.append(summary(result, strict=strict))
    return "\n".join(lines) + "\n"


def _colored(finding: Finding) -> str:
    where = click.style(f"{finding.location()}:", bold=True)
    if finding.severity is Severity.ERROR:
        label = click.style("erreur", fg="red", bold=True)
    else:
        label = click.style("avertissement", fg="yellow", bold=True)
    field = f"{finding.path} : " if finding.path else ""
    hint = click.style(f" → {finding.hint}", fg="cyan") if finding.hint else ""
    rule = click.style(f" [{finding.rule}]", dim=True)
    return f"{where} {label} {field}{finding.message}{hint}{rule}"


def finding_dict(finding: Finding) -> dict[str, object]:
    return {
        "file": finding.file,
        "line": finding.line,
        "column": finding.column,
        "path": finding.path,
        "rule": finding.rule,
        "severity": finding.severity.value,
        "message": finding.message,
        "hint": finding.hint,
    }


def _json(result: Result, strict: bool) -> str:
    document = {
        "version": 1,
        "summary": {
            "files": len(result.files),
            "errors": result.errors(),
            "warnings": len(result.findings) - result.errors(),
            "text": summary(result, strict=strict),
        },
        "findings": [finding_dict(f) for f in result.sorted_findings()],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _junit(result: Result, strict: bool) -> str:
    """One test case per file: GitLab and Jenkins show each contract as passed or failed."""
    by_file: dict[str, list[Finding]] = {name: [] for name in _names(result)}
    for finding in result.sorted_findings():
        by_file.setdefault(finding.file, []).append(finding)
    failures = sum(1 for found in by_file.values() if _blocking(found, strict))
    suites = ET.Element("testsuites", name="docgen check")
    suite = ET.SubElement(
        suites,
        "testsuite",
        name="docgen check",
        tests=str(len(by_file)),
        failures=str(failures),
        errors="0",
        skipped="0",
    )
    for file, found in by_file.items():
        case = ET.SubElement(
            suite, "testcase", classname="contrats", name=file, file=repository_path(file)
        )
        blocking = _blocking(found, strict)
        if blocking:
            failure = ET.SubElement(
                case, "failure", message=_counts(blocking), type=blocking[0].rule
            )
            failure.text = "\n".join(f.text() for f in found)
        elif found:
            out = ET.SubElement(case, "system-out")
            out.text = "\n".join(f.text() for f in found)
    ET.indent(suites)
    body = ET.tostring(suites, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


def _blocking(found: Sequence[Finding], strict: bool) -> list[Finding]:
    """The findings that fail the check: its errors; with --strict, its warnings too."""
    return [f for f in found if strict or f.severity is Severity.ERROR]


def _counts(found: Sequence[Finding]) -> str:
    errors = sum(1 for f in found if f.severity is Severity.ERROR)
    parts = [plural(errors, "erreur", "erreurs")] if errors else []
    if len(found) > errors:
        parts.append(plural(len(found) - errors, "avertissement", "avertissements"))
    return " et ".join(parts)


def _names(result: Result) -> list[str]:
    return [display_path(p) for p in result.files]


def _github(result: Result, strict: bool) -> str:
    """Workflow commands: GitHub shows each finding on the pull request's line."""
    lines = []
    for finding in result.sorted_findings():
        # With --strict a warning fails the job: shown as an error, it says what failed it.
        failing = strict or finding.severity is Severity.ERROR
        level = "error" if failing else "warning"
        props = [f"file={_escape_property(repository_path(finding.file))}"]
        if finding.line is not None:
            props.append(f"line={finding.line}")
        props.append(f"title={_escape_property(finding.rule)}")
        field = f"{finding.path} : " if finding.path else ""
        hint = f" → {finding.hint}" if finding.hint else ""
        message = _escape_data(f"{field}{finding.message}{hint}")
        lines.append(f"::{level} {','.join(props)}::{message}")
    lines.append(summary(result, strict=strict))
    return "\n".join(lines) + "\n"


def repository_path(file: str) -> str:
    """``file`` (as shown, from the current folder) from the root of its git repository:
    GitHub places an annotation, and GitLab links a test case, by that path only, wherever
    docgen was run from (a subfolder, a job's ``working-directory``). Unchanged outside a
    git repository."""
    absolute = Path(os.path.normpath(Path.cwd().resolve() / file))
    root = _git_root(absolute.parent)
    if root is None:
        return file
    return absolute.relative_to(root).as_posix()


@cache
def _git_root(folder: Path) -> Path | None:
    # .git is a folder, or a file in a worktree or a submodule.
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def budget_table(plan: BudgetPlan) -> str:
    """The dry run of a budget vote: per service, old and new dotations and the difference."""
    # Here, not at the top: French amounts import num2words (~0.1 s), and a build or a
    # check that prints no budget table should not pay for it.
    from docgen.core import french as fr

    budget = plan.budget
    rows = [("Service", "Dotation en vigueur", f"Dotation {budget.year}", "Écart", "")]
    for r in plan.revaluations:
        note = "dérogation" if r.derogation else ""
        if r.new_measures:
            note = f"dont mesures nouvelles {fr.amount(r.new_measures, cents='always')}"
        rows.append(
            (
                r.convention.slug,
                fr.amount(r.previous, cents="centimes"),
                fr.amount(r.new, cents="centimes"),
                _signed(r.difference),
                note,
            )
        )
    rows.append(
        (
            "Total",
            fr.amount(plan.total_previous, cents="centimes"),
            fr.amount(plan.total_new, cents="centimes"),
            _signed(plan.total_new - plan.total_previous),
            "",
        )
    )
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = [
        f"Budget {budget.reference} : exercice {budget.year}, taux d'évolution "
        f"{fr.percent(budget.rate)} (vote du {fr.date_long(budget.vote_date)})",
        "",
    ]
    for index, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [row[i].rjust(widths[i]) for i in (1, 2, 3)]
        lines.append("  ".join(cells) + (f"  {row[4]}" if row[4] else ""))
        if index == 0 or index == len(rows) - 2:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


def _signed(value: Decimal) -> str:
    from docgen.core import french as fr  # see budget_table

    text = fr.amount(abs(value), cents="centimes")
    return f"+{text}" if value >= 0 else f"−{text}"


def print_findings(findings: Sequence[Finding]) -> None:
    for finding in findings:
        click.echo(finding.text())
