"""From a deliberation's references to the checked contracts it covers.

A reference names a convention by its file name (``elp`` for ``elp.yaml``, anywhere in the
Département's folder, as a budget vote names services), optionally one of its avenants;
or a budget vote by its reference (``budget: BP-2025``): the avenant that vote gives each
convention of the Département.

The avenants of a budget vote only exist once ``docgen budget apply`` has written them.
Until then the deliberation covers them as planned: ``docgen.kinds.budget.plan``
computes them exactly as ``apply`` will write them (same amounts to the cent, same
number, the vote's signature and authorisation), so the deliberation that authorises
their signature can be checked and rendered before they are applied. A vote applied to
some conventions only is an error: apply it to the others first.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path

from docgen.core.findings import Severity, display_path
from docgen.core.kind import Reading
from docgen.core.project import CHOICE_KEY
from docgen.core.rules import Violation
from docgen.core.source import FieldPath
from docgen.kinds import budget as budget_kind
from docgen.kinds import convention as convention_kind
from docgen.kinds.budget import Budget
from docgen.kinds.convention.model import Convention
from docgen.kinds.deliberation.model import Covered, Deliberation
from docgen.kinds.deliberation.rules import CONTRACT, REFERENCE

SIGNATURE_INCOMPLETE = "signature-incomplete"


def resolve(reading: Reading, deliberation: Deliberation, departement_file: Path) -> list[Covered]:
    """The covered contracts, in the deliberation's order; what is wrong with the references
    is reported on ``reading``."""
    workspace = reading.others
    services = {
        path.stem: path for path in workspace.files_of(convention_kind.KIND, departement_file)
    }
    covered: list[Covered] = []
    seen: set[tuple[str, int | None]] = set()
    for ref in deliberation.references:
        where = ref.where
        path = services.get(ref.service)
        if path is None:
            _at(
                reading,
                where,
                REFERENCE,
                f"aucune convention « {ref.service} » dans ce Département",
                f"conventions connues : {', '.join(sorted(services)) or 'aucune'}",
            )
            continue
        if (ref.service, ref.avenant) in seen:
            _at(reading, where, REFERENCE, "référence déjà citée", "retirez le doublon")
            continue
        seen.add((ref.service, ref.avenant))
        convention = _checked(reading, where, path)
        if convention is None:
            continue
        if ref.avenant is not None and ref.avenant > len(convention.avenants):
            _at(
                reading,
                where,
                REFERENCE,
                f"la convention {ref.service} n'a pas d'avenant n° {ref.avenant} "
                f"({_count_avenants(convention)})",
                "corrigez le numéro, ou ajoutez d'abord l'avenant à la convention",
            )
            continue
        covered.append(
            Covered(
                convention,
                ref.avenant,
                where,
                designation=ref.designation,
                templates=_templates(reading, path),
            )
        )
    if deliberation.budget is not None:
        covered += [
            dataclasses.replace(item, templates=_templates(reading, services[slug]))
            if (slug := item.convention.slug) in services
            else item
            for item in _budget(reading, deliberation.budget, departement_file, services)
        ]
    if not deliberation.references and deliberation.budget is None:
        _at(
            reading,
            (),
            REFERENCE,
            "la délibération ne couvre aucune convention ni aucun avenant",
            "ajoutez « conventions: » (noms des fichiers) ou « budget: » (référence du vote)",
        )
    return covered


def _budget(
    reading: Reading, reference: str, departement_file: Path, services: dict[str, Path]
) -> list[Covered]:
    where = ("budget",)
    votes = _budget_votes(reading, departement_file)
    budget_file = votes.get(reference)
    if budget_file is None:
        _at(
            reading,
            where,
            REFERENCE,
            f"aucun vote du budget de référence « {reference} » dans ce Département",
            f"références connues : {', '.join(sorted(votes)) or 'aucune'} (budgets/*.yaml)",
        )
        return []
    conventions = [_checked(reading, where, path) for path in services.values()]
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
        _at(
            reading,
            where,
            REFERENCE,
            f"le budget {reference} n'est appliqué qu'à {len(applied)} convention"
            f"{'s' if len(applied) > 1 else ''} sur {len(valid)} (il manque : "
            f"{', '.join(missing)})",
            f"appliquez-le aux autres : docgen budget apply {display_path(budget_file)}",
        )
        return []
    planned = budget_kind.plan_in(reading.others, budget_file)
    if planned.plan is None:
        for finding in planned.findings:
            if finding.severity is Severity.ERROR:
                _at(
                    reading,
                    where,
                    CONTRACT,
                    f"le vote du budget {reference} ne peut pas s'appliquer : {finding.text()}",
                    "corrigez-le (docgen check), puis relancez",
                )
        return []
    return [
        Covered(r.amended, r.avenant.number, where, budget_file) for r in planned.plan.revaluations
    ]


def _templates(reading: Reading, path: Path) -> tuple[tuple[str, str], ...]:
    """The templates a convention's file names for itself (``modeles:``)."""
    doc = reading.others.entry(path).doc
    choices = doc.data.get(CHOICE_KEY) if doc is not None else None
    if not isinstance(choices, Mapping):
        return ()
    return tuple(sorted((str(k), str(v)) for k, v in choices.items() if isinstance(v, str)))


def _budget_votes(reading: Reading, departement_file: Path) -> dict[str, Path]:
    """The budget votes of the Département that pass their schema, by reference."""
    workspace = reading.others
    votes = {}
    for path in workspace.files_of(budget_kind.KIND, departement_file):
        budget = workspace.entry(path).model
        if isinstance(budget, Budget):
            votes[budget.reference] = path
    return votes


def _checked(reading: Reading, where: FieldPath, path: Path) -> Convention | None:
    entry = reading.others.entry(path)
    # What --for-signature still asks of a contract (its signing date, a party's own
    # authorisation) is reported on the contract itself, not again on the deliberation.
    errors = [f for f in entry.errors if f.rule != SIGNATURE_INCOMPLETE]
    convention: Convention | None = entry.model if not errors else None
    if convention is None:
        summary = f"{len(errors)} erreur{'s' if len(errors) > 1 else ''}"
        if errors:
            first = errors[0]
            summary += f" dont, ligne {first.line}, « {first.path} : {first.message} »"
        _at(
            reading,
            where,
            CONTRACT,
            f"{display_path(path)} ne passe pas docgen check ({summary})",
            f"corrigez-le : docgen check {display_path(path)}",
        )
    return convention


def _count_avenants(convention: Convention) -> str:
    count = len(convention.avenants)
    return "aucun avenant" if count == 0 else f"{count} avenant{'s' if count > 1 else ''}"


def _at(reading: Reading, where: FieldPath, rule: str, message: str, hint: str) -> None:
    reading.report(rule, Violation(where, message, hint))
