"""What the deliberation's templates see: the deliberation, its financial annex, the list.

Three templates (``templates/deliberation.docx``, ``annexe-financiere.docx``,
``liste-conventions.docx``, edited in Word like every template; a Département may have
its own in ``templates/<its folder>/``). They hold every word of the act: « La
Commission permanente du Conseil départemental … », « DÉCIDE : », « De valider le projet
type de convention … joint en annexe 1 ». This module gives them values only: the
deliberation as its file states it, each article of the decision (``decisions``: what it
does, the acts it concerns, the numbers of the annexes that hold them), the annexes,
amounts, dates and lists. Nothing is counted that the act does not state: the members
present or represented at the time of the vote are printed only when the file gives
them (``vote.presents``, ``vote.procurations``).

Every amount comes from ``split_dotation`` of the version a document covers — the
convention as signed, or the convention as amended by the avenant (``consolidate``) —
so the annex reconciles to the cent with the conventions and avenants it lists. One
document writes all its amounts alike (``centimes``): with the Département's « auto »,
with cents as soon as one of them has cents.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from docgen.core import french as fr
from docgen.core.context import doc
from docgen.kinds.common import ASSEMBLIES, BLANK, Person, address, day
from docgen.kinds.convention.context import signatories
from docgen.kinds.convention.model import Convention
from docgen.kinds.convention.split import DotationSplit, split_dotation
from docgen.kinds.deliberation.model import (
    AnnexKind,
    Checked,
    Covered,
    Deliberation,
    PlannedAnnex,
    PlannedDecision,
    Signatory,
    Vote,
)
from docgen.kinds.departement import Departement


@dataclass(frozen=True)
class CoveredAct:
    """An act the deliberation covers, as it leaves the convention (for any table)."""

    convention: Convention = doc(
        "calculé : la convention telle que l’acte la laisse", fr="convention"
    )
    avenant: int | None = doc(
        "calculé : le numéro de l’avenant (rien pour une convention)", fr="avenant"
    )
    previous: Convention | None = doc(
        "calculé : pour un avenant, la version qu’il modifie", fr="precedente"
    )
    split: DotationSplit | None = doc(
        "calculé : la répartition de sa dotation, au centime", fr="repartition_dotation"
    )
    designation: str = doc(
        "conventions[].designation : comment l’acte la nomme (vide sinon)", fr="designation"
    )


@dataclass(frozen=True)
class ServiceRow:
    """A row of an article's table and of the list of the acts to sign."""

    service: str = doc("service.nom", fr="service")
    association: str = doc("association.nom", fr="association")
    communes: tuple[str, ...] = doc("calculé : communes[].nom", fr="communes")
    avenant: int | None = doc(
        "calculé : le numéro de l’avenant (rien pour une convention)", fr="avenant"
    )
    avenant_subject: str = doc("avenants[].objet (vide pour une convention)", fr="objet_avenant")
    year: int = doc("calculé : l’exercice de la dotation", fr="annee")
    dotation: Decimal | None = doc("calculé : la dotation telle que l’acte la fixe", fr="dotation")
    parties: str = doc(
        "calculé : les parties, une par ligne, comme la convention les nomme", fr="parties"
    )
    signatories: str = doc(
        "calculé : les signataires, un par ligne, comme la convention les nomme",
        fr="signataires",
    )
    signature_place: str = doc("signature.lieu (…… s’il manque)", fr="lieu_signature")
    signature_date: str = doc(
        "calculé : signature.date en toutes lettres (…… si elle manque)", fr="date_signature"
    )


@dataclass(frozen=True)
class YearCommitment:
    """What the acts commit, for one exercice: dotations, communes' part and the
    Département's (its engagement)."""

    year: int = doc("calculé : l’exercice", fr="annee")
    dotations: Decimal = doc("calculé : total des dotations globales", fr="dotations")
    communes: Decimal = doc("calculé : total des parts des communes", fr="communes")
    departement: Decimal = doc(
        "calculé : total des parts du Département (l’engagement)", fr="departement"
    )


@dataclass(frozen=True)
class Annex:
    number: int = doc("calculé : 1, 2, … dans l’ordre de annexes", fr="numero")
    kind: str = doc(
        "calculé : « projet-type », « convention », « avenant », « annexe-financiere », "
        "« liste » ou « document »",
        fr="sorte",
    )
    title: str = doc("annexes[].document : le titre d’un document fourni (vide sinon)", fr="titre")
    acts: tuple[CoveredAct, ...] = doc(
        "calculé : les actes qu’elle contient ou chiffre", fr="actes"
    )


