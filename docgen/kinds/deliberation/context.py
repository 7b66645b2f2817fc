"""What the deliberation's templates see: the deliberation, its financial annex, the list.

Three templates (``templates/deliberation.docx``, ``annexe-financiere.docx``,
``liste-conventions.docx``, edited in Word like every template; a Département may have
its own in ``templates/<its folder>/``). Every amount comes from
``split_dotation`` of the version a document covers — the convention as signed, or the
convention as amended by the avenant (``consolidate``) — so the annex reconciles to the
cent with the conventions and avenants it lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from docgen.core import french as fr
from docgen.core.context import doc
from docgen.kinds.common import ASSEMBLIES, BLANK, Person, address, day, officer
from docgen.kinds.convention.context import signatories
from docgen.kinds.convention.model import Convention
from docgen.kinds.convention.split import DotationSplit, split_dotation
from docgen.kinds.deliberation.model import (
    Checked,
    Covered,
    Deliberation,
    Signatory,
    Vote,
)
from docgen.kinds.departement import Departement

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
    number: int = doc("calculé : 1, 2, … dans l’ordre où la délibération les cite", fr="numero")
    title: str = doc(
        "calculé : « Annexe financière », « Liste des conventions à signer »…", fr="titre"
    )
    kind: str = doc(
        "calculé : le modèle de l’annexe", fr="modele"
    )  # "annexe-financiere", "convention"…
    slug: str = doc("calculé : le nom de l’annexe dans ses fichiers", fr="nom_fichier")
    covered: int = -1  # for a projet d'avenant: its index in Checked.covered


@dataclass(frozen=True)
class Commitment:
    """What the acts a deliberation authorises commit, for one exercice: the dotations,
    the communes' part, and the Département's part (its engagement)."""

    year: int = doc("calculé : l’exercice", fr="annee")
    dotations: Decimal = doc("calculé : total des dotations globales", fr="dotations")
    communes: Decimal = doc("calculé : total des parts des communes", fr="communes")
    departement: Decimal = doc(
        "calculé : total des parts du Département (l’engagement)", fr="departement"
    )


@dataclass(frozen=True)
class ServiceRow:
    """A row of the deliberation's article tables and of the list of documents to sign."""

    service: str = doc("service.nom", fr="service")
    association: str = doc("association.nom", fr="association")
    communes: str = doc("calculé : communes[].nom, une par ligne", fr="communes")
    act: str = doc("calculé : « Convention de partenariat » ou « Avenant n° 1 »", fr="acte")
    subject: str = doc("calculé : la dotation fixée (et l’objet de l’avenant)", fr="objet")
    dotation: Decimal | None = doc("calculé : la dotation telle que l’acte la fixe", fr="dotation")
    parties: str = doc("calculé : les parties, une par ligne", fr="parties")
    signatories: str = doc("calculé : les signataires, un par ligne", fr="signataires")
    signature: str = doc("calculé : « Arras, le 15 janvier 2024 »", fr="signature")


@dataclass(frozen=True)
class AnnexLine:
    """A service's row in the financial annex, or one of its communes (``commune`` set)."""

    label: str = doc("calculé : « Service » – association (vide pour une commune)", fr="libelle")
    act: str = doc("calculé : « Convention » ou « Avenant n° 1 »", fr="acte", default="")
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
    commune: str = doc("calculé : « dont Commune de Carvin (1,25 %) »", fr="commune", default="")
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
class CoveredAct:
    """An act the deliberation covers, as it leaves the convention (for any annex table)."""

    label: str = doc("calculé : « Convention » ou « Avenant n° 1 »", fr="libelle")
    convention: Convention = doc(
        "calculé : la convention telle que l’acte la laisse", fr="convention"
    )
    previous: Convention | None = doc(
        "calculé : pour un avenant, la version qu’il modifie", fr="precedente"
    )
    split: DotationSplit | None = doc(
        "calculé : la répartition de sa dotation, au centime", fr="repartition_dotation"
    )


def _act(item: Covered) -> CoveredAct:
    label = "Convention" if item.avenant is None else f"Avenant n° {item.avenant}"
    return CoveredAct(label, item.version, item.previous, split_dotation(item.version))


