"""Schema-valid ``departement.yaml`` data → ``Departement``."""

from __future__ import annotations

from decimal import Decimal

from docgen.core.kind import Reading
from docgen.kinds.common import ASSEMBLY_KEYS, person, read_address
from docgen.kinds.departement.model import (
    CENTS,
    AmountStyles,
    Departement,
    Payment,
    RuleSetting,
    Shares,
    SigningService,
    StaffingRatio,
)
from docgen.kinds.departement.rules import SPLIT_SUM, external_violations, shares_violations
from docgen.kinds.register import EXTERNAL_KEY, declared


def read_departement(reading: Reading) -> Departement:
    data = reading.doc.data
    ratio = data.get("ratio_encadrement")
    report_year = data.get("modele_rapport_activite")
    seconds = (data.get("limites") or {}).get("rendu_secondes")
    departement = Departement(
        source=reading.path,
        name=data["nom"],
        article=data["article"],
        code=str(data["code"]),
        president=person(data["president"]),
        seat=read_address(data["siege"]) if data.get("siege") else None,
        signing_service=SigningService(
            pole=data["service_signataire"]["pole"],
            direction=data["service_signataire"]["direction"],
            service=data["service_signataire"]["service"],
        )
        if data.get("service_signataire")
        else None,
        court=data.get("tribunal_administratif"),
        data_protection_email=data.get("delegue_protection_donnees"),
        shares=read_shares(data["repartition"]) if data.get("repartition") else None,
        visas=tuple(data.get("visas") or ()),
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
            ASSEMBLY_KEYS[key]: int(count)
            for key, count in (data.get("membres_en_exercice") or {}).items()
        },
        payment=Payment(data["paiement"]["modalites"], data["paiement"]["imputation"])
        if data.get("paiement")
        else None,
        amounts=AmountStyles(
            **{key: CENTS[value] for key, value in (data.get("montants") or {}).items()}
        ),
        rule_settings={
            rule_id: RuleSetting(
                enabled=setting.get("actif", True) is not False,
                severity=setting.get("severite"),
                reason=setting["raison"],
            )
            for rule_id, setting in (data.get("regles") or {}).items()
        },
        external_deliberations=tuple(
            declared(item, index) for index, item in enumerate(data.get(EXTERNAL_KEY) or ())
        ),
        render_seconds=Decimal(str(seconds)) if seconds is not None else None,
    )
    # The split invariant is the convention's rule; a Département's default split is
    # checked here, once, rather than on each convention that inherits it.
    if departement.shares is not None:
        for violation in shares_violations(departement.shares, ("repartition", "communes")):
            reading.report(SPLIT_SUM, violation)
    for rule_id, violation in external_violations(departement.external_deliberations):
        reading.report(rule_id, violation)
    return departement


def read_shares(data: dict[str, str]) -> Shares:
    return Shares(departement=Decimal(data["departement"]), communes=Decimal(data["communes"]))
