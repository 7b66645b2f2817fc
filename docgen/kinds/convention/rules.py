"""Rules on a convention as signed: shares, amounts, dates, signatories, staffing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import docgen.kinds.convention.chronology as chronology
from docgen.core.findings import Severity
from docgen.core.french import amount, de, number, percent
from docgen.core.rules import Rule, Violation
from docgen.core.source import FieldPath
from docgen.kinds.common import Authorisation, Signature
from docgen.kinds.convention.model import Commune, Convention, Staffing, TermKind
from docgen.kinds.convention.split import DotationSplit, add_years, split_dotation, term_end
from docgen.kinds.departement.rules import SPLIT_SUM, shares_violations


def _shares_sum(conv: Convention) -> Iterator[Violation]:
    funding = conv.funding
    if funding is None or funding.dotation is None:
        return
    shares = funding.shares
    if shares is None:
        yield Violation(
            ("financement", "dotation"),
            "une dotation sans répartition : ni la convention ni le Département ne disent "
            "quelle part en revient au Département et aux communes",
            "ajoutez repartition: {departement: 95, communes: 5} à la convention ou au "
            "departement.yaml",
        )
    elif shares is not conv.departement.shares:  # inherited: checked on the Département
        yield from shares_violations(shares, ("financement", "repartition", "communes"))


def _communes_sum(conv: Convention) -> Iterator[Violation]:
    funding = conv.funding
    if funding is None or funding.dotation is None or funding.shares is None:
        return
    yield from communes_share_violations(conv.communes, funding.shares.communes, ("communes",))


def communes_share_violations(
    communes: tuple[Commune, ...], expected: Decimal, where: FieldPath
) -> Iterator[Violation]:
    """The paying communes' shares must add up to the communes' part of the dotation."""
    paying = [(index, c.share) for index, c in enumerate(communes) if c.share is not None]
    if not paying:
        if expected:
            yield Violation(
                where,
                f"aucune commune co-financeuse alors que la part des communes est de "
                f"{percent(expected)}",
                "ajoutez les communes et leur part, ou mettez la part des communes à 0",
            )
        return
    total = sum((share for _, share in paying), Decimal(0))
    if total != expected:
        yield Violation(
            (*where, paying[-1][0], "part"),
            f"les parts des communes totalisent {percent(total)}, {percent(expected)} attendus",
            f"ajustez les parts pour qu'elles fassent {percent(expected)} ensemble",
        )


def _communes_unique(conv: Convention) -> Iterator[Violation]:
    seen: dict[str, int] = {}
    for index, commune in enumerate(conv.communes):
        if commune.key in seen:
            field = "insee" if commune.insee else "nom"
            code = f" ({commune.insee})" if commune.insee else ""
            yield Violation(
                ("communes", index, field),
                f"la commune {commune.name}{code} figure deux fois "
                f"(déjà en communes[{seen[commune.key]}])",
                "supprimez le doublon",
            )
        seen.setdefault(commune.key, index)


def _commune_in_departement(conv: Convention) -> Iterator[Violation]:
    code = conv.departement.code
    for index, commune in enumerate(conv.communes):
        if commune.insee is not None and not commune.insee.startswith(code):
            yield Violation(
                ("communes", index, "insee"),
                f"le code INSEE {commune.insee} {de(commune.name)} n'est pas dans le "
                f"Département {code}",
                "vérifiez le code dans le Code officiel géographique de l'INSEE",
            )


def _dotation_positive(conv: Convention) -> Iterator[Violation]:
    if (
        conv.funding is not None
        and conv.funding.dotation is not None
        and conv.funding.dotation <= 0
    ):
        yield Violation(
            ("financement", "dotation"),
            "la dotation doit être supérieure à zéro",
            "indiquez le montant annuel en euros, par exemple 312345.67",
        )


def reconciles(split: DotationSplit) -> bool:
    """The parts add up to the dotation, and the communes' amounts to their part."""
    communes = sum((c.amount for c in split.per_commune), Decimal(0))
    return split.departement + split.communes == split.dotation and (
        not split.per_commune or communes == split.communes
    )