@dataclass(frozen=True)
class Decision:
    """An article of « DÉCIDE : » (an indent, for a Département that does not number them)."""

    number: int = doc("calculé : 1, 2, … dans l’ordre de decision", fr="numero")
    kind: str = doc(
        "calculé : « approuver-modele », « approuver-conventions », « approuver-avenants », "
        "« approuver-documents », « autoriser-conventions », « autoriser-avenants » ou "
        "« imputer-depense »",
        fr="sorte",
    )
    wording: str = doc(
        "decision[].objet : comment l’acte nomme ce qu’il approuve (vide sinon)", fr="objet"
    )
    annexes: tuple[int, ...] = doc(
        "calculé : les numéros des annexes qui contiennent ce qu’il approuve ou autorise",
        fr="annexes",
    )
    financial: tuple[int, ...] = doc(
        "calculé : les numéros des annexes financières de ses actes", fr="annexes_financieres"
    )
    lists: tuple[int, ...] = doc(
        "calculé : les numéros des listes des actes à signer", fr="annexes_listes"
    )
    acts: tuple[CoveredAct, ...] = doc("calculé : les actes qu’il concerne", fr="actes")
    rows: tuple[ServiceRow, ...] = doc("calculé : une ligne par acte qu’il concerne", fr="lignes")
    commitment: Decimal | None = doc(
        "calculé : la part du Département dans ses actes (rien sans dotation)", fr="engagement"
    )
    commitments: tuple[YearCommitment, ...] = doc(
        "calculé : par exercice, les dotations de ses actes et la part du Département",
        fr="engagements",
    )


@dataclass(frozen=True)
class DeliberationContext:
    """Everything the deliberation's template sees."""

    departement: Departement = doc("departement.yaml")
    deliberation: Deliberation = doc("la délibération", fr="deliberation")
    vote: Vote = doc("vote")
    sent: str = doc("calculé : transmission.envoi (vide sinon)", fr="envoi")
    published: str = doc("calculé : transmission.publication (vide sinon)", fr="publication")
    received: str = doc("calculé : transmission.reception (vide sinon)", fr="reception")
    acknowledgement: str = doc("transmission.accuse (vide sinon)", fr="accuse")
    convocation: str = doc("calculé : convocation (vide sinon)", fr="convocation")
    meeting_date: str = doc("calculé : date, en toutes lettres", fr="date_seance")
    chair: Person = doc(
        "calculé : president, sinon le président du Département", fr="president_seance"
    )
    chair_is_president: bool = doc(
        "calculé : vrai quand le président de séance est celui du Département",
        fr="preside_par_le_president",
    )
    secretary: str = doc("secretaire", fr="secretaire")
    in_office: int | None = doc(
        "calculé : membres_en_exercice, sinon celui du departement.yaml", fr="membres_en_exercice"
    )
    visas: tuple[str, ...] = doc("visas", fr="visas")
    quorum_checked: bool = doc(
        "calculé : le quorum est vérifié (quorum_verifie, ou departement.yaml → quorum) et atteint",
        fr="quorum_verifie",
    )
    decisions: tuple[Decision, ...] = doc(
        "calculé : les articles de la décision, dans l’ordre", fr="decisions"
    )
    annexes: tuple[Annex, ...] = doc("calculé : les annexes, dans l’ordre", fr="annexes")
    acts: tuple[CoveredAct, ...] = doc(
        "calculé : chaque acte autorisé, avec son financement", fr="actes"
    )
    place: str | None = doc("signature.lieu", fr="lieu")
    signatory: Signatory | None = doc("signature.signataire", fr="signataire")
    cents: str = doc(
        "calculé : departement.yaml → montants.deliberations ; avec « auto », « centimes » "
        "dès qu’un montant du document en a",
        fr="centimes",
    )


