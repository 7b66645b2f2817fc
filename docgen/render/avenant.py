"""An avenant: one article per change, worded as French amendments are, ready for its template.

The template only lays out what this module prepares: the parties in force after the
avenant, its « Vu », and a list of articles (paragraphs, list items, quotations of the new
wording and, for money, a table of shares and amounts before and after).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from docgen import format as fr
from docgen.compute import consolidate, split_dotation, term_end
from docgen.errors import UsageError
from docgen.model import Avenant, Convention, Person, TermKind
from docgen.render.convention import _intervention_area
from docgen.render.engine import render_docx, template_for
from docgen.render.parties import ASSEMBLIES, BLANK, Officer, day, officer, parties_context

_BLANK_IF_EMPTY = f"(« {BLANK} » si vide)"
_AV = "avenants[n] → "  # fields of the avenant being rendered
_T = "calculé : articles[].table[] "

# Where each value the avenant template uses comes from (see FIELD_SOURCES for the convention).
AVENANT_FIELDS: dict[str, str] = {
    "departement.signing_service.pole": "departement.yaml → service_signataire.pole",
    "departement.signing_service.direction": "departement.yaml → service_signataire.direction",
    "departement.signing_service.service": "departement.yaml → service_signataire.service",
    "departement.full_name": "departement.yaml → « Département » + article + nom",
    "departement_address": "calculé : departement.yaml → siege",
    "departement.president.civility": "departement.yaml → president.civilite",
    "departement.president.full_name": "departement.yaml → president.prenom + nom (capitales)",
    "departement_president.title": "calculé : « Président(e) », selon president.civilite",
    "departement_habilitated": "calculé : « habilité(e) », selon president.civilite",
    "authorisation_assembly": f"calculé : « de la » ou « du » + {_AV}autorisation.instance",
    "authorisation_date": f"{_AV}autorisation.date {_BLANK_IF_EMPTY}",
    "avenant.number": f"{_AV}numero",
    "avenant.subject": f"{_AV}objet",
    "service.name": "service.nom",
    "association.name": "association.nom",
    "association_address": "calculé : association.adresse",
    "association.president.civility": "association.president.civilite",
    "association.president.full_name": "association.president.prenom + nom (en capitales)",
    "association_president.title": "calculé : « Président(e) », association.president.civilite",
    "association_habilitated": "calculé : « habilité(e) », association.president.civilite",
    "board_resolution_date": f"association.deliberation_ca {_BLANK_IF_EMPTY}",
    "commune_parties": "calculé : une entrée par commune en vigueur après l’avenant",
    "commune_parties[].name": "calculé : « Commune » + de + communes[].nom",
    "commune_parties[].mayor.person.civility": "communes[].maire.civilite",
    "commune_parties[].mayor.person.full_name": "communes[].maire.prenom + nom (capitales)",
    "commune_parties[].mayor.title": "calculé : « Maire »",
    "commune_parties[].habilitated": "calculé : « habilité(e) », communes[].maire.civilite",
    "commune_parties[].resolution_date": f"communes[].deliberation_conseil {_BLANK_IF_EMPTY}",
    "visas": "calculé : la convention, les avenants précédents, la délibération de l’avenant",
    "visas[]": f"calculé : signature.date, avenants[].signature.date, {_AV}autorisation",
    "articles": f"calculé : un article par modification de {_AV}modifications, puis deux",
    "articles[].number": "calculé : 1, 2, …",
    "articles[].title": "calculé : d’après la modification",
    "articles[].blocks": "calculé : les alinéas de l’article",
    "articles[].blocks[].style": "calculé : « text », « quote », « item » ou « subitem »",
    "articles[].blocks[].text": "calculé : texte de l’alinéa (nouvelle rédaction entre « »)",
    "articles[].table": "calculé : parts et montants avant et après l’avenant (vide sinon)",
    "articles[].table[].label": f"{_T}financeur (Département, communes, dotation globale)",
    "articles[].table[].share_before": f"{_T}part avant l’avenant",
    "articles[].table[].amount_before": f"{_T}montant avant l’avenant, au centime",
    "articles[].table[].share_after": f"{_T}part après l’avenant",
    "articles[].table[].amount_after": f"{_T}montant après l’avenant, au centime",
    "articles[].table[].change": f"{_T}écart (après − avant)",
    "signature.place": f"{_AV}signature.lieu",
    "signature_date": f"{_AV}signature.date {_BLANK_IF_EMPTY}",
    "signature_originals": f"{_AV}signature.exemplaires {_BLANK_IF_EMPTY}",
    "signatories": "calculé : le Département, l’association, puis chaque commune en vigueur",
    "signatories[].party": "calculé : « Pour le Département … », « Pour l’association … »…",
    "signatories[].officer.role": "calculé : « Le Président(e) », « Le Maire » selon la civilité",
    "signatories[].officer.person.full_name": "calculé : prenom + nom des présidents et des maires",
}


@dataclass(frozen=True)
class Block:
    style: str  # "text", "quote" (new wording), "item", "subitem" (list levels)
    text: str


@dataclass(frozen=True)
class SplitRow:
    label: str
    share_before: str
    amount_before: str
    share_after: str
    amount_after: str
    change: str


@dataclass(frozen=True)
class Article:
    number: int
    title: str
    blocks: tuple[Block, ...]
    table: tuple[SplitRow, ...] = ()


@dataclass(frozen=True)
class AvenantCommune:
    name: str  # "Commune d’Arras"
    mayor: Officer
    habilitated: str
    resolution_date: str


def _habilitated(person: Person) -> str:
    return "habilitée" if person.civility == "Madame" else "habilité"


def _text(*texts: str) -> list[Block]:
    return [Block("text", text) for text in texts]


def _quoted(blocks: list[Block]) -> list[Block]:
    """The new wording of an article: « opens its first block, a full stop and » close its last."""
    quoted = [Block("quote" if b.style == "text" else b.style, b.text) for b in blocks]
    quoted[0] = Block(quoted[0].style, "« " + quoted[0].text)
    last = quoted[-1].text
    last = last.removesuffix(" ;") + "." if last.endswith(" ;") else last
    quoted[-1] = Block(quoted[-1].style, last + " »")
    return quoted


def _signed(value: Decimal) -> str:
    return ("+" if value > 0 else "") + fr.amount(value)


def _change(diff: Decimal) -> str:
    if diff == 0:
        return "un montant inchangé"
    word = "une augmentation" if diff > 0 else "une diminution"
    return f"{word} de {fr.amount(abs(diff))}"


def _commune_lines(conv: Convention) -> list[Block]:
    split = split_dotation(conv)
    if not conv.communes:
        return []
    share = fr.percent(conv.funding.shares.communes)
    lines = [Block("item", f"Communes : {share}, soit {fr.amount(split.communes)}, dont :")]
    for line in split.per_commune:
        name, pct = fr.de(line.commune.name), fr.percent(line.commune.share)
        lines.append(Block("subitem", f"Commune {name} : {pct}, soit {fr.amount(line.amount)} ;"))
    return lines


def _financial_paragraph(conv: Convention) -> list[Block]:
    """Article 8.1's dotation and split, worded as the convention template words them."""
    split, shares = split_dotation(conv), conv.funding.shares
    dep = fr.amount(split.departement)
    return _quoted(
        [
            *_text(
                f"Pour l'exercice {conv.funding.year}, la dotation globale s'élève à "
                f"{fr.amount_full(split.dotation)}, soit {dep} pour le Département et "
                f"{fr.amount(split.communes)} pour les communes.",
                "Les participations des communes ou autres collectivités territoriales au "
                f"financement du Service de Prévention Spécialisée « {conv.service.name} », "
                "telles que prévues dans le rapport budgétaire annuel, sont réparties entre les "
                "signataires concernés comme suit :",
            ),
            Block("item", f"Département : {fr.percent(shares.departement)}, soit {dep} ;"),
            *_commune_lines(conv),
        ]
    )