def _amounts_reconcile(conv: Convention) -> Iterator[Violation]:
    split = split_dotation(conv)
    if split is not None and not reconciles(split):
        yield Violation(
            ("financement", "dotation"),
            "la répartition ne retombe pas sur la dotation au centime près",
            "signalez ce cas à l'équipe docgen : c'est une anomalie du calcul",
        )


def _term(conv: Convention) -> Iterator[Violation]:
    term = conv.term
    if term.kind is TermKind.TACIT_RENEWAL and term.years != 1:
        yield Violation(
            ("duree", "annees"),
            f"une convention à reconduction tacite est conclue pour un an, pas {term.years}",
            "mettez annees: 1, ou mode: ferme pour une durée de plusieurs années",
        )
    if term.end is not None and term.end <= term.start:
        yield Violation(
            ("duree", "fin"),
            f"la date de fin ({term.end.isoformat()}) n'est pas après la date de début "
            f"({term.start.isoformat()})",
            "corrigez l'une des deux dates",
        )
        return
    end = term_end(term)
    if conv.funding is None or end is None:  # None: a start past 9900, date-plausible's
        return
    if conv.funding.year < term.start.year or conv.funding.year > end.year:
        yield Violation(
            ("financement", "annee"),
            f"l'exercice {conv.funding.year} n'est pas dans la période de la convention "
            f"({term.start.year}-{end.year})",
            "corrigez l'exercice ou les dates de la convention",
        )


def _originals(conv: Convention) -> Iterator[Violation]:
    parties = conv.signing_parties
    originals = conv.signature.originals
    if originals is not None and originals < parties:
        yield Violation(
            ("signature", "exemplaires"),
            f"{originals} exemplaires originaux pour {parties} parties signataires",
            f"prévoyez au moins un original par partie : {parties}",
        )


def _staffing_ratio(conv: Convention) -> Iterator[Violation]:
    rule = conv.departement.staffing_ratio
    staffing = conv.staffing
    if rule is None or staffing is None:
        return
    for field, what, have, per in (
        ("direction", "de direction", staffing.management, rule.max_management),
        ("administratif", "administratifs", staffing.administrative, rule.max_administrative),
    ):
        allowed = staffing.social_workers * per / rule.per_educational
        if have > allowed:
            yield Violation(
                ("effectifs", field),
                f"{number(have)} ETP {what} pour {number(staffing.social_workers)} ETP "
                f"éducatifs : le Département en admet au plus {number(per)} pour "
                f"{number(rule.per_educational)}, soit {number(allowed, 2)} ici",
                "réduisez ce poste ou augmentez l'équipe éducative",
            )


def _funding_lines(conv: Convention) -> Iterator[Violation]:
    """Each line pays only declared funders; stated totals are the lines' sums."""
    funding = conv.funding
    if funding is None:
        return
    funders = {f.key: f.name for f in funding.funders}
    for index, line in enumerate(funding.lines):
        for key in line.amounts:
            if key not in funders:
                yield Violation(
                    ("financement", "lignes", index, "montants", key),
                    f"financeur « {key} » inconnu",
                    "déclarez-le sous financement.financeurs, ou corrigez la clé "
                    f"({', '.join(funders) or 'aucun financeur déclaré'})",
                )
    totals = funding.totals
    for key, stated in funding.stated_totals.items():
        computed = totals.get(key)
        if computed is None:
            yield Violation(
                ("financement", "totaux_declares", key),
                f"total déclaré pour un financeur inconnu « {key} »",
                "déclarez-le sous financement.financeurs",
            )
        elif computed != stated:
            yield Violation(
                ("financement", "totaux_declares", key),
                f"{funders[key]} : {amount(stated)} déclarés, mais les lignes font "
                f"{amount(computed)} (écart : {amount(computed - stated)})",
                "corrigez le total déclaré ou le montant d'une ligne",
            )


