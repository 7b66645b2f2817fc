"""What the deliberation's templates see: the deliberation, its financial annex, the list.

Three templates (``templates/deliberation.docx``, ``annexe-financiere.docx``,
``liste-conventions.docx``, built by ``scripts/make_deliberation_templates.py``; a
Département may have its own in ``templates/<its folder>/``). Every amount comes from
``split_dotation`` of the version a document covers — the convention as signed, or the
convention as amended by the avenant (``consolidate``) — so the annex reconciles to the
cent with the conventions and avenants it lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import cast

from docgen.compute import split_dotation
from docgen.core import french as fr
from docgen.core.engine import render_docx
from docgen.deliberation.model import Checked, Covered, Deliberation
from docgen.model import Person
from docgen.render.engine import template_for
from docgen.render.parties import (
    ASSEMBLIES,
    Signatory,
    address,
    day,
    officer,
    parties_context,
)

ASSEMBLY_TITLES = {
    "Commission permanente": "de la Commission permanente du Conseil départemental",
    "Conseil départemental": "du Conseil départemental",
}
ASSEMBLY_SUBJECTS = {
    "Commission permanente": "La Commission permanente du Conseil départemental",
    "Conseil départemental": "Le Conseil départemental",
}


@dataclass(frozen=True)
class Annex:
    number: int
    title: str  # "Annexe financière"
    kind: str  # the template: "annexe-financiere", "liste-conventions", "convention"
    slug: str  # in the file name: "annexe-financiere"


@dataclass(frozen=True)
class ServiceRow:
    """A row of the deliberation's article tables and of the list of documents to sign."""

    service: str
    association: str
    communes: str  # one per line
    act: str  # "Convention de partenariat" or "Avenant n° 1"
    subject: str  # the dotation it sets (and the avenant's subject)
    dotation: Decimal  # as the document leaves it
    parties: str  # one per line
    signatories: str  # one per line
    signature: str  # "Arras, le 15 janvier 2024"


@dataclass(frozen=True)
class AnnexLine:
    """A service's row in the financial annex, or one of its communes (``commune`` set)."""

    label: str
    act: str = ""
    year: int = 0
    previous: Decimal = Decimal(0)
    dotation: Decimal = Decimal(0)
    departement: Decimal = Decimal(0)
    communes: Decimal = Decimal(0)
    commune: str = ""  # « Commune de Carvin (1,25 %) »
    amount: Decimal = Decimal(0)


@dataclass(frozen=True)
class Totals:
    previous: Decimal
    dotation: Decimal
    departement: Decimal
    communes: Decimal


def annexes_of(checked: Checked) -> list[Annex]:
    """The annexes, numbered in the order the deliberation cites them."""
    kinds = []
    if checked.deliberation.approves_model:
        kinds.append(("Projet type de convention", "convention", "projet-type-de-convention"))
    kinds.append(("Annexe financière", "annexe-financiere", "annexe-financiere"))
    documents = _documents(checked)
    kinds.append(
        (
            f"Liste des {documents} à signer",
            "liste-conventions",
            f"liste-des-{documents.replace(' ', '-')}",
        )
    )
    return [Annex(number, *kind) for number, kind in enumerate(kinds, 1)]


def _documents(checked: Checked) -> str:
    if checked.conventions and checked.avenants:
        return "conventions et avenants"
    return "conventions" if checked.conventions else "avenants"


def _annex_number(annexes: list[Annex], kind: str) -> int:
    return next((a.number for a in annexes if a.kind == kind), 0)


def heading(checked: Checked, annex: Annex) -> str:
    """« Annexe 2 à la délibération n° 2023-601 de la Commission permanente du 11 décembre … »."""
    d = checked.deliberation
    return (
        f"Annexe {annex.number} à la délibération n° {d.number} {ASSEMBLIES[d.assembly]} du "
        f"{fr.date_long(d.date)}"
    )


def _people(names: tuple[str, ...]) -> str:
    return ", ".join(names)


def _chair(checked: Checked) -> Person:
    return checked.deliberation.president or checked.departement.president