def _row(label: str, shares: list[Decimal | None], amounts: list[Decimal]) -> SplitRow:
    """A line of the table; a share of None: the funder is not a party on that side."""
    pct = [fr.percent(share) if share is not None else "—" for share in shares]
    money = [fr.amount(a) if s is not None else "—" for a, s in zip(amounts, shares, strict=True)]
    return SplitRow(label, pct[0], money[0], pct[1], money[1], _signed(amounts[1] - amounts[0]))


def _split_rows(before: Convention, after: Convention) -> tuple[SplitRow, ...]:
    """Each funder's share and amount before and after the avenant (communes by INSEE code)."""
    old, new = split_dotation(before), split_dotation(after)
    old_shares, new_shares = before.funding.shares, after.funding.shares
    rows = [
        _row(
            "Département",
            [old_shares.departement, new_shares.departement],
            [old.departement, new.departement],
        )
    ]
    if old.per_commune or new.per_commune:
        rows.append(
            _row(
                "Communes", [old_shares.communes, new_shares.communes], [old.communes, new.communes]
            )
        )
        olds = {line.commune.insee: line for line in old.per_commune}
        news = {line.commune.insee: line for line in new.per_commune}
        for line in [
            *new.per_commune,
            *(x for x in old.per_commune if x.commune.insee not in news),
        ]:
            was, now = olds.get(line.commune.insee), news.get(line.commune.insee)
            rows.append(
                _row(
                    f"dont Commune {fr.de(line.commune.name)}",
                    [was.commune.share if was else None, now.commune.share if now else None],
                    [was.amount if was else Decimal(0), now.amount if now else Decimal(0)],
                )
            )
    total = [s.departement + s.communes for s in (old_shares, new_shares)]
    rows.append(_row("Dotation globale", [*total], [old.dotation, new.dotation]))
    return tuple(rows)