@dataclass(frozen=True)
class AnnexLine:
    """A service's row in the financial annex, or one of its communes (``commune`` set)."""

    service: str = doc("service.nom (vide pour une commune)", fr="service", default="")
    association: str = doc("association.nom (vide pour une commune)", fr="association", default="")
    avenant: int | None = doc(
        "calculé : le numéro de l’avenant (rien pour une convention)", fr="avenant", default=None
    )
    year: int = doc("calculé : l’exercice", fr="annee", default=0)
    previous: Decimal = doc(
        "calculé : la dotation avant l’avenant", fr="precedente", default=Decimal(0)
    )
    dotation: Decimal = doc("calculé : la dotation", fr="dotation", default=Decimal(0))
    departement: Decimal = doc(
        "calculé : part du Département, au centime", fr="departement", default=Decimal(0)
    )
    communes: Decimal = doc(
        "calculé : part des communes, au centime", fr="communes", default=Decimal(0)
    )
    commune: str = doc("communes[].nom (vide pour un service)", fr="commune", default="")
    share: Decimal = doc("communes[].part (en %)", fr="part", default=Decimal(0))
    amount: Decimal = doc(
        "calculé : part de la commune, au centime", fr="montant", default=Decimal(0)
    )


@dataclass(frozen=True)
class Totals:
    previous: Decimal = doc("calculé : total des dotations avant les avenants", fr="precedente")
    dotation: Decimal = doc("calculé : total des dotations", fr="dotation")
    departement: Decimal = doc("calculé : total des parts du Département", fr="departement")
    communes: Decimal = doc("calculé : total des parts des communes", fr="communes")


@dataclass(frozen=True)
class FinancialAnnexContext:
    """Everything the financial annex's template sees."""

    departement: Departement = doc("departement.yaml")
    deliberation: Deliberation = doc("la délibération", fr="deliberation")
    annex: Annex = doc("calculé : cette annexe", fr="annexe")
    cents: str = doc(
        "calculé : departement.yaml → montants.annexes ; avec « auto », « centimes » dès "
        "qu’un montant de l’annexe en a",
        fr="centimes",
    )
    years: tuple[str, ...] = doc("calculé : les exercices couverts", fr="exercices")
    departement_share: Decimal | None = doc(
        "calculé : la part du Département (en %) quand toutes les conventions ont la même",
        fr="part_departement",
    )
    communes_share: Decimal | None = doc(
        "calculé : la part des communes (en %) quand toutes les conventions ont la même",
        fr="part_communes",
    )
    convention_lines: tuple[AnnexLine, ...] = doc(
        "calculé : une ligne par convention et commune", fr="lignes_conventions"
    )
    convention_totals: Totals = doc("calculé : totaux des conventions", fr="totaux_conventions")
    avenant_lines: tuple[AnnexLine, ...] = doc(
        "calculé : une ligne par avenant et commune", fr="lignes_avenants"
    )
    avenant_totals: Totals = doc("calculé : totaux des avenants", fr="totaux_avenants")
    acts: tuple[CoveredAct, ...] = doc(
        "calculé : chaque acte que l’annexe chiffre, avec son financement", fr="actes"
    )


@dataclass(frozen=True)
class SigningListContext:
    """Everything the list of acts to sign sees."""

    departement: Departement = doc("departement.yaml")
    deliberation: Deliberation = doc("la délibération", fr="deliberation")
    annex: Annex = doc("calculé : cette annexe", fr="annexe")
    rows: tuple[ServiceRow, ...] = doc("calculé : une ligne par acte à signer", fr="lignes")
    cents: str = doc(
        "calculé : departement.yaml → montants.annexes ; avec « auto », « centimes » dès "
        "qu’un montant de la liste en a",
        fr="centimes",
    )


def uniform_cents(style: str, amounts: Iterable[Decimal | None]) -> str:
    """One way of writing every amount of a document: the Département's « centimes », or,
    with « auto », « centimes » as soon as one amount has cents (268 450,00 € beside
    13 422,50 €, never 268 450 €)."""
    if style != "auto":
        return style
    cents = any(a is not None and a != a.to_integral_value() for a in amounts)
    return "centimes" if cents else "auto"


def _act(item: Covered) -> CoveredAct:
    return CoveredAct(
        item.version, item.avenant, item.previous, split_dotation(item.version), item.designation
    )


def _act_amounts(act: CoveredAct) -> list[Decimal | None]:
    funding = act.convention.funding
    found: list[Decimal | None] = []
    if act.split is not None:
        found += [act.split.dotation, act.split.departement, act.split.communes]
        found += [share.amount for share in act.split.per_commune]
    if act.previous is not None and act.previous.funding is not None:
        found.append(act.previous.funding.dotation)
    if funding is not None:
        found.append(funding.dotation)
        found += [amount for line in funding.lines for amount in line.amounts.values()]
        found += list(funding.totals.values())
    return found


