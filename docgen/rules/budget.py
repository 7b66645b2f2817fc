"""Rules on a budget vote: it names existing services, each at most once."""

from __future__ import annotations

from collections.abc import Iterator

from docgen.model import Budget
from docgen.rules.base import Violation


def budget_violations(budget: Budget, services: set[str]) -> Iterator[Violation]:
    seen: dict[str, str] = {}
    for key, lines in (
        ("mesures_nouvelles", budget.new_measures),
        ("derogations", budget.derogations),
    ):
        for index, line in enumerate(lines):
            where = (key, index, "service")
            if line.service not in services:
                yield Violation(
                    where,
                    f"aucune convention « {line.service} » dans ce Département",
                    f"services connus : {', '.join(sorted(services))}",
                )
            elif line.service in seen:
                yield Violation(
                    where,
                    f"le service « {line.service} » figure déjà dans {seen[line.service]}",
                    "une seule mesure ou dérogation par service : additionnez les montants",
                )
            seen.setdefault(line.service, key)
