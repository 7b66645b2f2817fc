"""An avenant: one article per change, worded as French amendments are, ready for its template.

The template only lays out what is prepared here: the parties in force after the avenant,
its « Vu », and its articles (paragraphs, list items, the new wording between « » and, for
money, a table of each funder's share and amount before and after the avenant).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from docgen.core import french as fr
from docgen.core.context import doc
from docgen.core.errors import UsageError
from docgen.kinds.avenant.consolidate import consolidate
from docgen.kinds.common import (
    ASSEMBLIES,
    BLANK,
    Officer,
    Person,
    Signature,
    address,
    day,
    officer,
)
from docgen.kinds.convention.context import Signatory, intervention_area, signatories
from docgen.kinds.convention.model import (
    Association,
    Avenant,
    Convention,
    DotationChange,
    Funding,
    Service,
    Staffing,
    TermKind,
)
from docgen.kinds.convention.split import DotationSplit, split_dotation, term_end
from docgen.kinds.departement import Departement
from docgen.kinds.departement.model import Shares

_SPLIT_INTRO = "Les parts et les montants avant et après le présent avenant sont les suivants :"


@dataclass(frozen=True)
class Block:
    style: str = doc("calculé : « text », « quote », « item » ou « subitem »")
    text: str = doc("calculé : l’alinéa (la nouvelle rédaction entre « »)")


@dataclass(frozen=True)
class SplitRow:
    label: str = doc("calculé : Département, communes, dotation globale")
    share_before: str = doc("calculé : part avant l’avenant")
    amount_before: str = doc("calculé : montant avant l’avenant, au centime")
    share_after: str = doc("calculé : part après l’avenant")
    amount_after: str = doc("calculé : montant après l’avenant, au centime")
    change: str = doc("calculé : écart (après − avant)")


@dataclass(frozen=True)
class Article:
    number: int = doc("calculé : 1, 2, …")
    title: str = doc("calculé : d’après la modification")
    blocks: tuple[Block, ...] = doc("calculé : les alinéas de l’article")
    table: tuple[SplitRow, ...] = doc(
        "calculé : parts et montants avant et après l’avenant (vide sinon)", default=()
    )


@dataclass(frozen=True)
class AvenantCommune:
    name: str = doc("calculé : « Commune » + de + nom (« Commune d’Oignies »)")
    mayor: Officer = doc("maire")
    habilitated: str = doc("calculé : « habilité(e) » selon la civilité du maire")
    resolution_date: str = doc(f"calculé : deliberation_conseil (« {BLANK} » si vide)")


@dataclass(frozen=True)
class AvenantContext:
    """Everything an avenant template sees."""

    departement: Departement = doc("departement.yaml")
    association: Association | None = doc("association")
    departement_de: str = doc("calculé : article + nom du Département (« du Pas-de-Calais »)")
    departement_address: str | None = doc(
        "calculé : departement.yaml → siege (batiment, rue, code_postal ville)"
    )
    association_address: str | None = doc(
        "calculé : association.adresse (batiment, rue, code_postal ville)"
    )
    departement_president: Officer = doc("departement.yaml → president")
    association_president: Officer | None = doc("association.president")
    signatories: tuple[Signatory, ...] = doc(
        "calculé : le Département, l’association, chaque commune après l’avenant"
    )
    board_resolution_date: str = doc(f"calculé : association.deliberation_ca (« {BLANK} » si vide)")
    avenant: Avenant = doc("avenants[n]")
    service: Service | None = doc("service")
    departement_habilitated: str = doc("calculé : « habilité(e) » selon la civilité")
    association_habilitated: str | None = doc("calculé : « habilité(e) » selon la civilité")
    commune_parties: tuple[AvenantCommune, ...] = doc(
        "calculé : une entrée par commune en vigueur après l’avenant"
    )
    authorisation_assembly: str = doc(
        "calculé : « de la » ou « du » + avenants[n] → autorisation.instance"
    )
    authorisation_date: str = doc(
        f"calculé : avenants[n] → autorisation.date (« {BLANK} » si vide)"
    )
    visas: tuple[str, ...] = doc(
        "calculé : la convention, les avenants précédents, la délibération de l’avenant"
    )
    articles: tuple[Article, ...] = doc("calculé : un article par modification, puis deux articles")
    signature: Signature = doc("avenants[n] → signature")
    signature_date: str = doc(f"calculé : avenants[n] → signature.date (« {BLANK} » si vide)")
    signature_originals: str = doc(
        f"calculé : avenants[n] → signature.exemplaires (« {BLANK} » si vide)"
    )


def _habilitated(person: Person) -> str:
    return "habilitée" if person.civility == "Madame" else "habilité"


def _split(conv: Convention) -> DotationSplit:
    split = split_dotation(conv)
    if split is None:
        raise UsageError(
            f"la convention « {conv.slug} » n'a ni dotation ni répartition : ses avenants "
            "financiers ne peuvent pas être rédigés",
            "ajoutez financement.dotation et la répartition",
        )
    return split


def _funding(conv: Convention) -> Funding:
    if conv.funding is None:
        raise UsageError(f"la convention « {conv.slug} » n'a pas de financement")
    return conv.funding


def _shares(conv: Convention) -> Shares:
    shares = _funding(conv).shares
    if shares is None:
        raise UsageError(f"la convention « {conv.slug} » n'a pas de répartition")
    return shares


def _staffing(conv: Convention) -> Staffing:
    if conv.staffing is None:
        raise UsageError(f"la convention « {conv.slug} » n'a pas d'effectifs")
    return conv.staffing


def _text(*texts: str) -> list[Block]:
    return [Block("text", text) for text in texts]


def _quoted(blocks: list[Block]) -> list[Block]:
    """New wording: « opens its first block; a full stop and » close its last."""
    quoted = [Block("quote" if b.style == "text" else b.style, b.text) for b in blocks]
    quoted[0] = Block(quoted[0].style, "« " + quoted[0].text)
    last = quoted[-1].text
    last = last.removesuffix(" ;") + "." if last.endswith(" ;") else last
    quoted[-1] = Block(quoted[-1].style, last + " »")
    return quoted


def _commune_lines(conv: Convention) -> list[Block]:
    split = _split(conv)
    share = fr.percent(_shares(conv).communes)
    lines = [Block("item", f"Communes : {share}, soit {fr.amount(split.communes)}, dont :")]
    for line in split.per_commune:
        name, pct = fr.de(line.commune.name), fr.percent(line.commune.share or Decimal(0))
        lines.append(Block("subitem", f"Commune {name} : {pct}, soit {fr.amount(line.amount)} ;"))
    return lines if conv.communes else []


def _financial_paragraph(conv: Convention) -> list[Block]:
    """Article 8.1's dotation and its split, worded as the convention template words them."""
    split = _split(conv)
    dep = fr.amount(split.departement)
    return _quoted(
        [
            *_text(
                f"Pour l'exercice {_funding(conv).year}, la dotation globale s'élève à "
                f"{fr.amount_full(split.dotation)}, soit {dep} pour le Département et "
                f"{fr.amount(split.communes)} pour les communes.",
                "Les participations des communes ou autres collectivités territoriales au "
                f"financement du Service de Prévention Spécialisée « {conv.name} », "
                "telles que prévues dans le rapport budgétaire annuel, sont réparties entre les "
                "signataires concernés comme suit :",
            ),
            Block("item", f"Département : {fr.percent(_shares(conv).departement)}, soit {dep} ;"),
            *_commune_lines(conv),
        ]
    )