def _visas(checked: Checked) -> list[str]:
    d, president = checked.deliberation, checked.departement.president
    of_president = "de la Présidente" if president.civility == "Madame" else "du Président"
    visas = list(d.visas)
    if d.report:
        visas.append(f"le rapport n° {d.report} {of_president} du Conseil départemental")
    if d.committee:
        visas.append(
            f"l’avis de la {d.committee.name} rendu lors de sa réunion du "
            f"{fr.date_long(d.committee.date)}"
        )
    return visas


def _service_row(item: Covered) -> ServiceRow:
    version = item.version
    signatories = [
        f"{s.party} : {s.officer.person.full_name}, {s.officer.title}"
        for s in cast(list[Signatory], parties_context(version)["signatories"])
    ]
    dotation = f"dotation {version.funding.year} : {fr.amount(version.funding.dotation)}"
    if item.avenant is None:
        act, subject = "Convention de partenariat", f"D{dotation[1:]}"
    else:
        avenant = item.convention.avenants[item.avenant - 1]
        act, subject = f"Avenant n° {item.avenant}", f"{avenant.subject}\nNouvelle {dotation}"
    signature = item.signature
    return ServiceRow(
        service=version.service.name,
        association=version.association.name,
        communes="\n".join(c.name for c in version.communes),
        act=act,
        subject=subject,
        dotation=version.funding.dotation,
        parties="\n".join(
            [
                version.departement.full_name,
                f"{version.association.name}, {address(version.association.address)}",
                *(f"Commune {fr.de(c.name)}" for c in version.communes),
            ]
        ),
        signatories="\n".join(signatories),
        signature=f"{signature.place}, le {day(signature.date)}",
    )


def _phrase(items: tuple[Covered, ...], one: str, many: str) -> str:
    return one if len(items) == 1 else many.format(count=len(items))


def deliberation_context(checked: Checked, annexes: list[Annex]) -> dict[str, object]:
    """Everything ``templates/deliberation.docx`` sees."""
    d, dep = checked.deliberation, checked.departement
    attendance, vote = d.attendance, d.vote
    chair = _chair(checked)
    signs_as_president = chair == dep.president
    president = officer(dep.president, "Président", "Présidente")
    numbers = iter(range(1, 4))
    not_taking_part = vote.not_taking_part.count if vote.not_taking_part else 0
    present = vote.present if vote.present is not None else len(attendance.present)
    proxies = vote.proxies
    if proxies is None:  # listed, or else every voter not present voted by proxy
        proxies = len(attendance.proxies) or vote.voters + not_taking_part - present
    of_departement = dep.full_name.removeprefix("Département ")  # « du Pas-de-Calais »
    return {
        "departement": dep,
        "deliberation": d,
        "vote": vote,
        "sent": day(d.sent) if d.sent else "",
        "published": day(d.published) if d.published else "",
        "assembly_title": ASSEMBLY_TITLES[d.assembly],
        "assembly_subject": f"{ASSEMBLY_SUBJECTS[d.assembly]} {of_departement}",
        "meeting_date": fr.date_long(d.date),
        "chair": f"{chair.civility} {chair.full_name}",
        "secretary": d.secretary or "",
        "present": _people(attendance.present),
        "represented": ", ".join(
            f"{p.giver} donne pouvoir à {p.holder}" for p in attendance.proxies
        ),
        "excused": _people(attendance.excused),
        "absent": _people(attendance.absent),
        "without_vote": _people(attendance.without_vote),
        "in_office": str(checked.members_in_office or ""),
        "visas": _visas(checked),
        "article_model": next(numbers) if d.approves_model else 0,
        "article_conventions": next(numbers) if checked.conventions else 0,
        "article_avenants": next(numbers) if checked.avenants else 0,
        "model_annex": _annex_number(annexes, "convention"),
        "financial_annex": _annex_number(annexes, "annexe-financiere"),
        "list_annex": _annex_number(annexes, "liste-conventions"),
        "president_the_title": president.the_title,
        "conventions_with": _phrase(
            checked.conventions,
            "avec le service de prévention spécialisée et les communes co-financeuses "
            "mentionnés ci-dessous, la convention précisant",
            "avec les {count} services de prévention spécialisée et les communes "
            "co-financeuses mentionnés ci-dessous, les conventions précisant",
        ),
        "avenants_with": _phrase(
            checked.avenants,
            "avec l’association gestionnaire et les communes co-financeuses du service "
            "mentionné ci-dessous, l’avenant à sa convention",
            "avec les associations gestionnaires et les communes co-financeuses des "
            "{count} services mentionnés ci-dessous, les avenants à leurs conventions",
        ),
        "convention_rows": [_service_row(item) for item in checked.conventions],
        "avenant_rows": [_service_row(item) for item in checked.avenants],
        "show_tally": dep.quorum,
        "tally_present": present,
        "quorum_present": len(attendance.present),
        "tally_proxies": proxies,
        "tally_voters": vote.voters + not_taking_part,
        "place": d.place,
        "chair_role": f"{president.role} du Conseil départemental"
        if signs_as_president
        else officer(chair, "Président", "Présidente").role + " de séance",
        "chair_name": chair.full_name,
        "signatory": d.signatory,
        "annexes": annexes,
    }