_SPLIT_INTRO = "Les parts et les montants avant et après le présent avenant sont les suivants :"


def _communes_article(
    before: Convention, after: Convention, dotation_article: int | None
) -> tuple[list[Block], tuple[SplitRow, ...]]:
    old = {c.insee for c in before.communes}
    new = {c.insee for c in after.communes}
    added = [c.name for c in after.communes if c.insee not in old]
    removed = [c.name for c in before.communes if c.insee not in new]
    blocks: list[Block] = []
    for names, one, many in (
        (added, "devient partie", "deviennent parties"),
        (removed, "cesse d'être partie", "cessent d'être parties"),
    ):
        if names:
            who = fr.join_fr([fr.de(name) for name in names])
            noun = "La commune" if len(names) == 1 else "Les communes"
            verb = one if len(names) == 1 else many
            blocks += _text(f"{noun} {who} {verb} à la convention.")
    if not added and not removed:
        blocks += _text("La répartition entre les communes de leur participation est modifiée.")
    area = _intervention_area(after)
    if area != _intervention_area(before):
        blocks += _text("Le premier alinéa de l'article 2.2 est modifié comme suit :")
        blocks += _quoted(
            _text(
                "L'équipe éducative du Service de Prévention Spécialisée "
                f"« {after.service.name} » exerce son action pour une durée indéterminée sur le "
                f"territoire {area}."
            )
        )
    if dotation_article is not None:
        blocks += _text(
            "La répartition de la dotation qui en résulte est fixée à l'article "
            f"{dotation_article} du présent avenant."
        )
        return blocks, ()
    lines = _commune_lines(after)
    if lines:
        blocks += _text("À l'article 8.1, la participation des communes est répartie comme suit :")
        blocks += _quoted(lines)
    else:
        blocks += _text("À l'article 8.1, la ligne relative aux communes est supprimée.")
    return [*blocks, *_text(_SPLIT_INTRO)], _split_rows(before, after)


def _staffing_article(before: Convention, after: Convention) -> list[Block]:
    staff = after.staffing
    lines = [
        f"{fr.etp(staff.management)} de direction ;",
        f"{fr.etp(staff.social_workers)} de travailleurs sociaux ;",
        f"{fr.etp(staff.administrative)} d'administratif ;",
        *(f"{fr.etp(other.etp)} {fr.de(other.label)} ;" for other in staff.others),
    ]
    old, new = fr.etp(before.staffing.total), fr.etp(staff.total)
    return [
        *_text("L'article 2 est modifié comme suit :"),
        *_quoted(
            [
                *_text(
                    f"Le Service de Prévention Spécialisée « {after.service.name} » "
                    "est composé de :"
                ),
                *(Block("item", line) for line in lines),
                *_text(f"soit {new} au total."),
            ]
        ),
        *_text(
            f"L'effectif total passe ainsi de {old} à {new}."
            if old != new
            else f"L'effectif total reste de {new}."
        ),
    ]


def _origin(avenant: Avenant) -> list[str]:
    """How a budget vote computed the new dotation: rate, new measures, or a derogation."""
    assert avenant.dotation is not None
    rate, measures = avenant.dotation.rate, avenant.dotation.new_measures
    vote = "Ce montant résulte du vote du budget" + (f" {avenant.budget}" if avenant.budget else "")
    if rate is None:
        if measures:
            return [f"{vote} : il comprend des mesures nouvelles de {fr.amount(measures)}."]
        return (
            [f"Ce montant est fixé par dérogation lors du vote du budget {avenant.budget}."]
            if (avenant.budget)
            else []
        )
    revalued = (
        f"{vote} : la dotation précédente est revalorisée du taux d'évolution de "
        f"{fr.percent(rate)} voté par l'Assemblée départementale, arrondie au centime"
    )
    if measures:
        return [f"{revalued}, puis augmentée des mesures nouvelles de {fr.amount(measures)}."]
    return [f"{revalued}, sans mesure nouvelle." if measures is not None else f"{revalued}."]


def _dotation_article(avenant: Avenant, before: Convention, after: Convention) -> list[Block]:
    old, new = before.funding, after.funding
    if old.year == new.year:
        compared = f"La dotation globale de l'exercice {new.year} passe ainsi de "
        compared += f"{fr.amount(old.dotation)} à {fr.amount(new.dotation)}"
    else:
        compared = (
            f"La dotation globale passe ainsi de {fr.amount(old.dotation)} pour l'exercice "
            f"{old.year} à {fr.amount(new.dotation)} pour l'exercice {new.year}"
        )
    return [
        *_text("L'article 8.1 est modifié comme suit :"),
        *_financial_paragraph(after),
        *_text(f"{compared}, soit {_change(new.dotation - old.dotation)}.", *_origin(avenant)),
        *_text(_SPLIT_INTRO),
    ]


