"""Schema-valid convention data → ``Convention`` (with the avenants at the end of its file).

Only called on data the schema accepted, so the conversions below cannot fail on shape
or format; they only type the strings the loader kept.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import docgen.kinds.convention.keys as keys
from docgen.core.french import PlaceName
from docgen.core.kind import Reading
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
    BudgetVote,
    Clause,
    Commune,
    Convention,
    ConventionAnnex,
    DotationChange,
    Funder,
    Funding,
    FundingLine,
    Habilitations,
    Party,
    Service,
    Staffing,
    StaffLine,
    Term,
    TermKind,
)
from docgen.kinds.departement import Departement
from docgen.kinds.departement.read import read_shares
from docgen.kinds.register import read_register


def read_convention(reading: Reading) -> Convention | None:
    departement = reading.governor
    if not isinstance(departement, Departement):
        return None  # the Département's file is wrong: its own findings say why
    data = reading.doc.data
    service = data.get("service")
    association = data.get("association")
    return Convention(
        source=reading.path,
        departement=departement,
        service=Service(
            name=service["nom"],
            territory=service.get("territoire"),
            districts=tuple(service.get("quartiers") or ()),
            solidarity_house=service.get("maison_solidarite"),
        )
        if service
        else None,
        association=Association(
            name=association["nom"],
            address=read_address(association["adresse"]) if association.get("adresse") else None,
            president=person(association["president"]),
            board_resolution=optional_date(association.get("deliberation_ca")),
        )
        if association
        else None,
        communes=read_communes(data.get("communes") or []),
        staffing=read_staffing(data["effectifs"]) if data.get("effectifs") else None,
        funding=read_funding(data["financement"], departement) if data.get("financement") else None,
        term=read_term(data["duree"]),
        signature=read_signature(data.get("signature") or {}),
        authorisation=read_authorisation(data["autorisation"]),
        clauses=tuple(Clause(title=c["titre"], text=c["texte"]) for c in data.get("clauses") or ()),
        avenants=tuple(read_avenant(a) for a in data.get("avenants") or ()),
        parties=tuple(read_party(p) for p in data.get("parties") or ()),
        visas=tuple(data.get("visas") or ()),
        preamble=tuple(data.get("preambule") or ()),
        annexes=tuple(
            ConventionAnnex(a["titre"], paragraphs(a["texte"])) for a in data.get("annexes") or ()
        ),
        subject=data.get("objet"),
        register=read_register(
            reading.others, departement.source, departement.external_deliberations
        ),
    )


def read_funding(data: dict[str, Any], departement: Departement) -> Funding:
    return Funding(
        year=int(data["annee"]),
        dotation=optional_decimal(data.get("dotation")),
        shares=read_shares(data["repartition"]) if data.get("repartition") else departement.shares,
        funders=tuple(Funder(f["cle"], f["nom"]) for f in data.get("financeurs") or ()),
        lines=tuple(
            FundingLine(
                label=line["libelle"],
                amounts={key: Decimal(value) for key, value in line["montants"].items()},
                reference=line.get("reference"),
                group=line.get("groupe"),
                section=line.get("rubrique"),
                imputation=line.get("imputation"),
            )
            for line in data.get("lignes") or ()
        ),
        stated_totals={
            key: Decimal(value) for key, value in (data.get("totaux_declares") or {}).items()
        },
    )


def read_party(data: dict[str, Any]) -> Party:
    return Party(
        key=data["cle"],
        name=data["nom"],
        representative=person(data["representant"]),
        title=data["qualite"],
        designation=data.get("designation"),
        resolution=optional_date(data.get("deliberation")),
    )


def paragraphs(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def read_avenant(data: dict[str, Any]) -> Avenant:
    changes = data.get(keys.CHANGES) or {}
    dotation = changes.get(keys.DOTATION)
    vote = data.get(keys.BUDGET_VOTE)
    return Avenant(
        number=int(data[keys.NUMBER]),
        subject=data[keys.SUBJECT],
        authorisation=read_authorisation(data[keys.AUTHORISATION]),
        signature=read_signature(data[keys.SIGNATURE]),
        budget=data.get(keys.BUDGET),
        budget_vote=read_budget_vote(vote) if vote else None,
        habilitations=read_habilitations(data.get(keys.HABILITATIONS) or {}),
        preamble=tuple(data.get(keys.PREAMBLE) or ()),
        effect=optional_date(data.get(keys.EFFECT_DATE)),
        dotation=DotationChange(
            year=int(dotation[keys.YEAR]),
            amount=Decimal(dotation[keys.AMOUNT]),
            rate=optional_decimal(dotation.get(keys.RATE)),
            new_measures=optional_decimal(dotation.get(keys.NEW_MEASURES)),
        )
        if dotation
        else None,
        communes=read_communes(changes[keys.COMMUNES]) if keys.COMMUNES in changes else None,
        staffing=read_staffing(changes[keys.STAFFING]) if changes.get(keys.STAFFING) else None,
        term=read_term(changes[keys.TERM]) if changes.get(keys.TERM) else None,
    )


def read_budget_vote(data: dict[str, Any]) -> BudgetVote:
    return BudgetVote(
        assembly=data[keys.ASSEMBLY],
        date=date.fromisoformat(data[keys.DATE]),
        number=str(data[keys.NUMBER]) if data.get(keys.NUMBER) else None,
        subject=data.get(keys.SUBJECT),
    )


def read_habilitations(data: dict[str, Any]) -> Habilitations:
    def dates(values: dict[str, str] | None) -> dict[str, date]:
        return {str(key): date.fromisoformat(day) for key, day in (values or {}).items() if day}

    return Habilitations(
        association=optional_date(data.get(keys.ASSOCIATION)),
        communes=dates(data.get(keys.COMMUNES)),
        parties=dates(data.get(keys.PARTIES)),
    )


def read_communes(data: list[dict[str, Any]]) -> tuple[Commune, ...]:
    return tuple(
        Commune(
            name=PlaceName(c["nom"], c.get("elision")),
            insee=str(c["insee"]) if c.get("insee") is not None else None,
            mayor=person(c["maire"]),
            share=optional_decimal(c.get("part")),
            council_resolution=optional_date(c.get("deliberation_conseil")),
            contribution=c.get("contribution"),
            valuation=optional_decimal(c.get("valorisation")),
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