def _row(label: str, shares: list[Decimal | None], amounts: list[Decimal]) -> SplitRow:
    """A line of the table; a share of None: not a party on that side of the avenant."""
    pct = [fr.percent(share) if share is not None else "—" for share in shares]
    money = [fr.amount(a) if s is not None else "—" for a, s in zip(amounts, shares, strict=True)]
    diff = amounts[1] - amounts[0]
    change = ("+" if diff > 0 else "") + fr.amount(diff)
    return SplitRow(label, pct[0], money[0], pct[1], money[1], change)


def _split_rows(before: Convention, after: Convention) -> tuple[SplitRow, ...]:
    """Each funder's share and amount before and after the avenant (communes by INSEE code)."""
    old, new = _split(before), _split(after)
    was, now = _shares(before), _shares(after)
    rows = [
        _row("Département", [was.departement, now.departement], [old.departement, new.departement])
    ]
    if old.per_commune or new.per_commune:
        rows.append(_row("Communes", [was.communes, now.communes], [old.communes, new.communes]))
        olds = {line.commune.key: line for line in old.per_commune}
        news = {line.commune.key: line for line in new.per_commune}
        for line in [
            *new.per_commune,
            *(x for x in old.per_commune if x.commune.key not in news),
        ]:
            a, b = olds.get(line.commune.key), news.get(line.commune.key)
            shares = [a.commune.share if a else None, b.commune.share if b else None]
            amounts = [a.amount if a else Decimal(0), b.amount if b else Decimal(0)]
            rows.append(_row(f"dont Commune {fr.de(line.commune.name)}", shares, amounts))
    totals: list[Decimal | None] = [s.departement + s.communes for s in (was, now)]
    rows.append(_row("Dotation globale", totals, [old.dotation, new.dotation]))
    return tuple(rows)