def _term_article(after: Convention) -> list[Block]:
    term = after.term
    duration = "d'un an" if term.years == 1 else f"de {term.years} ans"
    start = f"Elle est conclue pour une durée {duration} à compter du {fr.date_long(term.start)}"
    if term.kind is TermKind.TACIT_RENEWAL:
        period = f"{start} et renouvelable chaque année par tacite reconduction."
    else:
        period = f"{start}, soit jusqu'au {fr.date_long(term_end(term))} inclus."
    return [
        *_text("L'article 10 est remplacé par les dispositions suivantes :"),
        *_quoted(
            _text(
                f"La présente convention entre en vigueur à la date de sa signature. {period}",
                "Elle peut être dénoncée à tout moment par l'une des parties après un préavis de "
                f"{term.notice_months} mois donné par lettre recommandée.",
            )
        ),
    ]


def _articles(avenant: Avenant, before: Convention, after: Convention) -> list[Article]:
    numbers = {change: number for number, change in enumerate(avenant.changes, 1)}
    articles = []
    for change, number in numbers.items():
        table: tuple[SplitRow, ...] = ()
        if change == "communes":
            title = "Communes partenaires et répartition de leur participation"
            blocks, table = _communes_article(before, after, numbers.get("dotation"))
        elif change == "effectifs":
            title, blocks = "Composition de l'équipe", _staffing_article(before, after)
        elif change == "dotation":
            title = f"Dotation globale de l'exercice {after.funding.year}"
            blocks = _dotation_article(avenant, before, after)
            table = _split_rows(before, after)
        else:
            title, blocks = "Période d'application de la convention", _term_article(after)
        articles.append(Article(number, title, tuple(blocks), table))
    signed = avenant.signature.date
    effect = (
        f"Le présent avenant prend effet à la date de sa signature, le {fr.date_long(signed)}."
        if signed
        else "Le présent avenant prend effet à la date de sa signature par toutes les parties."
    )
    if avenant.dotation:
        effect += (
            f" Ses dispositions financières s'appliquent à l'exercice {avenant.dotation.year}."
        )
    closing = [
        ("Autres dispositions", "Les autres dispositions de la convention demeurent inchangées."),
        ("Prise d'effet", effect),
    ]
    for number, (title, text) in enumerate(closing, len(articles) + 1):
        articles.append(Article(number, title, (Block("text", text),)))
    return articles


def _position(convention: Convention, number: int) -> int:
    for index, avenant in enumerate(convention.avenants):
        if avenant.number == number:
            return index
    known = ", ".join(str(a.number) for a in convention.avenants)
    raise UsageError(
        f"la convention « {convention.slug} » n'a pas d'avenant n° {number}",
        f"avenants existants : n° {known}" if known else "elle n'a encore aucun avenant",
    )


def avenant_context(convention: Convention, number: int) -> dict[str, object]:
    """Everything the avenant template sees; AVENANT_FIELDS documents each name."""
    index = _position(convention, number)
    avenant = convention.avenants[index]
    before, after = consolidate(convention, index), consolidate(convention, index + 1)
    authorisation, signature = avenant.authorisation, avenant.signature
    assembly = ASSEMBLIES.get(authorisation.assembly, f"de {authorisation.assembly}")
    visas = [
        f"la convention de partenariat signée le {day(convention.signature.date)} ;",
        *(f"l'avenant n° {a.number} signé le {day(a.signature.date)} ;" for a in before.avenants),
        f"la délibération {assembly} n° {authorisation.number or BLANK} du "
        f"{day(authorisation.date)} autorisant la signature du présent avenant ;",
    ]
    communes = [
        AvenantCommune(
            f"Commune {fr.de(c.name)}",
            officer(c.mayor, "Maire", "Maire"),
            _habilitated(c.mayor),
            day(c.council_resolution),
        )
        for c in after.communes
    ]
    return {
        **parties_context(after),
        "avenant": avenant,
        "service": after.service,
        "departement_habilitated": _habilitated(after.departement.president),
        "association_habilitated": _habilitated(after.association.president),
        "commune_parties": communes,
        "authorisation_assembly": assembly,
        "authorisation_date": day(authorisation.date),
        "visas": visas,
        "articles": _articles(avenant, before, after),
        "signature": signature,
        "signature_date": day(signature.date),
        "signature_originals": str(signature.originals) if signature.originals else BLANK,
    }


def render_avenant(convention: Convention, number: int) -> bytes:
    """Avenant n° ``number`` of ``convention`` as .docx bytes."""
    template = template_for(convention.departement, "avenant")
    return render_docx(template, avenant_context(convention, number))
