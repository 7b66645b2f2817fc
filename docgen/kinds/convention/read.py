"""Schema-valid convention data → ``Convention`` (with the avenants at the end of its file).

Only called on data the schema accepted, so the conversions below cannot fail on shape
or format; they only type the strings the loader kept.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from docgen.core.workspace import Reading
from docgen.kinds.common import (
    optional_date,
    optional_decimal,
    person,
    read_address,
    read_authorisation,
    read_signature,
)
from docgen.kinds.convention.model import (
    Association,
    Avenant,
    Clause,
    Commune,
    Convention,
    DotationChange,
    Funding,
    Service,
    Staffing,
    StaffLine,
    Term,
    TermKind,
)
from docgen.kinds.departement import Departement
from docgen.kinds.departement.read import read_shares


def read_convention(reading: Reading) -> Convention | None:
    departement = reading.governor
    if not isinstance(departement, Departement):
        return None  # the Département's file is wrong: its own findings say why
    data = reading.doc.data
    service = data["service"]
    association = data["association"]
    funding = data["financement"]
    return Convention(
        source=reading.path,
        departement=departement,
        service=Service(
            name=service["nom"],
            territory=service["territoire"],
            districts=tuple(service["quartiers"]),
            solidarity_house=service["maison_solidarite"],
        ),
        association=Association(
            name=association["nom"],
            address=read_address(association["adresse"]),
            president=person(association["president"]),
            board_resolution=optional_date(association.get("deliberation_ca")),
        ),
        communes=read_communes(data["communes"]),
        staffing=read_staffing(data["effectifs"]),
        funding=Funding(
            year=int(funding["annee"]),
            dotation=Decimal(funding["dotation"]),
            shares=read_shares(funding["repartition"])
            if funding.get("repartition")
            else departement.shares,
        ),
        term=read_term(data["duree"]),
        signature=read_signature(data["signature"]),
        authorisation=read_authorisation(data["autorisation"]),
        clauses=tuple(Clause(title=c["titre"], text=c["texte"]) for c in data.get("clauses") or ()),
        avenants=tuple(read_avenant(a) for a in data.get("avenants") or ()),
    )


def read_avenant(data: dict[str, Any]) -> Avenant:
    changes = data.get("modifications") or {}
    dotation = changes.get("dotation")
    return Avenant(
        number=int(data["numero"]),
        subject=data["objet"],
        authorisation=read_authorisation(data["autorisation"]),
        signature=read_signature(data["signature"]),
        budget=data.get("budget"),
        dotation=DotationChange(
            year=int(dotation["annee"]),
            amount=Decimal(dotation["montant"]),
            rate=optional_decimal(dotation.get("taux_evolution")),
            new_measures=optional_decimal(dotation.get("mesures_nouvelles")),
        )
        if dotation
        else None,
        communes=read_communes(changes["communes"]) if "communes" in changes else None,
        staffing=read_staffing(changes["effectifs"]) if changes.get("effectifs") else None,
        term=read_term(changes["duree"]) if changes.get("duree") else None,
    )


def read_communes(data: list[dict[str, Any]]) -> tuple[Commune, ...]:
    return tuple(
        Commune(
            name=c["nom"],
            insee=str(c["insee"]),
            mayor=person(c["maire"]),
            share=Decimal(c["part"]),
            council_resolution=optional_date(c.get("deliberation_conseil")),
        )
        for c in data
    )


def read_staffing(data: dict[str, Any]) -> Staffing:
    return Staffing(
        management=Decimal(data["direction"]),
        social_workers=Decimal(data["travailleurs_sociaux"]),
        administrative=Decimal(data["administratif"]),
        others=tuple(
            StaffLine(label=o["libelle"], etp=Decimal(o["etp"])) for o in data.get("autres") or ()
        ),
    )


def read_term(data: dict[str, Any]) -> Term:
    return Term(
        start=date.fromisoformat(data["debut"]),
        kind=TermKind(data["mode"]),
        years=int(data["annees"]),
        notice_months=int(data["preavis_mois"]),
        end=optional_date(data.get("fin")),
    )