def _communes_article(before: Convention, after: Convention, dotation: int | None) -> list[Block]:
    old, new = {c.key for c in before.communes}, {c.key for c in after.communes}
    blocks: list[Block] = []
    for names, verbs in (
        ([c.name for c in after.communes if c.key not in old], ("devient", "deviennent")),
        (
            [c.name for c in before.communes if c.key not in new],
            ("cesse d'être", "cessent d'être"),
        ),
    ):
        if names:
            many = len(names) > 1
            who = ("Les communes " if many else "La commune ") + fr.join_fr(list(map(fr.de, names)))
            blocks += _text(f"{who} {verbs[many]} partie{'s' * many} à la convention.")
    if not blocks:
        blocks = _text("La répartition de la participation des communes est modifiée.")
    area = intervention_area(after)
    if area != intervention_area(before):
        blocks += _text("Le premier alinéa de l'article 2.2 est modifié comme suit :")
        blocks += _quoted(
            _text(
                f"L'équipe éducative du Service de Prévention Spécialisée « {after.name} » "
                f"exerce son action pour une durée indéterminée sur le territoire {area}."
            )
        )
    if dotation is not None:
        return [*blocks, *_text(f"La répartition qui en résulte est fixée à l'article {dotation}.")]
    lines = _commune_lines(after)
    if not lines:
        return [*blocks, *_text("À l'article 8.1, la ligne relative aux communes est supprimée.")]
    intro = _text("À l'article 8.1, la participation des communes est répartie comme suit :")
    return [*blocks, *intro, *_quoted(lines)]


def _staffing_article(before: Convention, after: Convention) -> list[Block]:
    staff, name = _staffing(after), after.name
    lines = [
        f"{fr.etp(staff.management)} de direction ;",
        f"{fr.etp(staff.social_workers)} de travailleurs sociaux ;",
        f"{fr.etp(staff.administrative)} d'administratif ;",
        *(f"{fr.etp(other.etp)} {fr.de(other.label)} ;" for other in staff.others),
    ]
    old, new = fr.etp(_staffing(before).total), fr.etp(staff.total)
    composition = [
        *_text(f"Le Service de Prévention Spécialisée « {name} » est composé de :"),
        *(Block("item", line) for line in lines),
        *_text(f"soit {new} au total."),
    ]
    total = f"passe ainsi de {old} à {new}" if old != new else f"reste de {new}"
    return [
        *_text("L'article 2 est modifié comme suit :"),
        *_quoted(composition),
        *_text(f"L'effectif total {total}."),
    ]


def _origin(avenant: Avenant, dotation: DotationChange) -> list[str]:
    """How a budget vote made the new dotation: voted rate, new measures, or a derogation."""
    rate, measures = dotation.rate, dotation.new_measures
    vote = "Ce montant résulte du vote du budget" + (f" {avenant.budget}" if avenant.budget else "")
    plus = f" des mesures nouvelles de {fr.amount(measures)}" if measures else ""
    if rate is None and plus:
        return [f"{vote} : il comprend{plus}."]
    if rate is None:
        derogation = f"Ce montant est fixé par dérogation lors du vote du budget {avenant.budget}."
        return [derogation] if avenant.budget else []
    end = f", puis augmentée{plus}" if plus else ", sans mesure nouvelle" if measures == 0 else ""
    return [
        f"{vote} : la dotation précédente est revalorisée du taux d'évolution de "
        f"{fr.percent(rate)} voté par l'Assemblée départementale et arrondie au centime{end}."
    ]


def _dotation_article(
    avenant: Avenant, dotation: DotationChange, before: Convention, after: Convention
) -> list[Block]:
    old, new = _split(before), _split(after)
    old_year, new_year = _funding(before).year, _funding(after).year
    diff = new.dotation - old.dotation
    change = f"une {'augmentation' if diff > 0 else 'diminution'} de {fr.amount(abs(diff))}"
    if not diff:
        compared = f"La dotation globale reste de {fr.amount(new.dotation)}."
    elif old_year == new_year:
        compared = f"La dotation globale de l'exercice {new_year} passe ainsi de "
        compared += f"{fr.amount(old.dotation)} à {fr.amount(new.dotation)}, soit {change}."
    else:
        compared = (
            f"La dotation globale passe ainsi de {fr.amount(old.dotation)} pour l'exercice "
            f"{old_year} à {fr.amount(new.dotation)} pour l'exercice {new_year}, soit {change}."
        )
    origin = _origin(avenant, dotation)
    return [
        *_text("L'article 8.1 est modifié comme suit :"),
        *_financial_paragraph(after),
        *_text(compared, *origin),
    ]


