"""The Département's rules that a JSON Schema cannot express, run on the typed model.

A rule yields ``Violation``s: a field path and a French message. ``docgen.check`` turns
them into findings with the file and line of that field. Every rule has a stable id
(used by ``--format json`` and by a Département to tune it) and a default severity.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from docgen.compute import split_dotation, term_end
from docgen.findings import Severity
from docgen.format import number, percent
from docgen.load import FieldPath
from docgen.model import Convention, Shares, TermKind


@dataclass(frozen=True)
class Violation:
    path: FieldPath
    message: str
    hint: str = ""


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    summary: str  # French, for the README's table of rules
    check: Callable[[Convention], Iterator[Violation]]
    for_signature_only: bool = False  # run by ``docgen check --for-signature`` only


def _shares_sum(conv: Convention) -> Iterator[Violation]:
    shares = conv.funding.shares
    if shares is conv.departement.shares:
        return  # inherited: checked once, on the Département's file
    yield from shares_violations(shares, ("financement", "repartition", "communes"))


def shares_violations(shares: Shares, where: FieldPath) -> Iterator[Violation]:
    total = shares.departement + shares.communes
    if total != 100:
        yield Violation(
            where,
            f"la part du Département ({percent(shares.departement)}) et celle des communes "
            f"({percent(shares.communes)}) totalisent {percent(total)}, 100 % attendus",
            "corrigez l'une des deux parts (dans le Pas-de-Calais : 95 % et 5 %)",
        )


def _communes_sum(conv: Convention) -> Iterator[Violation]:
    expected = conv.funding.shares.communes
    if not conv.communes:
        if expected:
            yield Violation(
                ("communes",),
                f"aucune commune co-financeuse alors que la part des communes est de "
                f"{percent(expected)}",
                "ajoutez les communes, ou mettez la part des communes à 0",
            )
        return
    total = sum((c.share for c in conv.communes), Decimal(0))
    if total != expected:
        last = len(conv.communes) - 1
        yield Violation(
            ("communes", last, "part"),
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


def _amounts_reconcile(conv: Convention) -> Iterator[Violation]:
    split = split_dotation(conv)
    communes = sum((c.amount for c in split.per_commune), Decimal(0))
    if split.departement + split.communes != split.dotation or (
        split.per_commune and communes != split.communes
    ):
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


def _ready_for_signature(conv: Convention) -> Iterator[Violation]:
    """What a draft may leave empty but a convention sent for signature may not."""
    required: list[tuple[FieldPath, object, str]] = [
        (("signature", "date"), conv.signature.date, "la date de signature"),
        (
            ("signature", "exemplaires"),
            conv.signature.originals,
            "le nombre d'exemplaires originaux",
        ),
        (
            ("autorisation", "date"),
            conv.authorisation.date,
            "la date de la délibération qui autorise la signature",
        ),
        (
            ("autorisation", "numero"),
            conv.authorisation.number,
            "le numéro de la délibération qui autorise la signature",
        ),
        (
            ("association", "deliberation_ca"),
            conv.association.board_resolution,
            "la date de la délibération du conseil d'administration de l'association",
        ),
    ]
    for path, value, what in required:
        if value is None:
            yield Violation(path, f"{what} manque pour la signature", "complétez ce champ")


RULES: tuple[Rule, ...] = (
    Rule(
        "split-sum", Severity.ERROR, "part du Département + part des communes = 100 %", _shares_sum
    ),
    Rule(
        "communes-sum",
        Severity.ERROR,
        "les parts des communes font la part des communes",
        _communes_sum,
    ),
    Rule(
        "commune-duplicate", Severity.ERROR, "une commune ne figure qu'une fois", _communes_unique
    ),
    Rule(
        "commune-departement",
        Severity.WARNING,
        "le code INSEE est dans le Département",
        _commune_in_departement,
    ),
    Rule("dotation-positive", Severity.ERROR, "la dotation est positive", _dotation_positive),
    Rule(
        "amounts-reconcile",
        Severity.ERROR,
        "les montants retombent sur la dotation au centime",
        _amounts_reconcile,
    ),
    Rule(
        "term-dates",
        Severity.ERROR,
        "durée cohérente, fin après début, exercice dans la période",
        _term,
    ),
    Rule(
        "signature-dates",
        Severity.ERROR,
        "signature après les délibérations qui l'autorisent",
        _signature_dates,
    ),
    Rule(
        "originals-count", Severity.ERROR, "un exemplaire original par partie au moins", _originals
    ),
    Rule(
        "staffing-ratio",
        Severity.ERROR,
        "taux d'encadrement maximal du Département",
        _staffing_ratio,
    ),
    Rule(
        "signature-incomplete",
        Severity.ERROR,
        "avec --for-signature : dates, numéro de délibération et exemplaires renseignés",
        _ready_for_signature,
        for_signature_only=True,
    ),
)

# Findings that come from reading the file rather than from a rule on the model.
STRUCTURAL: dict[str, str] = {
    "yaml-invalid": "le fichier est du YAML valide, en UTF-8, sans alias ni étiquette",
    "unknown-key": "aucune clé inconnue (faute de frappe)",
    "required-field": "les champs obligatoires sont présents",
    "signatory-missing": "chaque partie a un signataire",
    "wrong-type": "chaque valeur a le bon type (texte, liste, champs)",
    "invalid-value": "chaque valeur a le bon format (montant, date, code INSEE, valeurs admises)",
    "empty-value": "aucune valeur vide là où il en faut une",
    "blank-left": "aucun blanc du modèle (X, ....., JJ/MM/AAAA, xxxx, à compléter)",
    "departement-missing": "un departement.yaml dans le dossier de la convention ou au-dessus",
}
# Rules a Département cannot switch off: without them nothing else can be checked.
MANDATORY = frozenset({"yaml-invalid", "departement-missing", "wrong-type", "unknown-key"})


def catalog() -> dict[str, tuple[Severity, str]]:
    """Every rule id, its default severity and what it checks."""
    table = {rule_id: (Severity.ERROR, summary) for rule_id, summary in STRUCTURAL.items()}
    table.update({rule.id: (rule.severity, rule.summary) for rule in RULES})
    return table
