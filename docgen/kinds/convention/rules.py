"""Rules on a convention as signed: shares, amounts, dates, signatories, staffing."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from docgen.core.findings import Severity
from docgen.core.french import number, percent
from docgen.core.rules import Rule, Violation
from docgen.core.source import FieldPath
from docgen.kinds.convention.model import Commune, Convention, TermKind
from docgen.kinds.convention.split import DotationSplit, split_dotation, term_end
from docgen.kinds.departement.rules import SPLIT_SUM, shares_violations


def _shares_sum(conv: Convention) -> Iterator[Violation]:
    shares = conv.funding.shares
    if shares is conv.departement.shares:
        return  # inherited: checked once, on the Département's file
    yield from shares_violations(shares, ("financement", "repartition", "communes"))


def _communes_sum(conv: Convention) -> Iterator[Violation]:
    yield from communes_share_violations(conv.communes, conv.funding.shares.communes, ("communes",))


def communes_share_violations(
    communes: tuple[Commune, ...], expected: Decimal, where: FieldPath
) -> Iterator[Violation]:
    """The communes' shares must add up to the communes' part of the dotation."""
    if not communes:
        if expected:
            yield Violation(
                where,
                f"aucune commune co-financeuse alors que la part des communes est de "
                f"{percent(expected)}",
                "ajoutez les communes, ou mettez la part des communes à 0",
            )
        return
    total = sum((c.share for c in communes), Decimal(0))
    if total != expected:
        yield Violation(
            (*where, len(communes) - 1, "part"),
            f"les parts des communes totalisent {percent(total)}, {percent(expected)} attendus",
            f"ajustez les parts pour qu'elles fassent {percent(expected)} ensemble",
        )


def _communes_unique(conv: Convention) -> Iterator[Violation]:
    seen: dict[str, int] = {}
    for index, commune in enumerate(conv.communes):
        if commune.insee in seen:
            yield Violation(
                ("communes", index, "insee"),
                f"la commune {commune.name} ({commune.insee}) figure deux fois "
                f"(déjà en communes[{seen[commune.insee]}])",
                "supprimez le doublon",
            )
        seen.setdefault(commune.insee, index)


def _commune_in_departement(conv: Convention) -> Iterator[Violation]:
    code = conv.departement.code
    for index, commune in enumerate(conv.communes):
        if not commune.insee.startswith(code):
            yield Violation(
                ("communes", index, "insee"),
                f"le code INSEE {commune.insee} de {commune.name} n'est pas dans le "
                f"Département {code}",
                "vérifiez le code dans le Code officiel géographique de l'INSEE",
            )


def _dotation_positive(conv: Convention) -> Iterator[Violation]:
    if conv.funding.dotation <= 0:
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
    if not reconciles(split_dotation(conv)):
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
    if conv.funding.year < term.start.year or conv.funding.year > term_end(term).year:
        yield Violation(
            ("financement", "annee"),
            f"l'exercice {conv.funding.year} n'est pas dans la période de la convention "
            f"({term.start.year}-{term_end(term).year})",
            "corrigez l'exercice ou les dates de la convention",
        )


def _signature_dates(conv: Convention) -> Iterator[Violation]:
    signed = conv.signature.date
    authorised = conv.authorisation.date
    if signed and authorised and signed < authorised:
        yield Violation(
            ("signature", "date"),
            f"la signature ({signed.isoformat()}) précède la délibération qui l'autorise "
            f"({authorised.isoformat()})",
            "la convention ne peut être signée qu'après la délibération",
        )
    board = conv.association.board_resolution
    if signed and board and signed < board:
        yield Violation(
            ("signature", "date"),
            f"la signature ({signed.isoformat()}) précède la délibération du conseil "
            f"d'administration de l'association ({board.isoformat()})",
            "vérifiez les deux dates",
        )


def _originals(conv: Convention) -> Iterator[Violation]:
    parties = 2 + len(conv.communes)
    originals = conv.signature.originals
    if originals is not None and originals < parties:
        yield Violation(
            ("signature", "exemplaires"),
            f"{originals} exemplaires originaux pour {parties} parties signataires",
            f"prévoyez au moins un original par partie : {parties}",
        )


def _staffing_ratio(conv: Convention) -> Iterator[Violation]:
    rule = conv.departement.staffing_ratio
    if rule is None:
        return
    staffing = conv.staffing
    for field, have, per in (
        ("direction", staffing.management, rule.max_management),
        ("administratif", staffing.administrative, rule.max_administrative),
    ):
        allowed = staffing.social_workers * per / rule.per_educational
        if have > allowed:
            yield Violation(
                ("effectifs", field),
                f"{number(have)} ETP de {field} pour {number(staffing.social_workers)} ETP "
                f"éducatifs : le Département en admet au plus {number(per)} pour "
                f"{number(rule.per_educational)}, soit {number(allowed, 2)} ici",
                "réduisez ce poste ou augmentez l'équipe éducative",
            )


KIND = "convention"

CONVENTION_RULES: tuple[Rule, ...] = (
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
        "signature après les délibérations qui l'autorisent",
        _signature_dates,
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
)
