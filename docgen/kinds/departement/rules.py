"""What the Département's file states is checked where it is written: the split of a
dotation adds up to 100 % (the Département's default split here, a convention's own on
the convention); a deliberation declared external is transmitted and published after it
was adopted."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from docgen.core.french import date_long, percent
from docgen.core.rules import Violation
from docgen.core.source import FieldPath
from docgen.kinds.departement.model import Shares
from docgen.kinds.register import EXTERNAL_KEY, Decision

SPLIT_SUM = "split-sum"
# The deliberation kind's rule on the order of a deliberation's own dates.
DELIBERATION_DATES = "deliberation-dates"


def shares_violations(shares: Shares, where: FieldPath) -> Iterator[Violation]:
    total = shares.departement + shares.communes
    if total != 100:
        yield Violation(
            where,
            f"la part du Département ({percent(shares.departement)}) et celle des communes "
            f"({percent(shares.communes)}) totalisent {percent(total)}, "
            f"{percent(Decimal(100))} attendus",
            "corrigez l'une des deux parts : ensemble, elles font 100\u00a0%",
        )


_DONE = {"transmission": "transmise au contrôle de légalité", "publication": "publiée"}


def external_violations(decisions: tuple[Decision, ...]) -> Iterator[tuple[str, Violation]]:
    """A deliberation declared external is transmitted and published after its vote."""
    for index, decision in enumerate(decisions):
        for key, day in (("transmission", decision.sent), ("publication", decision.published)):
            if day is not None and decision.date is not None and day < decision.date:
                yield (
                    DELIBERATION_DATES,
                    Violation(
                        (EXTERNAL_KEY, index, key),
                        f"la délibération n° {decision.number} est déclarée {_DONE[key]} le "
                        f"{date_long(day)}, avant d'être adoptée le {date_long(decision.date)}",
                        "une délibération est transmise et publiée après son adoption : "
                        "corrigez l'une des deux dates",
                    ),
                )