def _lines(items: tuple[Covered, ...]) -> tuple[list[AnnexLine], Totals]:
    lines: list[AnnexLine] = []
    totals = [Decimal(0)] * 4
    for item in items:
        split = split_dotation(item.version)
        before = item.previous.funding.dotation if item.previous is not None else Decimal(0)
        lines.append(
            AnnexLine(
                label=f"« {item.version.service.name} » – {item.version.association.name}",
                act="Convention" if item.avenant is None else f"Avenant n° {item.avenant}",
                year=item.version.funding.year,
                previous=before,
                dotation=split.dotation,
                departement=split.departement,
                communes=split.communes,
            )
        )
        lines += [
            AnnexLine(
                label="",
                commune=f"dont Commune {fr.de(share.commune.name)} "
                f"({fr.percent(share.commune.share)})",
                amount=share.amount,
            )
            for share in split.per_commune
        ]
        for index, value in enumerate((before, split.dotation, split.departement, split.communes)):
            totals[index] += value
    return lines, Totals(*totals)


def financial_annex_context(checked: Checked, annex: Annex) -> dict[str, object]:
    """Everything ``templates/annexe-financiere.docx`` sees."""
    convention_lines, convention_totals = _lines(checked.conventions)
    avenant_lines, avenant_totals = _lines(checked.avenants)
    years = sorted({item.version.funding.year for item in checked.covered})
    shares = {item.version.funding.shares for item in checked.covered}
    uniform = next(iter(shares)) if len(shares) == 1 else None
    return {
        "departement": checked.departement,
        "deliberation": checked.deliberation,
        "annex": annex,
        "heading": heading(checked, annex),
        "years": fr.join_fr([str(y) for y in years]),
        "departement_share": f" ({fr.percent(uniform.departement)})" if uniform else "",
        "communes_share": f" ({fr.percent(uniform.communes)})" if uniform else "",
        "convention_lines": convention_lines,
        "convention_totals": convention_totals,
        "avenant_lines": avenant_lines,
        "avenant_totals": avenant_totals,
    }


def signing_list_context(checked: Checked, annex: Annex) -> dict[str, object]:
    """Everything ``templates/liste-conventions.docx`` sees."""
    return {
        "departement": checked.departement,
        "deliberation": checked.deliberation,
        "annex": annex,
        "heading": heading(checked, annex),
        "title": annex.title,
        "rows": [_service_row(item) for item in checked.covered],
    }


def render_deliberation(checked: Checked, annexes: list[Annex]) -> bytes:
    return render_docx(
        template_for(checked.departement, "deliberation"),
        deliberation_context(checked, annexes),
    )


def render_financial_annex(checked: Checked, annex: Annex) -> bytes:
    return render_docx(
        template_for(checked.departement, "annexe-financiere"),
        financial_annex_context(checked, annex),
    )


def render_signing_list(checked: Checked, annex: Annex) -> bytes:
    return render_docx(
        template_for(checked.departement, "liste-conventions"),
        signing_list_context(checked, annex),
    )


def document_title(deliberation: Deliberation) -> str:
    return f"Délibération n° {deliberation.number} – {deliberation.subject}"
