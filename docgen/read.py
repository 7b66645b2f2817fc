"""Turn schema-valid YAML data into the typed model of ``docgen.model``.

Only called on data the schema accepted, so the conversions below cannot fail on
shape or format; they only type the strings the loader kept.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from docgen.model import (
    Address,
    Association,
    Authorisation,
    Avenant,
    Budget,
    BudgetLine,
    Clause,
    Commune,
    Convention,
    Departement,
    DotationChange,
    Funding,
    Person,
    RuleSetting,
    Service,
    Shares,
    Signature,
    SigningService,
    Staffing,
    StaffingRatio,
    StaffLine,
    Term,
    TermKind,
)

_ASSEMBLY_KEYS = {
    "commission_permanente": "Commission permanente",
    "conseil_departemental": "Conseil départemental",
}


def read_departement(source: Path, data: dict[str, Any]) -> Departement:
    ratio = data.get("ratio_encadrement")
    report_year = data.get("modele_rapport_activite")
    return Departement(
        source=source,
        name=data["nom"],
        article=data["article"],
        code=str(data["code"]),
        president=_person(data["president"]),
        seat=_address(data["siege"]),
        signing_service=SigningService(
            pole=data["service_signataire"]["pole"],
            direction=data["service_signataire"]["direction"],
            service=data["service_signataire"]["service"],
        ),
        court=data["tribunal_administratif"],
        data_protection_email=data["delegue_protection_donnees"],
        shares=_shares(data["repartition"]),
        visas=tuple(data["visas"]),
        communication_charter_url=data.get("site_communication") or "",
        activity_report_model_year=int(report_year) if report_year else None,
        staffing_ratio=StaffingRatio(
            per_educational=Decimal(ratio["educatifs"]),
            max_management=Decimal(ratio["direction_max"]),
            max_administrative=Decimal(ratio["administratif_max"]),
        )
        if ratio
        else None,
        siren=str(data.get("siren") or ""),
        classification=str(data.get("classification") or ""),
        quorum=data.get("quorum") is True,
        members_in_office={
            _ASSEMBLY_KEYS[key]: int(count)
            for key, count in (data.get("membres_en_exercice") or {}).items()
        },
        rule_settings={
            rule_id: RuleSetting(
                enabled=setting.get("actif", True) is not False,
                severity=setting.get("severite"),
                reason=setting["raison"],
            )
            for rule_id, setting in (data.get("regles") or {}).items()
        },
    )


def read_convention(source: Path, data: dict[str, Any], departement: Departement) -> Convention:
    service = data["service"]
    association = data["association"]
    staffing = data["effectifs"]
    funding = data["financement"]
    return Convention(
        source=source,
        departement=departement,
        service=Service(
            name=service["nom"],
            territory=service["territoire"],
            districts=tuple(service["quartiers"]),
            solidarity_house=service["maison_solidarite"],
        ),
        association=Association(
            name=association["nom"],
            address=_address(association["adresse"]),
            president=_person(association["president"]),
            board_resolution=_date(association.get("deliberation_ca")),
        ),
        communes=_communes(data["communes"]),
        staffing=_staffing(staffing),
        funding=Funding(
            year=int(funding["annee"]),
            dotation=Decimal(funding["dotation"]),
            shares=_shares(funding["repartition"])
            if funding.get("repartition")
            else departement.shares,
        ),
        term=_term(data["duree"]),
        signature=_signature(data["signature"]),
        authorisation=_authorisation(data["autorisation"]),
        clauses=tuple(Clause(title=c["titre"], text=c["texte"]) for c in data.get("clauses") or ()),
        avenants=tuple(_avenant(a) for a in data.get("avenants") or ()),
    )


def _avenant(data: dict[str, Any]) -> Avenant:
    changes = data.get("modifications") or {}
    dotation = changes.get("dotation")
    return Avenant(
        number=int(data["numero"]),
        subject=data["objet"],
        authorisation=_authorisation(data["autorisation"]),
        signature=_signature(data["signature"]),
        budget=data.get("budget"),
        dotation=DotationChange(
            year=int(dotation["annee"]),
            amount=Decimal(dotation["montant"]),
            rate=_decimal(dotation.get("taux_evolution")),
            new_measures=_decimal(dotation.get("mesures_nouvelles")),
        )
        if dotation
        else None,
        communes=_communes(changes["communes"]) if "communes" in changes else None,
        staffing=_staffing(changes["effectifs"]) if changes.get("effectifs") else None,
        term=_term(changes["duree"]) if changes.get("duree") else None,
    )


def _communes(data: list[dict[str, Any]]) -> tuple[Commune, ...]:
    return tuple(
        Commune(
            name=c["nom"],
            insee=str(c["insee"]),
            mayor=_person(c["maire"]),
            share=Decimal(c["part"]),
            council_resolution=_date(c.get("deliberation_conseil")),
        )
        for c in data
    )


def _staffing(data: dict[str, Any]) -> Staffing:
    return Staffing(
        management=Decimal(data["direction"]),
        social_workers=Decimal(data["travailleurs_sociaux"]),
        administrative=Decimal(data["administratif"]),
        others=tuple(
            StaffLine(label=o["libelle"], etp=Decimal(o["etp"])) for o in data.get("autres") or ()
        ),
    )


def _term(data: dict[str, Any]) -> Term:
    return Term(
        start=_required_date(data["debut"]),
        kind=TermKind(data["mode"]),
        years=int(data["annees"]),
        notice_months=int(data["preavis_mois"]),
        end=_date(data.get("fin")),
    )


def _signature(data: dict[str, Any]) -> Signature:
    return Signature(
        place=data["lieu"],
        date=_date(data.get("date")),
        originals=int(data["exemplaires"]) if data.get("exemplaires") else None,
    )


def _authorisation(data: dict[str, Any]) -> Authorisation:
    return Authorisation(
        assembly=data["instance"],
        date=_date(data.get("date")),
        number=data.get("numero"),
    )


def _decimal(value: str | None) -> Decimal | None:
    return Decimal(value) if value is not None else None


def _person(data: dict[str, Any]) -> Person:
    return Person(civility=data["civilite"], first_name=data["prenom"], last_name=data["nom"])


def _address(data: dict[str, Any]) -> Address:
    return Address(
        street=data["rue"],
        postcode=str(data["code_postal"]),
        city=data["ville"],
        building=data.get("batiment") or "",
    )


def _shares(data: dict[str, Any]) -> Shares:
    return Shares(departement=Decimal(data["departement"]), communes=Decimal(data["communes"]))


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _required_date(value: str) -> date:
    return date.fromisoformat(value)


def read_budget(source: Path, data: dict[str, Any]) -> Budget:
    avenants = data["avenants"]
    year = int(data["annee"])
    return Budget(
        source=source,
        reference=data["reference"],
        year=year,
        rate=Decimal(data["taux_evolution"]),
        vote_assembly=data["vote"]["instance"],
        vote_date=_required_date(data["vote"]["date"]),
        subject=avenants.get("objet") or f"Dotation {year}",
        authorisation=_authorisation(avenants["autorisation"]),
        signature=_signature(avenants["signature"]),
        new_measures=tuple(
            BudgetLine(m["service"], Decimal(m["montant"]), m["motif"])
            for m in data.get("mesures_nouvelles") or ()
        ),
        derogations=tuple(
            BudgetLine(d["service"], Decimal(d["dotation"]), d["motif"])
            for d in data.get("derogations") or ()
        ),
    )