@dataclass(frozen=True)
class DeliberationContext:
    """Everything the deliberation's template sees."""

    departement: Departement = doc("departement.yaml")
    deliberation: Deliberation = doc("la délibération", fr="deliberation")
    vote: Vote = doc("vote")
    sent: str = doc("calculé : transmission.envoi (vide sinon)", fr="envoi")
    published: str = doc("calculé : transmission.publication (vide sinon)", fr="publication")
    assembly_title: str = doc(
        "calculé : « de la Commission permanente du Conseil … »", fr="titre_instance"
    )
    assembly_subject: str = doc(
        "calculé : « La Commission permanente du Conseil … »", fr="sujet_instance"
    )
    meeting_date: str = doc("calculé : date, en toutes lettres", fr="date_seance")
    chair: str = doc(
        "calculé : president (civilité, prénom, nom), sinon le président du Département",
        fr="president_seance",
    )
    secretary: str = doc("secretaire", fr="secretaire")
    present: str = doc("calculé : presents, séparés par des virgules", fr="presents")
    represented: str = doc(
        "calculé : « X donne pouvoir à Y », pour chaque pouvoir", fr="representes"
    )
    excused: str = doc("calculé : excuses", fr="excuses")
    absent: str = doc("calculé : absents", fr="absents")
    without_vote: str = doc("calculé : sans_voix_deliberative", fr="sans_voix_deliberative")
    in_office: str = doc(
        "calculé : membres_en_exercice, sinon celui du departement.yaml", fr="membres_en_exercice"
    )
    visas: tuple[str, ...] = doc(
        "calculé : visas, puis le rapport et l’avis de la commission", fr="visas"
    )
    article_model: int = doc(
        "calculé : numéro de l’article qui approuve le modèle (0 sinon)", fr="article_modele"
    )
    article_conventions: int = doc(
        "calculé : numéro de l’article des conventions (0 sinon)", fr="article_conventions"
    )
    article_avenants: int = doc(
        "calculé : numéro de l’article des avenants (0 sinon)", fr="article_avenants"
    )
    article_commitment: int = doc(
        "calculé : numéro de l’article qui impute la dépense (0 sans montant ni "
        "departement.yaml → paiement)",
        fr="article_engagement",
    )
    model_annex: int = doc(
        "calculé : numéro de l’annexe du projet type (0 sinon)", fr="annexe_modele"
    )
    financial_annex: int = doc("calculé : numéro de l’annexe financière", fr="annexe_financiere")
    list_annex: int = doc("calculé : numéro de la liste des actes à signer", fr="annexe_liste")
    president_the_title: str = doc(
        "calculé : « le Président » ou « la Présidente »", fr="le_president"
    )
    conventions_with: str = doc(
        "calculé : « avec les 8 services … » selon le nombre", fr="avec_conventions"
    )
    avenants_with: str = doc(
        "calculé : « avec les associations … » selon le nombre", fr="avec_avenants"
    )
    convention_rows: tuple[ServiceRow, ...] = doc(
        "calculé : une ligne par convention couverte", fr="lignes_conventions"
    )
    avenant_rows: tuple[ServiceRow, ...] = doc(
        "calculé : une ligne par avenant couvert", fr="lignes_avenants"
    )
    tally_present: int = doc("calculé : présents au moment du vote", fr="presents_vote")
    quorum_present: int = doc("calculé : présents à l’ouverture", fr="presents_ouverture")
    tally_proxies: int = doc("calculé : pouvoirs au moment du vote", fr="pouvoirs_vote")
    tally_voters: int = doc(
        "calculé : votants et membres ne prenant pas part au vote", fr="votants"
    )
    place: str | None = doc("signature.lieu", fr="lieu")
    chair_role: str = doc(
        "calculé : « Le Président du Conseil départemental »…", fr="qualite_president"
    )
    chair_name: str = doc("calculé : prénom et NOM de qui préside", fr="nom_president")
    signatory: Signatory | None = doc("signature.signataire", fr="signataire")
    annexes: tuple[Annex, ...] = doc("calculé : les annexes, dans l’ordre", fr="annexes")
    acts: tuple[CoveredAct, ...] = doc(
        "calculé : chaque acte autorisé, avec son financement", fr="actes"
    )
    acknowledgement: str = doc("transmission.accuse (vide sinon)", fr="accuse")
    received: str = doc("calculé : transmission.reception (vide sinon)", fr="reception")
    convocation: str = doc("calculé : convocation (vide sinon)", fr="convocation")
    quorum_checked: bool = doc(
        "calculé : le quorum est vérifié (quorum_verifie, ou departement.yaml → quorum) et atteint",
        fr="quorum_verifie",
    )
    avenant_annexes: str = doc(
        "calculé : « 1 à 8 », les annexes des projets d’avenant", fr="annexes_avenants"
    )
    commitments: tuple[Commitment, ...] = doc(
        "calculé : par exercice, les dotations des actes autorisés et la part du Département",
        fr="engagements",
    )
    commitment: Decimal | None = doc(
        "calculé : l’engagement total du Département (somme de ses parts), ou rien", fr="engagement"
    )
    signed: str = doc(
        "calculé : « Signé » ou « Signé électroniquement » d’après signature.mode (vide sinon)",
        fr="mention_signature",
    )
    cents: str = doc(
        "calculé : departement.yaml → montants.deliberations (« auto » ou « always »)",
        fr="centimes",
    )


