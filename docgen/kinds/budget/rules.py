"""Rules on a budget vote: it names existing services, each at most once."""

from __future__ import annotations

from collections.abc import Iterator

import docgen.kinds.budget.keys as keys
from docgen.core.findings import Severity
from docgen.core.rules import Rule, Violation
from docgen.kinds.budget.model import Budget
from docgen.kinds.convention.rules import implausible_dates


def _services_exist_once(budget: Budget) -> Iterator[Violation]:
    services = set(budget.services)
    seen: dict[str, str] = {}
    for key, lines in (
        (keys.NEW_MEASURES, budget.new_measures),
        (keys.DEROGATIONS, budget.derogations),
    ):
        for index, line in enumerate(lines):
            where = (key, index, keys.SERVICE)
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


def _dates_plausible(budget: Budget) -> Iterator[Violation]:
    """The dates a budget vote copies into every avenant: a typo there spreads to all."""
    yield from implausible_dates(
        [
            ((keys.VOTE, keys.DATE), budget.vote_date),
            ((keys.AVENANTS, keys.AUTHORISATION, keys.DATE), budget.authorisation.date),
            ((keys.AVENANTS, keys.SIGNATURE, keys.DATE), budget.signature.date),
        ]
    )


BUDGET_RULES: tuple[Rule[Budget], ...] = (
    Rule(
        "budget-service",
        "budget",
        Severity.ERROR,
        "un vote du budget ne nomme que des services existants, une fois chacun",
        _services_exist_once,
    ),
    Rule(
        "budget-dates",
        "budget",
        Severity.ERROR,
        "les dates d'un vote du budget, recopiées dans chaque avenant, sont vraisemblables "
        "(entre 2000 et 2100)",
        _dates_plausible,
    ),
    # Given by applying the vote in memory (docgen.commands.budget_trial): what
    # ``budget apply`` would refuse, ``check`` reports, with the same words.
    Rule(
        "budget-apply",
        "budget",
        Severity.ERROR,
        "un vote du budget s'applique à chaque convention : l'avenant ajouté laisse la "
        "convention conforme, et le vote n'est pas appliqué à une partie seulement",
        None,
        tunable=False,
    ),
)
