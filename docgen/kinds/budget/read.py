"""Schema-valid budget vote data → ``Budget``."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import docgen.kinds.budget.keys as keys
from docgen.core.kind import Reading
from docgen.kinds import convention as convention_kind
from docgen.kinds.budget.model import Budget, BudgetLine
from docgen.kinds.common import read_authorisation, read_signature
from docgen.kinds.departement import Departement


def read_budget(reading: Reading) -> Budget:
    data = reading.doc.data
    avenants = data[keys.AVENANTS]
    year = int(data[keys.YEAR])
    vote = data[keys.VOTE]
    services: tuple[str, ...] = ()
    if isinstance(reading.governor, Departement):
        files = reading.others.files_of(convention_kind.KIND, reading.governor.source)
        services = tuple(sorted(path.stem for path in files))
    return Budget(
        source=reading.path,
        reference=data[keys.REFERENCE],
        year=year,
        rate=Decimal(data[keys.RATE]),
        vote_assembly=vote[keys.ASSEMBLY],
        vote_date=date.fromisoformat(vote[keys.DATE]),
        subject=avenants.get(keys.SUBJECT) or f"Dotation {year}",
        authorisation=read_authorisation(avenants[keys.AUTHORISATION]),
        signature=read_signature(avenants[keys.SIGNATURE]),
        new_measures=tuple(
            BudgetLine(m[keys.SERVICE], Decimal(m[keys.AMOUNT]), m[keys.REASON])
            for m in data.get(keys.NEW_MEASURES) or ()
        ),
        derogations=tuple(
            BudgetLine(d[keys.SERVICE], Decimal(d[keys.DOTATION]), d[keys.REASON])
            for d in data.get(keys.DEROGATIONS) or ()
        ),
        services=services,
        vote_number=str(vote[keys.NUMBER]) if vote.get(keys.NUMBER) else None,
        vote_subject=vote.get(keys.SUBJECT),
    )
