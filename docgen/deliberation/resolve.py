"""From a deliberation's references to the checked contracts it covers.

A reference names a convention by its file name (``elp`` for ``elp.yaml``, anywhere in the
Département's folder, as a budget vote names services), optionally one of its avenants;
or a budget vote by its reference (``budget: BP-2025``): the avenant that vote gives each
convention of the Département.

The avenants of a budget vote only exist once ``docgen budget apply`` has written them.
Until then the deliberation covers them as planned: ``docgen.budget.plan_budget``
computes them exactly as ``apply`` will write them (same amounts to the cent, same
number, the vote's signature and authorisation), so the deliberation that authorises
their signature can be checked and rendered before they are applied. A vote applied to
some conventions only is an error: apply it to the others first.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from docgen import project
from docgen.budget import BudgetRefused, plan_budget
from docgen.check import Checker, finding_at
from docgen.core.findings import Finding, Severity, display_path
from docgen.core.source import Document, FieldPath
from docgen.deliberation.model import Covered, Deliberation
from docgen.model import Convention
from docgen.read import read_budget
from docgen.rules.base import Violation

REFERENCE = "deliberation-reference"
CONTRACT = "deliberation-contract"


def resolve(
    checker: Checker, doc: Document, deliberation: Deliberation, departement_file: Path
) -> tuple[list[Covered], list[Finding]]:
    """The covered contracts, in the deliberation's order, and what is wrong with the refs."""
    services = {path.stem: path for path in project.conventions_of(departement_file)}
    covered: list[Covered] = []
    found: list[Finding] = []
    seen: set[tuple[str, int | None]] = set()
    for ref in deliberation.references:
        where = ref.where
        path = services.get(ref.service)
        if path is None:
            found.append(
                _at(
                    doc,
                    where,
                    REFERENCE,
                    f"aucune convention « {ref.service} » dans ce Département",
                    f"conventions connues : {', '.join(sorted(services)) or 'aucune'}",
                )
            )
            continue
        if (ref.service, ref.avenant) in seen:
            found.append(_at(doc, where, REFERENCE, "référence déjà citée", "retirez le doublon"))
            continue
        seen.add((ref.service, ref.avenant))
        convention = _checked(checker, doc, where, path, found)
        if convention is None:
            continue
        if ref.avenant is not None and ref.avenant > len(convention.avenants):
            found.append(
                _at(
                    doc,
                    where,
                    REFERENCE,
                    f"la convention {ref.service} n'a pas d'avenant n° {ref.avenant} "
                    f"({_count_avenants(convention)})",
                    "corrigez le numéro, ou ajoutez d'abord l'avenant à la convention",
                )
            )
            continue
        covered.append(Covered(convention, ref.avenant, where))
    if deliberation.budget is not None:
        covered += _budget(checker, doc, deliberation.budget, departement_file, services, found)
    if not deliberation.references and deliberation.budget is None:
        found.append(
            _at(
                doc,
                (),
                REFERENCE,
                "la délibération ne couvre aucune convention ni aucun avenant",
                "ajoutez « conventions: » (noms des fichiers) ou « budget: » (référence du vote)",
            )
        )
    return covered, found


def _budget(
    checker: Checker,
    doc: Document,
    reference: str,
    departement_file: Path,
    services: dict[str, Path],
    found: list[Finding],
) -> list[Covered]:
    where = ("budget",)
    votes = _budget_votes(checker, departement_file)
    budget_file = votes.get(reference)
    if budget_file is None:
        found.append(
            _at(
                doc,
                where,
                REFERENCE,
                f"aucun vote du budget de référence « {reference} » dans ce Département",
                f"références connues : {', '.join(sorted(votes)) or 'aucune'} (budgets/*.yaml)",
            )
        )
        return []
    conventions = [_checked(checker, doc, where, path, found) for path in services.values()]
    valid = [c for c in conventions if c is not None]
    if len(valid) != len(conventions):
        return []
    applied = [
        Covered(c, a.number, where) for c in valid for a in c.avenants if a.budget == reference
    ]
    if len(applied) == len(valid):
        return applied
    if applied:
        missing = sorted({c.slug for c in valid} - {item.convention.slug for item in applied})
        found.append(
            _at(
                doc,
                where,
                REFERENCE,
                f"le budget {reference} n'est appliqué qu'à {len(applied)} convention"
                f"{'s' if len(applied) > 1 else ''} sur {len(valid)} (il manque : "
                f"{', '.join(missing)})",
                f"appliquez-le aux autres : docgen budget apply {display_path(budget_file)}",
            )
        )
        return []
    try:
        plan = plan_budget(budget_file)
    except BudgetRefused as refused:
        for finding in refused.findings:
            found.append(
                _at(
                    doc,
                    where,
                    CONTRACT,
                    f"le vote du budget {reference} ne peut pas s'appliquer : {finding.text()}",
                    "corrigez-le (docgen check), puis relancez",
                )
            )
        return []
    return [
        Covered(
            replace(r.convention, avenants=(*r.convention.avenants, r.avenant)),
            r.avenant.number,
            where,
            budget_file,
        )
        for r in plan.revaluations
    ]


def _budget_votes(checker: Checker, departement_file: Path) -> dict[str, Path]:
    """The budget votes of the Département that pass their schema, by reference."""
    votes = {}
    for path in project.discover([departement_file.parent]):
        if project.kind_of(path) != "budget":
            continue
        if project.departement_file_for(path) != departement_file:
            continue
        budget_doc, _ = checker.validated(path, "budget")
        if budget_doc is not None:
            votes[read_budget(path, budget_doc.data).reference] = path
    return votes


def _checked(
    checker: Checker, doc: Document, where: FieldPath, path: Path, found: list[Finding]
) -> Convention | None:
    convention, findings = checker.convention_at(path)
    if convention is None:
        errors = [f for f in findings if f.severity is Severity.ERROR]
        summary = f"{len(errors)} erreur{'s' if len(errors) > 1 else ''}"
        if errors:
            first = errors[0]
            summary += f" dont, ligne {first.line}, « {first.path} : {first.message} »"
        found.append(
            _at(
                doc,
                where,
                CONTRACT,
                f"{display_path(path)} ne passe pas docgen check ({summary})",
                f"corrigez-le : docgen check {display_path(path)}",
            )
        )
    return convention


def _count_avenants(convention: Convention) -> str:
    count = len(convention.avenants)
    return "aucun avenant" if count == 0 else f"{count} avenant{'s' if count > 1 else ''}"


def _at(doc: Document, where: FieldPath, rule: str, message: str, hint: str) -> Finding:
    return finding_at(doc, Violation(where, message, hint), rule, Severity.ERROR)