@dataclass(frozen=True)
class FinancialAnnexContext:
    """Everything the financial annex's template sees."""

    departement: Departement = doc("departement.yaml")
    deliberation: Deliberation = doc("la délibération", fr="deliberation")
    annex: Annex = doc("calculé : cette annexe", fr="annexe")
    heading: str = doc("calculé : « Annexe 2 à la délibération n° … du … »", fr="en_tete")
    cents: str = doc(
        "calculé : departement.yaml → montants.annexes (« auto » ou « always »)", fr="centimes"
    )
    years: str = doc("calculé : les exercices couverts", fr="exercices")
    departement_share: str = doc(
        "calculé : « (95 %) » quand toutes les conventions l’ont", fr="part_departement"
    )
    communes_share: str = doc(
        "calculé : « (5 %) » quand toutes les conventions l’ont", fr="part_communes"
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
        "calculé : chaque acte couvert, avec son financement", fr="actes"
    )


@dataclass(frozen=True)
class SigningListContext:
    """Everything the list of acts to sign sees."""

    departement: Departement = doc("departement.yaml")
    deliberation: Deliberation = doc("la délibération", fr="deliberation")
    annex: Annex = doc("calculé : cette annexe", fr="annexe")
    heading: str = doc("calculé : « Annexe 3 à la délibération n° … du … »", fr="en_tete")
    title: str = doc("calculé : « Liste des conventions à signer »", fr="titre")
    rows: tuple[ServiceRow, ...] = doc("calculé : une ligne par acte à signer", fr="lignes")


AVENANT_ANNEX = "avenant"


def annexes_of(checked: Checked) -> list[Annex]:
    """The annexes, numbered in the order the deliberation cites them: what it approves
    (the projet type of convention, each projet d'avenant, « dans les termes du projet
    joint en annexe »), the financial annex, the list of the acts to sign."""
    kinds: list[tuple[str, str, str, int]] = []
    if checked.deliberation.approves_model:
        kinds.append(("Projet type de convention", "convention", "projet-type-de-convention", -1))
    for index, item in enumerate(checked.covered):
        if item.avenant is not None:
            kinds.append(
                (
                    f"Projet d’avenant n° {item.avenant} à la convention "
                    f"« {item.convention.name} »",
                    AVENANT_ANNEX,
                    f"projet-avenant-{item.avenant}_{item.convention.slug}",
                    index,
                )
            )
    kinds.append(("Annexe financière", "annexe-financiere", "annexe-financiere", -1))
    documents = _documents(checked)
    kinds.append(
        (
            f"Liste des {documents} à signer",
            "liste-conventions",
            f"liste-des-{documents.replace(' ', '-')}",
            -1,
        )
    )
    return [Annex(number, *kind) for number, kind in enumerate(kinds, 1)]


def _span(numbers: list[int]) -> str:
    """« 3 », « 3 et 4 », « 3 à 10 »."""
    if not numbers:
        return ""
    if len(numbers) == 1:
        return str(numbers[0])
    link = "et" if len(numbers) == 2 else "à"
    return f"{numbers[0]} {link} {numbers[-1]}"


