"""Schema-valid convention data → ``Convention`` (with the avenants at the end of its file).

Only called on data the schema accepted, so the conversions below cannot fail on shape
or format; they only type the strings the loader kept.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from docgen.core.french import PlaceName
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
            reading.workspace, departement.source, departement.external_deliberations
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
    changes = data.get("modifications") or {}
    dotation = changes.get("dotation")
    return Avenant(
        number=int(data["numero"]),
        subject=data["objet"],
        authorisation=read_authorisation(data["autorisation"]),
        signature=read_signature(data["signature"]),
        budget=data.get("budget"),
        budget_vote=read_budget_vote(data["vote_budget"]) if data.get("vote_budget") else None,
        habilitations=read_habilitations(data.get("habilitations") or {}),
        preamble=tuple(data.get("preambule") or ()),
        effect=optional_date(data.get("date_effet")),
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


def read_budget_vote(data: dict[str, Any]) -> BudgetVote:
    return BudgetVote(
        assembly=data["instance"],
        date=date.fromisoformat(data["date"]),
        number=str(data["numero"]) if data.get("numero") else None,
        subject=data.get("objet"),
    )


def read_habilitations(data: dict[str, Any]) -> Habilitations:
    def dates(values: dict[str, str] | None) -> dict[str, date]:
        return {str(key): date.fromisoformat(day) for key, day in (values or {}).items() if day}

    return Habilitations(
        association=optional_date(data.get("association")),
        communes=dates(data.get("communes")),
        parties=dates(data.get("parties")),
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