# Dates a contract can carry: outside these years, a date is a typo (9999-12-31, 2205).
FIRST_YEAR, LAST_YEAR = 2000, 2100
# A signature this long after the deliberation authorising it is a typo, or relies on an
# authorisation nobody would still sign under.
SIGNATURE_DELAY_YEARS = 2


def implausible_dates(dates: list[tuple[FieldPath, date | None]]) -> Iterator[Violation]:
    """Dates outside 2000–2100: a typo (9999-12-31 for « no date », 2205 for 2025)."""
    for where, day in dates:
        if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
            yield Violation(
                where,
                f"date invraisemblable : {day.isoformat()} (hors de {FIRST_YEAR}–{LAST_YEAR})",
                "corrigez la date ; laissez-la vide (~) si elle n'est pas encore connue",
            )


def _late(signed: date | None, authorised: date | None) -> bool:
    if signed is None or authorised is None or signed.year > LAST_YEAR:
        return False  # unknown, or implausible and reported as such
    # add_years: an authorisation of 29 February, or of 9999, is no traceback.
    limit = add_years(authorised, SIGNATURE_DELAY_YEARS)
    return limit is not None and signed > limit


def _dates_plausible(conv: Convention) -> Iterator[Violation]:
    dates: list[tuple[FieldPath, date | None]] = [
        (("signature", "date"), conv.signature.date),
        (("autorisation", "date"), conv.authorisation.date),
        (("duree", "debut"), conv.term.start),
        (("duree", "fin"), conv.term.end),
        (("association", "deliberation_ca"), conv.association.board_resolution)
        if conv.association
        else ((), None),
        *(
            (("communes", i, "deliberation_conseil"), c.council_resolution)
            for i, c in enumerate(conv.communes)
        ),
    ]
    for index, avenant in enumerate(conv.avenants):
        where: FieldPath = ("avenants", index)
        dates += [
            ((*where, "signature", "date"), avenant.signature.date),
            ((*where, "autorisation", "date"), avenant.authorisation.date),
            ((*where, "habilitations", "association"), avenant.habilitations.association),
            *(
                ((*where, "habilitations", "communes", key), day)
                for key, day in avenant.habilitations.communes.items()
            ),
        ]
        if avenant.budget_vote is not None:
            dates.append(((*where, "vote_budget", "date"), avenant.budget_vote.date))
    yield from implausible_dates(dates)
    acts: list[tuple[FieldPath, Signature, Authorisation]] = [
        (("signature", "date"), conv.signature, conv.authorisation)
    ]
    acts += [
        (("avenants", i, "signature", "date"), a.signature, a.authorisation)
        for i, a in enumerate(conv.avenants)
    ]
    for where, signature, authorisation in acts:
        if _late(signature.date, authorisation.date):
            assert signature.date is not None and authorisation.date is not None
            yield Violation(
                where,
                f"signature le {signature.date.isoformat()}, plus de "
                f"{SIGNATURE_DELAY_YEARS} ans après la délibération qui l'autorise "
                f"({authorisation.date.isoformat()})",
                "vérifiez la date de signature, ou faites autoriser à nouveau la signature",
            )


def _staffing_plausible(conv: Convention) -> Iterator[Violation]:
    """A service has a team: no negative line, not zero ETP in every line."""
    teams: list[tuple[FieldPath, Staffing | None]] = [(("effectifs",), conv.staffing)]
    teams += [
        (("avenants", i, "modifications", "effectifs"), a.staffing)
        for i, a in enumerate(conv.avenants)
    ]
    for where, staffing in teams:
        if staffing is None:
            continue
        lines: list[tuple[FieldPath, Decimal]] = [
            (("direction",), staffing.management),
            (("travailleurs_sociaux",), staffing.social_workers),
            (("administratif",), staffing.administrative),
            *((("autres", i, "etp"), o.etp) for i, o in enumerate(staffing.others)),
        ]
        for key, etp in lines:
            if etp < 0:
                yield Violation(
                    (*where, *key), f"effectif négatif : {number(etp)} ETP", "corrigez l'effectif"
                )
        if staffing.total <= 0:
            yield Violation(
                where,
                "l'équipe compte 0 ETP : aucun poste de direction, de travailleur social, "
                "d'administratif ni autre",
                "indiquez les effectifs du service en ETP",
            )