def commitments(items: tuple[Covered, ...]) -> tuple[Commitment, ...]:
    """By exercice, the dotations the acts fix and the Département's part of them."""
    years: dict[int, list[Decimal]] = {}
    for item in items:
        split = split_dotation(item.version)
        if split is None:
            continue
        totals = years.setdefault(item.version.year, [Decimal(0)] * 3)
        for index, value in enumerate((split.dotation, split.communes, split.departement)):
            totals[index] += value
    return tuple(Commitment(year, *totals) for year, totals in sorted(years.items()))


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
    signing = [
        f"{s.party} : {s.officer.person.full_name}, {s.officer.title}" for s in signatories(version)
    ]
    funding, association = version.funding, version.association
    amount = funding.dotation if funding is not None else None
    dotation = f"dotation {version.year} : {fr.amount(amount)}" if amount is not None else ""
    if item.avenant is None:
        act = "Convention de partenariat"
        subject = f"D{dotation[1:]}" if dotation else version.subject or ""
    else:
        avenant = item.convention.avenants[item.avenant - 1]
        act = f"Avenant n° {item.avenant}"
        subject = avenant.subject + (f"\nNouvelle {dotation}" if dotation else "")
    signature = item.signature
    parties = [version.departement.full_name]
    if association is not None:
        where = f", {address(association.address)}" if association.address else ""
        parties.append(f"{association.name}{where}")
    parties += [f"Commune {fr.de(c.name)}" for c in version.communes]
    parties += [p.name for p in version.parties]
    return ServiceRow(
        service=version.name,
        association=association.name if association is not None else "",
        communes="\n".join(c.name for c in version.communes),
        act=act,
        subject=subject,
        dotation=amount,
        parties="\n".join(parties),
        signatories="\n".join(signing),
        signature=f"{signature.place or BLANK}, le {day(signature.date)}",
    )


def _phrase(items: tuple[Covered, ...], one: str, many: str) -> str:
    return one if len(items) == 1 else many.format(count=len(items))


def deliberation_context(checked: Checked, annexes: list[Annex]) -> DeliberationContext:
    """Everything ``templates/deliberation.docx`` sees."""
    d, dep = checked.deliberation, checked.departement
    attendance, vote = d.attendance, d.vote
    chair = _chair(checked)
    signs_as_president = chair == dep.president
    president = officer(dep.president, "Président", "Présidente")
    numbers = iter(range(1, 5))
    not_taking_part = vote.not_taking_part.count if vote.not_taking_part else 0
    present = vote.present if vote.present is not None else len(attendance.present)
    proxies = vote.proxies
    if proxies is None:  # listed, or else every voter not present voted by proxy
        proxies = len(attendance.proxies) or vote.voters + not_taking_part - present
    of_departement = dep.full_name.removeprefix("Département ")  # « du Pas-de-Calais »
    in_office = checked.members_in_office
    checks_quorum = dep.quorum or d.quorum_verified
    quorum_met = in_office is None or 2 * len(attendance.present) > in_office
    engaged = commitments(checked.covered)
    return DeliberationContext(
        departement=dep,
        deliberation=d,
        vote=vote,
        sent=day(d.sent) if d.sent else "",
        published=day(d.published) if d.published else "",
        assembly_title=ASSEMBLY_TITLES[d.assembly],
        assembly_subject=f"{ASSEMBLY_SUBJECTS[d.assembly]} {of_departement}",
        meeting_date=fr.date_long(d.date),
        chair=f"{chair.civility} {chair.full_name}",
        secretary=d.secretary or "",
        present=_people(attendance.present),
        represented=", ".join(f"{p.giver} donne pouvoir à {p.holder}" for p in attendance.proxies),
        excused=_people(attendance.excused),
        absent=_people(attendance.absent),
        without_vote=_people(attendance.without_vote),
        in_office=str(in_office or ""),
        visas=tuple(_visas(checked)),
        article_model=next(numbers) if d.approves_model else 0,
        article_conventions=next(numbers) if checked.conventions else 0,
        article_avenants=next(numbers) if checked.avenants else 0,
        article_commitment=next(numbers) if engaged and dep.payment else 0,
        model_annex=_annex_number(annexes, "convention"),
        financial_annex=_annex_number(annexes, "annexe-financiere"),
        list_annex=_annex_number(annexes, "liste-conventions"),
        president_the_title=president.the_title,
        conventions_with=_phrase(
            checked.conventions,
            "avec le service de prévention spécialisée et les communes co-financeuses "
            "mentionnés ci-dessous, la convention précisant",
            "avec les {count} services de prévention spécialisée et les communes "
            "co-financeuses mentionnés ci-dessous, les conventions précisant",
        ),
        avenants_with=_phrase(
            checked.avenants,
            "avec l’association gestionnaire et les communes co-financeuses du service "
            "mentionné ci-dessous, l’avenant à sa convention",
            "avec les associations gestionnaires et les communes co-financeuses des "
            "{count} services mentionnés ci-dessous, les avenants à leurs conventions",
        ),
        convention_rows=tuple(_service_row(item) for item in checked.conventions),
        avenant_rows=tuple(_service_row(item) for item in checked.avenants),
        tally_present=present,
        quorum_present=len(attendance.present),
        tally_proxies=proxies,
        tally_voters=vote.voters + not_taking_part,
        place=d.place,
        chair_role=f"{president.role} du Conseil départemental"
        if signs_as_president
        else officer(chair, "Président", "Présidente").role + " de séance",
        chair_name=chair.full_name,
        signatory=d.signatory,
        annexes=tuple(annexes),
        acts=tuple(_act(item) for item in checked.covered),
        acknowledgement=d.acknowledgement or "",
        received=day(d.received) if d.received else "",
        convocation=day(d.convocation) if d.convocation else "",
        quorum_checked=checks_quorum and quorum_met,
        avenant_annexes=_span([a.number for a in annexes if a.kind == AVENANT_ANNEX]),
        commitments=engaged,
        commitment=sum((c.departement for c in engaged), Decimal(0)) if engaged else None,
        signed={"manuscrite": "Signé", "electronique": "Signé électroniquement"}.get(
            d.signed or "", ""
        ),
        cents=dep.amounts.deliberations,
    )