def annex_heading(checked: Checked, number: int) -> str:
    """« Annexe 2 à la délibération n° 2023-601 de la Commission permanente du 11 décembre
    2023 », for the templates of the convention and the avenant, which print it as a
    whole (``annexe``), and for the documents' properties."""
    d = checked.deliberation
    return (
        f"Annexe {number} à la délibération n° {d.number} {ASSEMBLIES[d.assembly]} du "
        f"{fr.date_long(d.date)}"
    )


def annex_label(checked: Checked, annex: PlannedAnnex) -> str:
    """The annex's name in the documents' properties and the prefecture's JSON (not in a
    document: each template names the annexes in its own words)."""
    if annex.kind is AnnexKind.DOCUMENT:
        return annex.title
    if annex.kind in (AnnexKind.CONVENTION, AnnexKind.AVENANT):
        item = checked.covered[annex.covered[0]]
        if item.avenant is None:
            name = item.convention.name
            return name if name.startswith("Convention") else f"Convention « {name} »"
        return f"Projet d’avenant n° {item.avenant} à la convention « {item.convention.name} »"
    return {
        AnnexKind.MODEL: "Projet type de convention",
        AnnexKind.FINANCIAL: "Annexe financière",
        AnnexKind.LIST: "Liste des actes à signer",
    }[annex.kind]


def annex_value(checked: Checked, annex: PlannedAnnex) -> Annex:
    acts = tuple(_act(checked.covered[i]) for i in annex.covered)
    return Annex(annex.number, annex.kind.value, annex.title, acts)


def commitments(items: Iterable[Covered]) -> tuple[YearCommitment, ...]:
    """By exercice, the dotations the acts fix and the Département's part of them."""
    years: dict[int, list[Decimal]] = {}
    for item in items:
        split = split_dotation(item.version)
        if split is None:
            continue
        totals = years.setdefault(item.version.year, [Decimal(0)] * 3)
        for index, value in enumerate((split.dotation, split.communes, split.departement)):
            totals[index] += value
    return tuple(YearCommitment(year, *totals) for year, totals in sorted(years.items()))


def _chair(checked: Checked) -> Person:
    return checked.deliberation.president or checked.departement.president


def _service_row(item: Covered) -> ServiceRow:
    version = item.version
    funding, association = version.funding, version.association
    signature = item.signature
    parties = [version.departement.full_name]
    if association is not None:
        where = f", {address(association.address)}" if association.address else ""
        parties.append(f"{association.name}{where}")
    parties += [f"Commune {fr.de(c.name)}" for c in version.communes]
    parties += [p.name for p in version.parties]
    signing = [
        f"{s.party} : {s.officer.person.full_name}, {s.officer.title}" for s in signatories(version)
    ]
    avenant = item.convention.avenants[item.avenant - 1] if item.avenant else None
    return ServiceRow(
        service=version.name,
        association=association.name if association is not None else "",
        communes=tuple(c.name for c in version.communes),
        avenant=item.avenant,
        avenant_subject=avenant.subject if avenant is not None else "",
        year=version.year,
        dotation=funding.dotation if funding is not None else None,
        parties="\n".join(parties),
        signatories="\n".join(signing),
        signature_place=signature.place or BLANK,
        signature_date=day(signature.date),
    )


def _decision(checked: Checked, planned: PlannedDecision) -> Decision:
    items = [checked.covered[i] for i in planned.covered]
    engaged = commitments(items)
    return Decision(
        number=planned.number,
        kind=f"{planned.verb}-{planned.target}",
        wording=planned.wording,
        annexes=planned.annexes,
        financial=planned.financial,
        lists=planned.lists,
        acts=tuple(_act(item) for item in items),
        rows=tuple(_service_row(item) for item in items),
        commitment=sum((c.departement for c in engaged), Decimal(0)) if engaged else None,
        commitments=engaged,
    )


def _decision_amounts(decision: Decision) -> list[Decimal | None]:
    found: list[Decimal | None] = [decision.commitment]
    found += [row.dotation for row in decision.rows]
    for c in decision.commitments:
        found += [c.dotations, c.communes, c.departement]
    for act in decision.acts:
        found += _act_amounts(act)
    return found