KIND = "convention"

CONVENTION_RULES: tuple[Rule[Convention], ...] = (
    Rule(
        SPLIT_SUM,
        KIND,
        Severity.ERROR,
        "part du Département + part des communes = 100 %",
        _shares_sum,
        tunable=False,
    ),
    Rule(
        "communes-sum",
        KIND,
        Severity.ERROR,
        "les parts des communes font la part des communes",
        _communes_sum,
        tunable=False,
    ),
    Rule(
        "commune-duplicate",
        KIND,
        Severity.ERROR,
        "une commune ne figure qu'une fois",
        _communes_unique,
    ),
    Rule(
        "commune-departement",
        KIND,
        Severity.WARNING,
        "le code INSEE est dans le Département",
        _commune_in_departement,
    ),
    Rule("dotation-positive", KIND, Severity.ERROR, "la dotation est positive", _dotation_positive),
    Rule(
        "amounts-reconcile",
        KIND,
        Severity.ERROR,
        "les montants retombent sur la dotation au centime",
        _amounts_reconcile,
        tunable=False,
    ),
    Rule(
        "funding-lines",
        KIND,
        Severity.ERROR,
        "les lignes chiffrées ne paient que des financeurs déclarés, et les totaux déclarés "
        "retombent sur leur somme",
        _funding_lines,
        tunable=False,
    ),
    Rule(
        "term-dates",
        KIND,
        Severity.ERROR,
        "durée cohérente, fin après début, exercice dans la période",
        _term,
    ),
    Rule(
        "signature-dates",
        KIND,
        Severity.ERROR,
        "une convention est signée après la délibération de chaque partie qui l'y autorise "
        "(Département, conseil d'administration de l'association, conseils municipaux, "
        "autres parties)",
        chronology.signature_dates,
    ),
    Rule(
        "signature-enforceable",
        KIND,
        Severity.ERROR,
        "une convention ou un avenant est signé quand la délibération du Département qui "
        "l'autorise est exécutoire : transmise au contrôle de légalité et publiée (CGCT "
        "L3131-1), selon son fichier ou deliberations_externes",
        chronology.enforceable,
    ),
    Rule(
        "deliberation-absent",
        KIND,
        Severity.WARNING,
        "la délibération qu'une convention ou un avenant cite (autorisation.numero) est dans "
        "le dépôt, ou déclarée dans deliberations_externes du departement.yaml",
        chronology.absent,
        signing=Severity.ERROR,
    ),
    Rule(
        "deliberation-mismatch",
        KIND,
        Severity.ERROR,
        "une convention ou un avenant cite la délibération qui l'autorise à la date et par "
        "l'instance que donne son fichier ou deliberations_externes",
        chronology.mismatch,
    ),
    Rule(
        "originals-count",
        KIND,
        Severity.ERROR,
        "un exemplaire original par partie au moins",
        _originals,
    ),
    Rule(
        "staffing-ratio",
        KIND,
        Severity.ERROR,
        "taux d'encadrement maximal du Département",
        _staffing_ratio,
    ),
    Rule(
        "staffing-plausible",
        KIND,
        Severity.ERROR,
        "une équipe a des effectifs : pas 0 ETP sur toutes les lignes, aucun effectif négatif",
        _staffing_plausible,
    ),
    Rule(
        "date-plausible",
        KIND,
        Severity.ERROR,
        f"dates entre {FIRST_YEAR} et {LAST_YEAR} ; une signature au plus "
        f"{SIGNATURE_DELAY_YEARS} ans après la délibération qui l'autorise",
        _dates_plausible,
    ),
)