def _term_article(after: Convention) -> list[Block]:
    term = after.term
    duration = "d'un an" if term.years == 1 else f"de {term.years} ans"
    start = f"Elle est conclue pour une durée {duration} à compter du {fr.date_long(term.start)}"
    if term.kind is TermKind.TACIT_RENEWAL:
        period = f"{start} et renouvelable chaque année par tacite reconduction."
    else:
        period = f"{start}, soit jusqu'au {fr.date_long(term_end(term))} inclus."
    new_text = _text(
        f"La présente convention entre en vigueur à la date de sa signature. {period}",
        "Elle peut être dénoncée à tout moment par l'une des parties après un préavis de "
        f"{term.notice_months} mois donné par lettre recommandée.",
    )
    return [
        *_text("L'article 10 est remplacé par les dispositions suivantes :"),
        *_quoted(new_text),
    ]


def _articles(avenant: Avenant, before: Convention, after: Convention) -> list[Article]:
    """One article per change (in Avenant.changes' order), then the two closing articles."""
    numbers = {change: number for number, change in enumerate(avenant.changes, 1)}
    articles = []
    for change, number in numbers.items():
        # The split table goes once: under the dotation, else under the communes.
        table = change == "dotation" or (change == "communes" and "dotation" not in numbers)
        if change == "communes":
            title = "Communes partenaires et répartition de leur participation"
            blocks = _communes_article(before, after, numbers.get("dotation"))
        elif change == "effectifs":
            title, blocks = "Composition de l'équipe", _staffing_article(before, after)
        elif change == "dotation" and avenant.dotation is not None:
            title = f"Dotation globale de l'exercice {_funding(after).year}"
            blocks = _dotation_article(avenant, avenant.dotation, before, after)
        else:
            title, blocks = "Période d'application de la convention", _term_article(after)
        rows = _split_rows(before, after) if table else ()
        blocks += _text(_SPLIT_INTRO) if table else []
        articles.append(Article(number, title, tuple(blocks), rows))
    signed = avenant.signature.date
    effect = "Le présent avenant prend effet à la date de sa signature" + (
        f", le {fr.date_long(signed)}." if signed else " par l'ensemble des parties."
    )
    if avenant.dotation:
        effect += (
            f" Ses dispositions financières s'appliquent à l'exercice {avenant.dotation.year}."
        )
    closing = (
        ("Autres dispositions", "Les autres dispositions de la convention demeurent inchangées."),
        ("Prise d'effet", effect),
    )
    for number, (title, text) in enumerate(closing, len(articles) + 1):
        articles.append(Article(number, title, (Block("text", text),)))
    return articles


def position(convention: Convention, number: int) -> int:
    for index, avenant in enumerate(convention.avenants):
        if avenant.number == number:
            return index
    known = ", ".join(str(a.number) for a in convention.avenants)
    raise UsageError(
        f"la convention « {convention.slug} » n'a pas d'avenant n° {number}",
        f"ses avenants : n° {known}" if known else "elle n'a encore aucun avenant",
    )


def avenant_context(convention: Convention, number: int) -> AvenantContext:
    """Everything the avenant template sees."""
    index = position(convention, number)
    avenant = convention.avenants[index]
    before, after = consolidate(convention, index), consolidate(convention, index + 1)
    authorisation, signature = avenant.authorisation, avenant.signature
    assembly = ASSEMBLIES.get(authorisation.assembly, f"de {authorisation.assembly}")
    visas = (
        f"la convention de partenariat signée le {day(convention.signature.date)} ;",
        *(f"l'avenant n° {a.number} signé le {day(a.signature.date)} ;" for a in before.avenants),
        f"la délibération {assembly} n° {authorisation.number or BLANK} du "
        f"{day(authorisation.date)} autorisant la signature du présent avenant ;",
    )
    communes = tuple(
        AvenantCommune(
            f"Commune {fr.de(c.name)}",
            officer(c.mayor, "Maire", "Maire"),
            _habilitated(c.mayor),
            day(c.council_resolution),
        )
        for c in after.communes
    )
    dep, association = after.departement, after.association
    return AvenantContext(
        departement=dep,
        association=association,
        departement_de=dep.of,
        departement_address=address(dep.seat) if dep.seat else None,
        association_address=address(association.address)
        if association and association.address
        else None,
        departement_president=officer(dep.president, "Président", "Présidente"),
        association_president=officer(association.president, "Président", "Présidente")
        if association
        else None,
        signatories=signatories(after),
        board_resolution_date=day(association.board_resolution if association else None),
        avenant=avenant,
        service=after.service,
        departement_habilitated=_habilitated(dep.president),
        association_habilitated=_habilitated(association.president) if association else None,
        commune_parties=communes,
        authorisation_assembly=assembly,
        authorisation_date=day(authorisation.date),
        visas=visas,
        articles=tuple(_articles(avenant, before, after)),
        signature=signature,
        signature_date=day(signature.date),
        signature_originals=str(signature.originals) if signature.originals else BLANK,
    )