def deliberation_context(checked: Checked) -> DeliberationContext:
    """Everything ``templates/deliberation.docx`` sees."""
    d, dep = checked.deliberation, checked.departement
    attendance = d.attendance
    chair = _chair(checked)
    in_office = checked.members_in_office
    checks_quorum = dep.quorum or d.quorum_verified
    quorum_met = in_office is None or 2 * len(attendance.present) > in_office
    decisions = tuple(_decision(checked, planned) for planned in checked.decisions)
    return DeliberationContext(
        departement=dep,
        deliberation=d,
        vote=d.vote,
        sent=day(d.sent) if d.sent else "",
        published=day(d.published) if d.published else "",
        received=day(d.received) if d.received else "",
        acknowledgement=d.acknowledgement or "",
        convocation=day(d.convocation) if d.convocation else "",
        meeting_date=fr.date_long(d.date),
        chair=chair,
        chair_is_president=chair == dep.president,
        secretary=d.secretary or "",
        in_office=in_office,
        visas=d.visas,
        quorum_checked=checks_quorum and quorum_met,
        decisions=decisions,
        annexes=tuple(annex_value(checked, annex) for annex in checked.annexes),
        acts=tuple(_act(item) for item in checked.covered),
        place=d.place,
        signatory=d.signatory,
        cents=uniform_cents(
            dep.amounts.deliberations, [a for x in decisions for a in _decision_amounts(x)]
        ),
    )


def _lines(items: Sequence[Covered]) -> tuple[list[AnnexLine], Totals]:
    lines: list[AnnexLine] = []
    totals = [Decimal(0)] * 4
    for item in items:
        split = split_dotation(item.version)
        if split is None:
            continue  # no dotation to split: the act's own lines are in ``acts``
        previous = item.previous.funding if item.previous is not None else None
        before = previous.dotation if previous and previous.dotation else Decimal(0)
        association = item.version.association
        lines.append(
            AnnexLine(
                service=item.version.name,
                association=association.name if association is not None else "",
                avenant=item.avenant,
                year=item.version.year,
                previous=before,
                dotation=split.dotation,
                departement=split.departement,
                communes=split.communes,
            )
        )
        lines += [
            AnnexLine(
                commune=share.commune.name,
                share=share.commune.share or Decimal(0),
                amount=share.amount,
            )
            for share in split.per_commune
        ]
        for index, value in enumerate((before, split.dotation, split.departement, split.communes)):
            totals[index] += value
    return lines, Totals(*totals)


def _line_amounts(lines: Iterable[AnnexLine], totals: Totals) -> list[Decimal | None]:
    found: list[Decimal | None] = [totals.previous, totals.dotation]
    found += [totals.departement, totals.communes]
    for line in lines:
        found += [line.previous, line.dotation, line.departement, line.communes, line.amount]
    return found


def financial_annex_context(checked: Checked, annex: PlannedAnnex) -> FinancialAnnexContext:
    """Everything ``templates/annexe-financiere.docx`` sees."""
    items = [checked.covered[i] for i in annex.covered]
    conventions = [item for item in items if item.avenant is None]
    avenants = [item for item in items if item.avenant is not None]
    convention_lines, convention_totals = _lines(conventions)
    avenant_lines, avenant_totals = _lines(avenants)
    years = sorted({item.version.year for item in items})
    shares = {item.version.funding.shares if item.version.funding else None for item in items}
    uniform = next(iter(shares)) if len(shares) == 1 else None
    value = annex_value(checked, annex)
    amounts = _line_amounts(convention_lines, convention_totals)
    amounts += _line_amounts(avenant_lines, avenant_totals)
    amounts += [a for act in value.acts for a in _act_amounts(act)]
    return FinancialAnnexContext(
        departement=checked.departement,
        deliberation=checked.deliberation,
        annex=value,
        cents=uniform_cents(checked.departement.amounts.annexes, amounts),
        years=tuple(str(y) for y in years),
        departement_share=uniform.departement if uniform else None,
        communes_share=uniform.communes if uniform else None,
        convention_lines=tuple(convention_lines),
        convention_totals=convention_totals,
        avenant_lines=tuple(avenant_lines),
        avenant_totals=avenant_totals,
        acts=value.acts,
    )


def signing_list_context(checked: Checked, annex: PlannedAnnex) -> SigningListContext:
    """Everything ``templates/liste-conventions.docx`` sees."""
    rows = tuple(_service_row(checked.covered[i]) for i in annex.covered)
    return SigningListContext(
        departement=checked.departement,
        deliberation=checked.deliberation,
        annex=annex_value(checked, annex),
        rows=rows,
        cents=uniform_cents(checked.departement.amounts.annexes, [r.dotation for r in rows]),
    )


def document_title(deliberation: Deliberation) -> str:
    return f"Délibération n° {deliberation.number} – {deliberation.subject}"
