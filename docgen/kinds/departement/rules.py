"""The split of a dotation adds up to 100 %: checked on the Département's default split
and on any convention that states its own."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from docgen.core.french import percent
from docgen.core.rules import Violation
from docgen.core.source import FieldPath
from docgen.kinds.departement.model import Shares

SPLIT_SUM = "split-sum"


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