def _lines(items: tuple[Covered, ...]) -> tuple[list[AnnexLine], Totals]:
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
                label=f"« {item.version.name} »"
                + (f" – {association.name}" if association is not None else ""),
                act="Convention" if item.avenant is None else f"Avenant n° {item.avenant}",
                year=item.version.year,
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
                f"({fr.percent(share.commune.share or Decimal(0))})",
                amount=share.amount,
            )
            for share in split.per_commune
        ]
        for index, value in enumerate((before, split.dotation, split.departement, split.communes)):
            totals[index] += value
    return lines, Totals(*totals)


def financial_annex_context(checked: Checked, annex: Annex) -> FinancialAnnexContext:
    """Everything ``templates/annexe-financiere.docx`` sees."""
    convention_lines, convention_totals = _lines(checked.conventions)
    avenant_lines, avenant_totals = _lines(checked.avenants)
    years = sorted({item.version.year for item in checked.covered})
    shares = {
        item.version.funding.shares if item.version.funding else None for item in checked.covered
    }
    uniform = next(iter(shares)) if len(shares) == 1 else None
    return FinancialAnnexContext(
        departement=checked.departement,
        deliberation=checked.deliberation,
        annex=annex,
        heading=heading(checked, annex),
        cents=checked.departement.amounts.annexes,
        years=fr.join_fr([str(y) for y in years]),
        departement_share=f" ({fr.percent(uniform.departement)})" if uniform else "",
        communes_share=f" ({fr.percent(uniform.communes)})" if uniform else "",
        convention_lines=tuple(convention_lines),
        convention_totals=convention_totals,
        avenant_lines=tuple(avenant_lines),
        acts=tuple(_act(item) for item in checked.covered),
        avenant_totals=avenant_totals,
    )


def signing_list_context(checked: Checked, annex: Annex) -> SigningListContext:
    """Everything ``templates/liste-conventions.docx`` sees."""
    return SigningListContext(
        departement=checked.departement,
        deliberation=checked.deliberation,
        annex=annex,
        heading=heading(checked, annex),
        title=annex.title,
        rows=tuple(_service_row(item) for item in checked.covered),
    )


def document_title(deliberation: Deliberation) -> str:
    return f"Délibération n° {deliberation.number} – {deliberation.subject}"
