"""Check a deliberation file: schema, references, vote, quorum, dates.

``check_deliberation`` is what ``docgen check`` runs on every file of a
``deliberations/`` folder; ``inspect_deliberation`` also returns the checked
deliberation, for ``build_deliberation``. The contracts a deliberation refers to are
checked through the ``Checker``'s cache: checking a whole folder checks each once.
"""

from __future__ import annotations

from pathlib import Path

from docgen import project
from docgen.check import Checker, departement_missing, finding_at
from docgen.core.findings import Finding, Severity
from docgen.deliberation.model import Checked
from docgen.deliberation.read import read_deliberation
from docgen.deliberation.resolve import resolve
from docgen.deliberation.rules import date_violations, quorum_violations, vote_violations


def check_deliberation(checker: Checker, path: Path) -> list[Finding]:
    return inspect_deliberation(checker, path)[1]


def inspect_deliberation(checker: Checker, path: Path) -> tuple[Checked | None, list[Finding]]:
    """The deliberation and what it covers if it has no error, and its findings."""
    departement_file = project.departement_file_for(path)
    if departement_file is None:
        return None, [departement_missing(path)]
    departement = checker.departement_at(departement_file)
    doc, found = checker.validated(path, "deliberation")
    if doc is None or departement is None:
        return None, found
    deliberation = read_deliberation(path, doc.data)
    covered, found = resolve(checker, doc, deliberation, departement_file)
    checked = Checked(deliberation, departement, tuple(covered))
    in_office = checked.members_in_office
    for rule, violations in (
        ("vote-count", vote_violations(deliberation, in_office)),
        ("quorum", quorum_violations(deliberation, in_office, departement.quorum)),
        ("deliberation-dates", date_violations(deliberation, covered)),
    ):
        found += [finding_at(doc, v, rule, Severity.ERROR) for v in violations]
    if any(f.severity is Severity.ERROR for f in found):
        return None, found
    return checked, found
