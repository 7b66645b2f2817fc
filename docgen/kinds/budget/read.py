"""Schema-valid budget vote data → ``Budget``."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from docgen.core.workspace import Reading
from docgen.kinds import convention as convention_kind
from docgen.kinds.budget.model import Budget, BudgetLine
from docgen.kinds.common import read_authorisation, read_signature
from docgen.kinds.departement import Departement


def read_budget(reading: Reading) -> Budget:
    data = reading.doc.data
    avenants = data["avenants"]
    year = int(data["annee"])
    services: tuple[str, ...] = ()
    if isinstance(reading.governor, Departement):
        files = reading.workspace.files_of(convention_kind.KIND, reading.governor.source)
        services = tuple(sorted(path.stem for path in files))
    return Budget(
        source=reading.path,
        reference=data["reference"],
        year=year,
        rate=Decimal(data["taux_evolution"]),
        vote_assembly=data["vote"]["instance"],
        vote_date=date.fromisoformat(data["vote"]["date"]),
        subject=avenants.get("objet") or f"Dotation {year}",
        authorisation=read_authorisation(avenants["autorisation"]),
        signature=read_signature(avenants["signature"]),
        new_measures=tuple(
            BudgetLine(m["service"], Decimal(m["montant"]), m["motif"])
            for m in data.get("mesures_nouvelles") or ()
        ),
        derogations=tuple(
            BudgetLine(d["service"], Decimal(d["dotation"]), d["motif"])
            for d in data.get("derogations") or ()
        ),
        services=services,
        vote_number=str(data["vote"]["numero"]) if data["vote"].get("numero") else None,
        vote_subject=data["vote"].get("objet"),
    )
